import { beforeAll, describe, expect, it } from 'vitest';
import { Generator, memory, setBackend, tidy } from '@tessera/tensor';
import { createJsBackend } from '@tessera/backend-js';
import { Matrix } from '../src/index.js';
import { DesignMatrix } from '../src/core/design.js';
import { cholesky, choleskySolve, gram, lstsq } from '../src/core/linalg.js';
import { symmetricEigen } from '../src/core/eigen.js';
import { maxAbsDiff } from './helpers.js';

beforeAll(async () => { await setBackend(createJsBackend()); });

function random(rows: number, cols: number, seed: number): Matrix {
  return new Matrix(Float64Array.from(new Generator(seed).normalValues(rows * cols)), rows, cols);
}

describe('DesignMatrix', () => {
  it('backend and host products agree, across tidy scopes, and free their tensor', () => {
    const x = random(50, 7, 1), b = random(3, 7, 2), r = random(50, 3, 3);
    const host = DesignMatrix.for(x, 3, 'host'), device = DesignMatrix.for(x, 3, 'backend');
    const before = memory().numTensors;
    // The first product runs inside a caller's tidy: the uploaded X must survive it.
    const first = tidy(() => device.times(b.data, 3));
    expect(maxAbsDiff(first, host.times(b.data, 3))).toBeLessThan(1e-4);
    expect(maxAbsDiff(device.transposeTimes(r.data, 3), host.transposeTimes(r.data, 3))).toBeLessThan(1e-4);
    device.dispose();
    expect(memory().numTensors).toBe(before);
  });
});

describe('linear algebra', () => {
  it('Cholesky solves a positive definite system and rejects an indefinite one', () => {
    const x = random(20, 4, 4);
    const a = gram(x.data, 20, 4);
    const want = Float64Array.of(1, -2, 0.5, 3);
    const b = new Float64Array(4);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) b[i] += a[i * 4 + j] * want[j];
    expect(maxAbsDiff(choleskySolve(cholesky('t', a, 4), 4, b, 1), want)).toBeLessThan(1e-10);
    expect(() => cholesky('ridge', Float64Array.of(1, 2, 2, 1), 2)).toThrow(/ridge: matrix is not positive definite/);
  });

  it('QR least squares recovers coefficients', () => {
    const x = random(30, 3, 5);
    const y = new Float64Array(30);
    for (let i = 0; i < 30; i++) y[i] = 2 * x.get(i, 0) - x.get(i, 1) + 0.5 * x.get(i, 2);
    const { x: coef, rank } = lstsq(x.data, 30, 3, y, 1);
    expect(rank).toBe(3);
    expect(maxAbsDiff(coef, [2, -1, 0.5])).toBeLessThan(1e-12);
  });

  it('the symmetric eigendecomposition reconstructs the matrix', () => {
    const x = random(40, 6, 6);
    const a = gram(x.data, 40, 6);
    const { values, vectors } = symmetricEigen(a, 6);
    for (let i = 1; i < 6; i++) expect(values[i]).toBeLessThanOrEqual(values[i - 1]);
    const back = new Float64Array(36);
    for (let c = 0; c < 6; c++) for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) back[i * 6 + j] += values[c] * vectors[c * 6 + i] * vectors[c * 6 + j];
    expect(maxAbsDiff(back, a)).toBeLessThan(1e-9);
  });
});

describe('Matrix.rowArgmax', () => {
  it('gives each row the column of its first maximum', () => {
    const m = new Matrix(Float64Array.from([0.2, 0.5, 0.3, 1, 1, 0, -3, -2, -2]), 3, 3);
    expect(Array.from(m.rowArgmax())).toEqual([1, 0, 1]);
  });
});
