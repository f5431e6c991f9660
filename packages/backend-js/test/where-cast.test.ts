import { describe, expect, it } from 'vitest';
import { newBackend, ravel, sizeOfShape, tensor, uniform, unravel, values } from './helpers.js';

const backend = newBackend();

describe('where', () => {
  it('selects with broadcasting of cond, a and b', () => {
    const cases: [number[], number[], number[], number[]][] = [
      [[2, 3], [2, 3], [2, 3], [2, 3]],
      [[2, 1], [1, 3], [1, 1], [2, 3]],
      [[1, 3], [2, 1], [2, 3], [2, 3]],
      [[2, 1, 4], [1, 3, 1], [2, 3, 4], [2, 3, 4]],
      [[], [], [], []],
    ];
    for (const [cShape, aShape, bShape, outShape] of cases) {
      const cond = uniform(sizeOfShape(cShape), 3).map((v) => (v > 0 ? 1 : 0));
      const a = uniform(sizeOfShape(aShape), 4);
      const b = uniform(sizeOfShape(bShape), 5);
      const want: number[] = [];
      for (let i = 0; i < sizeOfShape(outShape); i++) {
        const at = (shape: number[]) => ravel(unravel(i, outShape).map((v, d) => (shape[d] === 1 ? 0 : v)), shape);
        want.push(cond[at(cShape)] ? a[at(aShape)] : b[at(bShape)]);
      }
      const out = backend.where(tensor(backend, cond, cShape, 'bool'), tensor(backend, a, aShape), tensor(backend, b, bShape), outShape);
      expect(values(backend, out, 'float32', want.length)).toEqual(want);
    }
  });

  it('keeps the dtype of a and b', () => {
    const out = backend.where(tensor(backend, [1, 0], [2], 'bool'), tensor(backend, [7, 8], [2], 'int32'), tensor(backend, [-1, -2], [2], 'int32'), [2]);
    expect(out.values).toBeInstanceOf(Int32Array);
    expect(values(backend, out, 'int32', 2)).toEqual([7, -2]);
  });

  it('handles empty outputs', () => {
    const out = backend.where(tensor(backend, [], [0], 'bool'), tensor(backend, [], [0]), tensor(backend, [1], [1]), [0]);
    expect(values(backend, out, 'float32', 0)).toEqual([]);
  });
});

describe('cast', () => {
  it('float32 -> int32 truncates toward zero', () => {
    const out = backend.cast(tensor(backend, [1.9, -1.9, 0.5, -0.5, 3, NaN], [6]), 'int32');
    expect(out.values).toBeInstanceOf(Int32Array);
    expect(values(backend, out, 'int32', 6)).toEqual([1, -1, 0, 0, 3, 0]);
  });

  it('anything -> bool is value != 0', () => {
    expect(values(backend, backend.cast(tensor(backend, [0, -0, 0.1, -2, NaN], [5]), 'bool'), 'bool', 5)).toEqual([0, 0, 1, 1, 1]);
    expect(values(backend, backend.cast(tensor(backend, [0, 5, -1], [3], 'int32'), 'bool'), 'bool', 3)).toEqual([0, 1, 1]);
  });

  it('bool and int32 -> float32, bool -> int32', () => {
    expect(values(backend, backend.cast(tensor(backend, [1, 0], [2], 'bool'), 'float32'), 'float32', 2)).toEqual([1, 0]);
    expect(values(backend, backend.cast(tensor(backend, [16777217, -3], [2], 'int32'), 'float32'), 'float32', 2)).toEqual([16777216, -3]);
    expect(values(backend, backend.cast(tensor(backend, [1, 0], [2], 'bool'), 'int32'), 'int32', 2)).toEqual([1, 0]);
  });

  it('same-dtype cast is a copy', () => {
    const x = tensor(backend, [1.5, 2.5], [2]);
    const y = backend.cast(x, 'float32');
    expect(y).not.toBe(x.buffer);
    expect(values(backend, y, 'float32', 2)).toEqual([1.5, 2.5]);
  });

  it('casts scalars and empty tensors', () => {
    expect(values(backend, backend.cast(tensor(backend, [2.7], []), 'int32'), 'int32', 1)).toEqual([2]);
    expect(values(backend, backend.cast(tensor(backend, [], [0]), 'bool'), 'bool', 0)).toEqual([]);
  });
});
