import { fail, Generator } from '@tessera/tensor';
import { encodeLabelArray, type ClassLabel } from '../core/labels.js';

/** One train/test split: sorted row indices. */
export interface Fold {
  readonly train: Int32Array;
  readonly test: Int32Array;
}

/** Anything that yields train/test folds for n samples (labels for stratified splitters). */
export interface CrossValidator {
  split(n: number, y?: ArrayLike<ClassLabel>): Fold[];
  getNSplits(): number;
}

function seedOf(randomState: number | null | undefined): Generator {
  return new Generator(typeof randomState === 'number' ? randomState : Math.floor(Math.random() * 2 ** 32));
}

function checkSplits(op: string, nSplits: number): void {
  if (!Number.isInteger(nSplits) || nSplits < 2) fail(op, `nSplits must be an integer >= 2, got ${nSplits}`);
}

function complement(n: number, test: Int32Array): Int32Array {
  const mark = new Uint8Array(n);
  for (const i of test) mark[i] = 1;
  const train = new Int32Array(n - test.length);
  let k = 0;
  for (let i = 0; i < n; i++) if (!mark[i]) train[k++] = i;
  return train;
}

export interface KFoldOptions {
  readonly nSplits?: number;
  readonly shuffle?: boolean;
  readonly randomState?: number | null;
}

/**
 * K contiguous folds (scikit-learn's `KFold`): the first n % k folds have one extra sample.
 * With `shuffle`, rows are permuted by the seeded Philox generator first.
 *
 * ```ts
 * new KFold({ nSplits: 3 }).split(7).map((f) => Array.from(f.test));   // [[0,1,2],[3,4],[5,6]]
 * ```
 */
export class KFold implements CrossValidator {
  readonly nSplits: number;
  readonly shuffle: boolean;
  readonly randomState: number | null;

  constructor(options: KFoldOptions = {}) {
    this.nSplits = options.nSplits ?? 5;
    this.shuffle = options.shuffle ?? false;
    this.randomState = options.randomState ?? null;
    checkSplits('KFold', this.nSplits);
  }

  getNSplits(): number { return this.nSplits; }

  split(n: number): Fold[] {
    if (this.nSplits > n) fail('KFold.split', `nSplits=${this.nSplits} is greater than the number of samples ${n}`);
    const order = this.shuffle ? seedOf(this.randomState).permutation(n) : Int32Array.from({ length: n }, (_, i) => i);
    const folds: Fold[] = [];
    let start = 0;
    for (let f = 0; f < this.nSplits; f++) {
      const size = Math.floor(n / this.nSplits) + (f < n % this.nSplits ? 1 : 0);
      const test = order.slice(start, start + size).sort();
      start += size;
      folds.push({ train: complement(n, test), test });
    }
    return folds;
  }
}

/**
 * Folds that keep each class's share (scikit-learn's `StratifiedKFold` allocation): the labels,
 * sorted by class (classes in order of first appearance), are dealt round-robin to the folds,
 * then each class's fold slots are assigned to its samples in order (shuffled when asked).
 * Refuses when nSplits exceeds every class's count.
 */
export class StratifiedKFold implements CrossValidator {
  readonly nSplits: number;
  readonly shuffle: boolean;
  readonly randomState: number | null;

  constructor(options: KFoldOptions = {}) {
    this.nSplits = options.nSplits ?? 5;
    this.shuffle = options.shuffle ?? false;
    this.randomState = options.randomState ?? null;
    checkSplits('StratifiedKFold', this.nSplits);
  }

  getNSplits(): number { return this.nSplits; }

  split(n: number, y?: ArrayLike<ClassLabel>): Fold[] {
    const op = 'StratifiedKFold.split';
    if (!y) fail(op, 'needs the class labels y');
    if (y.length !== n) fail(op, `y has ${y.length} labels for ${n} samples`);
    const { encoded: sortedCode } = encodeLabelArray(op, y);
    // Re-number classes by first appearance, as scikit-learn does.
    const firstSeen = new Map<number, number>();
    const code = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      if (!firstSeen.has(sortedCode[i])) firstSeen.set(sortedCode[i], firstSeen.size);
      code[i] = firstSeen.get(sortedCode[i]) as number;
    }
    const nClasses = firstSeen.size, k = this.nSplits;
    const counts = new Int32Array(nClasses);
    for (let i = 0; i < n; i++) counts[code[i]]++;
    if (counts.every((c) => k > c)) fail(op, `nSplits=${k} cannot be greater than the number of members in each class (class sizes ${Array.from(counts).join(', ')})`);
    // allocation[f][c]: samples of class c in fold f, from dealing the class-sorted labels round-robin.
    const allocation = Array.from({ length: k }, () => new Int32Array(nClasses));
    let pos = 0;
    for (let c = 0; c < nClasses; c++) for (let j = 0; j < counts[c]; j++, pos++) allocation[pos % k][c]++;
    const testFold = new Int32Array(n);
    const g = this.shuffle ? seedOf(this.randomState) : null;
    for (let c = 0; c < nClasses; c++) {
      const slots: number[] = [];
      for (let f = 0; f < k; f++) for (let j = 0; j < allocation[f][c]; j++) slots.push(f);
      const order = g ? g.permutation(slots.length) : null;
      let s = 0;
      for (let i = 0; i < n; i++) if (code[i] === c) testFold[i] = slots[order ? order[s++] : s++];
    }
    const folds: Fold[] = [];
    for (let f = 0; f < k; f++) {
      const test = Int32Array.from({ length: n }, (_, i) => i).filter((i) => testFold[i] === f);
      folds.push({ train: complement(n, test), test });
    }
    return folds;
  }
}

/** Every sample is the test set once (scikit-learn's `LeaveOneOut`). */
export class LeaveOneOut implements CrossValidator {
  private n = 0;
  getNSplits(): number { return this.n; }
  split(n: number): Fold[] {
    if (n < 2) fail('LeaveOneOut.split', `needs at least 2 samples, got ${n}`);
    this.n = n;
    return Array.from({ length: n }, (_, i) => ({ train: complement(n, Int32Array.of(i)), test: Int32Array.of(i) }));
  }
}

export interface TrainTestSplitOptions {
  /** Fraction (0, 1) or count of test samples; default 0.25 (or 1 - trainSize). */
  readonly testSize?: number;
  readonly trainSize?: number;
  readonly shuffle?: boolean;
  /** Labels to keep class shares equal in both parts. */
  readonly stratify?: ArrayLike<ClassLabel>;
  readonly randomState?: number | null;
}

function sizes(op: string, n: number, options: TrainTestSplitOptions): { nTrain: number; nTest: number } {
  const asCount = (v: number, name: string, round: (x: number) => number) => {
    if (v > 0 && v < 1) return round(v * n);
    if (Number.isInteger(v) && v >= 1 && v < n) return v;
    return fail(op, `${name} must be a fraction in (0, 1) or a count in [1, ${n - 1}], got ${v}`);
  };
  if (options.testSize !== undefined) {
    const nTest = asCount(options.testSize, 'testSize', Math.ceil);
    const nTrain = options.trainSize !== undefined ? asCount(options.trainSize, 'trainSize', Math.floor) : n - nTest;
    if (nTrain + nTest > n) fail(op, `trainSize + testSize = ${nTrain + nTest} > ${n} samples`);
    return { nTrain, nTest };
  }
  if (options.trainSize !== undefined) { const nTrain = asCount(options.trainSize, 'trainSize', Math.floor); return { nTrain, nTest: n - nTrain }; }
  const nTest = Math.ceil(0.25 * n);
  return { nTrain: n - nTest, nTest };
}

/**
 * Train/test row indices (scikit-learn's `train_test_split` sizes: the test count rounds up).
 * With `stratify`, each class contributes to the test set in proportion to its size (largest
 * remainders get the leftover slots), and the seeded generator picks which rows.
 *
 * ```ts
 * const { train, test } = trainTestIndices(100, { testSize: 0.2, stratify: y, randomState: 0 });
 * ```
 */
export function trainTestIndices(n: number, options: TrainTestSplitOptions = {}): Fold {
  const op = 'trainTestIndices';
  if (!Number.isInteger(n) || n < 2) fail(op, `needs at least 2 samples, got ${n}`);
  const { nTrain, nTest } = sizes(op, n, options);
  if (nTrain < 1 || nTest < 1) fail(op, `split of ${n} samples leaves an empty part (train ${nTrain}, test ${nTest})`);
  const shuffle = options.shuffle ?? true;
  if (!shuffle) {
    if (options.stratify) fail(op, 'stratify needs shuffle: true');
    return { train: Int32Array.from({ length: nTrain }, (_, i) => i), test: Int32Array.from({ length: nTest }, (_, i) => nTrain + i) };
  }
  const g = seedOf(options.randomState);
  if (!options.stratify) {
    const perm = g.permutation(n);
    return { test: perm.slice(0, nTest).sort(), train: perm.slice(nTest, nTest + nTrain).sort() };
  }
  if (options.stratify.length !== n) fail(op, `stratify has ${options.stratify.length} labels for ${n} samples`);
  const { classes, encoded } = encodeLabelArray(op, options.stratify);
  const members: number[][] = classes.map(() => []);
  for (let i = 0; i < n; i++) members[encoded[i]].push(i);
  if (nTest < classes.length || nTrain < classes.length) fail(op, `with ${classes.length} classes both parts need at least ${classes.length} samples (train ${nTrain}, test ${nTest})`);
  if (members.some((m) => m.length < 2)) fail(op, 'every class of stratify needs at least 2 members');
  const testPer = apportion(members.map((m) => m.length), nTest);
  const trainPer = apportion(members.map((m, c) => m.length - testPer[c]), nTrain);
  const test: number[] = [], train: number[] = [];
  members.forEach((rows, c) => {
    const perm = g.permutation(rows.length);
    for (let j = 0; j < testPer[c]; j++) test.push(rows[perm[j]]);
    for (let j = testPer[c]; j < testPer[c] + trainPer[c]; j++) train.push(rows[perm[j]]);
  });
  return { train: Int32Array.from(train).sort(), test: Int32Array.from(test).sort() };
}

/** Splits `total` slots over groups proportionally to `counts` (largest remainder), never above a count. */
function apportion(counts: number[], total: number): number[] {
  const sum = counts.reduce((a, b) => a + b, 0);
  const exact = counts.map((c) => (c * total) / sum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((_, i) => i).sort((a, b) => (exact[b] - out[b]) - (exact[a] - out[a]) || a - b);
  for (const i of order) { if (left === 0) break; if (out[i] < counts[i]) { out[i]++; left--; } }
  return out;
}
