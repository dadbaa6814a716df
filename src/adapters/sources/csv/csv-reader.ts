import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { pipeline, type Readable, Transform } from 'node:stream';
import { type CsvError, parse } from 'csv-parse';
import { detectDelimiter, detectEncoding } from './detect-format.ts';

export interface CsvRecord {
  /** Physical line of the file where the record starts (the header is line 1). */
  line: number;
  cells: string[];
}

export interface CsvProblem {
  line: number;
  message: string;
}

export interface CsvFile {
  totalBytes: number;
  delimiter: string;
  encoding: 'utf8' | 'latin1';
  /** Bytes read from disk so far. */
  bytesRead(): number;
  /** Every non-blank record, header first, in batches. Unreadable stretches go to `onProblem` and are skipped. */
  records(onProblem: (problem: CsvProblem) => void): AsyncGenerator<CsvRecord[]>;
}

const SAMPLE_BYTES = 64 * 1024;

/** Opens a CSV file for streaming, after sniffing its delimiter and encoding from the first 64 KiB. */
export async function openCsvFile(path: string): Promise<CsvFile> {
  const { size } = await stat(path);
  const handle = await open(path, 'r');
  const sample = Buffer.alloc(Math.min(size, SAMPLE_BYTES));
  try {
    await handle.read(sample, 0, sample.length, 0);
  } finally {
    await handle.close();
  }
  const encoding = detectEncoding(sample);
  const delimiter = detectDelimiter(sample.toString(encoding).replace(/^\ufeff/, ''));
  const stream = createReadStream(path, { highWaterMark: 256 * 1024 });
  return {
    totalBytes: size,
    delimiter,
    encoding,
    bytesRead: () => stream.bytesRead,
    records: (onProblem) => readRecords(stream, delimiter, encoding, onProblem),
  };
}

async function* readRecords(
  input: Readable,
  delimiter: string,
  encoding: 'utf8' | 'latin1',
  onProblem: (problem: CsvProblem) => void,
): AsyncGenerator<CsvRecord[]> {
  const skipped: CsvError[] = [];
  let lastLine = 0;
  // An unclosed quote is only noticed at the end of the file, and csv-parse then reports the last
  // line; the quote opened on the first line after the last good record.
  const reportProblems = () => {
    for (const error of skipped.splice(0)) {
      const line = error.code === 'CSV_QUOTE_NOT_CLOSED' ? lastLine + 1 : Number(error.lines ?? lastLine + 1);
      onProblem({ line, message: describe(error) });
    }
  };
  const parser = parse({
    delimiter,
    encoding,
    record_delimiter: '\n',
    bom: true,
    info: true,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    // one unclosed quote must not make the parser hold the rest of a large file in memory
    max_record_size: 1024 * 1024,
    // reported once the records before them are counted: see `reportProblems`
    on_skip: (error: CsvError | undefined) => {
      if (error) skipped.push(error);
      return undefined;
    },
  });
  // pipeline, not pipe: a read error must reach the parser (and so the loop below) instead of
  // leaving it waiting forever
  pipeline(input, lfLineEndings(), parser, () => {});
  // Records are handed out in batches of whatever the parser has buffered: one promise per batch
  // instead of one per record, which matters at a million rows.
  type Parsed = { record: string[]; info: { lines: number } };
  let batch: CsvRecord[] = [];
  const take = ({ record, info }: Parsed) => {
    if (record.every((cell) => cell.trim() === '')) return;
    // csv-parse counts lines up to the end of the record; quoted fields may span several
    let inside = 0;
    for (const cell of record) if (cell.includes('\n')) inside += newlines(cell);
    batch.push({ line: info.lines - inside, cells: record });
    lastLine = info.lines;
  };
  try {
    for await (const first of parser as AsyncIterable<Parsed>) {
      take(first);
      for (let next = parser.read() as Parsed | null; next !== null; next = parser.read() as Parsed | null) {
        take(next);
      }
      reportProblems();
      if (batch.length > 0) {
        yield batch;
        batch = [];
      }
    }
    reportProblems();
  } finally {
    // when the caller stops early (a bad header, a failed write), `pipe` would leave the file open
    input.destroy();
  }
}

function newlines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

function describe(error: CsvError | undefined): string {
  switch (error?.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field opened on this line is never closed (a stray " ?); the rest of the file was not read';
    case 'CSV_MAX_RECORD_SIZE':
      return 'a record longer than 1 MiB (a stray " ?) was skipped';
    default:
      return error?.message ?? 'unreadable record';
  }
}

/**
 * CRLF and lone CR become LF before parsing: csv-parse miscounts lines when a quoted field holds a
 * CRLF, and line numbers in error reports must match what an editor shows.
 */
export function lfLineEndings(): Transform {
  let pendingCr = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (!pendingCr && chunk.indexOf(0x0d) < 0) return done(null, chunk);
      const out = Buffer.allocUnsafe(chunk.length + 1);
      let length = 0;
      if (pendingCr) {
        if (chunk[0] !== 0x0a) out[length++] = 0x0a;
        pendingCr = false;
      }
      for (let i = 0; i < chunk.length; i++) {
        const byte = chunk[i] as number;
        if (byte !== 0x0d) {
          out[length++] = byte;
        } else if (i === chunk.length - 1) {
          pendingCr = true;
        } else if (chunk[i + 1] !== 0x0a) {
          out[length++] = 0x0a;
        }
      }
      done(null, out.subarray(0, length));
    },
    flush(done) {
      done(null, pendingCr ? Buffer.from('\n') : null);
    },
  });
}
