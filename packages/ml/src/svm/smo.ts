import { fail } from '@tessera/tensor';

/** Kernel value between training rows i and j. */
export type KernelFn = (i: number, j: number) => number;

export interface SmoResult {
  /** Dual coefficients α_i (0 <= α_i <= C). */
  readonly alpha: Float64Array;
  /** Bias: f(x) = Σ α_i y_i K(x_i, x) - rho. */
  readonly rho: number;
  readonly iterations: number;
}

const TAU = 1e-12;

/**
 * Sequential minimal optimization for the C-SVM dual, with LIBSVM's second-order working-set
 * selection (Fan, Chen & Lin 2005): min ½ αᵀQα - eᵀα, 0 <= α <= C, yᵀα = 0, Q_ij = y_i y_j K_ij.
 * Stops when the maximal KKT violation drops below `tol`. Kernel rows are computed on demand
 * and kept in a bounded cache.
 */
export function smo(n: number, y: Int8Array, kernel: KernelFn, C: number, tol: number, maxIter: number, cacheRows: number): SmoResult {
  const alpha = new Float64Array(n);
  const G = new Float64Array(n).fill(-1);
  const QD = new Float64Array(n);
  for (let i = 0; i < n; i++) QD[i] = kernel(i, i);
  const cache = new Map<number, Float64Array>();
  const row = (i: number): Float64Array => {
    let r = cache.get(i);
    if (r) return r;
    r = new Float64Array(n);
    for (let t = 0; t < n; t++) r[t] = y[i] * y[t] * kernel(i, t);
    if (cache.size >= cacheRows) cache.delete(cache.keys().next().value as number);
    cache.set(i, r);
    return r;
  };
  const upper = (t: number) => alpha[t] >= C;
  const lower = (t: number) => alpha[t] <= 0;
  let iter = 0;
  for (; iter < maxIter; iter++) {
    let gmax = -Infinity, i = -1;
    for (let t = 0; t < n; t++) {
      if (y[t] === 1) { if (!upper(t) && -G[t] >= gmax) { gmax = -G[t]; i = t; } }
      else if (!lower(t) && G[t] >= gmax) { gmax = G[t]; i = t; }
    }
    if (i < 0) break;
    const Qi = row(i);
    let gmax2 = -Infinity, j = -1, best = Infinity;
    for (let t = 0; t < n; t++) {
      if (y[t] === 1) {
        if (lower(t)) continue;
        const diff = gmax + G[t];
        if (G[t] >= gmax2) gmax2 = G[t];
        if (diff > 0) {
          const quad = QD[i] + QD[t] - 2 * y[i] * Qi[t];
          const obj = -(diff * diff) / (quad > 0 ? quad : TAU);
          if (obj <= best) { j = t; best = obj; }
        }
      } else {
        if (upper(t)) continue;
        const diff = gmax - G[t];
        if (-G[t] >= gmax2) gmax2 = -G[t];
        if (diff > 0) {
          const quad = QD[i] + QD[t] + 2 * y[i] * Qi[t];
          const obj = -(diff * diff) / (quad > 0 ? quad : TAU);
          if (obj <= best) { j = t; best = obj; }
        }
      }
    }
    if (gmax + gmax2 < tol || j < 0) break;
    const Qj = row(j);
    const ai = alpha[i], aj = alpha[j];
    if (y[i] !== y[j]) {
      let quad = QD[i] + QD[j] + 2 * Qi[j];
      if (quad <= 0) quad = TAU;
      const delta = (-G[i] - G[j]) / quad, diff = ai - aj;
      alpha[i] += delta; alpha[j] += delta;
      if (diff > 0) { if (alpha[j] < 0) { alpha[j] = 0; alpha[i] = diff; } } else if (alpha[i] < 0) { alpha[i] = 0; alpha[j] = -diff; }
      if (diff > 0) { if (alpha[i] > C) { alpha[i] = C; alpha[j] = C - diff; } } else if (alpha[j] > C) { alpha[j] = C; alpha[i] = C + diff; }
    } else {
      let quad = QD[i] + QD[j] - 2 * Qi[j];
      if (quad <= 0) quad = TAU;
      const delta = (G[i] - G[j]) / quad, sum = ai + aj;
      alpha[i] -= delta; alpha[j] += delta;
      if (sum > C) { if (alpha[i] > C) { alpha[i] = C; alpha[j] = sum - C; } } else if (alpha[j] < 0) { alpha[j] = 0; alpha[i] = sum; }
      if (sum > C) { if (alpha[j] > C) { alpha[j] = C; alpha[i] = sum - C; } } else if (alpha[i] < 0) { alpha[i] = 0; alpha[j] = sum; }
    }
    const di = alpha[i] - ai, dj = alpha[j] - aj;
    for (let t = 0; t < n; t++) G[t] += Qi[t] * di + Qj[t] * dj;
  }
  if (iter >= maxIter && maxIter > 0) fail('SVC.fit', `SMO did not converge in ${maxIter} iterations; raise maxIter or tol, or scale the features`);
  // rho: average of y_i G_i over free vectors, else the midpoint of the feasible interval.
  let sum = 0, free = 0, ub = Infinity, lb = -Infinity;
  for (let t = 0; t < n; t++) {
    const yg = y[t] * G[t];
    if (upper(t)) { if (y[t] === -1) ub = Math.min(ub, yg); else lb = Math.max(lb, yg); }
    else if (lower(t)) { if (y[t] === 1) ub = Math.min(ub, yg); else lb = Math.max(lb, yg); }
    else { free++; sum += yg; }
  }
  const rho = free > 0 ? sum / free : (ub + lb) / 2;
  return { alpha, rho, iterations: iter };
}
