import { describe, expect, it } from 'vitest';
import { codeFromBytes, isLinkCode, LINK_CODE_BYTES, LINK_CODE_LENGTH } from './code.ts';

describe('link codes', () => {
  it('are 10 letters and digits that the code pattern accepts', () => {
    const bytes = Uint8Array.from({ length: LINK_CODE_BYTES }, (_, i) => (i * 37) % 248);
    const code = codeFromBytes(bytes)!;
    expect(code).toMatch(/^[A-Za-z0-9]{10}$/);
    expect(code).toHaveLength(LINK_CODE_LENGTH);
    expect(isLinkCode(code)).toBe(true);
  });

  it('skip bytes that would favour some letters, and give up when too few are left', () => {
    const skipped = new Uint8Array([248, 255, 0, 1, 2, 3, 4, 5, 6, 7, 8, 61, 62]);
    expect(codeFromBytes(skipped)).toBe('ABCDEFGHI9');
    expect(codeFromBytes(new Uint8Array([0, 1, 2, 250, 251]))).toBeNull();
  });

  it.each(['', 'abc', 'a/b/c/d/e', 'abcdef.ghij', `${'a'.repeat(33)}`, 'código1234'])(
    'refuses %j',
    (value) => {
      expect(isLinkCode(value)).toBe(false);
    },
  );
});
