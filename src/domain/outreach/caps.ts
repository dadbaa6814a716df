/**
 * A sender's sending caps over sliding windows: at most `perSecond` hand-offs in any second,
 * `perHour` in any hour and `perDay` in any 24 hours (null: no cap on that window). Sliding, not
 * calendar, windows: WhatsApp's messaging limit counts a moving 24 hours, and a calendar hour
 * would let a full hour's quota go out at 10:59 and another at 11:00.
 */
export interface Caps {
  readonly perSecond: number | null;
  readonly perHour: number | null;
  readonly perDay: number | null;
}

export const WINDOWS = ['perSecond', 'perHour', 'perDay'] as const;
export type CapWindow = (typeof WINDOWS)[number];

export const WINDOW_MS: Readonly<Record<CapWindow, number>> = Object.freeze({
  perSecond: 1000,
  perHour: 3_600_000,
  perDay: 86_400_000,
});

/** Hand-offs already counted in each window ending now. */
export type Usage = Readonly<Record<CapWindow, number>>;

const tighter = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));

/** The tighter of two sets of caps, window by window (a sender's own and its warm-up level's). */
export function tightestCaps(a: Caps, b: Partial<Caps>): Caps {
  return {
    perSecond: tighter(a.perSecond, b.perSecond ?? null),
    perHour: tighter(a.perHour, b.perHour ?? null),
    perDay: tighter(a.perDay, b.perDay ?? null),
  };
}

/** How many more hand-offs the caps allow right now (Infinity when nothing is capped). */
export function remainingCapacity(caps: Caps, usage: Usage): number {
  let left = Number.POSITIVE_INFINITY;
  for (const window of WINDOWS) {
    const cap = caps[window];
    if (cap !== null) left = Math.min(left, Math.max(0, cap - usage[window]));
  }
  return left;
}

/** The windows whose cap is used up: the sender has no capacity until the oldest of them slides out. */
export function exhaustedWindows(caps: Caps, usage: Usage): CapWindow[] {
  return WINDOWS.filter((window) => {
    const cap = caps[window];
    return cap !== null && usage[window] >= cap;
  });
}

export function hasAnyCap(caps: Caps): boolean {
  return WINDOWS.some((window) => caps[window] !== null);
}
