import { beforeAll, describe, expect, it } from 'vitest';
import { setBackend } from '@tessera/tensor';
import { createJsBackend } from '@tessera/backend-js';
import { GaussianNB, LinearRegression, LogisticRegression, Ridge, StandardScaler, SVC } from '../src/index.js';
import { dataset, maxAbsDiff, reference } from './helpers.js';

beforeAll(async () => { await setBackend(createJsBackend()); });

describe('LogisticRegression', () => {
  it('reaches scikit-learn\'s binary optimum on breast cancer', async () => {
    const ref = reference.logreg[0];
    const { X, y } = dataset(ref.dataset);
    const xs = await new StandardScaler().fitTransform(X);
    const lr = await new LogisticRegression({ C: ref.C, tol: 1e-8, maxIter: 1000 }).fit(xs, y);
    expect(lr.coef_.rows).toBe(1);
    expect(maxAbsDiff(lr.coef_.data, ref.coef[0])).toBeLessThan(1e-4);
    expect(Math.abs(lr.intercept_[0] - ref.intercept[0])).toBeLessThan(1e-4);
    expect(lr.decisionFunction(xs).cols).toBe(1);
  });

  it('one-vs-rest fits one binary model per class', async () => {
    const { X, y } = dataset('iris.csv');
    const lr = await new LogisticRegression({ multiClass: 'ovr', maxIter: 500 }).fit(await new StandardScaler().fitTransform(X), y);
    expect(lr.coef_.rows).toBe(3);
    expect(lr.nIter_.length).toBe(3);
  });

  it('refuses a single class', async () => {
    await expect(new LogisticRegression().fit([[0], [1]], [1, 1])).rejects.toThrow(/at least 2 classes/);
  });
});

describe('LinearRegression and Ridge', () => {
  it('match scikit-learn on wine (predicting alcohol from the other features)', async () => {
    const { X } = dataset('wine.csv');
    const target = X.column(0);
    const rest = X.toArray().map((r) => r.slice(1));
    const ols = await new LinearRegression().fit(rest, target);
    expect(maxAbsDiff(ols.coef_, reference.linear.ols_coef)).toBeLessThan(1e-9);
    expect(ols.intercept_).toBeCloseTo(reference.linear.ols_intercept, 9);
    const ridge = await new Ridge({ alpha: 2 }).fit(rest, target);
    expect(maxAbsDiff(ridge.coef_, reference.linear.ridge_coef)).toBeLessThan(1e-9);
    expect(ridge.intercept_).toBeCloseTo(reference.linear.ridge_intercept, 9);
  });

  it('gives dependent columns coefficient 0', async () => {
    const ols = await new LinearRegression().fit([[1, 2], [2, 4], [3, 6], [4, 8]], [1, 2, 3, 4]);
    expect(ols.rank_).toBe(1);
    expect(Array.from(ols.predict([[5, 10]]))[0]).toBeCloseTo(5, 10);
    expect(Array.from(ols.coef_).filter((c) => c === 0).length).toBe(1);
  });
});

describe('GaussianNB', () => {
  for (const ref of reference.gnb) {
    it(`matches scikit-learn on ${ref.dataset}`, async () => {
      const { X, y } = dataset(ref.dataset);
      const nb = await new GaussianNB().fit(X, y);
      expect(maxAbsDiff(nb.theta_.data, ref.theta.flat())).toBeLessThan(1e-9);
      expect(maxAbsDiff(nb.var_.data, ref.var.flat())).toBeLessThan(1e-9);
      expect(maxAbsDiff(nb.predictProba(X.takeRows([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])).data, ref.proba.flat())).toBeLessThan(1e-6);
    });
  }
});

describe('SVC', () => {
  const iris = dataset('iris.csv');
  for (const ref of reference.svc) {
    it(`${ref.kernel} kernel${ref.binary ? ', two classes' : ', one-vs-one'} matches scikit-learn`, async () => {
      const xs = await new StandardScaler().fitTransform(iris.X);
      const rows = ref.binary ? iris.y.map((c, i) => (c < 2 ? i : -1)).filter((i) => i >= 0) : iris.y.map((_, i) => i);
      const X = xs.takeRows(rows), y = rows.map((i) => iris.y[i]);
      const svc = await new SVC({ kernel: ref.kernel }).fit(X, y);
      const counts = svc.classes_.map((c) => Array.from(svc.support_).filter((i) => y[i] === c).length);
      expect(counts).toEqual(ref.n_support);
      const dec = svc.decisionFunction(X.takeRows([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
      if (ref.binary) expect(maxAbsDiff(dec.data, ref.decision as number[])).toBeLessThan(2e-3);
      else expect(svc.predict(X)).toEqual(ref.predictions);
    });
  }
});
