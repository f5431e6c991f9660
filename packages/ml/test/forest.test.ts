import { describe, expect, it } from 'vitest';
import { RandomForestClassifier, RandomForestRegressor, estimatorFromJSON } from '../src/index.js';
import { dataset } from './helpers.js';

describe('RandomForestClassifier', () => {
  it('grows the same forest on worker threads as sequentially', async () => {
    const { X, y } = dataset('wine.csv');
    const parallel = await new RandomForestClassifier({ nEstimators: 12, randomState: 3, nJobs: 2 }).fit(X, y);
    const sequential = await new RandomForestClassifier({ nEstimators: 12, randomState: 3, nJobs: 1 }).fit(X, y);
    expect(parallel.threads_.threads).toBe(2);
    expect(parallel.threads_.fallback).toBeNull();
    expect(sequential.threads_.threads).toBe(0);
    expect(Array.from(parallel.predictProba(X).data)).toEqual(Array.from(sequential.predictProba(X).data));
    parallel.estimators_.forEach((t, i) => expect(Array.from(t.threshold)).toEqual(Array.from(sequential.estimators_[i].threshold)));
  });

  it('different seeds give different forests, the same seed the same one', async () => {
    const { X, y } = dataset('iris.csv');
    const a = await new RandomForestClassifier({ nEstimators: 5, randomState: 1, nJobs: 1 }).fit(X, y);
    const b = await new RandomForestClassifier({ nEstimators: 5, randomState: 2, nJobs: 1 }).fit(X, y);
    const c = await new RandomForestClassifier({ nEstimators: 5, randomState: 1, nJobs: 1 }).fit(X, y);
    expect(Array.from(a.predictProba(X).data)).not.toEqual(Array.from(b.predictProba(X).data));
    expect(Array.from(a.predictProba(X).data)).toEqual(Array.from(c.predictProba(X).data));
  });

  it('reaches scikit-learn accuracy on digits, with an out-of-bag estimate and importances', async () => {
    const { X, y } = dataset('digits.csv');
    const test = Array.from({ length: X.rows }, (_, i) => i).filter((i) => i % 5 === 0);
    const train = Array.from({ length: X.rows }, (_, i) => i).filter((i) => i % 5 !== 0);
    const rf = await new RandomForestClassifier({ nEstimators: 60, randomState: 0, oobScore: true }).fit(X.takeRows(train), train.map((i) => y[i]));
    const acc = rf.score(X.takeRows(test), test.map((i) => y[i]));
    expect(acc).toBeGreaterThan(0.94);
    expect(Math.abs(rf.oobScore_ - acc)).toBeLessThan(0.05);
    const total = rf.featureImportances_.reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 10);
    // Border pixels of the 8x8 digits never vary: they carry no importance.
    expect(rf.featureImportances_[0]).toBe(0);
    expect(rf.oobDecisionFunction_.rows).toBe(train.length);
  });

  it('needs bootstrap for an out-of-bag score and a fit before predicting', async () => {
    await expect(new RandomForestClassifier({ bootstrap: false, oobScore: true }).fit([[0], [1]], [0, 1])).rejects.toThrow(/oobScore needs bootstrap/);
    expect(() => new RandomForestClassifier().predict([[0]])).toThrow(/not fitted/);
    const rf = await new RandomForestClassifier({ nEstimators: 2, nJobs: 1 }).fit([[0], [1], [2], [3]], [0, 0, 1, 1]);
    expect(() => rf.oobScore_).toThrow(/^RandomForestClassifier\.oobScore_: fit with oobScore: true/);
    expect(() => rf.oobDecisionFunction_).toThrow(/^RandomForestClassifier\.oobDecisionFunction_: fit with oobScore: true/);
    const reg = await new RandomForestRegressor({ nEstimators: 2, nJobs: 1 }).fit([[0], [1], [2], [3]], [0, 0, 1, 1]);
    expect(() => reg.oobPrediction_).toThrow(/^RandomForestRegressor\.oobPrediction_: fit with oobScore: true/);
    expect(reg.threads_).toEqual({ threads: 0, fallback: null });
  });
});

describe('RandomForestRegressor', () => {
  it('fits a smooth target better than its mean and round-trips through JSON', async () => {
    const X = Array.from({ length: 200 }, (_, i) => [i / 20, (i * 7) % 13]);
    const y = X.map(([a, b]) => Math.sin(a) * 3 + b * 0.1);
    const rf = await new RandomForestRegressor({ nEstimators: 20, randomState: 0, oobScore: true }).fit(X, y);
    expect(rf.score(X, y)).toBeGreaterThan(0.95);
    expect(rf.oobScore_).toBeGreaterThan(0.8);
    const copy = estimatorFromJSON(JSON.parse(JSON.stringify(rf))) as RandomForestRegressor;
    expect(Array.from(copy.predict(X))).toEqual(Array.from(rf.predict(X)));
    expect(rf.featureImportances_[0]).toBeGreaterThan(rf.featureImportances_[1]);
  });
});

describe('growTrees', () => {
  it('falls back to this thread, with the reason, when workers cannot start or fail', async () => {
    const { binFeatures } = await import('../src/tree/binning.js');
    const { growTrees } = await import('../src/ensemble/pool.js');
    const { Matrix } = await import('../src/index.js');
    const X = Matrix.from([[0, 1], [1, 0], [2, 1], [3, 0], [4, 1], [5, 0]]);
    const job = {
      data: binFeatures(X), target: { nClasses: 2, classes: Int32Array.of(0, 0, 0, 1, 1, 1) }, bootstrap: true,
      options: { criterion: 'gini' as const, maxDepth: -1, minSamplesSplit: 2, minSamplesLeaf: 1, maxFeatures: 1, minImpurityDecrease: 0 },
    };
    const tasks = [1, 2, 3].map((seed) => ({ seed, weights: new Float64Array(6).fill(1) }));
    const reference = await growTrees(job, tasks, 1);
    const noThreads = await growTrees(job, tasks, 2, async () => { throw new Error('no worker_threads here'); });
    expect(noThreads.report).toEqual({ threads: 0, fallback: 'worker threads unavailable (no worker_threads here)' });
    expect(noThreads.trees.map((t) => Array.from(t.threshold))).toEqual(reference.trees.map((t) => Array.from(t.threshold)));
    const crashing = await growTrees(job, tasks, 2, async () => {
      const listeners: Record<string, (v: never) => void> = {};
      return {
        postMessage: (m: unknown) => { if ((m as { type: string }).type === 'tree') queueMicrotask(() => listeners.error?.(new Error('boom') as never)); },
        on: (event: string, f: (v: never) => void) => { listeners[event] = f; },
        terminate: async () => 0,
      };
    });
    expect(crashing.report.fallback).toBe('worker threads failed (boom)');
    expect(crashing.trees.length).toBe(3);
  });
});
