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

/** The options and fold count both K-fold splitters share. */
abstract class ShuffledFolds implements CrossValidator {
  readonly nSplits: number;
  readonly shuffle: boolean;
  readonly randomState: number | null;

  constructor(owner: string, options: KFoldOptions) {
    this.nSplits = options.nSplits ?? 5;
    this.shuffle = options.shuffle ?? false;
    this.randomState = options.randomState ?? null;
    checkSplits(owner, this.nSplits);
  }

  getNSplits(): number { return this.nSplits; }

  abstract split(n: number, y?: ArrayLike<ClassLabel>): Fold[];
}

/**
 * K contiguous folds (scikit-learn's `KFold`): the first n % k folds have one extra sample.
 * With `shuffle`, rows are permuted by the seeded Philox generator first.
 *
 * ```ts
 * new KFold({ nSplits: 3 }).split(7).map((f) => Array.from(f.test));   // [[0,1,2],[3,4],[5,6]]
 * ```
 */
export class KFold extends ShuffledFolds {
  constructor(options: KFoldOptions = {}) {
    super('KFold', options);
  }

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
export class StratifiedKFold extends ShuffledFolds {
  constructor(options: KFoldOptions = {}) {
    super('StratifiedKFold', options);
  }

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
