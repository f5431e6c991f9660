/**
 * A fitted tree in scikit-learn's array layout: node 0 is the root, nodes are numbered in
 * depth-first pre-order (left child first); a leaf has feature -2, threshold -2 and children -1.
 */
export interface TreeArrays {
  readonly nodeCount: number;
  /** Values per node: class weights (classification) or 1 mean target (regression). */
  readonly width: number;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** [nodeCount, width]: weighted class counts, or the mean target. */
  readonly value: Float64Array;
  readonly impurity: Float64Array;
  readonly nSamples: Int32Array;
  readonly weightedNSamples: Float64Array;
}

export const LEAF = -2;

/** Index of the leaf each row of a row-major [n, d] matrix lands in (features compared as float32). */
export function applyTree(tree: TreeArrays, x: Float64Array, n: number, d: number): Int32Array {
  const out = new Int32Array(n);
  const { feature, threshold, left, right } = tree;
  for (let i = 0; i < n; i++) {
    let node = 0;
    const o = i * d;
    while (left[node] !== -1) node = Math.fround(x[o + feature[node]]) <= threshold[node] ? left[node] : right[node];
    out[i] = node;
  }
  return out;
}

/** Mean decrease in impurity per feature, normalized to sum to 1 (all zeros for a single-leaf tree). */
export function treeImportances(tree: TreeArrays, nFeatures: number): Float64Array {
  const imp = new Float64Array(nFeatures);
  const { left, right, impurity: h, weightedNSamples: w } = tree;
  for (let node = 0; node < tree.nodeCount; node++) {
    if (left[node] === -1) continue;
    const l = left[node], r = right[node];
    imp[tree.feature[node]] += w[node] * h[node] - w[l] * h[l] - w[r] * h[r];
  }
  let total = 0;
  for (let f = 0; f < nFeatures; f++) total += imp[f];
  if (total > 0) for (let f = 0; f < nFeatures; f++) imp[f] /= total;
  return imp;
}

/** Deepest leaf's depth (root = 0). */
export function treeDepth(tree: TreeArrays): number {
  const depth = new Int32Array(tree.nodeCount);
  let max = 0;
  for (let node = 0; node < tree.nodeCount; node++) {
    if (tree.left[node] === -1) { max = Math.max(max, depth[node]); continue; }
    depth[tree.left[node]] = depth[node] + 1;
    depth[tree.right[node]] = depth[node] + 1;
  }
  return max;
}
