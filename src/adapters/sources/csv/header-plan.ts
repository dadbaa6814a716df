import type { ColumnSpec, CsvEntitySpec } from './columns.ts';

/** The file cannot be imported as it is (a missing column, a bad --map); nothing was written. */
export class CsvFormatError extends Error {
  override name = 'CsvFormatError';
}

export type PlannedColumn =
  | { index: number; header: string; spec: ColumnSpec }
  | { index: number; header: string; attribute: string };

export interface HeaderPlan {
  columns: PlannedColumn[];
  /** Headers of the file that feed nothing, as written. */
  ignored: string[];
  /** How many columns the header row has. */
  width: number;
  /** For messages: a field's header as the file writes it. */
  headerOf(field: string): string;
}

const ATTRIBUTE = /^attr\.(.+)$/i;

/** "Customer ID" → "customer_id"; attr.<key> keeps its key as written. */
export function normalizeHeader(header: string): string {
  const text = header.trim();
  const attribute = ATTRIBUTE.exec(text);
  if (attribute) return `attr.${attribute[1]?.trim()}`;
  return text.toLowerCase().replace(/[\s-]+/g, '_');
}

/** "date=occurred_at, client=customer_external_id" → { date: 'occurred_at', client: 'customer_external_id' }. */
export function parseHeaderMap(spec: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of spec.split(',')) {
    if (!pair.trim()) continue;
    const [from, to, extra] = pair.split('=').map((part) => part.trim());
    if (!from || !to || extra !== undefined)
      throw new CsvFormatError(`--map: "${pair.trim()}" is not header=field`);
    map[from] = to;
  }
  return map;
}

/**
 * Matches a file's header row to an entity's columns: headers are compared normalised, `map`
 * renames the file's headers first. Fails, before any row is read, when a required column is
 * missing, two columns feed one field, or `map` names a column that is not there.
 */
export function planHeader(
  entity: CsvEntitySpec,
  headers: readonly string[],
  map: Record<string, string> = {},
): HeaderPlan {
  const known = new Map(entity.columns.map((spec) => [spec.header, spec]));
  const renames = new Map<string, string>();
  for (const [from, to] of Object.entries(map)) {
    const target = normalizeHeader(to);
    if (!known.has(target) && !(entity.attributes && ATTRIBUTE.test(target))) {
      throw new CsvFormatError(
        `--map: "${to}" is not a column here; the columns are ${[...known.keys()].join(', ')}${entity.attributes ? ' and attr.<key>' : ''}`,
      );
    }
    renames.set(normalizeHeader(from), target);
  }
  const normalized = headers.map(normalizeHeader);
  for (const from of renames.keys()) {
    if (!normalized.includes(from)) {
      throw new CsvFormatError(`--map: the file has no column "${from}"; its columns are ${listOf(headers)}`);
    }
  }

  const columns: PlannedColumn[] = [];
  const ignored: string[] = [];
  const taken = new Map<string, string>();
  const fieldHeaders = new Map<string, string>();
  normalized.forEach((name, index) => {
    const header = headers[index]?.trim() ?? '';
    if (!name) return;
    const target = renames.get(name) ?? name;
    const spec = known.get(target);
    const attribute = entity.attributes ? ATTRIBUTE.exec(target)?.[1] : undefined;
    if (!spec && !attribute) {
      ignored.push(header);
      return;
    }
    const previous = taken.get(target);
    if (previous !== undefined) {
      throw new CsvFormatError(
        `columns "${previous}" and "${header}" both give ${target}; keep one or rename with --map`,
      );
    }
    taken.set(target, header);
    if (spec) {
      columns.push({ index, header, spec });
      fieldHeaders.set(spec.field, header);
    } else if (attribute) columns.push({ index, header, attribute });
  });

  const missing = entity.columns
    .filter((spec) => spec.required && !taken.has(spec.header))
    .map((s) => s.header);
  if (missing.length > 0) {
    const hint = headers.length > 0 ? `; the file's columns are ${listOf(headers)}` : '';
    throw new CsvFormatError(
      `missing required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}${hint} (rename with --map header=${missing[0]})`,
    );
  }
  return {
    columns,
    ignored,
    width: headers.length,
    headerOf: (field) =>
      fieldHeaders.get(field) ?? field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`),
  };
}

function listOf(headers: readonly string[]): string {
  const shown = headers.filter((h) => h.trim()).map((h) => `"${h.trim()}"`);
  return shown.length > 0 ? shown.join(', ') : '(none)';
}
