/**
 * The float64 arithmetic of the neighbour search and the per-query ranking state.
 *
 * Everything is defined inside one factory that references nothing outside its own body, so
 * its source text (`exactKernel.toString()`) also runs in the search's worker threads (see
 * query-pool.ts): the same code ranks queries on every thread.
 */
export function exactKernel() {
  /** 2^27 + 1, Veltkamp's splitting constant for float64. */
  const SPLIT = 134217729;
  const U64 = 2 ** -53;

  /**
   * The k smallest (distance, index) pairs, kept in a max-heap updated exactly like
   * scikit-learn's `heap_push` (a value equal to the current maximum is not admitted; the root
   * is replaced and sifted down), so among equal distances the same rows survive as in its
   * brute-force search. `sorted()` returns them nearest first (equal distances: smaller index).
   */
  class TopK {
    k: number;
    dist: Float64Array;
    idx: Int32Array;
    order: number[];
    constructor(k: number) {
      this.k = k;
      this.dist = new Float64Array(k);
      this.idx = new Int32Array(k);
      this.order = [];
      for (let j = 0; j < k; j++) this.order.push(j);
    }

    reset(): void { this.dist.fill(Number.POSITIVE_INFINITY); this.idx.fill(0); }

    push(val: number, i: number): void {
      const { k, dist, idx } = this;
      if (val >= dist[0]) return;
      let cur = 0;
      for (;;) {
        const l = 2 * cur + 1, r = l + 1;
        let swap: number;
        if (l >= k) break;
        else if (r >= k) { if (dist[l] > val) swap = l; else break; }
        else if (dist[l] >= dist[r]) { if (val < dist[l]) swap = l; else break; }
        else { if (val < dist[r]) swap = r; else break; }
        dist[cur] = dist[swap]; idx[cur] = idx[swap];
        cur = swap;
      }
      dist[cur] = val; idx[cur] = i;
    }

    worst(): number { return this.dist[0]; }

    /** Writes the kept pairs nearest first into the outputs at `offset`, distances through `transform`. */
    sorted(outIdx: Int32Array, outDist: Float64Array, offset: number, transform: (v: number) => number): void {
      const { dist, idx, order } = this;
      for (let j = 0; j < this.k; j++) order[j] = j;
      order.sort((a, b) => dist[a] - dist[b] || idx[a] - idx[b]);
      for (let r = 0; r < this.k; r++) { outIdx[offset + r] = idx[order[r]]; outDist[offset + r] = transform(dist[order[r]]); }
    }
  }

  /**
   * Σ a_j b_j accumulated with fused multiply-adds (each step a*b + s rounded once), the
   * arithmetic of the BLAS dot products scikit-learn's distances come from. Exact ties and their
   * breaking depend on these last bits; the product is split exactly (Dekker) to emulate the FMA.
   */
  function fmaDot(a: Float64Array, ao: number, b: Float64Array, bo: number, d: number): number {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const x = a[ao + j], y = b[bo + j];
      const p = x * y;
      const cx = SPLIT * x, xh = cx - (cx - x), xl = x - xh;
      const cy = SPLIT * y, yh = cy - (cy - y), yl = y - yh;
      const e = ((xh * yh - p) + xh * yl + xl * yh) + xl * yl;
      const t = p + s, bb = t - p;
      const err = (p - (t - bb)) + (s - bb);
      s = t + (err + e);
    }
    return s;
  }

  /** Σ a_j b_j in four interleaved float64 sums: fast, and within the same error bound as any order. */
  function plainDot(a: Float64Array, ao: number, b: Float64Array, bo: number, d: number): number {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    const end = ao + d - (d & 3);
    let i = ao, j = bo;
    for (; i < end; i += 4, j += 4) {
      s0 += a[i] * b[j];
      s1 += a[i + 1] * b[j + 1];
      s2 += a[i + 2] * b[j + 2];
      s3 += a[i + 3] * b[j + 3];
    }
    for (; i < ao + d; i++, j++) s0 += a[i] * b[j];
    return (s0 + s1) + (s2 + s3);
  }

  function plainNorms(data: Float64Array, rows: number, d: number): Float64Array {
    const out = new Float64Array(rows);
    for (let i = 0; i < rows; i++) out[i] = plainDot(data, i * d, data, i * d, d);
    return out;
  }

  function fmaNorms(data: Float64Array, rows: number, d: number): Float64Array {
    const out = new Float64Array(rows);
    for (let i = 0; i < rows; i++) out[i] = fmaDot(data, i * d, data, i * d, d);
    return out;
  }

  /** Squared euclidean distance as ||q||² + (-2 q·t) + ||t||², clamped at 0 (scikit-learn's form). */
  function expandedDistance(a: Float64Array, ao: number, aa: number, b: Float64Array, bo: number, bb: number, d: number): number {
    return Math.max(aa + -2 * fmaDot(a, ao, b, bo, d) + bb, 0);
  }

  /**
   * Bound on how far a squared distance computed in the expanded form (any summation order,
   * FMA or not) can lie from the true one, per unit of (|q| + |t|)²: γ(d + 4) = (d + 4) u / (1 - (d + 4) u).
   */
  function expandedError(d: number): number {
    return ((d + 4) * U64) / (1 - (d + 4) * U64);
  }

  return { TopK, fmaDot, plainDot, plainNorms, fmaNorms, expandedDistance, expandedError };
}

export type ExactKernel = ReturnType<typeof exactKernel>;
