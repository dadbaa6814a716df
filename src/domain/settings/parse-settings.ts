import type { z } from 'zod';

export type SettingsIssue = { readonly path: string; readonly message: string };

export type ParsedSettings<T> =
  | { readonly ok: true; readonly settings: T }
  | { readonly ok: false; readonly issues: readonly SettingsIssue[] };

/**
 * Parses stored or submitted settings with `schema`, filling defaults. `undefined` and `null`
 * mean "all defaults". Every bad field is reported at once, with its dotted path
 * (`lifecycle.stalledAfter`, `policy.discountCeilingPct.PRODUCT_MIX`).
 */
export function parseSettings<S extends z.ZodType>(schema: S, input: unknown): ParsedSettings<z.output<S>> {
  const result = schema.safeParse(input ?? undefined);
  if (result.success) return { ok: true, settings: result.data };
  const issues = result.error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    // An unknown key is reported where it is, not at the object that holds it.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...path, key].join('.'), message: 'unknown setting' }));
    }
    return [{ path: path.join('.') || '(root)', message: issue.message }];
  });
  return { ok: false, issues };
}

/** Defaults are shared by every caller: frozen, so none can change them for the others. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
