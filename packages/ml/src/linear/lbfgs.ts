import { fail } from '@tessera/tensor';

/** Objective value and gradient at x (the gradient is written into `grad`). */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  /** Stop when max |gradient component| <= gtol (scipy's pgtol, as scikit-learn passes `tol`). */
  readonly gtol: number;
  readonly maxIter: number;
  /** Stop when the relative decrease of f is below ftol (scikit-learn passes 64 eps). */
  readonly ftol?: number;
  readonly memory?: number;
  readonly maxLineSearch?: number;
}

export interface LbfgsResult {
  readonly x: Float64Array;
  readonly f: number;
  readonly iterations: number;
  readonly converged: boolean;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) { const v = Math.abs(a[i]); if (v > m) m = v; }
  return m;
}

/**
 * Limited-memory BFGS (two-loop recursion) with a line search satisfying the strong Wolfe
 * conditions (bracketing and zoom by safeguarded cubic interpolation).
 */
export function lbfgs(f: Objective, x0: Float64Array, options: LbfgsOptions): LbfgsResult {
  const n = x0.length, m = options.memory ?? 10;
  const ftol = options.ftol ?? 64 * Number.EPSILON;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  let fx = f(x, g);
  if (!Number.isFinite(fx)) fail('lbfgs', `objective is ${fx} at the starting point`);
  const S: Float64Array[] = [], Y: Float64Array[] = [], rho: number[] = [];
  const dir = new Float64Array(n), alpha = new Float64Array(m);
  const xNew = new Float64Array(n), gNew = new Float64Array(n);
  let iter = 0;
  if (maxAbs(g) <= options.gtol) return { x, f: fx, iterations: 0, converged: true };
  while (iter < options.maxIter) {
    iter++;
    for (let i = 0; i < n; i++) dir[i] = -g[i];
    for (let j = S.length - 1; j >= 0; j--) {
      alpha[j] = rho[j] * dot(S[j], dir);
      const y = Y[j];
      for (let i = 0; i < n; i++) dir[i] -= alpha[j] * y[i];
    }
    if (S.length > 0) {
      const last = S.length - 1;
      const gamma = dot(S[last], Y[last]) / dot(Y[last], Y[last]);
      for (let i = 0; i < n; i++) dir[i] *= gamma;
    }
    for (let j = 0; j < S.length; j++) {
      const beta = rho[j] * dot(Y[j], dir);
      const s = S[j];
      for (let i = 0; i < n; i++) dir[i] += s[i] * (alpha[j] - beta);
    }
    let slope = dot(g, dir);
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      S.length = 0; Y.length = 0; rho.length = 0;
      for (let i = 0; i < n; i++) dir[i] = -g[i];
      slope = dot(g, dir);
    }
    const step0 = S.length === 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    const ls = wolfeSearch(f, x, fx, dir, slope, step0, xNew, gNew, options.maxLineSearch ?? 50);
    if (!ls) break;
    const s = new Float64Array(n), y = new Float64Array(n);
    for (let i = 0; i < n; i++) { s[i] = xNew[i] - x[i]; y[i] = gNew[i] - g[i]; }
    const fPrev = fx;
    x.set(xNew); g.set(gNew); fx = ls.f;
    const sy = dot(s, y);
    if (sy > 1e-10 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (S.length === m) { S.shift(); Y.shift(); rho.shift(); }
      S.push(s); Y.push(y); rho.push(1 / sy);
    }
    if (maxAbs(g) <= options.gtol) return { x, f: fx, iterations: iter, converged: true };
    if ((fPrev - fx) / Math.max(Math.abs(fPrev), Math.abs(fx), 1) <= ftol) return { x, f: fx, iterations: iter, converged: true };
  }
  return { x, f: fx, iterations: iter, converged: maxAbs(g) <= options.gtol };
}

function cubicMin(a: number, fa: number, ga: number, b: number, fb: number, gb: number): number {
  const d1 = ga + gb - 3 * (fa - fb) / (a - b);
  const disc = d1 * d1 - ga * gb;
  if (disc < 0) return (a + b) / 2;
  const d2 = Math.sign(b - a) * Math.sqrt(disc);
  const t = b - (b - a) * (gb + d2 - d1) / (gb - ga + 2 * d2);
  const lo = Math.min(a, b), hi = Math.max(a, b);
  // Stay clear of the bracket ends so the interval keeps shrinking.
  const margin = 0.1 * (hi - lo);
  return Number.isFinite(t) ? Math.min(hi - margin, Math.max(lo + margin, t)) : (a + b) / 2;
}

/** Strong-Wolfe line search (Nocedal & Wright, algorithms 3.5 and 3.6). Writes the accepted point into xNew/gNew. */
function wolfeSearch(f: Objective, x: Float64Array, fx: number, dir: Float64Array, slope: number,
  step0: number, xNew: Float64Array, gNew: Float64Array, maxEvals: number): { f: number } | null {
  const c1 = 1e-4, c2 = 0.9, n = x.length;
  const evalAt = (t: number): { f: number; d: number } => {
    for (let i = 0; i < n; i++) xNew[i] = x[i] + t * dir[i];
    const v = f(xNew, gNew);
    return { f: v, d: dot(gNew, dir) };
  };
  let prevT = 0, prevF = fx, prevD = slope;
  let t = step0;
  for (let evals = 0; evals < maxEvals; evals++) {
    const cur = evalAt(t);
    if (!Number.isFinite(cur.f) || cur.f > fx + c1 * t * slope || (evals > 0 && cur.f >= prevF)) {
      return zoom(prevT, prevF, prevD, t, cur.f, cur.d);
    }
    if (Math.abs(cur.d) <= -c2 * slope) return { f: cur.f };
    if (cur.d >= 0) return zoom(t, cur.f, cur.d, prevT, prevF, prevD);
    prevT = t; prevF = cur.f; prevD = cur.d;
    t *= 2;
  }
  return null;

  function zoom(lo: number, fLo: number, dLo: number, hi: number, fHi: number, dHi: number): { f: number } | null {
    for (let evals = 0; evals < maxEvals; evals++) {
      const t2 = Number.isFinite(fHi) ? cubicMin(lo, fLo, dLo, hi, fHi, dHi) : (lo + hi) / 2;
      const cur = evalAt(t2);
      if (!Number.isFinite(cur.f) || cur.f > fx + c1 * t2 * slope || cur.f >= fLo) {
        hi = t2; fHi = cur.f; dHi = cur.d;
      } else {
        if (Math.abs(cur.d) <= -c2 * slope) return { f: cur.f };
        if (cur.d * (hi - lo) >= 0) { hi = lo; fHi = fLo; dHi = dLo; }
        lo = t2; fLo = cur.f; dLo = cur.d;
      }
      if (Math.abs(hi - lo) < 1e-16 * Math.max(1, Math.abs(lo))) break;
    }
    // No Wolfe point found: accept the best sufficient-decrease point if it improves f.
    if (lo > 0 && fLo < fx) { const cur = evalAt(lo); return { f: cur.f }; }
    return null;
  }
}
