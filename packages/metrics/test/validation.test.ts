import { TesseraError } from '@tessera/tensor';
import { describe, expect, it } from 'vitest';
import {
  accuracyScore, auc, averagePrecisionScore, classificationReport, confusionMatrix, f1Score, fbetaScore,
  formatClassificationReport, getScorer, logLoss, meanSquaredError, precisionRecallCurve, precisionScore, r2Score,
  recallScore, rocAucScore, rocCurve, specificityScore, topKAccuracyScore,
} from '../src/index.js';

/** Expects a TesseraError whose message starts with `op:` and contains every fragment. */
function expectError(run: () => unknown, op: string, ...fragments: string[]): void {
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  expect(error, `${op} should throw`).toBeInstanceOf(TesseraError);
  const message = (error as Error).message;
  expect(message.startsWith(`${op}: `), message).toBe(true);
  for (const f of fragments) expect(message).toContain(f);
}

describe('input validation', () => {
  it('names both lengths when they differ', () => {
    expectError(() => accuracyScore([0, 1, 1], [0, 1]), 'accuracyScore', 'yTrue has 3 samples but yPred has 2');
    expectError(() => confusionMatrix([0, 1], [0, 1, 1]), 'confusionMatrix', 'yTrue has 2', 'yPred has 3');
    expectError(() => rocCurve([0, 1, 1], [0.5, 0.2]), 'rocCurve', 'yTrue has 3 samples but yScore has 2');
    expectError(() => logLoss([0, 1, 1], [[0.5, 0.5]]), 'logLoss', 'yTrue has 3 samples but yPred has 1');
    expectError(() => meanSquaredError([1, 2], [1, 2, 3]), 'meanSquaredError', 'yTrue has 2 samples but yPred has 3');
    expectError(() => f1Score([0, 1], [0, 1], { sampleWeight: [1, 2, 3] }), 'f1Score', 'sampleWeight has 3 values but there are 2 samples');
  });

  it('rejects empty inputs', () => {
    expectError(() => accuracyScore([], []), 'accuracyScore', 'yTrue is empty');
    expectError(() => rocAucScore([], []), 'rocAucScore', 'yTrue is empty');
    expectError(() => r2Score(new Float64Array(0), new Float64Array(0)), 'r2Score', 'yTrue is empty');
    expectError(() => logLoss([0, 1], [[], []]), 'logLoss', 'yPred has rows of length 0');
  });

  it('rejects labels that are not finite numbers or strings of one type', () => {
    expectError(() => accuracyScore([0, Number.NaN], [0, 1]), 'accuracyScore', 'yTrue contains NaN at index 1');
    expectError(() => precisionScore([0, 1], [0, Number.POSITIVE_INFINITY]), 'precisionScore', 'yPred contains Infinity at index 1');
    expectError(() => accuracyScore(['a', 1] as never, ['a', 'b']), 'accuracyScore', 'yTrue mixes label types', 'yTrue[1] is 1');
    expectError(() => accuracyScore(['a', 'b'], [0, 1]), 'accuracyScore', 'yTrue holds strings but yPred holds numbers');
    expectError(() => accuracyScore([true, false] as never, [1, 0]), 'accuracyScore', 'must hold numbers or strings', 'yTrue[0] is true');
    expectError(() => accuracyScore([null, 1] as never, [1, 0]), 'accuracyScore', 'yTrue[0] is null');
    expectError(() => accuracyScore('01' as never, [0, 1]), 'accuracyScore', 'must be an array');
    expectError(() => accuracyScore([0.5, 1], [0, 1]), 'accuracyScore', 'yTrue looks continuous', 'yTrue[0] = 0.5');
    expectError(() => confusionMatrix([[0, 1]] as never, [0]), 'confusionMatrix', 'must hold numbers or strings');
  });

  it('rejects scores that are not finite numbers', () => {
    expectError(() => rocCurve([0, 1], [0.5, Number.NaN]), 'rocCurve', 'yScore contains NaN at index 1');
    expectError(() => rocCurve([0, 1], ['a', 'b'] as never), 'rocCurve', 'yScore must hold numbers', 'yScore[0] is "a"');
    expectError(() => logLoss([0, 1], [[0.5, 0.5], [0.2]]), 'logLoss', 'rectangular', 'row 1 has 1');
    expectError(() => logLoss([0, 1], [[0.5, 0.5], [0.2, Number.NaN]]), 'logLoss', 'yPred[1][1] is NaN');
    expectError(() => meanSquaredError([1, 2], [1, Number.NEGATIVE_INFINITY]), 'meanSquaredError', 'yPred contains -Infinity at index 1');
  });

  it('checks options and names the offending value', () => {
    expectError(() => f1Score([0, 1], [0, 1], { average: 'mean' as never }), 'f1Score', "average must be one of 'binary', 'micro', 'macro', 'weighted', null", '"mean"');
    expectError(() => f1Score([0, 1], [0, 1], { zeroDivision: 2 }), 'f1Score', "zeroDivision must be 'warn', 0, 1 or NaN, got 2");
    expectError(() => fbetaScore([0, 1], [0, 1], { beta: -1 }), 'fbetaScore', 'beta must be >= 0, got -1');
    expectError(() => fbetaScore([0, 1], [0, 1], {} as never), 'fbetaScore', 'options.beta is required');
    expectError(() => f1Score([0, 1, 2], [0, 1, 1]), 'f1Score', "multiclass (labels [0, 1, 2]) but average is 'binary'");
    expectError(() => recallScore([0, 2, 2], [0, 2, 0]), 'recallScore', 'posLabel=1 is not a valid label', '[0, 2]');
    expectError(() => precisionScore([0, 1], [0, 1], { average: 'macro', labels: [0, 0] }), 'precisionScore', 'contain 0 twice');
    expectError(() => precisionScore([0, 1], [0, 1], { average: 'macro', labels: ['a'] }), 'precisionScore', 'must be numbers like the targets');
    expectError(() => confusionMatrix([0, 1], [0, 1], { labels: [] }), 'confusionMatrix', 'at least one label');
    expectError(() => confusionMatrix([0, 1], [0, 1], { labels: [5, 6] }), 'confusionMatrix', 'none of the labels [5, 6] is in yTrue');
    expectError(() => confusionMatrix([0, 1], [0, 1], { normalize: 'rows' as never }), 'confusionMatrix', "normalize must be 'true', 'pred' or 'all'", '"rows"');
    expectError(() => topKAccuracyScore([0, 1, 2], [[1, 0, 0], [0, 1, 0], [0, 0, 1]], { k: 0 }), 'topKAccuracyScore', 'k must be a positive integer, got 0');
    expectError(() => logLoss([0, 1], [0.2, 0.8], { eps: 0.7 }), 'logLoss', 'eps must be', '0.7');
    expectError(() => meanSquaredError([1, 2], [1, 2], { multioutput: 'variance_weighted' }), 'meanSquaredError', 'multioutput must be', '"variance_weighted"');
    expectError(() => r2Score([[1, 2], [3, 4]], [[1, 2], [3, 5]], { multioutput: [1, 2, 3] }), 'r2Score', 'multioutput has 3 weights but there are 2 outputs');
    expectError(() => classificationReport([0, 1, 2], [0, 1, 1], { targetNames: ['a', 'b'] }), 'classificationReport', 'targetNames has 2 names but there are 3 labels');
    expectError(() => formatClassificationReport(classificationReport([0, 1], [0, 1]), { digits: -1 }), 'formatClassificationReport', 'digits must be');
    expectError(() => getScorer('f1_samples'), 'getScorer', 'unknown scorer "f1_samples"', '"accuracy"');
  });

  it('explains problems with ranking inputs', () => {
    expectError(() => rocCurve(['a', 'b'], [0.1, 0.9]), 'rocCurve', 'yTrue takes values in ["a", "b"]', 'pass posLabel');
    expectError(() => rocCurve([0, 1, 2], [0.1, 0.9, 0.5]), 'rocCurve', 'multiclass', 'pass posLabel');
    expectError(() => precisionRecallCurve([0, 1], [0.1, 0.9], { sampleWeight: [0, 0] }), 'precisionRecallCurve', 'sampleWeight is 0 for every sample');
    expectError(() => rocAucScore([1, 1, 1], [0.1, 0.5, 0.9]), 'rocAucScore', 'only one class present in yTrue');
    expectError(() => rocAucScore([0, 1], [[0.4, 0.6], [0.3, 0.7]]), 'rocAucScore', 'yScore has 2 columns for a binary target');
    expectError(() => rocAucScore([0, 1, 2], [[1, 0, 0], [0, 1, 0], [0, 0, 1]]), 'rocAucScore', "set multiClass to 'ovr' or 'ovo'");
    expectError(() => rocAucScore([0, 1, 2], [[0.9, 0, 0], [0, 1, 0], [0, 0, 1]], { multiClass: 'ovr' }), 'rocAucScore', 'row 0 sums to 0.9');
    expectError(() => rocAucScore([0, 1, 2], [[1, 0, 0], [0, 1, 0], [0, 0, 1]], { multiClass: 'ovr', maxFpr: 0.5 }), 'rocAucScore', 'maxFpr is only available for binary');
    expectError(() => rocAucScore([0, 1, 5], [[1, 0, 0], [0, 1, 0], [0, 0, 1]], { multiClass: 'ovr', labels: [0, 1, 2] }), 'rocAucScore', 'yTrue[2] = 5 is not in labels [0, 1, 2]');
    expectError(() => rocAucScore([0, 1], [0.2, 0.4], { maxFpr: 0 }), 'rocAucScore', 'maxFpr must be in (0, 1], got 0');
    expectError(() => averagePrecisionScore([0, 1, 2], [0.1, 0.2, 0.3]), 'averagePrecisionScore', 'multiclass yTrue is not supported');
    expectError(() => auc([0, 1, 0.5], [0, 1, 1]), 'auc', 'neither increasing nor decreasing');
    expectError(() => auc([0], [1]), 'auc', 'at least 2 points');
  });

  it('explains label problems in log loss and top-k accuracy', () => {
    expectError(() => logLoss([1, 1], [0.9, 0.8]), 'logLoss', 'yTrue contains only one label (1)', 'pass every class as labels');
    expectError(() => logLoss([0, 1, 2], [[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]]), 'logLoss', 'yTrue has 3 classes [0, 1, 2] but yPred has 2 columns');
    expectError(() => logLoss([0, 1, 7], [[0.2, 0.3, 0.5], [0.2, 0.3, 0.5], [0.2, 0.3, 0.5]], { labels: [0, 1, 2] }), 'logLoss', 'yTrue[2] = 7 is not in labels [0, 1, 2]');
    expectError(() => topKAccuracyScore([0, 1, 2], [[1, 0], [0, 1], [1, 0]]), 'topKAccuracyScore', 'yTrue has 3 classes', 'yScore has 2');
    expectError(() => topKAccuracyScore([0, 1, 2], [[1, 0, 0], [0, 1, 0], [0, 0, 1]], { labels: [2, 1, 0] }), 'topKAccuracyScore', 'must be sorted');
  });

  it('is specific about a binary-only specificity average', () => {
    expectError(() => specificityScore([0, 1, 2], [0, 1, 1]), 'specificityScore', "average is 'binary'");
  });
});
