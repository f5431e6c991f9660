import { fail, type Generator } from '@tessera/tensor';
import { Estimator } from '../core/estimator.js';
import { checkMatrix, checkMatrixAsync, Matrix, type MatrixLike } from '../core/matrix.js';
import { param, type ParamsOf } from '../core/params.js';
import { DesignMatrix } from '../core/design.js';

const PARAMS = {
  nClusters: param.int(8, 'Number of clusters.', { min: 1 }),
  init: param.oneOf('k-means++', ['k-means++', 'random'], "'k-means++': greedy k-means++ seeding (2 + ln k candidates per centre); 'random': k distinct random rows."),
  nInit: param.int(10, 'Independent seedings; the run with the lowest inertia is kept.', { min: 1 }),
  maxIter: param.int(300, 'Maximum Lloyd iterations per run.', { min: 1 }),
  tol: param.number(1e-4, 'Converged when the squared centre shift is at most tol times the mean feature variance.', { min: 0 }),
  randomState: param.seed(),
} as const;

interface State {
  readonly nFeaturesIn: number;
  readonly clusterCenters: Matrix;
  readonly labels: Int32Array;
  readonly inertia: number;
  readonly nIter: number;
}

export interface Run { centers: Float64Array; labels: Int32Array; inertia: number; iterations: number }

/**
 * k-means clustering by Lloyd's algorithm with k-means++ seeding and restarts (scikit-learn's
 * `KMeans`). Distances to the centres come from ||x||² - 2 x·c + ||c||², with the products on
 * the active backend's matmul for large inputs. The best run is then refined by Hartigan's
 * single-row moves, which a Lloyd fixed point can still admit: a lower inertia than Lloyd's
 * alone from the same start, and a more consistent one across seeds.
 *
 * ```ts
 * const km = await new KMeans({ nClusters: 2, randomState: 0 }).fit([[0], [0.1], [5], [5.2]]);
 * km.labels_;    // e.g. Int32Array [1, 1, 0, 0]
 * km.inertia_;   // 0.025
 * ```
 */
export class KMeans extends Estimator<typeof PARAMS, State> {
  readonly estimatorType = 'clusterer' as const;

  constructor(params: Partial<ParamsOf<typeof PARAMS>> = {}) {
    super('KMeans', PARAMS, params);
  }

  get clusterCenters_(): Matrix { return this.fitted('clusterCenters_').clusterCenters; }
  get labels_(): Int32Array { return this.fitted('labels_').labels; }
  /** Sum of squared distances of the training rows to their closest centre. */
  get inertia_(): number { return this.fitted('inertia_').inertia; }
  get nIter_(): number { return this.fitted('nIter_').nIter; }
  get nFeaturesIn_(): number { return this.fitted('nFeaturesIn_').nFeaturesIn; }

  async fit(X: MatrixLike): Promise<this> {
    const op = `${this.estimatorName}.fit`;
    const m = await checkMatrixAsync(op, X);
    const k = this.params.nClusters;
    if (k > m.rows) fail(op, `nClusters ${k} > number of samples ${m.rows}`);
    const { rows: n, cols: d, data } = m;
    let meanVar = 0;
    for (let j = 0; j < d; j++) {
      let s = 0, s2 = 0;
      for (let i = 0; i < n; i++) { const v = data[i * d + j]; s += v; s2 += v * v; }
      meanVar += s2 / n - (s / n) ** 2;
    }
    const tol = this.params.tol * (meanVar / d);
    const norms = new Float64Array(n);
    for (let i = 0; i < n; i++) { let s = 0; for (let j = 0; j < d; j++) s += data[i * d + j] ** 2; norms[i] = s; }
    const design = DesignMatrix.for(m, k);
    const g = this.generator();
    let best: Run | undefined;
    try {
      for (let r = 0; r < this.params.nInit; r++) {
        // Each restart seeds from its own sub-stream, so restart r does not depend on the draws of the others.
        const stream = g.fork();
        const seeds = this.params.init === 'k-means++' ? kmeansPlusPlus(m, design, norms, k, stream) : randomRows(m, k, stream);
        const run = lloyd(m, design, norms, seeds, k, this.params.maxIter, tol);
        if (!best || run.inertia < best.inertia) best = run;
      }
    } finally {
      design.dispose();
    }
    const b = best as Run;
    hartigan(m, b);
    this.state = { nFeaturesIn: d, clusterCenters: new Matrix(b.centers, k, d), labels: b.labels, inertia: b.inertia, nIter: b.iterations };
    return this;
  }

  /** Index of the closest centre for each row. */
  predict(X: MatrixLike): Int32Array {
    const { clusterCenters: c, nFeaturesIn } = this.fitted('predict');
    const q = checkMatrix(`${this.estimatorName}.predict`, X, { nFeatures: nFeaturesIn });
    return nearest(q, c.data, c.rows).labels;
  }

  async fitPredict(X: MatrixLike): Promise<Int32Array> {
    await this.fit(X);
    return this.labels_;
  }

  /** Distances from each row to every centre: [n, nClusters]. */
  transform(X: MatrixLike): Matrix {
    const { clusterCenters: c, nFeaturesIn } = this.fitted('transform');
    const q = checkMatrix(`${this.estimatorName}.transform`, X, { nFeatures: nFeaturesIn });
    const out = new Float64Array(q.rows * c.rows);
    for (let i = 0; i < q.rows; i++) for (let j = 0; j < c.rows; j++) {
      let s = 0;
      for (let f = 0; f < q.cols; f++) s += (q.data[i * q.cols + f] - c.data[j * q.cols + f]) ** 2;
      out[i * c.rows + j] = Math.sqrt(s);
    }
    return new Matrix(out, q.rows, c.rows);
  }

  /** Negative inertia of X under the fitted centres (higher is better, as in scikit-learn). */
  score(X: MatrixLike): number {
    const { clusterCenters: c, nFeaturesIn } = this.fitted('score');
    const q = checkMatrix(`${this.estimatorName}.score`, X, { nFeatures: nFeaturesIn });
    return -nearest(q, c.data, c.rows).inertia;
  }
}

/** Closest centre by exact squared distance (used for prediction on small query sets). */
function nearest(q: Matrix, centers: Float64Array, k: number): { labels: Int32Array; inertia: number } {
  const d = q.cols, labels = new Int32Array(q.rows);
  let inertia = 0;
  for (let i = 0; i < q.rows; i++) {
    let best = Infinity, arg = 0;
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (q.data[i * d + j] - centers[c * d + j]) ** 2;
      if (s < best) { best = s; arg = c; }
    }
    labels[i] = arg; inertia += best;
  }
  return { labels, inertia };
}

/**
 * Greedy k-means++: each new centre is the best (lowest potential) of 2 + ln k candidates drawn
 * with probability proportional to D². Candidate distances come from one product X Cᵀ.
 */
function kmeansPlusPlus(m: Matrix, design: DesignMatrix, norms: Float64Array, k: number, g: Generator): Float64Array {
  const { rows: n, cols: d, data } = m;
  const centers = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  const first = g.randomInts(1, n)[0];
  centers.set(data.subarray(first * d, first * d + d), 0);
  const closest = new Float64Array(n);
  const firstDots = design.times(data.slice(first * d, first * d + d), 1);
  for (let i = 0; i < n; i++) closest[i] = Math.max(norms[i] - 2 * firstDots[i] + norms[first], 0);
  const cumulative = new Float64Array(n);
  const candidateRows = new Float64Array(trials * d);
  const candidates = new Int32Array(trials);
  for (let c = 1; c < k; c++) {
    let acc = 0;
    for (let i = 0; i < n; i++) { acc += closest[i]; cumulative[i] = acc; }
    const draws = g.uniformValues(trials);
    for (let t = 0; t < trials; t++) {
      const target = draws[t] * acc;
      let lo = 0, hi = n - 1;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (cumulative[mid] <= target) lo = mid + 1; else hi = mid; }
      candidates[t] = lo;
      candidateRows.set(data.subarray(lo * d, lo * d + d), t * d);
    }
    const dots = design.times(candidateRows, trials);
    let bestPotential = Infinity, best = 0;
    for (let t = 0; t < trials; t++) {
      let pot = 0;
      const cn = norms[candidates[t]];
      for (let i = 0; i < n; i++) pot += Math.min(closest[i], Math.max(norms[i] - 2 * dots[i * trials + t] + cn, 0));
      if (pot < bestPotential) { bestPotential = pot; best = t; }
    }
    const cn = norms[candidates[best]];
    for (let i = 0; i < n; i++) closest[i] = Math.min(closest[i], Math.max(norms[i] - 2 * dots[i * trials + best] + cn, 0));
    centers.set(candidateRows.subarray(best * d, best * d + d), c * d);
  }
  return centers;
}

function randomRows(m: Matrix, k: number, g: Generator): Float64Array {
  const perm = g.permutation(m.rows), d = m.cols, centers = new Float64Array(k * d);
  for (let c = 0; c < k; c++) centers.set(m.data.subarray(perm[c] * d, perm[c] * d + d), c * d);
  return centers;
}

/** Assignment of each row to its closest centre, from one product X Cᵀ. */
function assign(design: DesignMatrix, norms: Float64Array, centers: Float64Array, k: number, d: number, labels: Int32Array, dist: Float64Array): void {
  const n = norms.length;
  const dots = design.times(centers, k);
  const cn = new Float64Array(k);
  for (let c = 0; c < k; c++) { let s = 0; for (let j = 0; j < d; j++) s += centers[c * d + j] ** 2; cn[c] = s; }
  for (let i = 0; i < n; i++) {
    let best = Infinity, arg = 0;
    for (let c = 0; c < k; c++) {
      const v = norms[i] - 2 * dots[i * k + c] + cn[c];
      if (v < best) { best = v; arg = c; }
    }
    labels[i] = arg; dist[i] = Math.max(best, 0);
  }
}

function lloyd(m: Matrix, design: DesignMatrix, norms: Float64Array, init: Float64Array, k: number, maxIter: number, tol: number): Run {
  const { rows: n, cols: d, data } = m;
  let centers = Float64Array.from(init);
  const labels = new Int32Array(n), dist = new Float64Array(n);
  const sums = new Float64Array(k * d), counts = new Int32Array(k);
  let iterations = 0;
  for (let it = 0; it < maxIter; it++) {
    iterations = it + 1;
    assign(design, norms, centers, k, d, labels, dist);
    sums.fill(0); counts.fill(0);
    for (let i = 0; i < n; i++) {
      const c = labels[i]; counts[c]++;
      const so = c * d, xo = i * d;
      for (let j = 0; j < d; j++) sums[so + j] += data[xo + j];
    }
    // An empty cluster takes the row farthest from its centre, as scikit-learn relocates them.
    for (let c = 0; c < k; c++) {
      if (counts[c] > 0) continue;
      let far = 0;
      for (let i = 1; i < n; i++) if (dist[i] > dist[far]) far = i;
      const old = labels[far];
      counts[old]--; counts[c] = 1; dist[far] = 0;
      for (let j = 0; j < d; j++) { sums[old * d + j] -= data[far * d + j]; sums[c * d + j] = data[far * d + j]; }
      labels[far] = c;
    }
    const next = new Float64Array(k * d);
    let shift = 0;
    for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) {
      const v = counts[c] > 0 ? sums[c * d + j] / counts[c] : centers[c * d + j];
      next[c * d + j] = v;
      shift += (v - centers[c * d + j]) ** 2;
    }
    centers = next;
    if (shift <= tol) break;
  }
  // Final assignment with exact distances, so labels and inertia match the returned centres.
  const exact = nearest(m, centers, k);
  return { centers, labels: exact.labels, inertia: exact.inertia, iterations };
}

/** Largest number of passes of Hartigan's refinement (each pass visits every row once). */
const HARTIGAN_PASSES = 50;

/**
 * Hartigan's single-row moves from a Lloyd fixed point: moving row i from cluster a to b
 * changes the inertia by n_b/(n_b+1)|x_i - c_b|² - n_a/(n_a-1)|x_i - c_a|² (both centres move
 * with it), while Lloyd's assignment only compares |x_i - c_b|² with |x_i - c_a|². Improving
 * moves are made one at a time until a pass makes none; the labels then follow the nearest
 * centres, as after a Lloyd run.
 */
export function hartigan(m: Matrix, run: Run): void {
  const { rows: n, cols: d, data } = m;
  const { centers, labels } = run;
  const k = centers.length / d;
  const counts = new Int32Array(k), dist = new Float64Array(k);
  for (let i = 0; i < n; i++) counts[labels[i]]++;
  for (let pass = 0, moved = true; moved && pass < HARTIGAN_PASSES; pass++) {
    moved = false;
    for (let i = 0; i < n; i++) {
      const a = labels[i];
      if (counts[a] <= 1) continue;
      const xo = i * d;
      squaredDistances(data, xo, centers, k, d, dist);
      let to = -1, best = (counts[a] / (counts[a] - 1)) * dist[a];
      for (let c = 0; c < k; c++) {
        if (c === a) continue;
        const cost = (counts[c] / (counts[c] + 1)) * dist[c];
        // A move must gain more than rounding, or equal costs could trade a row back and forth.
        if (cost < best * (1 - 1e-12)) { best = cost; to = c; }
      }
      if (to < 0) continue;
      const na = counts[a], nb = counts[to];
      for (let j = 0; j < d; j++) {
        const x = data[xo + j];
        centers[a * d + j] = (centers[a * d + j] * na - x) / (na - 1);
        centers[to * d + j] = (centers[to * d + j] * nb + x) / (nb + 1);
      }
      counts[a] = na - 1; counts[to] = nb + 1; labels[i] = to; moved = true;
    }
  }
  const exact = nearest(m, centers, k);
  run.labels = exact.labels;
  run.inertia = exact.inertia;
}

/** |x - c|² for every centre, four centres per sweep over x (each x_j loaded once per four). */
function squaredDistances(data: Float64Array, xo: number, centers: Float64Array, k: number, d: number, out: Float64Array): void {
  let c = 0;
  for (; c + 4 <= k; c += 4) {
    const o0 = c * d, o1 = o0 + d, o2 = o1 + d, o3 = o2 + d;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let j = 0; j < d; j++) {
      const x = data[xo + j];
      const t0 = x - centers[o0 + j], t1 = x - centers[o1 + j], t2 = x - centers[o2 + j], t3 = x - centers[o3 + j];
      s0 += t0 * t0; s1 += t1 * t1; s2 += t2 * t2; s3 += t3 * t3;
    }
    out[c] = s0; out[c + 1] = s1; out[c + 2] = s2; out[c + 3] = s3;
  }
  for (; c < k; c++) {
    let s = 0;
    for (let j = 0; j < d; j++) { const t = data[xo + j] - centers[c * d + j]; s += t * t; }
    out[c] = s;
  }
}
