import { beforeAll, describe, expect, it } from 'vitest';
import { setBackend } from '@tessera/tensor';
import { createJsBackend } from '@tessera/backend-js';
import {
  checkEstimator, DecisionTreeClassifier, DecisionTreeRegressor, GaussianNB, GridSearchCV, KMeans, KNeighborsClassifier,
  KNeighborsRegressor, LabelEncoder, LinearRegression, LogisticRegression, MinMaxScaler, OneHotEncoder, PCA, Pipeline,
  RandomForestClassifier, RandomForestRegressor, Ridge, StandardScaler, SVC, type AnyEstimator,
} from '../src/index.js';

beforeAll(async () => { await setBackend(createJsBackend()); });

const cases: [string, () => AnyEstimator | LabelEncoder][] = [
  ['LogisticRegression', () => new LogisticRegression()],
  ['LogisticRegression ovr', () => new LogisticRegression({ multiClass: 'ovr', C: 0.5 })],
  ['LinearRegression', () => new LinearRegression()],
  ['Ridge', () => new Ridge({ alpha: 0.3 })],
  ['KNeighborsClassifier', () => new KNeighborsClassifier({ nNeighbors: 3 })],
  ['KNeighborsClassifier manhattan distance', () => new KNeighborsClassifier({ metric: 'manhattan', weights: 'distance' })],
  ['KNeighborsClassifier matmul', () => new KNeighborsClassifier({ algorithm: 'matmul' })],
  ['KNeighborsRegressor', () => new KNeighborsRegressor({ metric: 'minkowski', p: 3 })],
  ['DecisionTreeClassifier', () => new DecisionTreeClassifier({ maxDepth: 4 })],
  ['DecisionTreeRegressor', () => new DecisionTreeRegressor({ minSamplesLeaf: 2 })],
  ['RandomForestClassifier', () => new RandomForestClassifier({ nEstimators: 8, oobScore: true })],
  ['RandomForestRegressor', () => new RandomForestRegressor({ nEstimators: 6, nJobs: 1 })],
  ['SVC rbf', () => new SVC()],
  ['SVC linear', () => new SVC({ kernel: 'linear', C: 0.5 })],
  ['KMeans', () => new KMeans({ nClusters: 3, nInit: 2 })],
  ['PCA', () => new PCA({ nComponents: 2, whiten: true })],
  ['PCA randomized', () => new PCA({ nComponents: 2, svdSolver: 'randomized' })],
  ['GaussianNB', () => new GaussianNB()],
  ['StandardScaler', () => new StandardScaler()],
  ['MinMaxScaler', () => new MinMaxScaler({ featureRange: [-1, 1] })],
  ['OneHotEncoder', () => new OneHotEncoder({ handleUnknown: 'ignore' })],
  ['LabelEncoder', () => new LabelEncoder()],
  ['Pipeline', () => new Pipeline({ steps: [['scale', new StandardScaler()], ['clf', new LogisticRegression()]] })],
  ['GridSearchCV', () => new GridSearchCV({ estimator: new KNeighborsClassifier(), paramGrid: { nNeighbors: [1, 3] }, cv: 3 })],
];

describe('checkEstimator', () => {
  for (const [name, make] of cases) {
    it(name, async () => {
      const options = name === 'OneHotEncoder' ? { X: [[0, 1], [1, 1], [2, 0], [1, 0]] } : {};
      const report = await checkEstimator(make, options);
      expect(report.checks.length).toBeGreaterThanOrEqual(3);
    });
  }

  it('reports a broken estimator', async () => {
    class Broken extends LinearRegression {
      override async fit(): Promise<this> { return new LinearRegression() as unknown as this; }
    }
    await expect(checkEstimator(() => new Broken())).rejects.toThrow(/fit: did not return the estimator/);
  });
});
