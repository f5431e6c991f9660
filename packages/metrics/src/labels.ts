import { fail } from '@tessera/tensor';
import { describeValue, labelList, type Label, type LabelVector } from './input.js';

/** scikit-learn's `type_of_target` for 1-D targets (multilabel and multioutput are not supported). */
export type TargetType = 'binary' | 'multiclass' | 'continuous';

/** Numbers ascending, strings by code unit: the order of `np.unique`. */
export function compareLabels(a: Label, b: Label): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function distinctLabels(v: LabelVector): Set<Label> {
  const set = new Set<Label>();
  const values = v.values;
  for (let i = 0; i < values.length; i++) set.add(values[i]);
  return set;
}

export function sortedLabels(labels: Iterable<Label>): Label[] {
  return [...labels].sort(compareLabels);
}

/** The first non-integer value of a numeric vector, as scikit-learn's "continuous" test. */
function firstNonInteger(v: LabelVector): number {
  if (v.kind !== 'number') return -1;
  const values = v.values;
  for (let i = 0; i < values.length; i++) if (!Number.isInteger(values[i])) return i;
  return -1;
}

export function targetType(v: LabelVector, distinct: Set<Label> = distinctLabels(v)): TargetType {
  if (firstNonInteger(v) >= 0) return 'continuous';
  return distinct.size > 2 ? 'multiclass' : 'binary';
}

/** Fails unless `v` holds class labels (not continuous values). */
export function checkClassLabels(op: string, name: string, v: LabelVector): void {
  const i = firstNonInteger(v);
  if (i >= 0) {
    fail(op, `${name} looks continuous (${name}[${i}] = ${v.values[i]} is not an integer); classification metrics need class labels`);
  }
}

export function checkSameKind(op: string, a: readonly [string, LabelVector], b: readonly [string, LabelVector | readonly Label[]]): void {
  const kindA = a[1].kind;
  const kindB = Array.isArray(b[1]) ? (b[1].length > 0 ? typeof b[1][0] : kindA) : (b[1] as LabelVector).kind;
  if (kindA !== kindB) fail(op, `${a[0]} holds ${kindA}s but ${b[0]} holds ${kindB}s; labels must be of one type`);
}

export interface CheckedTargets {
  readonly type: 'binary' | 'multiclass';
  /** The sorted union of the labels of yTrue and yPred (`unique_labels`). */
  readonly present: Label[];
}

/** scikit-learn's `_check_targets` for 1-D label vectors of equal length. */
export function checkTargets(op: string, yTrue: LabelVector, yPred: LabelVector): CheckedTargets {
  checkSameKind(op, ['yTrue', yTrue], ['yPred', yPred]);
  checkClassLabels(op, 'yTrue', yTrue);
  checkClassLabels(op, 'yPred', yPred);
  const union = distinctLabels(yTrue);
  for (const l of distinctLabels(yPred)) union.add(l);
  return { type: union.size > 2 ? 'multiclass' : 'binary', present: sortedLabels(union) };
}

/** Validates a user's `labels` option: same type as the data, no duplicates, not empty. */
export function checkLabelOption(op: string, labels: readonly Label[], like: LabelVector): Label[] {
  if (!Array.isArray(labels)) fail(op, `labels must be an array, got ${describeValue(labels)}`);
  if (labels.length === 0) fail(op, 'labels must contain at least one label');
  const seen = new Set<Label>();
  for (const l of labels) {
    if (typeof l !== like.kind) fail(op, `labels ${labelList(labels)} must be ${like.kind}s like the targets`);
    if (seen.has(l)) fail(op, `labels ${labelList(labels)} contain ${describeValue(l)} twice`);
    seen.add(l);
  }
  return [...labels];
}

/**
 * Each value's index in `labels`, -1 where absent. Integer labels 0..k-1 (the common case)
 * index directly instead of through a Map.
 */
export function encodeLabels(v: LabelVector, labels: readonly Label[]): Int32Array {
  const values = v.values;
  const out = new Int32Array(values.length);
  const k = labels.length;
  if (v.kind === 'number' && labels.every((l, i) => l === i)) {
    const nums = values as ArrayLike<number>;
    for (let i = 0; i < nums.length; i++) {
      const x = nums[i];
      out[i] = x >= 0 && x < k && Number.isInteger(x) ? x : -1;
    }
    return out;
  }
  const index = new Map<Label, number>();
  labels.forEach((l, i) => index.set(l, i));
  for (let i = 0; i < values.length; i++) out[i] = index.get(values[i]) ?? -1;
  return out;
}
