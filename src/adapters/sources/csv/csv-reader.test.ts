import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { type CsvProblem, lfLineEndings, openCsvFile } from './csv-reader.ts';

const dir = mkdtempSync(join(tmpdir(), 'rekindle-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readAll(content: string) {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(path, content);
  const file = await openCsvFile(path);
  const problems: CsvProblem[] = [];
  const records: { line: number; cells: string[] }[] = [];
  for await (const batch of file.records((problem) => problems.push(problem))) records.push(...batch);
  return { file, records, problems };
}

describe('openCsvFile', () => {
  it('gives each record the physical line it starts on, whatever the line endings', async () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const { records } = await readAll(['a,b', '1,x', '', '2,"two', 'lines"', '   ', '3,y'].join(eol));
      expect(records.map((r) => [r.line, r.cells[0]])).toEqual([
        [1, 'a'],
        [2, '1'],
        [4, '2'],
        [7, '3'],
      ]);
      expect(records[2]?.cells[1]).toBe('two\nlines');
    }
  });

  it('sniffs the delimiter and strips a byte-order mark', async () => {
    const { file, records } = await readAll('\ufeffexternal_id;name\n1;"Silva, Ana"\n');
    expect(file.delimiter).toBe(';');
    expect(records[0]?.cells).toEqual(['external_id', 'name']);
    expect(records[1]?.cells).toEqual(['1', 'Silva, Ana']);
  });

  it('reports a quote that is never closed at the line where it opens', async () => {
    const { records, problems } = await readAll('a,b\n1,x\n2,"oops\n3,z\n4,w\n');
    expect(records.map((r) => r.line)).toEqual([1, 2]);
    expect(problems).toEqual([
      { line: 3, message: expect.stringMatching(/quoted field opened on this line is never closed/) },
    ]);
  });
});

describe('lfLineEndings', () => {
  it('turns CRLF and lone CR into LF, also when a CRLF is split across chunks', async () => {
    const chunks = ['a\r', '\nb\r', 'c\r\n', '\r'].map((text) => Buffer.from(text));
    const out: Buffer[] = [];
    for await (const chunk of Readable.from(chunks).pipe(lfLineEndings())) out.push(chunk as Buffer);
    expect(Buffer.concat(out).toString()).toBe('a\nb\nc\n\n');
  });
});
