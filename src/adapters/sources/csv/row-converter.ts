import { parseInstant } from '../../../domain/time/parse-instant.ts';
import {
  CellRejection,
  parseBoolean,
  parseChoice,
  parseConsent,
  parseInteger,
  parseNumber,
  parseRatio,
  parseTags,
} from './cells.ts';
import type { CellType, CsvEntitySpec } from './columns.ts';
import type { HeaderPlan } from './header-plan.ts';

export type ConvertedRow = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * One CSV record → one input object of the entity's contract, validated by its zod schema. Blank
 * cells are left out (an import never clears a stored value by leaving a cell empty). Messages
 * name the column as the file writes it.
 */
export function convertRow(
  entity: CsvEntitySpec,
  plan: HeaderPlan,
  cells: readonly string[],
  timeZone: string,
): ConvertedRow {
  if (cells.length > plan.width && cells.slice(plan.width).some((cell) => cell.trim() !== '')) {
    return { ok: false, message: `has ${cells.length} fields but the header has ${plan.width}` };
  }
  const value: Record<string, unknown> = {};
  let attributes: Record<string, string> | undefined;
  for (const column of plan.columns) {
    const cell = (cells[column.index] ?? '').trim();
    if ('attribute' in column) {
      if (cell) {
        attributes ??= {};
        attributes[column.attribute] = cell;
      }
      continue;
    }
    if (!cell) {
      if (column.spec.required) return { ok: false, message: `${column.header}: is required` };
      continue;
    }
    try {
      value[column.spec.field] = readCell(column.spec.type, cell, timeZone);
    } catch (error) {
      if (!(error instanceof CellRejection)) throw error;
      return { ok: false, message: `${column.header}: ${error.message}` };
    }
  }
  if (attributes) value.attributes = attributes;
  const parsed = entity.schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const message = parsed.error.issues
    .map((issue) => `${plan.headerOf(String(issue.path[0] ?? 'row'))}: ${issue.message}`)
    .join('; ');
  return { ok: false, message };
}

function readCell(type: CellType, cell: string, timeZone: string): unknown {
  switch (type) {
    case 'text':
      return cell;
    case 'number':
      return parseNumber(cell);
    case 'integer':
      return parseInteger(cell);
    case 'ratio':
      return parseRatio(cell);
    case 'boolean':
      return parseBoolean(cell);
    case 'tags':
      return parseTags(cell);
    case 'choice':
      return parseChoice(cell);
    case 'consent':
      return parseConsent(cell);
    case 'instant': {
      const instant = parseInstant(cell, timeZone);
      if (!instant)
        throw new CellRejection(`"${cell}" is not a date (use YYYY-MM-DD or an ISO 8601 date-time)`);
      return instant;
    }
  }
}
