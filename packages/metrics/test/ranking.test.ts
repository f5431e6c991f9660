import { describe, expect, it } from 'vitest';
import { auc, averagePrecisionScore, precisionRecallCurve, rocAucScore, rocCurve } from '../src/index.js';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mann-Whitney: AUC = P(score of a positive > score of a negative) + ½ P(tie), by mid-ranks. */
function mannWhitneyAuc(y: number[], s: number[]): number {
  const order = s.map((_, i) => i).sort((a, b) => s[a] - s[b]);
  const ranks = new Array<number>(s.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && s[order[j + 1]] === s[order[i]]) j++;
    for (let r = i; r <= j; r++) ranks[order[r]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  let nPos = 0, rankSum = 0;
  y.forEach((v, i) => { if (v === 1) { nPos++; rankSum += ranks[i]; } });
  const nNeg = y.length - nPos;
  return (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

describe('ROC', () => {
  it('AUC equals the Mann-Whitney statistic, ties included', () => {
    const random = rng(7);
    for (const n of [10, 100, 5000]) {
      const y = Array.from({ length: n }, () => (random() < 0.4 ? 1 : 0));
      const s = y.map((v) => Math.round((random() + 0.3 * v) * 20) / 20); // many ties
      expect(rocAucScore(y, s)).toBeCloseTo(mannWhitneyAuc(y, s), 12);
      const full = rocCurve(y, s, { dropIntermediate: false });
      const dropped = rocCurve(y, s);
      expect(auc(full.fpr, full.tpr)).toBeCloseTo(auc(dropped.fpr, dropped.tpr), 12);
      expect(dropped.fpr.length).toBeLessThanOrEqual(full.fpr.length);
    }
  });

  it('gives one point per distinct score, thresholds decreasing, first threshold max + 1', () => {
    const y = [0, 1, 1, 0, 1, 0, 0, 1];
    const s = [0.3, 0.3, 0.9, 0.1, 0.5, 0.5, 0.5, 0.2];
    const { fpr, tpr, thresholds } = rocCurve(y, s, { dropIntermediate: false });
    expect(thresholds).toEqual([1.9, 0.9, 0.5, 0.3, 0.2, 0.1]);
    expect(fpr).toEqual([0, 0, 0.5, 0.75, 0.75, 1]);
    expect(tpr).toEqual([0, 0.25, 0.5, 0.75, 1, 1]);
  });

  it('turns an all-tied score into the diagonal', () => {
    expect(rocCurve([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toEqual({ fpr: [0, 1], tpr: [0, 1], thresholds: [1.5, 0.5] });
    expect(rocAucScore([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
  });

  it('is NaN on the missing axis when yTrue has one class (scikit-learn warns)', () => {
    const { fpr, tpr } = rocCurve([1, 1, 1], [0.2, 0.4, 0.9], { dropIntermediate: false });
    expect(fpr.every(Number.isNaN)).toBe(true);
    expect(tpr).toEqual([0, 1 / 3, 2 / 3, 1]);
  });

  it('handles a million samples', () => {
    const random = rng(11);
    const n = 1_000_000;
    const y = new Uint8Array(n);
    const s = new Float64Array(n);
    for (let i = 0; i < n; i++) { y[i] = random() < 0.3 ? 1 : 0; s[i] = random() + 0.2 * y[i]; }
    const { fpr, tpr } = rocCurve(y, s);
    expect(fpr[fpr.length - 1]).toBe(1);
    expect(tpr[tpr.length - 1]).toBe(1);
    expect(rocAucScore(y, s)).toBeGreaterThan(0.6);
  });
});

describe('precision-recall', () => {
  it('average precision is the step sum over the curve', () => {
    const random = rng(3);
    const y = Array.from({ length: 300 }, () => (random() < 0.3 ? 1 : 0));
    const s = y.map((v) => Math.round((random() + 0.5 * v) * 10) / 10);
    const { precision, recall, thresholds } = precisionRecallCurve(y, s);
    expect(precision.length).toBe(thresholds.length + 1);
    expect(recall.at(-1)).toBe(0);
    expect(precision.at(-1)).toBe(1);
    for (let i = 1; i < thresholds.length; i++) expect(thresholds[i]).toBeGreaterThan(thresholds[i - 1]);
    let ap = 0;
    for (let i = 0; i + 1 < recall.length; i++) ap += (recall[i] - recall[i + 1]) * precision[i];
    expect(averagePrecisionScore(y, s)).toBeCloseTo(ap, 14);
  });

  it('a perfect ranking has average precision 1 and a reversed one its base rate', () => {
    expect(averagePrecisionScore([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])).toBe(1);
    expect(averagePrecisionScore([0, 0, 1, 1], [0.9, 0.8, 0.2, 0.1])).toBeCloseTo(0.5 * (1 / 3) + 0.5 * 0.5, 14);
  });
});
