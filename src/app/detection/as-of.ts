import type { Trx } from '../../adapters/db/kysely.ts';
import { invalid } from '../errors.ts';
import { toInstant } from '../instants.ts';

/** Within this of the clock, an explicit `asOf` still means "now". */
const NOW_TOLERANCE_MS = 60_000;

export interface ResolvedAsOf {
  readonly asOf: Date;
  /**
   * True when evaluating the present (asOf omitted or within a minute of the clock): only then
   * are lifecycle states written back. Any other instant is a replay (or a projection) and
   * changes nothing.
   */
  readonly now: boolean;
}

/**
 * The instant a detection use case evaluates at: an ISO date-time, a plain date (the start of that
 * day in the tenant's zone, as everywhere in the API), a Date, or nothing for now.
 */
export async function resolveAsOf(
  trx: Trx,
  tenantId: string,
  input: Date | string | undefined,
  clock: () => Date = () => new Date(),
): Promise<ResolvedAsOf> {
  const current = clock();
  if (input === undefined) return { asOf: current, now: true };
  const asOf = await toInstant(trx, tenantId, input);
  if (Number.isNaN(asOf.getTime())) throw invalid('asOf', `"${String(input)}" is not a date or date-time`);
  return { asOf, now: Math.abs(asOf.getTime() - current.getTime()) <= NOW_TOLERANCE_MS };
}
