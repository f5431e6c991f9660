import { SplitterRandom } from './splitter-random.js';
import type { BinnedData } from './binning.js';
import { LEAF, type TreeArrays } from './tree-arrays.js';

export type Criterion = 'gini' | 'entropy' | 'squared_error';

export interface GrowOptions {
  readonly criterion: Criterion;
  /** -1: unlimited. */
  readonly maxDepth: number;
  readonly minSamplesSplit: number;
  readonly minSamplesLeaf: number;
  /** Non-constant features examined per split. */
  readonly maxFeatures: number;
  readonly minImpurityDecrease: number;
}

/** Classification labels (nClasses > 0) or regression targets. */
export interface GrowTarget {
  readonly nClasses: number;
  readonly classes?: Int32Array;
  readonly values?: Float64Array;
}

/** Values closer than this count as equal when splitting (scikit-learn's FEATURE_THRESHOLD). */
const FEATURE_THRESHOLD = 1e-7;

function impurityOf(criterion: Criterion, stat: Float64Array, o: number, width: number, w: number, sq: number): number {
  if (w <= 0) return 0;
  if (criterion === 'squared_error') { const mean = stat[o] / w; return sq / w - mean * mean; }
  if (criterion === 'gini') {
    let s = 0;
    for (let k = 0; k < width; k++) s += stat[o + k] * stat[o + k];
    return 1 - s / (w * w);
  }
  let h = 0;
  for (let k = 0; k < width; k++) {
    const p = stat[o + k] / w;
    if (p > 0) h -= p * (Math.log(p) / Math.LN2);
  }
  return h;
}

/**
 * Grows one CART tree on rank-coded features, step for step as scikit-learn's depth-first
 * builder and best splitter: nodes in pre-order, features visited in the splitter's random
 * order (`SplitterRandom`, seeded by `seed`), constant features remembered for the subtree and
 * not counted towards `maxFeatures`, values within 1e-7 merged, and a candidate replacing the
 * best split only when its impurity improvement is strictly larger. So ties go to the feature
 * visited first and, within a feature, the smallest threshold, as there. Split candidates come
 * from per-node histograms over the ranks rather than sorting. Sample weights (bootstrap
 * counts) weight the impurity; `minSamplesLeaf` counts samples with weight > 0.
 */
export function growTree(data: BinnedData, target: GrowTarget, weights: Float64Array, options: GrowOptions, seed: number): TreeArrays {
  const { n, d, codes, values, offsets } = data;
  const rng = new SplitterRandom(seed);
  const regression = target.nClasses === 0;
  const width = regression ? 1 : target.nClasses;
  const cls = target.classes ?? new Int32Array(0);
  const yv = target.values ?? new Float64Array(0);
  const { criterion, minSamplesLeaf, minSamplesSplit } = options;
  const maxDepth = options.maxDepth < 0 ? Infinity : options.maxDepth;

  let m = 0;
  const samples = new Int32Array(n);
  for (let i = 0; i < n; i++) if (weights[i] > 0) samples[m++] = i;
  const capacity = Math.max(1, 2 * m - 1);
  const feature = new Int32Array(capacity), left = new Int32Array(capacity), right = new Int32Array(capacity);
  const threshold = new Float64Array(capacity), value = new Float64Array(capacity * width);
  const impurity = new Float64Array(capacity), nSamples = new Int32Array(capacity), weighted = new Float64Array(capacity);
  const features = Int32Array.from({ length: d }, (_, f) => f);
  const constantFeatures = new Int32Array(d);

  let maxBins = 1;
  for (let f = 0; f < d; f++) maxBins = Math.max(maxBins, offsets[f + 1] - offsets[f]);
  const hStat = new Float64Array(maxBins * width), hWeight = new Float64Array(maxBins), hCount = new Int32Array(maxBins);
  const touched = new Int32Array(maxBins);
  const nodeStat = new Float64Array(width), leftStat = new Float64Array(width), bestLeftStat = new Float64Array(width);
  const rightStat = new Float64Array(width);
  let totalWeight = 0;
  for (let p = 0; p < m; p++) totalWeight += weights[samples[p]];

  // Stack of pending nodes: start, end, depth, parent, isLeft, known constant features.
  const stack: number[] = [0, m, 0, -1, 0, 0];
  let nodeCount = 0;
  while (stack.length > 0) {
    const nConst = stack.pop() as number, isLeft = stack.pop() as number, parent = stack.pop() as number;
    const depth = stack.pop() as number, end = stack.pop() as number, start = stack.pop() as number;
    const id = nodeCount++;
    if (parent >= 0) { if (isLeft) left[parent] = id; else right[parent] = id; }

    nodeStat.fill(0);
    let w = 0, sq = 0;
    for (let p = start; p < end; p++) {
      const s = samples[p], ws = weights[s];
      w += ws;
      if (regression) { nodeStat[0] += ws * yv[s]; sq += ws * yv[s] * yv[s]; } else nodeStat[cls[s]] += ws;
    }
    const count = end - start;
    const h = impurityOf(criterion, nodeStat, 0, width, w, sq);
    impurity[id] = h; nSamples[id] = count; weighted[id] = w;
    if (regression) value[id] = nodeStat[0] / w; else value.set(nodeStat, id * width);
    feature[id] = LEAF; threshold[id] = LEAF; left[id] = -1; right[id] = -1;

    if (depth >= maxDepth || count < minSamplesSplit || count < 2 * minSamplesLeaf || h <= Number.EPSILON) continue;

    // Split search over features in the splitter's random order.
    let bestProxy = -Infinity, bestFeature = -1, bestCode = -1, bestThreshold = 0, bestLeftW = 0;
    const known = nConst;
    let visited = 0, found = 0, drawn = 0, totalConst = known, fi = d;
    while (fi > totalConst && (visited < options.maxFeatures || visited <= found + drawn)) {
      visited++;
      let fj = rng.int(drawn, fi - found);
      if (fj < known) {
        const t = features[drawn]; features[drawn] = features[fj]; features[fj] = t;
        drawn++;
        continue;
      }
      fj += found;
      const f = features[fj];
      const base = f * n, off = offsets[f];
      let u = 0, lowCode = 0x7fffffff, highCode = -1;
      for (let p = start; p < end; p++) {
        const s = samples[p], b = codes[base + s], ws = weights[s];
        if (hCount[b]++ === 0) {
          touched[u++] = b;
          if (b < lowCode) lowCode = b;
          if (b > highCode) highCode = b;
        }
        hWeight[b] += ws;
        if (regression) hStat[b] += ws * yv[s]; else hStat[b * width + cls[s]] += ws;
      }
      if (values[off + highCode] <= values[off + lowCode] + FEATURE_THRESHOLD) {
        clearBins(u);
        features[fj] = features[totalConst]; features[totalConst] = f;
        found++; totalConst++;
        continue;
      }
      fi--; features[fj] = features[fi]; features[fi] = f;
      const nb = offsets[f + 1] - offsets[f];
      const order = touched;
      if (u * 8 > nb) {
        let k = 0;
        for (let b = lowCode; b <= highCode; b++) if (hCount[b] > 0) order[k++] = b;
      } else {
        order.subarray(0, u).sort();
      }
      leftStat.fill(0);
      let wL = 0, cL = 0;
      for (let t = 0; t < u - 1; t++) {
        const b = order[t];
        wL += hWeight[b]; cL += hCount[b];
        if (regression) leftStat[0] += hStat[b]; else for (let k = 0; k < width; k++) leftStat[k] += hStat[b * width + k];
        const va = values[off + b], vb = values[off + order[t + 1]];
        if (vb <= va + FEATURE_THRESHOLD) continue;
        if (cL < minSamplesLeaf || count - cL < minSamplesLeaf) continue;
        const wR = w - wL;
        let proxy: number;
        if (criterion === 'squared_error') {
          const sR = nodeStat[0] - leftStat[0];
          proxy = (leftStat[0] * leftStat[0]) / wL + (sR * sR) / wR;
        } else {
          for (let k = 0; k < width; k++) rightStat[k] = nodeStat[k] - leftStat[k];
          proxy = -wR * impurityOf(criterion, rightStat, 0, width, wR, 0) - wL * impurityOf(criterion, leftStat, 0, width, wL, 0);
        }
        if (proxy > bestProxy) {
          bestProxy = proxy; bestFeature = f; bestCode = b; bestLeftW = wL;
          bestLeftStat.set(leftStat);
          let th = va / 2 + vb / 2;
          if (th === vb || !Number.isFinite(th)) th = va;
          bestThreshold = th;
        }
      }
      clearBins(u);
    }
    // Known constants keep their original order for siblings and children; new ones are appended.
    features.set(constantFeatures.subarray(0, known), 0);
    constantFeatures.set(features.subarray(known, known + found), known);
    if (bestFeature < 0) continue;
    if (options.minImpurityDecrease > 0) {
      const wR = w - bestLeftW;
      let sqL = 0;
      if (regression) for (let p = start; p < end; p++) { const s = samples[p]; if (codes[bestFeature * n + s] <= bestCode) sqL += weights[s] * yv[s] * yv[s]; }
      const rightStat = nodeStat.map((v, k) => v - bestLeftStat[k]);
      const decrease = (w / totalWeight) * (h - (bestLeftW / w) * impurityOf(criterion, bestLeftStat, 0, width, bestLeftW, sqL)
        - (wR / w) * impurityOf(criterion, rightStat, 0, width, wR, sq - sqL));
      if (decrease + Number.EPSILON < options.minImpurityDecrease) continue;
    }

    // Partition: rows at or below the best rank go left.
    const base = bestFeature * n;
    let i = start, j = end - 1;
    while (i <= j) {
      if (codes[base + samples[i]] <= bestCode) i++;
      else { const t = samples[i]; samples[i] = samples[j]; samples[j] = t; j--; }
    }
    feature[id] = bestFeature; threshold[id] = bestThreshold;
    const childConst = totalConst;
    stack.push(i, end, depth + 1, id, 0, childConst);
    stack.push(start, i, depth + 1, id, 1, childConst);
  }

  /** Zeroes the histogram bins the last feature touched. */
  function clearBins(u: number): void {
    for (let t = 0; t < u; t++) {
      const b = touched[t];
      hCount[b] = 0; hWeight[b] = 0;
      const o = b * width;
      for (let k = 0; k < width; k++) hStat[o + k] = 0;
    }
  }

  return {
    nodeCount, width,
    feature: feature.slice(0, nodeCount), threshold: threshold.slice(0, nodeCount),
    left: left.slice(0, nodeCount), right: right.slice(0, nodeCount),
    value: value.slice(0, nodeCount * width), impurity: impurity.slice(0, nodeCount),
    nSamples: nSamples.slice(0, nodeCount), weightedNSamples: weighted.slice(0, nodeCount),
  };
}
