/**
 * Readers for single CSV cells. Spreadsheets write numbers and yes/no in the tenant's language;
 * these accept the common spellings and say precisely what they could not read.
 */
export class CellRejection extends Error {
  override name = 'CellRejection';
}

const TRUE = new Set(['true', '1', 'yes', 'y', 'sim', 's', 'да', 'д', 't', 'x']);
const FALSE = new Set(['false', '0', 'no', 'n', 'não', 'nao', 'нет', 'н', 'f']);

export function parseBoolean(cell: string): boolean {
  const text = cell.trim().toLowerCase();
  if (TRUE.has(text)) return true;
  if (FALSE.has(text)) return false;
  throw new CellRejection(`"${cell}" is not yes or no (true/false, 1/0, yes/no, sim/não, да/нет)`);
}

// a currency sign or code before or after the digits: R$ 12,50 · 12.50 € · 1 200 руб.
const CURRENCY = /^(?:[A-Za-z]{1,3}\$|[$€£¥₽₹]|[A-Z]{3}|руб\.?)\s*|\s*(?:[$€£¥₽₹]|[A-Z]{3}|руб\.?|р\.)$/g;
const SPACES = /[\s\u00a0\u202f']/g;

/**
 * Reads "1234.5", "1,234.50", "1.234,50", "12,5", "1 234,50", "R$ 12,50". With both separators
 * the last one is the decimal point. A lone comma is a decimal comma, except before exactly three
 * digits ("1,234"), which could be either and is refused rather than guessed.
 */
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;

export function parseNumber(cell: string): number {
  if (PLAIN_NUMBER.test(cell)) return Number(cell);
  let text = cell.trim().replace(CURRENCY, '').replace(SPACES, '');
  const lastComma = text.lastIndexOf(',');
  const lastDot = text.lastIndexOf('.');
  if (lastComma >= 0 && lastDot >= 0) {
    text = lastComma > lastDot ? text.replace(/\./g, '').replace(',', '.') : text.replace(/,/g, '');
  } else if (lastComma >= 0) {
    const commas = text.split(',').length - 1;
    if (commas > 1) text = text.replace(/,/g, '');
    else if (/^[+-]?\d{1,3},\d{3}$/.test(text)) {
      throw new CellRejection(`"${cell}" is ambiguous: write 1234 or 1.234`);
    } else text = text.replace(',', '.');
  } else if (text.split('.').length > 2) {
    text = text.replace(/\./g, '');
  }
  const value = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value)) throw new CellRejection(`"${cell}" is not a number`);
  return value;
}

export function parseInteger(cell: string): number {
  const value = parseNumber(cell);
  if (!Number.isInteger(value)) throw new CellRejection(`"${cell}" is not a whole number`);
  return value;
}

/** A share: "0.35" or "35%". */
export function parseRatio(cell: string): number {
  const text = cell.trim();
  return text.endsWith('%') ? parseNumber(text.slice(0, -1)) / 100 : parseNumber(text);
}

/** Tags separated by | or ; (the latter needs quoting in a ;-separated file). */
export function parseTags(cell: string): string[] {
  return cell
    .split(/[|;]/)
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
}

/** "No show", "no-show", "NO_SHOW" → "no_show"; the schema then checks it is a known value. */
export function parseChoice(cell: string): string {
  return cell
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/** Consent as a choice (granted/denied/unknown) or as yes/no. */
export function parseConsent(cell: string): string {
  const choice = parseChoice(cell);
  if (choice === 'granted' || choice === 'denied' || choice === 'unknown') return choice;
  try {
    return parseBoolean(cell) ? 'granted' : 'denied';
  } catch {
    throw new CellRejection(`"${cell}" is not granted, denied, unknown or yes/no`);
  }
}
