import type { ExactKernel } from './kernel-exact.js';
import type { ProjectedBlock, Ranker } from './kernel-search.js';

/**
 * The per-query work of the projected search, in two stages. The first runs on any thread and
 * reads only float32 rows: it visits training rows in order of their embedded distance and
 * keeps those that can be among the k nearest. The second ranks those few in float64 on the
 * thread that has the float64 rows. Self-contained like `exactKernel` (worker threads run its
 * source text).
 */
export function projectedKernel() {
  type TopK = InstanceType<ExactKernel['TopK']>;
  const U32 = 2 ** -24;
  const U64 = 2 ** -53;
  /** Rows of centred values summed between two checks against the row's stop value. */
  const STRIDE = 32;

  /** The k smallest scores of one query's row (rows kept in `top`). */
  function kSmallest(s: Float32Array, go: number, n: number, top: TopK): void {
    top.reset();
    let worst = Infinity;
    for (let i = 0; i < n; i++) {
      const v = s[go + i];
      if (v < worst) { top.push(v, i); worst = top.worst(); }
    }
  }

  /** kSmallest, also listing (in `out`, returning how many) every row within `window` of the running k-th score. */
  function kSmallestWithin(s: Float32Array, go: number, n: number, top: TopK, window: number, out: Int32Array): number {
    top.reset();
    let worst = Infinity, reach = Infinity, count = 0;
    for (let i = 0; i < n; i++) {
      const v = s[go + i];
      if (v <= reach) {
        out[count++] = i;
        if (v < worst) { top.push(v, i); worst = top.worst(); reach = worst + window; }
      }
    }
    return count;
  }

  /** Keeps the listed rows whose score is at most `limit` (in order); returns how many. */
  function keepWithin(s: Float32Array, go: number, rows: Int32Array, count: number, limit: number): number {
    let kept = 0;
    for (let c = 0; c < count; c++) if (s[go + rows[c]] <= limit) rows[kept++] = rows[c];
    return kept;
  }

  /** Rows whose score is at most `limit`, in index order, into `out`; returns how many. */
  function collect(s: Float32Array, go: number, n: number, limit: number, out: Int32Array): number {
    let count = 0;
    for (let i = 0; i < n; i++) if (s[go + i] <= limit) out[count++] = i;
    return count;
  }

  /** The low 32-bit word of a float64 in a Uint32Array view (0 on little-endian hosts). */
  const LOW = new Uint8Array(new Float64Array([1]).buffer)[0] === 0 ? 0 : 1;

  /**
   * Sorts `rows[0..count)` by score. A float32 score widened to float64 leaves the low 29
   * mantissa bits zero: the row index goes there, so a native numeric sort of the keys orders
   * the rows (ties in any order) without a comparator.
   */
  function sortByScore(rows: Int32Array, count: number, s: Float32Array, go: number, keys: Float64Array, words: Uint32Array): void {
    for (let c = 0; c < count; c++) {
      const v = s[go + rows[c]];
      if (!Number.isFinite(v)) { rows.subarray(0, count).sort((a, b) => s[go + a] - s[go + b]); return; }
      keys[c] = v;
      words[2 * c + LOW] |= rows[c];
    }
    keys.subarray(0, count).sort();
    for (let c = 0; c < count; c++) rows[c] = words[2 * c + LOW] & 0x1fffffff;
  }

  /**
   * Σ (a_j - b_j)² over d values in float64, returning early, with the partial sum, once that
   * exceeds `stop` (the terms are never negative, so the full sum would exceed it too).
   */
  function centredDistance(a: Float32Array, ao: number, b: Float32Array, bo: number, d: number, stop: number): number {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, j = 0;
    while (j + STRIDE <= d) {
      for (const end = j + STRIDE; j < end; j += 4) {
        const t0 = a[ao + j] - b[bo + j], t1 = a[ao + j + 1] - b[bo + j + 1];
        const t2 = a[ao + j + 2] - b[bo + j + 2], t3 = a[ao + j + 3] - b[bo + j + 3];
        s0 += t0 * t0; s1 += t1 * t1; s2 += t2 * t2; s3 += t3 * t3;
      }
      const partial = (s0 + s1) + (s2 + s3);
      if (partial > stop) return partial;
    }
    for (; j < d; j++) { const t = a[ao + j] - b[bo + j]; s0 += t * t; }
    return (s0 + s1) + (s2 + s3);
  }

  /** The terms of a query's bounds that do not depend on the training row. */
  function queryTerms(R: Ranker, blk: ProjectedBlock, q: number) {
    const { d, qq } = R.data;
    // Score s_t = |z̃_t|² - 2 z̃_q·z̃_t, so |z̃_q - z̃_t|² >= s_t - offset with offset = δ - |z̃_q|²
    // (δ: the float32 error of the score), and |q - t| >= |z̃_q - z̃_t| - ε_q - ε_t.
    const offset = blk.gammaScore * (Math.sqrt(blk.normQ[q]) + blk.normMax) ** 2 - blk.normQ[q];
    // Room for the rows a near tie with the k-th could bring in: both distances off by their bound, in either arithmetic.
    const exactSlack = 6 * R.gamma * (Math.sqrt(qq[q]) + blk.tMax) ** 2;
    // A centred float32 row is within unit·|x - μ| + tiny of the exact centred row (float64
    // subtraction, float32 rounding, float32 underflow), so |q - t| is within e_q + e_t of the
    // distance between the float32 rows, whose float64 sum of squares is off by a factor 1 ± g.
    const unit = U32 + (d + 8) * U64, tiny = Math.sqrt(d) * 2 ** -149;
    const g = ((d + 4) * U64) / (1 - (d + 4) * U64) + 16 * U64;
    return { offset, exactSlack, unit, tiny, g, eq: unit * blk.normCQ[q] + tiny };
  }

  /**
   * First stage for block row r: visits training rows in order of their score (a lower bound on
   * the true distance up to the bound's slack) and measures them on the centred float32 rows,
   * until the next row's bound exceeds τ, the k-th smallest upper bound found. Leaves in
   * `R.rows` (returning how many, in no order) every row whose distance can come within
   * rounding of the k-th: at least the k nearest and their near ties. Returns -1 when more than
   * `cap` rows are within reach of the scores (the query is left to the full search).
   */
  function projectedCandidates(R: Ranker, blk: ProjectedBlock, r: number, cap = blk.cap): number {
    const { n, d, k } = R.data;
    const { scores: s, epsQ, epsT, trainC, queryC, normCT } = blk;
    const q = blk.b0 + r, go = r * n, qo = q * d;
    const { offset, exactSlack, unit, tiny, g, eq } = queryTerms(R, blk, q);
    const bound = (tau: number, eps: number) => (Math.sqrt(tau + exactSlack) + epsQ[q] + eps) ** 2 + offset;
    const { first, top, rows, order, seen, low } = R;
    R.evaluated = 0;
    let count = 0;
    // One row's measurement: its lower bound goes to low[i]; returns its upper bound, or
    // Infinity once the partial sum shows its distance exceeds τ plus the tie room.
    const measure = (i: number, tau: number): number => {
      const e = eq + unit * normCT[i] + tiny;
      const stop = (Math.sqrt(tau + exactSlack) + e) ** 2 * (1 + 2 * g);
      const v = centredDistance(queryC, qo, trainC, i * d, d, stop);
      seen[i] = q;
      R.evaluated++;
      if (v > stop) return Infinity;
      low[i] = Math.max(Math.sqrt(v * (1 - g)) - e, 0) ** 2 * (1 - 8 * U64);
      rows[count++] = i;
      return (Math.sqrt(v * (1 + 2 * g)) + e) ** 2 * (1 + 8 * U64);
    };
    // One scan finds the k smallest scores and keeps every row within `window` of the running
    // k-th: a superset of the candidates whenever the limit found below is within the window.
    const window = R.window;
    let found = Number.isFinite(window) ? kSmallestWithin(s, go, n, first, window, order) : (kSmallest(s, go, n, first), -1);
    top.reset();
    for (let j = 0; j < k; j++) top.push(measure(first.idx[j], Infinity), first.idx[j]);
    let tau = top.worst(), limit = bound(tau, blk.epsMax);
    const reach = limit - first.worst();
    if (found >= 0 && reach <= window) found = keepWithin(s, go, order, found, limit);
    else found = collect(s, go, n, limit, order);
    // Windows follow the recent reaches: a decaying maximum with some headroom.
    R.window = Math.max(reach * 1.25, Number.isFinite(window) ? window * 0.98 : 0);
    if (found > cap) return -1;
    const cand = order.subarray(0, found);
    sortByScore(cand, found, s, go, R.keys, R.keyWords);
    for (let c = 0; c < found; c++) {
      const i = cand[c];
      if (s[go + i] > limit) break;
      if (seen[i] === q || s[go + i] > bound(tau, epsT[i])) continue;
      const up = measure(i, tau);
      if (up < tau) { top.push(up, i); tau = top.worst(); limit = bound(tau, blk.epsMax); }
    }
    // τ has only come down since each row was kept: drop those now out of reach.
    const reachable = tau + exactSlack;
    let kept = 0;
    for (let c = 0; c < count; c++) if (low[rows[c]] <= reachable) rows[kept++] = rows[c];
    return kept;
  }

  /** Second stage for block row r: ranks the candidates `R.rows[0..count)` in float64 (needs the float64 rows). */
  function projectedFinish(R: Ranker, blk: ProjectedBlock, r: number, count: number): void {
    const { n, qq, tt } = R.data;
    const { scores: s, epsQ, epsT } = blk;
    const q = blk.b0 + r, go = r * n;
    const { rows } = R;
    for (let c = 0; c < count; c++) R.plain(q, rows[c]);
    rows.subarray(0, count).sort();
    const { offset } = queryTerms(R, blk, q);
    // For a replay: the score bound, less scikit-learn's rounding (its distance may be below the true one).
    const qn = Math.sqrt(qq[q]);
    R.finish(q, count, (i) => Math.max(Math.sqrt(Math.max(s[go + i] - offset, 0)) - epsQ[q] - epsT[i], 0) ** 2
      - R.gamma * (qn + Math.sqrt(tt[i])) ** 2);
  }

  /** A worker's candidates for block row r into the block's lists (count -1 when they do not fit). */
  function handOver(R: Ranker, blk: ProjectedBlock, r: number, count: number): void {
    if (count > blk.listMax) { blk.listCount[r] = -1; return; }
    blk.lists.set(R.rows.subarray(0, count), r * blk.listMax);
    blk.listCount[r] = count;
  }

  /** Ranks block row r from a worker's list, or from scratch when the list did not fit. */
  function takeOver(R: Ranker, blk: ProjectedBlock, r: number): void {
    let count = blk.listCount[r];
    if (count >= 0) R.rows.set(blk.lists.subarray(r * blk.listMax, r * blk.listMax + count));
    else count = projectedCandidates(R, blk, r, Infinity);
    projectedFinish(R, blk, r, count);
  }

  return { projectedCandidates, projectedFinish, handOver, takeOver, centredDistance };
}

export type ProjectedKernel = ReturnType<typeof projectedKernel>;
