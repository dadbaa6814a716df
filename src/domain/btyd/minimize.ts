/**
 * Unconstrained minimisation by BFGS with a strong-Wolfe line search (Nocedal & Wright,
 * "Numerical Optimization", algorithms 3.5–3.6 and 6.1). The models here have 3–4 parameters, so the
 * dense inverse-Hessian update costs nothing next to one pass over the data; what matters is few
 * objective evaluations, which the analytic gradients and the Wolfe conditions give.
 */

/** Returns f(x) and writes ∇f(x) into `gradient`. May return a non-finite value outside the domain. */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

export interface MinimizeOptions {
  /** Converged when max |∂f/∂xᵢ| ≤ this. Default 1e-9. */
  readonly gradientTolerance?: number;
  /** Default 200. */
  readonly maxIterations?: number;
}

export interface MinimizeResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly gradient: Float64Array;
  readonly iterations: number;
  readonly evaluations: number;
  readonly converged: boolean;
}

const C1 = 1e-4; // sufficient decrease
const C2 = 0.9; // curvature, the usual choice for quasi-Newton methods
const MAX_LINE_STEPS = 30;
const MAX_STALLED = 5;
const NOISE = 1e-13; // relative rounding level of an objective summed over many customers

interface Point {
  readonly x: Float64Array;
  readonly value: number;
  readonly gradient: Float64Array;
  readonly slope: number; // directional derivative along the search direction
}

function dot(u: Float64Array, v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += (u[i] as number) * (v[i] as number);
  return s;
}

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i] as number));
  return m;
}

export function minimizeBfgs(
  objective: Objective,
  start: ArrayLike<number>,
  options: MinimizeOptions = {},
): MinimizeResult {
  const gtol = options.gradientTolerance ?? 1e-9;
  const maxIterations = options.maxIterations ?? 200;
  const n = start.length;
  let evaluations = 0;

  const evaluate = (x: Float64Array, direction: Float64Array): Point => {
    const gradient = new Float64Array(n);
    evaluations++;
    const value = objective(x, gradient);
    const finite = Number.isFinite(value) && gradient.every(Number.isFinite);
    return finite
      ? { x, value, gradient, slope: dot(gradient, direction) }
      : { x, value: Number.POSITIVE_INFINITY, gradient, slope: Number.NaN };
  };

  const along = (from: Point, direction: Float64Array, step: number): Point => {
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) x[i] = (from.x[i] as number) + step * (direction[i] as number);
    return evaluate(x, direction);
  };

  /** Strong-Wolfe line search; returns undefined when no acceptable step was found. */
  const lineSearch = (from: Point, direction: Float64Array, firstStep: number): Point | undefined => {
    const slope0 = from.slope;
    const noise = NOISE * Math.max(1, Math.abs(from.value));
    // Armijo, or — once decreases are below the rounding of f — Hager & Zhang's approximate Wolfe
    // condition, which judges the step by its slope instead (needed near an optimum on a flat ridge).
    const sufficient = (p: Point, step: number) =>
      p.value <= from.value + C1 * step * slope0 ||
      (p.value <= from.value + noise && p.slope <= (2 * C1 - 1) * slope0);
    const curvature = (p: Point) => Math.abs(p.slope) <= -C2 * slope0;

    const zoom = (lo: { step: number; p: Point }, hi: { step: number; p: Point }): Point | undefined => {
      for (let k = 0; k < MAX_LINE_STEPS; k++) {
        // Quadratic interpolation from (lo value, lo slope, hi value), kept inside the bracket.
        const width = hi.step - lo.step;
        let step = lo.step + width / 2;
        if (Number.isFinite(hi.p.value)) {
          const denom = 2 * (hi.p.value - lo.p.value - lo.p.slope * width);
          if (denom > 0) step = lo.step - (lo.p.slope * width * width) / denom;
        }
        const minStep = lo.step + 0.1 * width;
        const maxStep = hi.step - 0.1 * width;
        step =
          width > 0 ? Math.min(Math.max(step, minStep), maxStep) : Math.min(Math.max(step, maxStep), minStep);
        const p = along(from, direction, step);
        if (!sufficient(p, step) || p.value > lo.p.value + noise) {
          hi = { step, p };
        } else {
          if (curvature(p)) return p;
          if (p.slope * width >= 0) hi = lo;
          lo = { step, p };
        }
        if (Math.abs(hi.step - lo.step) < 1e-16 * Math.max(1, Math.abs(lo.step))) break;
      }
      return lo.step > 0 ? lo.p : undefined;
    };

    let previous = { step: 0, p: from };
    let step = firstStep;
    for (let k = 0; k < MAX_LINE_STEPS; k++) {
      const p = along(from, direction, step);
      if (!sufficient(p, step) || (k > 0 && p.value > previous.p.value + noise)) {
        return zoom(previous, { step, p });
      }
      if (curvature(p)) return p;
      if (p.slope >= 0) return zoom({ step, p }, previous);
      previous = { step, p };
      step *= 2;
    }
    return previous.step > 0 ? previous.p : undefined;
  };

  const x0 = Float64Array.from(start);
  const scratch = new Float64Array(n);
  let current = evaluate(x0, scratch);
  if (!Number.isFinite(current.value))
    throw new RangeError('minimizeBfgs: the objective is not finite at the start');

  // Inverse Hessian approximation, row-major; starts as the identity and is rescaled after the first step.
  const h = new Float64Array(n * n);
  const resetHessian = (scale: number) => {
    h.fill(0);
    for (let i = 0; i < n; i++) h[i * n + i] = scale;
  };
  resetHessian(1);
  let fresh = true;
  let iterations = 0;
  let stalled = 0;

  while (iterations < maxIterations && maxAbs(current.gradient) > gtol) {
    iterations++;
    const direction = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s -= (h[i * n + j] as number) * (current.gradient[j] as number);
      direction[i] = s;
    }
    let slope = dot(current.gradient, direction);
    if (!(slope < 0)) {
      // Lost positive definiteness: fall back to steepest descent.
      resetHessian(1);
      for (let i = 0; i < n; i++) direction[i] = -(current.gradient[i] as number);
      slope = dot(current.gradient, direction);
      fresh = true;
    }
    const from = { ...current, slope };
    // On a fresh (identity) Hessian, cap the first trial step at unit length in parameter space.
    const firstStep = fresh ? Math.min(1, 1 / maxAbs(direction)) : 1;
    const next = lineSearch(from, direction, firstStep);
    if (next === undefined || next.value > current.value + NOISE * Math.max(1, Math.abs(current.value))) {
      if (fresh) break; // even steepest descent cannot improve: at the limit of precision
      resetHessian(1);
      fresh = true;
      continue;
    }

    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = (next.x[i] as number) - (current.x[i] as number);
      y[i] = (next.gradient[i] as number) - (current.gradient[i] as number);
    }
    const sy = dot(s, y);
    if (sy > 1e-14 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (fresh) resetHessian(sy / dot(y, y));
      updateInverseHessian(h, s, y, sy);
      fresh = false;
    }
    // Stop when the objective has stopped moving beyond its rounding for several iterations: an
    // asymptote (a parameter running off to infinity) or the noise floor, not worth more evaluations.
    stalled = current.value - next.value <= NOISE * Math.max(1, Math.abs(current.value)) ? stalled + 1 : 0;
    current = next;
    if (stalled >= MAX_STALLED) break;
  }

  return {
    x: current.x,
    value: current.value,
    gradient: current.gradient,
    iterations,
    evaluations,
    converged: maxAbs(current.gradient) <= gtol,
  };
}

/** H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ with ρ = 1 / (yᵀ s). */
function updateInverseHessian(h: Float64Array, s: Float64Array, y: Float64Array, sy: number): void {
  const n = s.length;
  const rho = 1 / sy;
  const hy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = 0;
    for (let j = 0; j < n; j++) v += (h[i * n + j] as number) * (y[j] as number);
    hy[i] = v;
  }
  const yhy = dot(y, hy);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const si = s[i] as number;
      const sj = s[j] as number;
      const delta =
        -rho * ((hy[i] as number) * sj + si * (hy[j] as number)) + (rho * rho * yhy + rho) * si * sj;
      h[i * n + j] = (h[i * n + j] as number) + delta;
    }
  }
}
