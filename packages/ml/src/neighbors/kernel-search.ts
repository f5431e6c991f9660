import type { ExactKernel } from './kernel-exact.js';

/** What every thread of one search reads (shared memory when threads are used) and writes. */
export interface SearchData {
  readonly n: number;
  readonly d: number;
  readonly m: number;
  readonly k: number;
  /** Plain float64 squared norms of the training and query rows. */
  readonly tt: Float64Array;
  readonly qq: Float64Array;
  /** [m, k] outputs, nearest first. */
  readonly indices: Int32Array;
  readonly distances: Float64Array;
  /** False: `distances` may hold the ranking arithmetic's values instead of scikit-learn's. */
  readonly withDistances: boolean;
}

/**
 * The float64 rows the exact ranking reads. A thread without them (a worker of a projected
 * search, whose rows need not be in shared memory) hands its candidates to one that has them.
 */
export interface ExactRows {
  readonly train: Float64Array;
  readonly query: Float64Array;
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
  /** Centred float32 rows in the projection's column order ([n, d] and [m, d]) and their float64 norms. */
  readonly trainC: Float32Array;
  readonly queryC: Float32Array;
  readonly normCT: Float64Array;
  readonly normCQ: Float64Array;
  /** Per block row: up to `listMax` candidates a worker hands over for exact ranking, and how many (-1: too many). */
  readonly lists: Int32Array;
  readonly listCount: Int32Array;
  readonly listMax: number;
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
 * The per-query ranking state and the full-product search. Like `exactKernel`, a
 * self-contained factory (it uses only its argument), so worker threads run the same source.
 */
export function searchKernel(E: ExactKernel) {
  /** One thread's ranking state: lazily computed FMA norms and scratch indexed by training row. */
  class Ranker {
    data: SearchData;
    exact: ExactRows | null;
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
    /** low[i]: lower bound on row i's squared distance from the first, approximate evaluation. */
    low: Float64Array;
    /** Score window of the single-scan candidate search (projected kernel); infinite until learnt. */
    window: number;
    /** Rows the last projected query evaluated approximately. */
    evaluated: number;

    constructor(data: SearchData, exact: ExactRows | null) {
      this.data = data;
      this.exact = exact;
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
      this.low = new Float64Array(data.n);
      this.window = Number.POSITIVE_INFINITY;
      this.evaluated = 0;
    }

    rows64(): ExactRows {
      if (!this.exact) throw new Error('Ranker: this thread has no float64 rows (exact ranking belongs to the calling thread)');
      return this.exact;
    }

    /** Evaluates row i for query q in plain float64 (the ranking arithmetic) and records it. */
    plain(q: number, i: number): number {
      const { d, qq, tt } = this.data;
      const { query, train } = this.rows64();
      const v = Math.max(qq[q] + -2 * E.plainDot(query, q * d, train, i * d, d) + tt[i], 0);
      this.at[i] = v;
      this.seen[i] = q;
      return v;
    }

    exactT(i: number): number {
      const v = this.tExact[i];
      if (!Number.isNaN(v)) return v;
      const { d } = this.data;
      const { train } = this.rows64();
      return (this.tExact[i] = E.fmaDot(train, i * d, train, i * d, d));
    }

    exactQ(q: number): number {
      const v = this.qExact[q];
      if (!Number.isNaN(v)) return v;
      const { d } = this.data;
      const { query } = this.rows64();
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
      const { d, k } = data;
      const { query, train } = this.rows64();
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
      const { d, n } = this.data;
      const { query, train } = this.rows64();
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

  return { Ranker, matmulQuery, exhaustiveQuery };
}

export type SearchKernel = ReturnType<typeof searchKernel>;
export type Ranker = InstanceType<SearchKernel['Ranker']>;
