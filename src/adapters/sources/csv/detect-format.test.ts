import { describe, expect, it } from 'vitest';
import { detectDelimiter, detectEncoding } from './detect-format.ts';

describe('detectDelimiter', () => {
  it.each([
    ['a,b,c\n1,2,3', ','],
    ['a;b;c\r\n1;2;3', ';'],
    ['a\tb\tc\n', '\t'],
    ['"name, full";phone;email\n', ';'],
    ['single\n1\n', ','],
    ['a;b,c,d\n', ','],
  ] as const)('%j → %j', (sample, expected) => {
    expect(detectDelimiter(sample)).toBe(expected);
  });
});

describe('detectEncoding', () => {
  it('reads UTF-8, even when the sample cuts a character in two', () => {
    const text = Buffer.from('name\nSão Paulo\nJoão', 'utf8');
    expect(detectEncoding(text)).toBe('utf8');
    expect(detectEncoding(text.subarray(0, text.length - 1))).toBe('utf8');
  });
  it('falls back to Latin-1 for spreadsheet exports', () => {
    expect(detectEncoding(Buffer.from('name\nSão Paulo\n', 'latin1'))).toBe('latin1');
  });
});
