import { describe, expect, it } from 'vitest';
import { newBackend, ravel, sizeOfShape, tensor, uniform, unravel, values } from './helpers.js';

const backend = newBackend();

/** Builds `shape` elementwise from a function of the multi-index. */
function build(shape: readonly number[], fn: (index: number[]) => number): number[] {
  return Array.from({ length: sizeOfShape(shape) }, (_, i) => fn(unravel(i, shape)));
}

function iota(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

describe('transpose', () => {
  const cases: [number[], number[]][] = [
    [[2, 3], [1, 0]],
    [[2, 3, 4], [2, 0, 1]],
    [[2, 3, 4], [0, 2, 1]],
    [[2, 3, 4], [0, 1, 2]],
    [[2, 1, 3, 1], [3, 2, 1, 0]],
    [[3, 4, 5, 2], [1, 3, 0, 2]],
    [[2, 2, 2, 2, 3], [4, 1, 3, 0, 2]],
    [[37, 29], [1, 0]],
  ];
  for (const [shape, perm] of cases) {
    it(`[${shape}] by [${perm}]`, () => {
      const x = iota(sizeOfShape(shape));
      const outShape = perm.map((p) => shape[p]);
      const want = build(outShape, (index) => {
        const src = new Array<number>(shape.length);
        perm.forEach((p, d) => { src[p] = index[d]; });
        return x[ravel(src, shape)];
      });
      expect(values(backend, backend.transpose(tensor(backend, x, shape), perm), 'float32', want.length)).toEqual(want);
    });
  }

  it('handles scalars, empty tensors and int32/bool', () => {
    expect(values(backend, backend.transpose(tensor(backend, [5], []), []), 'float32', 1)).toEqual([5]);
    expect(values(backend, backend.transpose(tensor(backend, [], [0, 3]), [1, 0]), 'float32', 0)).toEqual([]);
    const b = backend.transpose(tensor(backend, [1, 0, 0, 1, 1, 0], [2, 3], 'bool'), [1, 0]);
    expect(b.values).toBeInstanceOf(Uint8Array);
    expect(values(backend, b, 'bool', 6)).toEqual([1, 1, 0, 1, 0, 0]);
  });
});

describe('slice', () => {
  const shape = [4, 5, 6];
  const x = iota(sizeOfShape(shape));
  const cases: [number[], number[], number[]][] = [
    [[0, 0, 0], [1, 1, 1], [4, 5, 6]],
    [[1, 2, 3], [1, 1, 1], [2, 3, 2]],
    [[0, 0, 0], [2, 2, 3], [2, 3, 2]],
    [[3, 4, 5], [-1, -1, -1], [4, 5, 6]],
    [[3, 0, 5], [-2, 1, -3], [2, 5, 2]],
    [[1, 4, 0], [1, -2, 1], [3, 3, 6]],
    [[2, 1, 2], [1, 1, 1], [1, 1, 1]],
    [[0, 0, 0], [1, 1, 1], [4, 0, 6]],
  ];
  for (const [begin, strides, outShape] of cases) {
    it(`begin [${begin}] strides [${strides}] -> [${outShape}]`, () => {
      const want = build(outShape, (index) => x[ravel(index.map((v, d) => begin[d] + v * strides[d]), shape)]);
      expect(values(backend, backend.slice(tensor(backend, x, shape), begin, strides, outShape), 'float32', want.length)).toEqual(want);
    });
  }

  it('slices scalars and int32', () => {
    expect(values(backend, backend.slice(tensor(backend, [9], []), [], [], []), 'float32', 1)).toEqual([9]);
    expect(values(backend, backend.slice(tensor(backend, [1, 2, 3, 4], [4], 'int32'), [3], [-2], [2]), 'int32', 2)).toEqual([4, 2]);
  });
});

describe('concat', () => {
  it('joins along every axis', () => {
    const shapes = [[2, 3, 4], [2, 1, 4], [2, 5, 4]];
    for (const axis of [0, 1, 2]) {
      const parts = shapes.map((s) => s.map((v, d) => (d === axis ? v : [2, 3, 4][d])));
      const data = parts.map((s, k) => uniform(sizeOfShape(s), 60 + k));
      const outShape = [2, 3, 4].map((v, d) => (d === axis ? parts.reduce((sum, s) => sum + s[d], 0) : v));
      const want = build(outShape, (index) => {
        let at = index[axis];
        for (let k = 0; k < parts.length; k++) {
          if (at < parts[k][axis]) return data[k][ravel(index.map((v, d) => (d === axis ? at : v)), parts[k])];
          at -= parts[k][axis];
        }
        throw new Error('out of range');
      });
      const out = backend.concat(parts.map((s, k) => tensor(backend, data[k], s)), axis, outShape);
      expect(values(backend, out, 'float32', want.length)).toEqual(want);
    }
  });

  it('skips empty inputs and keeps the dtype', () => {
    const a = tensor(backend, [1, 2], [1, 2], 'int32');
    const e = tensor(backend, [], [0, 2], 'int32');
    const b = tensor(backend, [3, 4, 5, 6], [2, 2], 'int32');
    const out = backend.concat([a, e, b], 0, [3, 2]);
    expect(out.values).toBeInstanceOf(Int32Array);
    expect(values(backend, out, 'int32', 6)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(values(backend, backend.concat([e, e], 1, [0, 4]), 'int32', 0)).toEqual([]);
  });
});

describe('pad', () => {
  it('pads every axis with a constant', () => {
    const shape = [2, 3, 2];
    const paddings: [number, number][] = [[1, 0], [0, 2], [3, 1]];
    const x = iota(12).map((v) => v + 1);
    const outShape = shape.map((s, d) => s + paddings[d][0] + paddings[d][1]);
    const want = build(outShape, (index) => {
      const src = index.map((v, d) => v - paddings[d][0]);
      return src.every((v, d) => v >= 0 && v < shape[d]) ? x[ravel(src, shape)] : -0.5;
    });
    expect(values(backend, backend.pad(tensor(backend, x, shape), paddings, -0.5), 'float32', want.length)).toEqual(want);
  });

  it('pads scalars, empty tensors, int32 and bool', () => {
    expect(values(backend, backend.pad(tensor(backend, [4], []), [], 0), 'float32', 1)).toEqual([4]);
    expect(values(backend, backend.pad(tensor(backend, [], [0, 2]), [[1, 1], [0, 0]], 7), 'float32', 4)).toEqual([7, 7, 7, 7]);
    expect(values(backend, backend.pad(tensor(backend, [1, 2], [2], 'int32'), [[1, 2]], -3), 'int32', 5)).toEqual([-3, 1, 2, -3, -3]);
    expect(values(backend, backend.pad(tensor(backend, [0], [1], 'bool'), [[1, 1]], 1), 'bool', 3)).toEqual([1, 0, 1]);
  });
});

describe('gather and scatterAdd', () => {
  const layout = { outer: 2, reduce: 4, inner: 3 };
  const x = iota(24).map((v) => v * 1.5);
  const indices = [3, 0, 3, 1, 2];

  it('gather picks rows along the middle axis', () => {
    const want = build([2, 5, 3], ([o, j, i]) => x[(o * 4 + indices[j]) * 3 + i]);
    const out = backend.gather(tensor(backend, x, [2, 4, 3]), tensor(backend, indices, [5], 'int32'), layout);
    expect(values(backend, out, 'float32', 30)).toEqual(want);
  });

  it('gather with outer = inner = 1 and with no indices', () => {
    const out = backend.gather(tensor(backend, [10, 20, 30], [3]), tensor(backend, [2, 2, 0], [3], 'int32'), { outer: 1, reduce: 3, inner: 1 });
    expect(values(backend, out, 'float32', 3)).toEqual([30, 30, 10]);
    const empty = backend.gather(tensor(backend, [10, 20, 30], [3]), tensor(backend, [], [0], 'int32'), { outer: 1, reduce: 3, inner: 1 });
    expect(values(backend, empty, 'float32', 0)).toEqual([]);
  });

  it('scatterAdd is the adjoint of gather and sums repeated indices', () => {
    const updates = uniform(30, 77);
    const out = backend.scatterAdd(tensor(backend, updates, [2, 5, 3]), tensor(backend, indices, [5], 'int32'), 2, 4, 3);
    const want = new Array<number>(24).fill(0);
    for (let o = 0; o < 2; o++) for (let j = 0; j < 5; j++) for (let i = 0; i < 3; i++) want[(o * 4 + indices[j]) * 3 + i] += updates[(o * 5 + j) * 3 + i];
    expect(values(backend, out, 'float32', 24)).toEqual(Array.from(Float32Array.from(want)));
    // <gather(x), u> = <x, scatterAdd(u)>
    const gathered = values(backend, backend.gather(tensor(backend, x, [2, 4, 3]), tensor(backend, indices, [5], 'int32'), layout), 'float32', 30);
    const scattered = values(backend, out, 'float32', 24);
    const lhs = gathered.reduce((s, v, i) => s + v * updates[i], 0);
    const rhs = scattered.reduce((s, v, i) => s + v * x[i], 0);
    expect(lhs).toBeCloseTo(rhs, 3);
  });

  it('scatterAdd on int32 and into untouched rows', () => {
    const out = backend.scatterAdd(tensor(backend, [1, 2, 3], [3], 'int32'), tensor(backend, [2, 2, 0], [3], 'int32'), 1, 4, 1);
    expect(out.values).toBeInstanceOf(Int32Array);
    expect(values(backend, out, 'int32', 4)).toEqual([3, 0, 3, 0]);
  });
});

describe('tile', () => {
  const cases: [number[], number[]][] = [
    [[3], [2]],
    [[2, 3], [1, 1]],
    [[2, 3], [2, 3]],
    [[2, 1, 3], [1, 4, 2]],
    [[1, 1], [3, 2]],
    [[2, 2], [0, 3]],
  ];
  for (const [shape, reps] of cases) {
    it(`[${shape}] x [${reps}]`, () => {
      const x = iota(sizeOfShape(shape)).map((v) => v + 1);
      const outShape = shape.map((s, d) => s * reps[d]);
      const want = build(outShape, (index) => x[ravel(index.map((v, d) => v % shape[d]), shape)]);
      expect(values(backend, backend.tile(tensor(backend, x, shape), reps), 'float32', want.length)).toEqual(want);
    });
  }

  it('tiles scalars and bool', () => {
    expect(values(backend, backend.tile(tensor(backend, [3], []), []), 'float32', 1)).toEqual([3]);
    expect(values(backend, backend.tile(tensor(backend, [1, 0], [2], 'bool'), [2]), 'bool', 4)).toEqual([1, 0, 1, 0]);
  });
});
