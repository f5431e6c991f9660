import { describe, expect, it } from 'vitest';
import {
  accuracyScore, classificationReport, confusionMatrix, f1Score, formatClassificationReport, precisionScore,
  recallScore, specificityScore, type ReportRow,
} from '../src/index.js';

/** A small seeded generator for test data (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomLabels(n: number, k: number, random: () => number): number[] {
  return Array.from({ length: n }, () => Math.floor(random() * k));
}

describe('specificityScore', () => {
  it('is the recall of the negative class in a binary problem', () => {
    const random = rng(1);
    for (let trial = 0; trial < 20; trial++) {
      const t = randomLabels(30, 2, random);
      const p = randomLabels(30, 2, random);
      expect(specificityScore(t, p)).toBe(recallScore(t, p, { posLabel: 0 }));
      expect(specificityScore(t, p, { posLabel: 0 })).toBe(recallScore(t, p, { posLabel: 1 }));
    }
  });

  it('is TN / (TN + FP) of each one-vs-rest confusion matrix, averaged like recall', () => {
    const random = rng(2);
    const t = randomLabels(60, 4, random);
    const p = randomLabels(60, 4, random);
    const cm = confusionMatrix(t, p);
    const n = t.length;
    const tn: number[] = [];
    const neg: number[] = [];
    for (let c = 0; c < 4; c++) {
      const row = cm[c].reduce((a, b) => a + b, 0);
      const col = cm.reduce((a, r) => a + r[c], 0);
      tn.push(n - row - col + cm[c][c]);
      neg.push(n - row);
    }
    const perClass = tn.map((x, c) => x / neg[c]);
    expect(specificityScore(t, p, { average: null })).toEqual(perClass);
    expect(specificityScore(t, p, { average: 'macro' })).toBeCloseTo(perClass.reduce((a, b) => a + b) / 4, 14);
    expect(specificityScore(t, p, { average: 'micro' })).toBeCloseTo(tn.reduce((a, b) => a + b) / neg.reduce((a, b) => a + b), 14);
    const support = cm.map((r) => r.reduce((a, b) => a + b, 0));
    const weighted = perClass.reduce((a, s, c) => a + s * support[c], 0) / n;
    expect(specificityScore(t, p, { average: 'weighted' })).toBeCloseTo(weighted, 14);
  });

  it('applies zeroDivision when a class is every sample', () => {
    expect(specificityScore([1, 1, 1], [1, 0, 1], { average: null, labels: [0, 1] })).toEqual([2 / 3, 0]);
    expect(specificityScore([1, 1, 1], [1, 0, 1], { average: null, labels: [0, 1], zeroDivision: 1 })).toEqual([2 / 3, 1]);
    expect(specificityScore([1, 1, 1], [1, 0, 1], { average: null, labels: [0, 1], zeroDivision: Number.NaN })[1]).toBeNaN();
  });
});

describe('zeroDivision', () => {
  // Class 2 is never predicted: its precision is 0/0.
  const t = [0, 1, 2, 2, 1, 0];
  const p = [0, 1, 1, 0, 1, 0];

  it('0 (and the default "warn") and 1 replace 0/0 as in scikit-learn 1.2.1', () => {
    expect(precisionScore(t, p, { average: null })).toEqual([2 / 3, 2 / 3, 0]);
    expect(precisionScore(t, p, { average: null, zeroDivision: 'warn' })).toEqual([2 / 3, 2 / 3, 0]);
    expect(precisionScore(t, p, { average: null, zeroDivision: 1 })).toEqual([2 / 3, 2 / 3, 1]);
    expect(f1Score(t, p, { average: null, zeroDivision: 1 })[2]).toBe(0);
  });

  it('NaN marks the score undefined and leaves it out of averages (scikit-learn 1.3 semantics)', () => {
    const per = precisionScore(t, p, { average: null, zeroDivision: Number.NaN });
    expect(per[2]).toBeNaN();
    expect(precisionScore(t, p, { average: 'macro', zeroDivision: Number.NaN })).toBeCloseTo(2 / 3, 14);
    // F1 of class 2 is defined (0) because it has false negatives.
    expect(f1Score(t, p, { average: null, zeroDivision: Number.NaN })[2]).toBe(0);
    expect(f1Score([0, 0], [0, 0], { average: null, labels: [0, 1], zeroDivision: Number.NaN })[1]).toBeNaN();
  });
});

describe('string labels', () => {
  const t = ['cat', 'dog', 'cat', 'bird', 'dog'];
  const p = ['cat', 'cat', 'cat', 'bird', 'dog'];
  it('sort like NumPy and work throughout', () => {
    expect(confusionMatrix(t, p)).toEqual([[1, 0, 0], [0, 2, 0], [0, 1, 1]]);
    expect(accuracyScore(t, p)).toBe(0.8);
    expect(recallScore(t, p, { average: null })).toEqual([1, 1, 0.5]);
    expect(Object.keys(classificationReport(t, p)).slice(0, 3)).toEqual(['bird', 'cat', 'dog']);
  });
});

describe('classification report', () => {
  it("formats scikit-learn's documented example exactly", () => {
    const report = classificationReport([0, 1, 2, 2, 2], [0, 0, 2, 2, 1], { targetNames: ['class 0', 'class 1', 'class 2'] });
    expect(formatClassificationReport(report)).toBe(
      '              precision    recall  f1-score   support\n'
      + '\n'
      + '     class 0       0.50      1.00      0.67         1\n'
      + '     class 1       0.00      0.00      0.00         1\n'
      + '     class 2       1.00      0.67      0.80         3\n'
      + '\n'
      + '    accuracy                           0.60         5\n'
      + '   macro avg       0.50      0.56      0.49         5\n'
      + 'weighted avg       0.70      0.60      0.61         5\n',
    );
  });

  it('keeps the label order of the rows although JavaScript lists integer keys first', () => {
    const report = classificationReport([-1, 1, 1, -1, 2], [-1, 1, -1, -1, 2]);
    expect(Object.keys(report).slice(0, 3)).toEqual(['1', '2', '-1']);
    const rows = formatClassificationReport(report).split('\n').slice(2, 5).map((l) => l.trim().split(/\s+/)[0]);
    expect(rows).toEqual(['-1', '1', '2']);
  });

  it('is a plain JSON object that still formats after a round trip', () => {
    const report = classificationReport([0, 1, 1, 0, 2, 2], [0, 1, 0, 0, 2, 1]);
    const copy = JSON.parse(JSON.stringify(report)) as typeof report;
    expect(copy).toEqual(report);
    expect((copy['1'] as ReportRow).support).toBe(2);
    expect(formatClassificationReport(copy, { digits: 3 })).toBe(formatClassificationReport(report, { digits: 3 }));
  });

  it("has a 'micro avg' row instead of 'accuracy' when labels leave classes out", () => {
    const report = classificationReport([0, 1, 2, 2], [0, 2, 2, 1], { labels: [2, 0] });
    expect(Object.keys(report)).toEqual(['0', '2', 'micro avg', 'macro avg', 'weighted avg']);
    expect(formatClassificationReport(report).split('\n')[2].trim().startsWith('2 ')).toBe(true);
  });
});
