import { checkSameLength, readLabels, readWeights, type LabelInput, type NumericInput } from './input.js';
import { checkTargets, encodeLabels } from './labels.js';

export interface AccuracyOptions {
  /** true (default): the fraction correct; false: the number (or total weight) correct. */
  readonly normalize?: boolean;
  readonly sampleWeight?: NumericInput;
}

/**
 * The fraction of exact label matches, as scikit-learn's `accuracy_score`.
 *
 * ```ts
 * accuracyScore([0, 1, 2, 2], [0, 2, 2, 1]);                        // 0.5
 * accuracyScore(['a', 'b'], ['a', 'a'], { normalize: false });       // 1
 * ```
 */
export function accuracyScore(yTrue: LabelInput, yPred: LabelInput, options: AccuracyOptions = {}): number {
  const op = 'accuracyScore';
  const t = readLabels(op, 'yTrue', yTrue);
  const p = readLabels(op, 'yPred', yPred);
  checkSameLength(op, ['yTrue', t.values.length], ['yPred', p.values.length]);
  const weights = readWeights(op, options.sampleWeight, t.values.length);
  checkTargets(op, t, p);
  let hits = 0;
  let total = 0;
  for (let i = 0; i < t.values.length; i++) {
    const w = weights ? weights[i] : 1;
    total += w;
    if (t.values[i] === p.values[i]) hits += w;
  }
  return options.normalize === false ? hits : hits / total;
}

export interface BalancedAccuracyOptions {
  readonly sampleWeight?: NumericInput;
  /** Rescale so that chance level is 0 and perfect is 1. */
  readonly adjusted?: boolean;
}

/**
 * The mean recall over the classes present in yTrue, as scikit-learn's `balanced_accuracy_score`.
 * `balancedAccuracyScore([0, 0, 0, 1], [0, 0, 0, 0]) // 0.5`
 */
export function balancedAccuracyScore(yTrue: LabelInput, yPred: LabelInput, options: BalancedAccuracyOptions = {}): number {
  const op = 'balancedAccuracyScore';
  const t = readLabels(op, 'yTrue', yTrue);
  const p = readLabels(op, 'yPred', yPred);
  checkSameLength(op, ['yTrue', t.values.length], ['yPred', p.values.length]);
  const weights = readWeights(op, options.sampleWeight, t.values.length);
  const { present } = checkTargets(op, t, p);
  const ti = encodeLabels(t, present);
  const pi = encodeLabels(p, present);
  const support = new Float64Array(present.length);
  const correct = new Float64Array(present.length);
  for (let i = 0; i < ti.length; i++) {
    const w = weights ? weights[i] : 1;
    support[ti[i]] += w;
    if (ti[i] === pi[i]) correct[ti[i]] += w;
  }
  // Classes only ever predicted have no recall; scikit-learn drops them (with a warning).
  let s = 0;
  let classes = 0;
  for (let c = 0; c < present.length; c++) {
    if (support[c] === 0) continue;
    s += correct[c] / support[c];
    classes++;
  }
  let score = s / classes;
  if (options.adjusted) {
    const chance = 1 / classes;
    score = (score - chance) / (1 - chance);
  }
  return score;
}
