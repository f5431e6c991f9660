import { beforeAll, describe, expect, it } from 'vitest';
import { Generator, setBackend } from '@tessera/tensor';
import { createJsBackend } from '@tessera/backend-js';
import { KNeighborsClassifier, KNeighborsRegressor, Matrix } from '../src/index.js';

beforeAll(async () => { await setBackend(createJsBackend()); });

function blobs(n: number, d: number, seed: number): { X: Matrix; y: number[] } {
  const v = new Generator(seed).normalValues(n * d);
  const X = new Float64Array(n * d), y: number[] = [];
  for (let i = 0; i < n; i++) { y.push(i % 4); for (let j = 0; j < d; j++) X[i * d + j] = v[i * d + j] + (j % 4 === i % 4 ? 1.5 : 0); }
  return { X: new Matrix(X, n, d), y };
}

describe('KNeighborsClassifier', () => {
  it('the matmul search finds exactly the direct search neighbours', async () => {
    const train = blobs(300, 20, 1), query = blobs(80, 20, 2);
    const direct = await new KNeighborsClassifier({ nNeighbors: 7, algorithm: 'direct' }).fit(train.X, train.y);
    const viaMatmul = await new KNeighborsClassifier({ nNeighbors: 7, algorithm: 'matmul' }).fit(train.X, train.y);
    const a = direct.kneighbors(query.X), b = viaMatmul.kneighbors(query.X);
    expect(Array.from(b.indices)).toEqual(Array.from(a.indices));
    expect(Array.from(b.distances.data)).toEqual(Array.from(a.distances.data));
    expect(viaMatmul.predict(query.X)).toEqual(direct.predict(query.X));
  });

  it('distance weighting lets an exact match take the whole vote', async () => {
    const knn = await new KNeighborsClassifier({ nNeighbors: 3, weights: 'distance' }).fit([[0], [1], [1.1], [5]], ['a', 'b', 'b', 'c']);
    expect(knn.predictProba([[0]]).toArray()).toEqual([[1, 0, 0]]);
    expect(knn.predict([[0.6]])).toEqual(['b']);
  });

  it('a tied vote goes to the smallest class', async () => {
    const knn = await new KNeighborsClassifier({ nNeighbors: 2 }).fit([[0], [2]], [7, 3]);
    expect(knn.predict([[1]])).toEqual([3]);
  });

  it('supports manhattan and minkowski distances', async () => {
    const knn = await new KNeighborsClassifier({ nNeighbors: 1, metric: 'manhattan' }).fit([[0, 0], [3, 3]], [0, 1]);
    expect(knn.kneighbors([[1, 2]]).distances.toArray()).toEqual([[3]]);
    const mk = await new KNeighborsClassifier({ nNeighbors: 1, p: 3 }).fit([[0, 0]], [0]);
    expect(mk.kneighbors([[1, 2]]).distances.get(0, 0)).toBeCloseTo(9 ** (1 / 3), 12);
  });

  it('refuses more neighbours than samples', async () => {
    await expect(new KNeighborsClassifier({ nNeighbors: 5 }).fit([[0], [1]], [0, 1])).rejects.toThrow(/nNeighbors 5 > number of samples 2/);
  });
});

describe('KNeighborsRegressor', () => {
  it('averages neighbour targets, weighted by 1/d when asked', async () => {
    const uniform = await new KNeighborsRegressor({ nNeighbors: 2 }).fit([[0], [1], [3]], [0, 10, 30]);
    expect(Array.from(uniform.predict([[0.4]]))).toEqual([5]);
    const weighted = await new KNeighborsRegressor({ nNeighbors: 2, weights: 'distance' }).fit([[0], [1], [3]], [0, 10, 30]);
    expect(weighted.predict([[0.25]])[0]).toBeCloseTo((0 / 0.25 + 10 / 0.75) / (1 / 0.25 + 1 / 0.75), 12);
  });
});
