import type { CountryCode } from 'libphonenumber-js';
import { normalizePhone } from '../../domain/contacts/phone.ts';
import { parseInstant } from '../../domain/time/parse-instant.ts';

/**
 * Checks for single fields of an incoming row. Rows usually arrive zod-validated already; these
 * re-check what the database relies on, so that a bad row is rejected on its own with a message
 * naming the field instead of failing the statement that carries the whole chunk.
 */
export class RowRejection extends Error {
  override name = 'RowRejection';
}

function reject(field: string, problem: string): never {
  throw new RowRejection(`${field}: ${problem}`);
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

export function requiredText(value: unknown, field: string, max = 200): string {
  const text = optionalText(value, field, max);
  if (text == null) reject(field, 'is required');
  return text;
}

/** undefined = not stated; null or blank = stated empty. */
export function optionalText(value: unknown, field: string, max = 200): string | null | undefined {
  if (value === undefined || value === null) return value;
  if (typeof value !== 'string') reject(field, `${show(value)} is not text`);
  const text = value.trim();
  if (text.length > max) reject(field, `is longer than ${max} characters`);
  return text === '' ? null : text;
}

export function optionalNumber(
  value: unknown,
  field: string,
  limits: { min: number; max: number; integer?: boolean },
): number | null | undefined {
  if (value === undefined || value === null) return value;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= limits.min &&
    value <= limits.max &&
    (!limits.integer || Number.isInteger(value));
  if (!ok) {
    const what = limits.integer ? 'a whole number' : 'a number';
    reject(field, `${show(value)} is not ${what} between ${limits.min} and ${limits.max}`);
  }
  return value;
}

export function optionalBoolean(value: unknown, field: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') reject(field, `${show(value)} is not true or false`);
  return value;
}

export function optionalChoice<T extends string>(
  value: unknown,
  field: string,
  choices: readonly T[],
): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (!choices.includes(value as T)) reject(field, `${show(value)} is not one of ${choices.join(', ')}`);
  return value as T;
}

export function requiredInstant(value: unknown, field: string, timeZone: string): Date {
  if (value === undefined || value === null || value === '') reject(field, 'is required');
  const instant = optionalInstant(value, field, timeZone);
  return instant as Date;
}

export function optionalInstant(value: unknown, field: string, timeZone: string): Date | null | undefined {
  if (value === undefined || value === null) return value;
  const instant =
    typeof value === 'string' || value instanceof Date ? parseInstant(value, timeZone) : undefined;
  if (!instant) {
    reject(field, `${show(value)} is not a valid date (use YYYY-MM-DD or an ISO 8601 date-time with offset)`);
  }
  return instant;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** An e-mail address (at most 320 characters); undefined = not stated, null = cleared. */
export function optionalEmail(value: unknown, field: string): string | null | undefined {
  const email = optionalText(value, field, 320);
  if (email && !EMAIL.test(email)) reject(field, `"${email}" is not a valid e-mail address`);
  return email;
}

/** A phone number in E.164 (national numbers read in `defaultCountry`); undefined = not stated, null = cleared. */
export function optionalPhone(
  value: unknown,
  field: string,
  defaultCountry: CountryCode | undefined,
): string | null | undefined {
  const phone = optionalText(value, field, 40);
  if (phone === undefined || phone === null) return phone;
  const e164 = normalizePhone(phone, defaultCountry);
  if (e164 === undefined) reject(field, `"${phone}" is not a valid phone number`);
  return e164;
}

/** An object of key → value, not a list; `shape` says what is expected. undefined = not stated. */
export function optionalObject<T>(value: T, field: string, shape: string): T | undefined {
  if (value === undefined) return undefined;
  const object: unknown = value;
  if (object === null || typeof object !== 'object' || Array.isArray(object))
    reject(field, `must be ${shape}`);
  return value;
}
