import { createJsBackend } from '@tessera/backend-js';
import { memory, setBackend, tensor, TesseraError } from '@tessera/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  accuracyScore, f1Score, fbetaScore, getScorer, getScorerNames, logLoss, makeScorer, meanSquaredError,
  rocAucScore, type ScorableEstimator,
} from '../src/index.js';

const yTrue = [0, 1, 1, 0, 1, 0];
const yPred = [0, 1, 0, 0, 1, 1];
const proba = [[0.8, 0.2], [0.3, 0.7], [0.6, 0.4], [0.9, 0.1], [0.2, 0.8], [0.4, 0.6]];
const positive = proba.map((r) => r[1]);

describe('getScorer', () => {
  it("knows scikit-learn's names for the metrics of this package", () => {
    const names = getScorerNames();
    for (const name of [
      'accuracy', 'balanced_accuracy', 'top_k_accuracy', 'roc_auc', 'roc_auc_ovr', 'roc_auc_ovo', 'roc_auc_ovr_weighted',
      'roc_auc_ovo_weighted', 'average_precision', 'neg_log_loss', 'precision', 'precision_macro', 'precision_micro',
      'precision_weighted', 'recall', 'recall_macro', 'recall_micro', 'recall_weighted', 'f1', 'f1_macro', 'f1_micro',
      'f1_weighted', 'r2', 'neg_mean_squared_error', 'neg_root_mean_squared_error', 'neg_mean_absolute_error',
    ]) expect(names).toContain(name);
    expect([...names].sort()).toEqual(names);
  });

  it('negates losses so that greater is always better', () => {
    expect(getScorer('accuracy').score(yTrue, yPred)).toBe(accuracyScore(yTrue, yPred));
    expect(getScorer('f1_macro').score(yTrue, yPred)).toBe(f1Score(yTrue, yPred, { average: 'macro' }));
    expect(getScorer('f1').score(yTrue, yPred)).toBe(f1Score(yTrue, yPred));
    const mse = getScorer('neg_mean_squared_error');
    expect(mse.greaterIsBetter).toBe(false);
    expect(mse.sign).toBe(-1);
    expect(mse.score([1, 2, 3], [1, 2, 5])).toBe(-meanSquaredError([1, 2, 3], [1, 2, 5]));
    expect(getScorer('neg_root_mean_squared_error').score([1, 2, 3], [1, 2, 5])).toBeCloseTo(-Math.sqrt(4 / 3), 14);
    expect(getScorer('r2').greaterIsBetter).toBe(true);
  });

  it('takes the positive column of two-column probabilities for a binary target', () => {
    expect(getScorer('neg_log_loss').score(yTrue, proba)).toBe(-logLoss(yTrue, positive));
    expect(getScorer('roc_auc').score(yTrue, proba)).toBe(rocAucScore(yTrue, positive));
    expect(getScorer('roc_auc').score(yTrue, positive)).toBe(rocAucScore(yTrue, positive));
    const multi = [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6], [0.3, 0.3, 0.4]];
    expect(getScorer('roc_auc_ovr').score([0, 1, 2, 2], multi)).toBe(rocAucScore([0, 1, 2, 2], multi, { multiClass: 'ovr' }));
    expect(() => getScorer('roc_auc').score([0, 1, 0], [[0.2, 0.3, 0.5], [0.1, 0.1, 0.8], [0.5, 0.4, 0.1]])).toThrow(/got 3 probability columns for a binary target/);
  });

  it('passes a Scorer through and wraps custom metrics', () => {
    const f2 = makeScorer('f2', (y, p) => fbetaScore(y as number[], p as number[], { beta: 2 }));
    expect(getScorer(f2)).toBe(f2);
    expect(f2.score(yTrue, yPred)).toBe(fbetaScore(yTrue, yPred, { beta: 2 }));
    const loss = makeScorer('my_loss', (y, p) => meanSquaredError(y as number[], p as number[]), { greaterIsBetter: false });
    expect(loss.score([0, 0], [1, 1])).toBe(-1);
  });
});

describe('Scorer.evaluate', () => {
  beforeAll(async () => {
    await setBackend(createJsBackend());
  });

  it('calls predict for label metrics', async () => {
    const model: ScorableEstimator = { predict: (x) => (x as number[]).map((v) => (v > 0.5 ? 1 : 0)) };
    expect(await getScorer('accuracy').evaluate(model, [0.2, 0.9, 0.7], [0, 1, 0])).toBeCloseTo(2 / 3, 14);
  });

  it('awaits async methods and reads (then disposes) tensors they return', async () => {
    const before = memory().numTensors;
    const model: ScorableEstimator = {
      predictProba: async () => tensor(proba.flat(), [proba.length, 2]),
    };
    const score = await getScorer('neg_log_loss').evaluate(model, null, tensor(yTrue, [yTrue.length], 'int32'));
    expect(score).toBeCloseTo(-logLoss(yTrue, Float32Array.from(positive)), 6);
    // The label tensor is the caller's and stays alive; the model output is read and freed.
    expect(memory().numTensors).toBe(before + 1);
  });

  it('prefers decisionFunction for threshold metrics and falls back to predictProba', async () => {
    const decision = [-2, 1, 0.5, -1, 3, 0.2];
    const both: ScorableEstimator = { decisionFunction: () => decision, predictProba: () => proba };
    expect(await getScorer('roc_auc').evaluate(both, null, yTrue)).toBe(rocAucScore(yTrue, decision));
    const probaOnly: ScorableEstimator = { predictProba: () => proba };
    expect(await getScorer('roc_auc').evaluate(probaOnly, null, yTrue)).toBe(rocAucScore(yTrue, positive));
  });

  it('says which method is missing', async () => {
    await expect(getScorer('neg_log_loss').evaluate({ predict: () => yPred }, null, yTrue)).rejects.toThrow(TesseraError);
    await expect(getScorer('neg_log_loss').evaluate({ predict: () => yPred }, null, yTrue)).rejects.toThrow("scorer 'neg_log_loss': needs predictProba");
    await expect(getScorer('accuracy').evaluate({}, null, yTrue)).rejects.toThrow("scorer 'accuracy': the estimator has no predict method");
  });
});
