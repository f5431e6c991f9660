import { createJsBackend } from '@tessera/backend-js';
import { setBackend, tensor, TesseraError, type Backend } from '@tessera/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accuracyScore, confusionMatrix, f1Score, logLoss, meanSquaredError, precisionRecallCurve, r2Score, rocAucScore,
  rocCurve, topKAccuracyScore,
} from '../src/index.js';

const yTrue = [0, 1, 2, 2, 1, 0, 2, 1];
const yPred = [0, 2, 2, 2, 1, 0, 1, 1];
const scores = [0.1, 0.9, 0.35, 0.8, 0.7, 0.2, 0.65, 0.4];
const binary = [0, 1, 0, 1, 1, 0, 1, 0];
const proba = [
  [0.7, 0.2, 0.1], [0.1, 0.3, 0.6], [0.2, 0.2, 0.6], [0.1, 0.1, 0.8],
  [0.3, 0.5, 0.2], [0.6, 0.3, 0.1], [0.2, 0.5, 0.3], [0.25, 0.5, 0.25],
];

describe('typed arrays', () => {
  it('give the same results as plain arrays', () => {
    for (const T of [Int32Array, Float64Array, Float32Array, Uint8Array, Int16Array]) {
      expect(accuracyScore(T.from(yTrue), T.from(yPred))).toBe(accuracyScore(yTrue, yPred));
      expect(confusionMatrix(T.from(yTrue), T.from(yPred))).toEqual(confusionMatrix(yTrue, yPred));
      expect(f1Score(T.from(yTrue), T.from(yPred), { average: null })).toEqual(f1Score(yTrue, yPred, { average: null }));
    }
    expect(rocCurve(Int32Array.from(binary), Float64Array.from(scores))).toEqual(rocCurve(binary, scores));
    expect(precisionRecallCurve(Uint8Array.from(binary), Float64Array.from(scores))).toEqual(precisionRecallCurve(binary, scores));
  });

  it('use float32 epsilon in logLoss for Float32Array probabilities, as scikit-learn does for float32', () => {
    const p = [0, 1, 0.5, 1];
    const y = [1, 1, 0, 0];
    const f64 = logLoss(y, p);
    const f32 = logLoss(y, Float32Array.from(p));
    expect(f64).toBeCloseTo((-Math.log(2 ** -52) - Math.log(0.5) - Math.log(2 ** -52)) / 4, 10);
    expect(f32).toBeCloseTo((-Math.log(2 ** -23) - Math.log(0.5) - Math.log(2 ** -23)) / 4, 5);
  });
});

describe('tensors', () => {
  beforeAll(async () => {
    await setBackend(createJsBackend());
  });

  it('are read like arrays (1-D labels and scores, 2-D probabilities)', () => {
    const t = tensor(yTrue, [yTrue.length], 'int32');
    const p = tensor(yPred, [yPred.length], 'int32');
    expect(accuracyScore(t, p)).toBe(accuracyScore(yTrue, yPred));
    expect(confusionMatrix(t, p, { labels: [2, 1, 0] })).toEqual(confusionMatrix(yTrue, yPred, { labels: [2, 1, 0] }));
    const b = tensor(binary, [binary.length], 'int32');
    const s = tensor(scores, [scores.length]);
    const fromTensor = rocCurve(b, s);
    const fromArray = rocCurve(binary, Float32Array.from(scores));
    expect(fromTensor).toEqual(fromArray);
    const pr = tensor(proba.flat(), [proba.length, 3]);
    expect(rocAucScore(t, pr, { multiClass: 'ovr' })).toBeCloseTo(rocAucScore(yTrue, proba, { multiClass: 'ovr' }), 6);
    expect(topKAccuracyScore(t, pr, { k: 1 })).toBe(topKAccuracyScore(yTrue, proba, { k: 1 }));
    expect(logLoss(t, pr)).toBeCloseTo(logLoss(yTrue, proba), 6);
    for (const x of [t, p, b, s, pr]) x.dispose();
  });

  it('accept a column [n, 1] as a vector and regression matrices [n, k]', () => {
    const col = tensor(yTrue, [yTrue.length, 1], 'int32');
    expect(accuracyScore(col, yPred)).toBe(accuracyScore(yTrue, yPred));
    const a = tensor([1, 2, 3, 4, 5, 6], [3, 2]);
    const b = tensor([1, 2, 3, 5, 5, 8], [3, 2]);
    expect(meanSquaredError(a, b, { multioutput: 'raw_values' })).toEqual([0, (1 + 4) / 3]);
    expect(r2Score(a, b)).toBeCloseTo(r2Score([[1, 2], [3, 4], [5, 6]], [[1, 2], [3, 5], [5, 8]]), 12);
    for (const x of [col, a, b]) x.dispose();
  });

  it('of a wrong rank are refused with their shape', () => {
    const m = tensor([0, 1, 1, 0], [2, 2], 'int32');
    expect(() => accuracyScore(m, [0, 1])).toThrow(/^accuracyScore: yTrue must be 1-D, got a tensor of shape \[2,2\]$/);
    const cube = tensor([0, 1, 1, 0, 1, 1, 0, 0], [2, 2, 2]);
    expect(() => logLoss([0, 1], cube)).toThrow(/^logLoss: yPred must be 1-D or 2-D, got a tensor of shape \[2,2,2\]$/);
    m.dispose();
    cube.dispose();
  });

  describe('on a backend that cannot read synchronously', () => {
    beforeAll(async () => {
      const js = createJsBackend();
      // The js backend without readSync behaves like WebGPU for reads.
      const asyncOnly = new Proxy(js, {
        get(target, prop) {
          if (prop === 'name') return 'async-only';
          if (prop === 'readSync') return undefined;
          const value = Reflect.get(target, prop, target) as unknown;
          return typeof value === 'function' ? value.bind(target) : value;
        },
      }) as Backend;
      await setBackend(asyncOnly);
    });
    afterAll(async () => {
      await setBackend('js');
    });

    it("surface the core's dataSync error", () => {
      const t = tensor([0, 1, 1], [3], 'int32');
      expect(() => accuracyScore(t, [0, 1, 1])).toThrow(TesseraError);
      expect(() => accuracyScore(t, [0, 1, 1])).toThrow('dataSync: backend "async-only" cannot read synchronously; use `await t.data()` instead');
      t.dispose();
    });
  });
});
