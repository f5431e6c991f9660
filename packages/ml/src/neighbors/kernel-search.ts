import type { ExactKernel } from './kernel-exact.js';

/** What every thread of one search reads (shared memory when threads are used) and writes. */
export interface SearchData {
  readonly n: number;
  readonly d: number;
  readonly m: number;
  readonly k: number;
  readonly train: Float64Array;
  readonly query: Float64Array;
  /** Plain float64 squared norms of the training and query rows. */
  readonly tt: Float64Array;
  readonly qq: Float64Array;
  /** [m, k] outputs, nearest first. */
  readonly indices: Int32Array;
  readonly distances: Float64Array;
  /** False: `distances` may hold the ranking arithmetic's values instead of scikit-learn's. */
  readonly withDistances: boolean;
}

/** One block of queries after the projected product: scores [rows, n] and the bound's terms. */
export interface ProjectedBlock {
  readonly scores: Float32Array;
  readonly b0: number;
  /** Per query (all m): |z̃_q|² and the embedding error ε_q. */
  readonly normQ: Float64Array;
  readonly epsQ: Float64Array;
  /** Per training row: the embedding error ε_t, and the largest. */
  readonly epsT: Float64Array;
  readonly epsMax: number;
  readonly normMax: number;
  readonly gammaScore: number;
  readonly tMax: number;
  /** Candidates above which a query is left to the full search. */
  readonly cap: number;
}

/** One block of queries after the full float32 product q·t ([rows, n]); `list` maps block rows to queries. */
export interface MatmulBlock {
  readonly dots: Float32Array;
  readonly b0: number;
  readonly list: Int32Array | null;
  readonly gamma: number;
  readonly tNorm: Float64Array;
  readonly lowTerm: Float64Array;
  readonly normTerm: Float64Array;
}

/**
 * The per-query candidate selection and exact ranking of the matmul searches. Like
 * `exactKernel`, a self-contained factory (it uses only its argument), so worker threads run
 * the same source.
 */
export function searchKernel(E: ExactKernel) {
  /** One thread's ranking state: lazily computed FMA norms and scratch indexed by training row. */
  class Ranker {
    data: SearchData;
    tExact: Float64Array;
    qExact: Float64Array;
    top: InstanceType<ExactKernel['TopK']>;
    first: InstanceType<ExactKernel['TopK']>;
    gamma: number;
    /** at[i]: plain squared distance of row i to the current query, valid where seen[i] is that query. */
    at: Float64Array;
    seen: Int32Array;
    rows: Int32Array;
    order: Int32Array;
    keys: Float64Array;
    keyWords: Uint32Array;
    /** Score window of the single-scan candidate search (projectedQuery); infinite until learnt. */
    window: number;

    constructor(data: SearchData) {
      this.data = data;
      this.tExact = new Float64Array(data.n).fill(Number.NaN);
      this.qExact = new Float64Array(data.m).fill(Number.NaN);
      this.top = new E.TopK(data.k);
      this.first = new E.TopK(data.k);
      this.gamma = E.expandedError(data.d);
      this.at = new Float64Array(data.n);
      this.seen = new Int32Array(data.n).fill(-1);
      this.rows = new Int32Array(data.n);
      this.order = new Int32Array(data.n);
      this.keys = new Float64Array(data.n);
      this.keyWords = new Uint32Array(this.keys.buffer);
      this.window = Number.POSITIVE_INFINITY;
    }

    /** Evaluates row i for query q in plain float64 (the ranking arithmetic) and records it. */
    plain(q: number, i: number): number {
      const { d, query, train, qq, tt } = this.data;
      const v = Math.max(qq[q] + -2 * E.plainDot(query, q * d, train, i * d, d) + tt[i], 0);
      this.at[i] = v;
      this.seen[i] = q;
      return v;
    }

    exactT(i: number): number {
      const v = this.tExact[i];
      if (!Number.isNaN(v)) return v;
      const { d, train } = this.data;
      return (this.tExact[i] = E.fmaDot(train, i * d, train, i * d, d));
    }

    exactQ(q: number): number {
      const v = this.qExact[q];
      if (!Number.isNaN(v)) return v;
      const { d, query } = this.data;
      return (this.qExact[q] = E.fmaDot(query, q * d, query, q * d, d));
    }

    /**
     * Writes query q's k nearest, given its candidates `rows[0..count)` (ascending, evaluated by
     * `plain`): every row that can be among the k nearest. Unless another candidate lies within
     * rounding of the k-th distance, they are the k smallest, whatever the arithmetic and the
     * order of a heap. Otherwise which rows scikit-learn keeps depends on its arithmetic and on
     * its heap's history over all rows: `replay` runs that. `lower(i)` bounds row i's distance
     * (in scikit-learn's arithmetic) from below. Reported distances use that arithmetic too.
     */
    finish(q: number, count: number, lower: ((i: number) => number) | null): void {
      const { top, at, rows, data } = this;
      const { d, k, query, train } = data;
      top.reset();
      for (let c = 0; c < count; c++) top.push(at[rows[c]], rows[c]);
      if (this.nearTie(q, count)) this.replay(q, lower);
      else if (!data.withDistances) {
        top.sorted(data.indices, data.distances, q * k, Math.sqrt);
        return;
      } else {
        const qe = this.exactQ(q);
        for (let j = 0; j < k; j++) top.dist[j] = E.expandedDistance(query, q * d, qe, train, top.idx[j] * d, this.exactT(top.idx[j]), d);
      }
      top.sorted(data.indices, data.distances, q * k, Math.sqrt);
    }

    /**
     * The direct search for query q: every row in order, in scikit-learn's arithmetic, through
     * its heap rule, skipping rows whose lower bound shows the heap would refuse them (a row
     * is refused when its distance is not below the heap's largest).
     */
    replay(q: number, lower: ((i: number) => number) | null): void {
      const { top } = this;
      const { d, n, query, train } = this.data;
      const qe = this.exactQ(q);
      top.reset();
      for (let i = 0; i < n; i++) {
        if (lower && lower(i) > top.worst()) continue;
        top.push(E.expandedDistance(query, q * d, qe, train, i * d, this.exactT(i), d), i);
      }
    }

    /** Whether a candidate other than the k-th lies within both rounding bounds of the k-th distance. */
    nearTie(q: number, count: number): boolean {
      const { top, at, rows, gamma } = this;
      const { tt, qq } = this.data;
      const kthIdx = top.idx[0], kth = top.dist[0], qn = Math.sqrt(qq[q]);
      const kthTol = gamma * (qn + Math.sqrt(tt[kthIdx])) ** 2;
      for (let c = 0; c < count; c++) {
        const i = rows[c];
        if (i === kthIdx) continue;
        // Each of the two distances may be off by its bound in either arithmetic.
        if (Math.abs(at[i] - kth) <= 2 * (kthTol + gamma * (qn + Math.sqrt(tt[i])) ** 2)) return true;
      }
      return false;
    }
  }

  /** The k smallest scores of one query's row (rows kept in `top`). */
  function kSmallest(s: Float32Array, go: number, n: number, top: InstanceType<ExactKernel['TopK']>): void {
    top.reset();
    let worst = Infinity;
    for (let i = 0; i < n; i++) {
      const v = s[go + i];
      if (v < worst) { top.push(v, i); worst = top.worst(); }
    }
  }

  /** kSmallest, also listing (in `out`, returning how many) every row within `window` of the running k-th score. */
  function kSmallestWithin(s: Float32Array, go: number, n: number, top: InstanceType<ExactKernel['TopK']>, window: number, out: Int32Array): number {
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
   * Block row r of a projected search: visits training rows in order of their score (the
   * embedded distance, a lower bound on the true one up to the bound's slack) and evaluates them
   * exactly until the next one's bound exceeds the k-th exact distance found, then ranks those.
   * Returns the number of rows evaluated, or -1 when more than `cap` rows are candidates (the
   * query is left to the full search).
   */
  function projectedQuery(R: Ranker, blk: ProjectedBlock, r: number): number {
    const { n, k, qq, tt } = R.data;
    const { scores: s, normQ, epsQ, epsT } = blk;
    const q = blk.b0 + r, go = r * n;
    // Score s_t = |z̃_t|² - 2 z̃_q·z̃_t, so |z̃_q - z̃_t|² >= s_t - offset with offset = δ - |z̃_q|²
    // (δ: the float32 error of the score), and |q - t| >= |z̃_q - z̃_t| - ε_q - ε_t. A row can
    // therefore be among the k nearest only if s_t <= bound(τ, ε_t) for τ >= the k-th exact distance.
    // The scan uses the largest ε_t; a visited row is skipped without evaluation when its own ε_t rules it out.
    const offset = blk.gammaScore * (Math.sqrt(normQ[q]) + blk.normMax) ** 2 - normQ[q];
    // Room for the rows a near tie with the k-th could bring in: both distances off by their bound, in either arithmetic.
    const exactSlack = 6 * R.gamma * (Math.sqrt(qq[q]) + blk.tMax) ** 2;
    const bound = (tau: number, eps: number) => (Math.sqrt(tau + exactSlack) + epsQ[q] + eps) ** 2 + offset;
    const { first, top, rows, order } = R;
    // One scan finds the k smallest scores and keeps every row within `window` of the running
    // k-th: a superset of the candidates whenever the limit found below is within the window.
    const window = R.window;
    let found = Number.isFinite(window) ? kSmallestWithin(s, go, n, first, window, order) : (kSmallest(s, go, n, first), -1);
    top.reset();
    let count = 0;
    for (let j = 0; j < k; j++) {
      const i = first.idx[j];
      top.push(R.plain(q, i), i);
      rows[count++] = i;
    }
    let tau = top.worst(), limit = bound(tau, blk.epsMax);
    const reach = limit - first.worst();
    if (found >= 0 && reach <= window) found = keepWithin(s, go, order, found, limit);
    else found = collect(s, go, n, limit, order);
    // Windows follow the recent reaches: a decaying maximum with some headroom.
    R.window = Math.max(reach * 1.25, Number.isFinite(window) ? window * 0.98 : 0);
    if (found > blk.cap) return -1;
    const cand = order.subarray(0, found);
    sortByScore(cand, found, s, go, R.keys, R.keyWords);
    for (let c = 0; c < found; c++) {
      const i = cand[c];
      if (s[go + i] > limit) break;
      if (R.seen[i] === q || s[go + i] > bound(tau, epsT[i])) continue;
      const v = R.plain(q, i);
      rows[count++] = i;
      if (v < tau) { top.push(v, i); tau = top.worst(); limit = bound(tau, blk.epsMax); }
    }
    rows.subarray(0, count).sort();
    // For a replay: the same bound, less scikit-learn's rounding (its distance may be below the true one).
    const qn = Math.sqrt(qq[q]);
    R.finish(q, count, (i) => Math.max(Math.sqrt(Math.max(s[go + i] - offset, 0)) - epsQ[q] - epsT[i], 0) ** 2
      - R.gamma * (qn + Math.sqrt(tt[i])) ** 2);
    return count;
  }

  /**
   * Block row r of a full matmul search: approximate distances from the float32 products with a
   * rigorous bound on their error select every row that can be among the k nearest.
   */
  function matmulQuery(R: Ranker, blk: MatmulBlock, r: number): void {
    const { n, k, qq, tt } = R.data;
    const { dots: g, gamma, tNorm, lowTerm, normTerm } = blk;
    const q = blk.list ? blk.list[blk.b0 + r] : blk.b0 + r;
    const qn = Math.sqrt(qq[q]), go = r * n;
    // The k rows with the smallest approximate distance (|t|² - 2 q·t orders them: |q|² is common).
    const { first, rows } = R;
    first.reset();
    let worst = Infinity;
    for (let i = 0; i < n; i++) {
      const v = tt[i] - 2 * g[go + i];
      if (v < worst) { first.push(v, i); worst = first.worst(); }
    }
    // Each true distance is within its bound of the approximation, so the k-th smallest true
    // distance is at most the largest (approximation + bound) among those k rows.
    let limit = -Infinity;
    for (let j = 0; j < k; j++) {
      const i = first.idx[j];
      limit = Math.max(limit, qq[q] + tt[i] - 2 * g[go + i] + gamma * (qq[q] + tt[i] + 2 * qn * tNorm[i]));
    }
    // Candidates: approximation - bound <= limit, with the per-row terms precomputed.
    const threshold = limit - (1 - gamma) * qq[q];
    let count = 0;
    for (let i = 0; i < n; i++) {
      if (lowTerm[i] - qn * normTerm[i] - 2 * g[go + i] <= threshold) { R.plain(q, i); rows[count++] = i; }
    }
    R.finish(q, count, (i) => qq[q] + tt[i] - 2 * g[go + i] - gamma * (qq[q] + tt[i] + 2 * qn * tNorm[i]) - R.gamma * (qn + tNorm[i]) ** 2);
  }

  /** Query q ranked against every training row (for the few queries no bound pruned well). */
  function exhaustiveQuery(R: Ranker, q: number): void {
    const { n } = R.data;
    for (let i = 0; i < n; i++) { R.plain(q, i); R.rows[i] = i; }
    R.finish(q, n, null);
  }

  return { Ranker, projectedQuery, matmulQuery, exhaustiveQuery };
}

export type SearchKernel = ReturnType<typeof searchKernel>;
export type Ranker = InstanceType<SearchKernel['Ranker']>;
