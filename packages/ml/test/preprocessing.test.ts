import { beforeAll, describe, expect, it } from 'vitest';
import { Generator, setBackend, tensor } from '@tessera/tensor';
import { createJsBackend } from '@tessera/backend-js';
import { hartigan } from '../src/cluster/kmeans.js';
import { KMeans, LabelEncoder, LogisticRegression, Matrix, OneHotEncoder, PCA, Pipeline, StandardScaler } from '../src/index.js';
import { dataset, maxAbsDiff } from './helpers.js';

beforeAll(async () => { await setBackend(createJsBackend()); });

describe('OneHotEncoder', () => {
  it('encodes sorted categories, drops on request and inverts', async () => {
    const enc = await new OneHotEncoder().fit([[2, 10], [1, 20], [2, 20]]);
    expect(enc.categories_).toEqual([[1, 2], [10, 20]]);
    expect(enc.transform([[1, 20]]).toArray()).toEqual([[1, 0, 0, 1]]);
    expect(enc.inverseTransform([[0, 1, 1, 0]]).toArray()).toEqual([[2, 10]]);
    expect(enc.getFeatureNamesOut(['size', 'weight'])).toEqual(['size_1', 'size_2', 'weight_10', 'weight_20']);
    expect(() => enc.transform([[3, 10]])).toThrow(/unknown category 3 in column 0/);
    const drop = await new OneHotEncoder({ drop: 'first' }).fit([[2, 10], [1, 20], [3, 20]]);
    expect(drop.transform([[3, 10]]).toArray()).toEqual([[0, 1, 0]]);
    const ignore = await new OneHotEncoder({ handleUnknown: 'ignore' }).fit([[1], [2]]);
    expect(ignore.transform([[5]]).toArray()).toEqual([[0, 0]]);
  });
});

describe('LabelEncoder', () => {
  it('maps labels to sorted codes and back', async () => {
    const le = await new LabelEncoder().fit(['pear', 'apple', 'pear']);
    expect(le.classes_).toEqual(['apple', 'pear']);
    expect(Array.from(le.transform(['pear', 'apple']))).toEqual([1, 0]);
    expect(le.inverseTransform([0, 1])).toEqual(['apple', 'pear']);
    expect(() => le.inverseTransform([2])).toThrow(/code 2/);
  });
});

describe('Pipeline', () => {
  it('fits transformers in order and exposes nested parameters', async () => {
    const { X, y } = dataset('iris.csv');
    const pipe = new Pipeline({ steps: [['scale', new StandardScaler()], ['pca', new PCA({ nComponents: 2 })], ['clf', new LogisticRegression()]] });
    await pipe.fit(X, y);
    expect(pipe.score(X, y)).toBeGreaterThan(0.85);
    expect(pipe.estimatorType).toBe('classifier');
    expect(pipe.getParams(true).pca__nComponents).toBe(2);
    pipe.setParams({ clf__C: 0.1 });
    expect(pipe.namedSteps.clf.getParams()).toMatchObject({ C: 0.1 });
    expect(() => pipe.setParams({ nope__C: 1 })).toThrow(/no step named "nope"/);
    expect(() => new Pipeline({ steps: [['a', new StandardScaler()], ['a', new StandardScaler()]] })).toThrow(/used twice/);
  });
});

describe('PCA', () => {
  it('randomized and full solvers agree on the leading components', async () => {
    const { X } = dataset('digits.csv');
    const full = await new PCA({ nComponents: 5, svdSolver: 'full' }).fit(X);
    const fast = await new PCA({ nComponents: 5, svdSolver: 'randomized', randomState: 0 }).fit(X);
    expect(maxAbsDiff(full.explainedVarianceRatio_, fast.explainedVarianceRatio_)).toBeLessThan(1e-6);
    expect(maxAbsDiff(full.components_.data, fast.components_.data)).toBeLessThan(1e-4);
  });

  it('whitened projections have unit variance and invert exactly with all components', async () => {
    const { X } = dataset('wine.csv');
    const pca = await new PCA({ whiten: true }).fit(X);
    const z = pca.transform(X);
    let v = 0;
    for (let i = 0; i < z.rows; i++) v += z.get(i, 0) ** 2;
    expect(v / (z.rows - 1)).toBeCloseTo(1, 8);
    expect(maxAbsDiff(pca.inverseTransform(z).data, X.data)).toBeLessThan(1e-8);
  });

  it('accepts tensors as input', async () => {
    const pca = await new PCA({ nComponents: 1 }).fit(tensor([[1, 2], [2, 4], [3, 6.5]]));
    expect(pca.components_.cols).toBe(2);
    await expect(new PCA({ nComponents: 3 }).fit(Matrix.from([[1, 2], [3, 4]]))).rejects.toThrow(/nComponents/);
  });
});

describe('KMeans', () => {
  it('finds well separated clusters and predicts the nearest centre', async () => {
    const X = [[0, 0], [0.1, 0], [0, 0.2], [5, 5], [5.1, 5], [5, 5.3]];
    const km = await new KMeans({ nClusters: 2, randomState: 0 }).fit(X);
    const l = km.labels_;
    expect(l[0]).toBe(l[1]);
    expect(l[3]).toBe(l[4]);
    expect(l[0]).not.toBe(l[3]);
    expect(Array.from(km.predict([[4.9, 5.1]]))).toEqual([l[3]]);
    expect(km.score(X)).toBeCloseTo(-km.inertia_, 10);
    expect(km.transform([[0, 0]]).cols).toBe(2);
  });

  it("leaves a Lloyd fixed point by Hartigan's moves when one lowers the inertia", () => {
    // {0, 1} | {2, 4} is a Lloyd fixed point (2 is nearer 3 than 0.5), yet moving 2 to the first
    // cluster lowers the inertia from 2.5 to 2: 2/3 · 1.5² < 2/1 · 1².
    const run = { centers: Float64Array.from([0.5, 3]), labels: Int32Array.from([0, 0, 1, 1]), inertia: 2.5, iterations: 1 };
    hartigan(Matrix.from([[0], [1], [2], [4]]), run);
    expect(Array.from(run.labels)).toEqual([0, 0, 0, 1]);
    expect(Array.from(run.centers)).toEqual([1, 4]);
    expect(run.inertia).toBe(2);
  });
});

describe('PCA on the backend path', () => {
  it('randomized (backend products) and full solvers agree on wide data', async () => {
    // 600 x 300: the covariance and the randomized products are large enough to run on the backend.
    const g = new Generator(11);
    const basis = g.normalValues(5 * 300), mix = g.normalValues(600 * 5), noise = g.normalValues(600 * 300);
    const rows = Array.from({ length: 600 }, (_, i) => Array.from({ length: 300 }, (_, j) => {
      let v = 0.05 * noise[i * 300 + j];
      for (let c = 0; c < 5; c++) v += (5 - c) * mix[i * 5 + c] * basis[c * 300 + j];
      return v;
    }));
    const full = await new PCA({ nComponents: 50, svdSolver: 'full' }).fit(rows);
    const fast = await new PCA({ nComponents: 50, svdSolver: 'randomized', randomState: 0 }).fit(rows);
    const lead = (p: PCA) => Array.from(p.explainedVarianceRatio_.subarray(0, 5));
    expect(maxAbsDiff(lead(full), lead(fast))).toBeLessThan(1e-4);
    const total = (p: PCA) => p.explainedVarianceRatio_.reduce((a, b) => a + b, 0);
    expect(total(full)).toBeLessThanOrEqual(1 + 1e-9);
    expect(Math.abs(total(full) - total(fast))).toBeLessThan(1e-3);
  });
});
