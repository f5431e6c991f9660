import { describe, expect, it } from 'vitest';
import { closeEnough, compareValue, resolveValue } from '../src/compare.js';
import { asFixtureFile, decodeNumber } from '../src/fixtures.js';

const tol = { rtol: 1e-5, atol: 1e-6 };
const fakeTensor = (shape: number[], values: number[], dtype = 'float32') => ({ shape, dtype, data: async () => Float32Array.from(values) });

describe('compare', () => {
  it('applies |got - want| <= atol + rtol*|want|', () => {
    expect(closeEnough(1 + 5e-6, 1, tol)).toBe(true);
    expect(closeEnough(1 + 2e-5, 1, tol)).toBe(false);
    expect(closeEnough(Number.NaN, Number.NaN, tol)).toBe(true);
    expect(closeEnough(0, Number.NaN, tol)).toBe(false);
    expect(closeEnough(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, tol)).toBe(true);
  });

  it('decodes non-finite strings and nulls', () => {
    expect(decodeNumber('NaN')).toBeNaN();
    expect(decodeNumber('-Infinity')).toBe(Number.NEGATIVE_INFINITY);
    expect(decodeNumber(null)).toBeNaN();
    expect(() => decodeNumber('x')).toThrow(/not a number/);
  });

  it('compares tensors by shape, dtype and values and reports the worst element', async () => {
    const want = { shape: [2, 2], data: [1, 2, 3, 4] };
    expect(compareValue(await resolveValue(fakeTensor([2, 2], [1, 2, 3, 4])), want, tol, 'out')).toEqual([]);
    const bad = compareValue(await resolveValue(fakeTensor([2, 2], [1, 2.5, 3, 9])), want, tol, 'out');
    expect(bad).toHaveLength(1);
    expect(bad[0].path).toBe('out[3]');
    expect(bad[0].error).toBeCloseTo(5);
    expect(compareValue(await resolveValue(fakeTensor([4], [1, 2, 3, 4])), want, tol, 'out')[0].message).toMatch(/shape/);
    const intWant = { shape: [2], data: [1, 2], dtype: 'int32' };
    expect(compareValue(await resolveValue(fakeTensor([2], [1, 2], 'float32')), intWant, tol, 'o')[0].message).toMatch(/dtype/);
  });

  it('requires an error where the reference raised, and a value elsewhere', () => {
    expect(compareValue(new Error('boom'), { error: 'undefined' }, tol, 'auc')).toEqual([]);
    expect(compareValue(0.5, { error: 'undefined' }, tol, 'auc')[0].message).toMatch(/expected an error/);
    expect(compareValue(new Error('boom'), 0.5, tol, 'auc')[0].message).toMatch(/raised boom/);
  });

  it('walks lists and objects, and honours ignored paths', () => {
    const want = { a: 1, b: [1, 2, 3], c: { d: 'x' } };
    expect(compareValue({ a: 1, b: [1, 2, 3], c: { d: 'x' } }, want, tol, 'o')).toEqual([]);
    expect(compareValue({ a: 1, b: [1, 2, 4], c: { d: 'x' } }, want, tol, 'o')[0].path).toBe('o.b[2]');
    expect(compareValue({ a: 1, b: [1, 2, 3] }, want, tol, 'o')[0]).toMatchObject({ path: 'o.c', message: 'not produced' });
    expect(compareValue({ a: 1, b: [1, 2, 4], c: { d: 'x' } }, want, tol, 'o', (p) => p === 'o.b')).toEqual([]);
    expect(compareValue([null, 2], [null, 2], tol, 'n')).toEqual([]);
  });

  it('rejects malformed fixture files with the file name', () => {
    expect(() => asFixtureFile({ suite: 's', cases: [] }, 'x.json')).toThrow(/x\.json: missing "tolerance"/);
    expect(() => asFixtureFile({ suite: 's', tolerance: { rtol: 0, atol: 0 }, cases: [{ name: 'a' }] }, 'y.json')).toThrow(/y\.json/);
  });
});
