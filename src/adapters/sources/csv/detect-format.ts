import { isUtf8 } from 'node:buffer';

export type Delimiter = ',' | ';' | '\t';

/**
 * Picks the delimiter that splits the header line most often, counting outside quotes. Ties and
 * a single-column file fall to the comma.
 */
export function detectDelimiter(sample: string): Delimiter {
  const counts: Record<Delimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const char of sample) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && (char === ',' || char === ';' || char === '\t')) counts[char]++;
  }
  let best: Delimiter = ',';
  for (const candidate of [';', '\t'] as const) {
    if (counts[candidate] > counts[best]) best = candidate;
  }
  return best;
}

/**
 * UTF-8 unless the sample is not valid UTF-8, which in practice means a spreadsheet saved it as
 * Windows-1252 / Latin-1 ("São Paulo" written as one byte for "ã"). The sample is cut at its last
 * line break so that a multi-byte character split by the cut does not count against UTF-8.
 */
export function detectEncoding(sample: Buffer): 'utf8' | 'latin1' {
  const end = sample.lastIndexOf(0x0a);
  const whole = end >= 0 ? sample.subarray(0, end) : sample;
  return isUtf8(whole) ? 'utf8' : 'latin1';
}
