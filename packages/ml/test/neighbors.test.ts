import { beforeAll, describe, expect, it } from 'vitest';
import { Generator, setBackend } from '@tessera/tensor';
import { createJsBackend } from '@tessera/backend-js';
import { KNeighborsClassifier, KNeighborsRegressor, Matrix } from '../src/index.js';
import { QueryPool } from '../src/neighbors/query-pool.js';

beforeAll(async () => { await setBackend(createJsBackend()); });

function blobs(n: number, d: number, seed: number): { X: Matrix; y: number[] } {
  const v = new Generator(seed).normalValues(n * d);
  const X = new Float64Array(n * d), y: number[] = [];
  for (let i = 0; i < n; i++) { y.push(i % 4); for (let j = 0; j < d; j++) X[i * d + j] = v[i * d + j] + (j % 4 === i % 4 ? 1.5 : 0); }
  return { X: new Matrix(X, n, d), y };
}

/**
 * Rows near a `rank`-dimensional subspace (image-like: a few main directions carry most of the
 * variance), quantized to multiples of 1/8 so that exactly tied distances occur, plus exact
 * duplicates of some rows.
 */
function lowRank(n: number, d: number, rank: number, seed: number, noise = 0.3): { X: Matrix; y: number[] } {
  const g = new Generator(seed);
  const basis = g.normalValues(rank * d), coef = g.normalValues(n * rank), eps = g.normalValues(n * d);
  const X = new Float64Array(n * d), y: number[] = [];
  for (let i = 0; i < n; i++) {
    const src = i % 10 === 9 ? i - 5 : i; // every tenth row repeats an earlier one
    for (let j = 0; j < d; j++) {
      let v = noise * eps[src * d + j];
      for (let r = 0; r < rank; r++) v += coef[src * rank + r] * basis[r * d + j];
      X[i * d + j] = Math.round(v * 8) / 8;
    }
    y.push(coef[src * rank] > 0 ? 1 : coef[src * rank + 1] > 0 ? 2 : 0);
  }
  return { X: new Matrix(X, n, d), y };
}

async function expectSameNeighbours(train: { X: Matrix; y: number[] }, query: Matrix, k: number, params: ConstructorParameters<typeof KNeighborsClassifier>[0]): Promise<void> {
  const direct = await new KNeighborsClassifier({ nNeighbors: k, ...params, algorithm: 'direct' }).fit(train.X, train.y);
  const other = await new KNeighborsClassifier({ nNeighbors: k, ...params }).fit(train.X, train.y);
  const a = direct.kneighbors(query), b = other.kneighbors(query);
  expect(Array.from(b.indices)).toEqual(Array.from(a.indices));
  expect(Array.from(b.distances.data)).toEqual(Array.from(a.distances.data));
  expect(other.predict(query)).toEqual(direct.predict(query));
  expect(other.predictProba(query).data).toEqual(direct.predictProba(query).data);
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

  it('the projected search finds exactly the direct search neighbours, ties included', async () => {
    const train = lowRank(900, 96, 6, 3), query = lowRank(160, 96, 6, 4);
    // Queries that duplicate training rows, or lie exactly between two, have tied distances.
    const rows = query.X.toArray();
    for (let i = 0; i < 20; i++) rows[i] = train.X.row(7 * i).slice() as unknown as number[];
    for (let i = 20; i < 30; i++) rows[i] = Array.from(train.X.row(i), (v, j) => (v + train.X.get(i + 1, j)) / 2);
    await expectSameNeighbours(train, Matrix.from(rows), 6, { algorithm: 'projected', nJobs: 1 });
    await expectSameNeighbours(train, Matrix.from(rows), 6, { algorithm: 'projected', weights: 'distance', nJobs: 1 });
  });

  it('falls back to the full product where the projection cannot prune (isotropic noise)', async () => {
    const train = blobs(700, 64, 5), query = blobs(90, 64, 6);
    await expectSameNeighbours(train, query.X, 5, { algorithm: 'projected', nJobs: 1 });
  });

  it('worker threads find the same neighbours as one thread and as the direct search', async () => {
    expect(QueryPool.get(2)).not.toBeNull();
    const train = lowRank(2600, 48, 5, 7), query = lowRank(800, 48, 5, 8);
    await expectSameNeighbours(train, query.X, 5, { algorithm: 'projected', nJobs: 2 });
    await expectSameNeighbours(train, query.X, 5, { algorithm: 'matmul', nJobs: 2 });
  });

  it('ranks queries whose tied candidates overflow what a worker can hand over', async () => {
    expect(QueryPool.get(2)).not.toBeNull();
    const train = lowRank(2600, 48, 5, 9), query = lowRank(800, 48, 5, 10);
    // 101 identical training rows: a query near them has 101 tied candidates, more than a worker lists.
    const X = train.X.data, Q = query.X.data, d = 48;
    for (let i = 100; i < 200; i++) X.copyWithin(i * d, 50 * d, 51 * d);
    for (let q = 0; q < 800; q += 2) for (let j = 0; j < d; j++) Q[q * d + j] = X[50 * d + j] + (j === q % d ? 1 / 64 : 0);
    await expectSameNeighbours(train, query.X, 5, { algorithm: 'projected', nJobs: 2 });
  });

  it('the workers read training rows that already live in shared memory', async () => {
    const train = lowRank(2600, 48, 5, 11), query = lowRank(800, 48, 5, 12);
    const shared = new Float64Array(new SharedArrayBuffer(train.X.data.byteLength));
    shared.set(train.X.data);
    await expectSameNeighbours({ X: new Matrix(shared, 2600, 48), y: train.y }, query.X, 5, { algorithm: 'matmul', nJobs: 2 });
  });

  it('ranks in float64 the rows whose distances differ by less than float32 rounding', async () => {
    const base = lowRank(900, 96, 6, 15), d = 96, pairs = 60;
    const noise = new Generator(16).normalValues(pairs * d);
    const X = new Float64Array((900 + pairs) * d), Q = new Float64Array(pairs * d);
    X.set(base.X.data);
    for (let p = 0; p < pairs; p++) {
      // Row 900 + p is row 10p moved by ±2e-9 on every axis: the query's distances to the two
      // differ by about 1e-8, below the float32 rounding of the rows.
      const t = 10 * p;
      for (let c = 0; c < d; c++) X[(900 + p) * d + c] = X[t * d + c] + (noise[((p + 1) * d + c) % (pairs * d)] > 0 ? 2e-9 : -2e-9);
      for (let c = 0; c < d; c++) Q[p * d + c] = X[t * d + c] + 0.3 * noise[p * d + c];
    }
    const train = { X: new Matrix(X, 900 + pairs, d), y: [...base.y, ...Array.from({ length: pairs }, (_, p) => p % 3)] };
    for (const k of [1, 3]) await expectSameNeighbours(train, new Matrix(Q, pairs, d), k, { algorithm: 'projected', nJobs: 1 });
  });

  it('the projected search stays exact at large and small scales (its float32 error bounds scale with the rows)', async () => {
    for (const scale of [1e-15, 1e15]) {
      const train = lowRank(900, 96, 6, 13), query = lowRank(120, 96, 6, 14);
      for (const m of [train.X, query.X]) for (let i = 0; i < m.data.length; i++) m.data[i] *= scale;
      await expectSameNeighbours(train, query.X, 5, { algorithm: 'projected', nJobs: 1 });
    }
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
  it('predicts the same with the projected search on worker threads as with the direct search', async () => {
    const train = lowRank(2600, 48, 5, 9), query = lowRank(800, 48, 5, 10);
    const target = train.y.map((v, i) => v + train.X.get(i, 0));
    for (const weights of ['uniform', 'distance'] as const) {
      const direct = await new KNeighborsRegressor({ nNeighbors: 4, weights, algorithm: 'direct' }).fit(train.X, target);
      const projected = await new KNeighborsRegressor({ nNeighbors: 4, weights, algorithm: 'projected', nJobs: 2 }).fit(train.X, target);
      expect(Array.from(projected.predict(query.X))).toEqual(Array.from(direct.predict(query.X)));
    }
  });

  it('averages neighbour targets, weighted by 1/d when asked', async () => {
    const uniform = await new KNeighborsRegressor({ nNeighbors: 2 }).fit([[0], [1], [3]], [0, 10, 30]);
    expect(Array.from(uniform.predict([[0.4]]))).toEqual([5]);
    const weighted = await new KNeighborsRegressor({ nNeighbors: 2, weights: 'distance' }).fit([[0], [1], [3]], [0, 10, 30]);
    expect(weighted.predict([[0.25]])[0]).toBeCloseTo((0 / 0.25 + 10 / 0.75) / (1 / 0.25 + 1 / 0.75), 12);
  });
});
