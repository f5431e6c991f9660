import { beforeAll, describe, expect, it } from 'vitest';
import { setBackend } from '@tessera/tensor';
import { createJsBackend } from '@tessera/backend-js';
import {
  crossValidate, crossValScore, DecisionTreeClassifier, estimatorFromJSON, expandGrid, GridSearchCV, KFold, KNeighborsClassifier,
  LeaveOneOut, LinearRegression, LogisticRegression, Pipeline, StandardScaler, StratifiedKFold, trainTestIndices, trainTestSplit,
} from '../src/index.js';
import { dataset } from './helpers.js';

beforeAll(async () => { await setBackend(createJsBackend()); });

describe('splitters', () => {
  it('KFold shuffles deterministically with a seed and covers every row once', () => {
    const a = new KFold({ nSplits: 4, shuffle: true, randomState: 1 }).split(22);
    const b = new KFold({ nSplits: 4, shuffle: true, randomState: 1 }).split(22);
    expect(a.map((f) => Array.from(f.test))).toEqual(b.map((f) => Array.from(f.test)));
    expect(a.flatMap((f) => Array.from(f.test)).sort((x, y) => x - y)).toEqual(Array.from({ length: 22 }, (_, i) => i));
    for (const f of a) expect(f.train.length + f.test.length).toBe(22);
  });

  it('StratifiedKFold keeps class shares and refuses when every class is too small', () => {
    const y = Array.from({ length: 30 }, (_, i) => (i < 20 ? 'a' : 'b'));
    for (const f of new StratifiedKFold({ nSplits: 5 }).split(30, y)) {
      expect(Array.from(f.test).filter((i) => y[i] === 'a').length).toBe(4);
      expect(Array.from(f.test).filter((i) => y[i] === 'b').length).toBe(2);
    }
    expect(() => new StratifiedKFold({ nSplits: 3 }).split(4, [0, 0, 1, 1])).toThrow(/nSplits=3 cannot be greater/);
  });

  it('LeaveOneOut holds out each row', () => {
    const folds = new LeaveOneOut().split(4);
    expect(folds.map((f) => Array.from(f.test))).toEqual([[0], [1], [2], [3]]);
  });

  it('trainTestSplit stratifies and rounds the test size up', () => {
    const { X, y } = dataset('digits.csv');
    const split = trainTestSplit(X, y, { testSize: 0.2, stratify: true, randomState: 0 });
    expect(split.XTest.rows).toBe(Math.ceil(0.2 * X.rows));
    expect(split.XTrain.rows + split.XTest.rows).toBe(X.rows);
    for (let c = 0; c < 10; c++) {
      const share = split.yTest.filter((v) => v === c).length / y.filter((v) => v === c).length;
      expect(Math.abs(share - 0.2)).toBeLessThan(0.02);
    }
    expect(() => trainTestIndices(10, { testSize: 1.5 })).toThrow(/testSize/);
  });
});

describe('cross-validation', () => {
  it('crossValScore gives one score per fold; crossValidate several scorers from @tessera/metrics', async () => {
    const { X, y } = dataset('iris.csv');
    const scores = await crossValScore(new KNeighborsClassifier(), X, y, { cv: 5 });
    expect(scores.length).toBe(5);
    for (const s of scores) expect(s).toBeGreaterThan(0.85);
    const r = await crossValidate(new DecisionTreeClassifier({ randomState: 0 }), X, y, { cv: 3, scoring: ['accuracy', 'f1_macro'], returnTrainScore: true, returnEstimator: true });
    expect(Object.keys(r.testScores)).toEqual(['accuracy', 'f1_macro']);
    expect(r.trainScores?.accuracy).toEqual([1, 1, 1]);
    expect(r.estimators?.length).toBe(3);
    expect(r.fitTime.length).toBe(3);
  });

  it('regression scorers are negated losses', async () => {
    const X = Array.from({ length: 30 }, (_, i) => [i]);
    const y = X.map(([v]) => 2 * v + (v % 3));
    const [mse] = await crossValScore(new LinearRegression(), X, y, { cv: 3, scoring: 'neg_mean_squared_error' });
    expect(mse).toBeLessThan(0);
    const r2 = await crossValScore(new LinearRegression(), X, y, { cv: 3, scoring: 'r2' });
    expect(Math.min(...r2)).toBeGreaterThan(0.9);
  });
});

describe('GridSearchCV', () => {
  it('expands grids in scikit-learn order', () => {
    expect(expandGrid({ b: [1, 2], a: ['x'] })).toEqual([{ a: 'x', b: 1 }, { a: 'x', b: 2 }]);
  });

  it('tunes a pipeline by step__param, refits the best and survives JSON', async () => {
    const { X, y } = dataset('wine.csv');
    const pipe = new Pipeline({ steps: [['scale', new StandardScaler()], ['knn', new KNeighborsClassifier()]] });
    const search = await new GridSearchCV({ estimator: pipe, paramGrid: { knn__nNeighbors: [1, 5, 15], knn__weights: ['uniform', 'distance'] }, cv: 4, scoring: 'accuracy' }).fit(X, y);
    expect(search.cvResults_.params.length).toBe(6);
    const best = search.cvResults_.meanTestScore[search.bestIndex_];
    expect(Math.max(...search.cvResults_.meanTestScore)).toBe(best);
    expect(search.cvResults_.rankTestScore[search.bestIndex_]).toBe(1);
    expect(search.bestScore_).toBeGreaterThan(0.9);
    expect((search.bestEstimator_ as Pipeline).namedSteps.knn.getParams()).toMatchObject({
      nNeighbors: search.bestParams_.knn__nNeighbors, weights: search.bestParams_.knn__weights,
    });
    const copy = estimatorFromJSON(JSON.parse(JSON.stringify(search))) as GridSearchCV;
    expect(copy.predict(X)).toEqual(search.predict(X));
    expect(search.score(X, y)).toBeGreaterThan(0.95);
  });

  it('nested cross-validation: the inner search tunes, the outer folds score', async () => {
    const { X, y } = dataset('iris.csv');
    const inner = new GridSearchCV({ estimator: new LogisticRegression({ maxIter: 300 }), paramGrid: { C: [0.01, 1, 100] }, cv: 3 });
    const outer = await crossValidate(inner, X, y, { cv: 4, returnEstimator: true });
    expect(outer.testScores.score.length).toBe(4);
    for (const s of outer.testScores.score) expect(s).toBeGreaterThan(0.85);
    for (const e of outer.estimators ?? []) expect([0.01, 1, 100]).toContain((e as GridSearchCV).bestParams_.C);
  });

  it('rejects unknown grid parameters', async () => {
    await expect(new GridSearchCV({ estimator: new KNeighborsClassifier(), paramGrid: { k: [1] }, cv: 2 }).fit([[0], [1], [2], [3]], [0, 1, 0, 1]))
      .rejects.toThrow(/unknown parameter "k"/);
  });
});
