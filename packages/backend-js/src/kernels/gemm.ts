import type { TypedArray } from '@tessera/tensor';

/** Panel sizes of the blocked GEMM: a `depth x cols` panel of B (128 KiB by default) stays in cache. */
export interface GemmBlocking {
  readonly depth: number;
  readonly cols: number;
}

export const GEMM_BLOCKING: GemmBlocking = { depth: 128, cols: 256 };

/** Rows of A (and of the output) updated together, so each value of B loaded serves four rows. */
const ROWS = 4;

/**
 * out[outOffset + i*n + j] = Σ_p A(i, p) * B(p, j) for i < m, j < n, p < k (`+=` when
 * `accumulate`). A is stored row-major as `[m, k]` at aOffset (`[k, m]` when transposeA); B as
 * `[k, n]` at bOffset (`[n, k]` when transposeB).
 *
 * Blocked over k and n: each `kb x nb` block of B is packed into a contiguous panel (this is
 * where transposeB is absorbed), then every group of four rows of A is packed (absorbing
 * transposeA) and multiplied in i-k-j order, so the innermost loop runs along contiguous rows
 * of the panel and of the output.
 */
export function gemm(
  m: number, n: number, k: number,
  a: TypedArray, aOffset: number, transposeA: boolean,
  b: TypedArray, bOffset: number, transposeB: boolean,
  out: Float32Array, outOffset: number, accumulate: boolean,
  blocking: GemmBlocking = GEMM_BLOCKING,
): void {
  if (!accumulate) out.fill(0, outOffset, outOffset + m * n);
  if (m === 0 || n === 0 || k === 0) return;
  const kc = Math.min(blocking.depth, k);
  const nc = Math.min(blocking.cols, n);
  const bPanel = new Float32Array(kc * nc);
  const aPanel = new Float32Array(ROWS * kc);
  for (let j0 = 0; j0 < n; j0 += nc) {
    const nb = Math.min(nc, n - j0);
    for (let p0 = 0; p0 < k; p0 += kc) {
      const kb = Math.min(kc, k - p0);
      packB(b, bOffset, transposeB, n, k, p0, kb, j0, nb, bPanel);
      for (let i0 = 0; i0 < m; i0 += ROWS) {
        const mb = Math.min(ROWS, m - i0);
        packA(a, aOffset, transposeA, m, k, i0, mb, p0, kb, aPanel);
        const c = outOffset + i0 * n + j0;
        if (mb === ROWS) multiply4(aPanel, bPanel, kb, nb, out, c, n);
        else for (let r = 0; r < mb; r++) multiply1(aPanel, r * kb, bPanel, kb, nb, out, c + r * n);
      }
    }
  }
}

/** panel[p * nb + j] = B(p0 + p, j0 + j). */
function packB(
  b: TypedArray, offset: number, transposed: boolean, n: number, k: number,
  p0: number, kb: number, j0: number, nb: number, panel: Float32Array,
): void {
  if (!transposed) {
    for (let p = 0; p < kb; p++) {
      const src = offset + (p0 + p) * n + j0;
      const dst = p * nb;
      for (let j = 0; j < nb; j++) panel[dst + j] = b[src + j];
    }
  } else {
    for (let j = 0; j < nb; j++) {
      const src = offset + (j0 + j) * k + p0;
      for (let p = 0; p < kb; p++) panel[p * nb + j] = b[src + p];
    }
  }
}

/** panel[r * kb + p] = A(i0 + r, p0 + p). */
function packA(
  a: TypedArray, offset: number, transposed: boolean, m: number, k: number,
  i0: number, mb: number, p0: number, kb: number, panel: Float32Array,
): void {
  if (!transposed) {
    for (let r = 0; r < mb; r++) {
      const src = offset + (i0 + r) * k + p0;
      const dst = r * kb;
      for (let p = 0; p < kb; p++) panel[dst + p] = a[src + p];
    }
  } else {
    for (let p = 0; p < kb; p++) {
      const src = offset + (p0 + p) * m + i0;
      for (let r = 0; r < mb; r++) panel[r * kb + p] = a[src + r];
    }
  }
}

function multiply4(
  aPanel: Float32Array, bPanel: Float32Array, kb: number, nb: number,
  out: Float32Array, c0: number, n: number,
): void {
  const c1 = c0 + n;
  const c2 = c1 + n;
  const c3 = c2 + n;
  for (let p = 0; p < kb; p++) {
    const a0 = aPanel[p];
    const a1 = aPanel[kb + p];
    const a2 = aPanel[2 * kb + p];
    const a3 = aPanel[3 * kb + p];
    const row = p * nb;
    for (let j = 0; j < nb; j++) {
      const bv = bPanel[row + j];
      out[c0 + j] += a0 * bv;
      out[c1 + j] += a1 * bv;
      out[c2 + j] += a2 * bv;
      out[c3 + j] += a3 * bv;
    }
  }
}

function multiply1(
  aPanel: Float32Array, aStart: number, bPanel: Float32Array, kb: number, nb: number,
  out: Float32Array, c: number,
): void {
  for (let p = 0; p < kb; p++) {
    const av = aPanel[aStart + p];
    const row = p * nb;
    for (let j = 0; j < nb; j++) out[c + j] += av * bPanel[row + j];
  }
}
