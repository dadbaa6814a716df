/**
 * Encodes values as one PostgreSQL array literal (`{"a","b",NULL}`), sent as a single text
 * parameter and cast in SQL (`$1::text::uuid[]`). Both drivers then ship the same bytes: pg would
 * encode a JS array the same way, but PGlite's parameter serialisation differs, and a text literal
 * keeps the SQL identical on both. Bulk statements pass one literal per column to `unnest`.
 */
export function toPgArray(values: readonly (string | number | boolean | null | undefined)[]): string {
  const parts: string[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) parts[i] = 'NULL';
    else if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new Error(`cannot encode ${value} in a PostgreSQL array`);
      parts[i] = String(value);
    } else if (typeof value === 'boolean') parts[i] = value ? 't' : 'f';
    else parts[i] = quote(value);
  }
  return `{${parts.join(',')}}`;
}

const SPECIAL = /["\\]/g;

function quote(value: string): string {
  return `"${value.replace(SPECIAL, '\\$&')}"`;
}
