import { fail } from '@tessera/tensor';

/**
 * Dense float64 linear algebra on row-major arrays, written for the small and medium systems of
 * classical models (normal equations, covariance matrices): Cholesky, Householder QR least
 * squares and Gram matrices (the symmetric eigendecomposition is in eigen.ts).
 */

/** Lower-triangular L with A = L Lᵀ, in place of a copy; throws when A is not positive definite. */
export function cholesky(op: string, a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let s = a[j * n + j];
    for (let k = 0; k < j; k++) s -= l[j * n + k] * l[j * n + k];
    if (!(s > 0)) fail(op, `matrix is not positive definite (pivot ${j} is ${s}); increase alpha or remove collinear features`);
    const d = Math.sqrt(s);
    l[j * n + j] = d;
    for (let i = j + 1; i < n; i++) {
      let t = a[i * n + j];
      for (let k = 0; k < j; k++) t -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = t / d;
    }
  }
  return l;
}

/** Solves (L Lᵀ) X = B for `nrhs` right-hand sides stored row-major as [n, nrhs]. */
export function choleskySolve(l: Float64Array, n: number, b: Float64Array, nrhs: number): Float64Array {
  const x = Float64Array.from(b);
  for (let r = 0; r < nrhs; r++) {
    for (let i = 0; i < n; i++) {
      let s = x[i * nrhs + r];
      for (let k = 0; k < i; k++) s -= l[i * n + k] * x[k * nrhs + r];
      x[i * nrhs + r] = s / l[i * n + i];
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = x[i * nrhs + r];
      for (let k = i + 1; k < n; k++) s -= l[k * n + i] * x[k * nrhs + r];
      x[i * nrhs + r] = s / l[i * n + i];
    }
  }
  return x;
}

/**
 * Least squares min ||A x - b|| by Householder QR with column pivoting (A is [m, n], b is
 * [m, nrhs]). Columns found numerically dependent (|R_kk| <= rcond * |R_00|) get coefficient 0,
 * so a rank-deficient problem still has a well-defined, finite solution.
 */
export function lstsq(a: Float64Array, m: number, n: number, b: Float64Array, nrhs: number, rcond = 1e-12): { x: Float64Array; rank: number } {
  const r = Float64Array.from(a);
  const qb = Float64Array.from(b);
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  const norms = new Float64Array(n);
  for (let j = 0; j < n; j++) { let s = 0; for (let i = 0; i < m; i++) s += r[i * n + j] ** 2; norms[j] = s; }
  const steps = Math.min(m, n);
  const v = new Float64Array(m);
  let rank = 0, first = 0;
  for (let k = 0; k < steps; k++) {
    let best = k;
    for (let j = k + 1; j < n; j++) if (norms[j] > norms[best]) best = j;
    if (best !== k) {
      for (let i = 0; i < m; i++) { const t = r[i * n + k]; r[i * n + k] = r[i * n + best]; r[i * n + best] = t; }
      [norms[k], norms[best]] = [norms[best], norms[k]];
      [perm[k], perm[best]] = [perm[best], perm[k]];
    }
    let alpha = 0;
    for (let i = k; i < m; i++) alpha += r[i * n + k] ** 2;
    alpha = Math.sqrt(alpha);
    if (k === 0) first = alpha;
    if (alpha <= rcond * first || alpha === 0) break;
    rank++;
    if (r[k * n + k] > 0) alpha = -alpha;
    for (let i = k; i < m; i++) v[i] = r[i * n + k];
    v[k] -= alpha;
    let vv = 0;
    for (let i = k; i < m; i++) vv += v[i] * v[i];
    if (vv > 0) {
      for (let j = k; j < n; j++) {
        let s = 0;
        for (let i = k; i < m; i++) s += v[i] * r[i * n + j];
        s = (2 * s) / vv;
        for (let i = k; i < m; i++) r[i * n + j] -= s * v[i];
      }
      for (let c = 0; c < nrhs; c++) {
        let s = 0;
        for (let i = k; i < m; i++) s += v[i] * qb[i * nrhs + c];
        s = (2 * s) / vv;
        for (let i = k; i < m; i++) qb[i * nrhs + c] -= s * v[i];
      }
    }
    for (let j = k + 1; j < n; j++) norms[j] -= r[k * n + j] ** 2;
  }
  const x = new Float64Array(n * nrhs);
  for (let c = 0; c < nrhs; c++) {
    const z = new Float64Array(rank);
    for (let i = rank - 1; i >= 0; i--) {
      let s = qb[i * nrhs + c];
      for (let j = i + 1; j < rank; j++) s -= r[i * n + j] * z[j];
      z[i] = s / r[i * n + i];
    }
    for (let i = 0; i < rank; i++) x[perm[i] * nrhs + c] = z[i];
  }
  return { x, rank };
}

/** Gram matrix Xᵀ X of a row-major [rows, cols] matrix (symmetric, both halves filled). */
export function gram(x: Float64Array, rows: number, cols: number): Float64Array {
  const g = new Float64Array(cols * cols);
  let i = 0;
  // Four rows per pass: each load/store of g serves four rank-one updates.
  for (; i + 4 <= rows; i += 4) {
    const r0 = i * cols, r1 = r0 + cols, r2 = r1 + cols, r3 = r2 + cols;
    for (let k = 0; k < cols; k++) {
      const a0 = x[r0 + k], a1 = x[r1 + k], a2 = x[r2 + k], a3 = x[r3 + k];
      if (a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0) continue;
      const gk = k * cols;
      for (let j = k; j < cols; j++) g[gk + j] += a0 * x[r0 + j] + a1 * x[r1 + j] + a2 * x[r2 + j] + a3 * x[r3 + j];
    }
  }
  for (; i < rows; i++) {
    const r0 = i * cols;
    for (let k = 0; k < cols; k++) {
      const a0 = x[r0 + k];
      if (a0 === 0) continue;
      const gk = k * cols;
      for (let j = k; j < cols; j++) g[gk + j] += a0 * x[r0 + j];
    }
  }
  for (let k = 0; k < cols; k++) for (let j = k + 1; j < cols; j++) g[j * cols + k] = g[k * cols + j];
  return g;
}
