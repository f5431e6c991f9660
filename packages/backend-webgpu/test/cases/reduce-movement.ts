import type { ReduceOp } from '@tessera/tensor';
import { expectClose, expectEqual, free, randoms, take, tensor } from '../harness/assert.js';
import { defineCases } from '../harness/define.js';

function reduceRef(x: ArrayLike<number>, outer: number, r: number, inner: number, op: ReduceOp | 'argmax' | 'argmin'): number[] {
  const out: number[] = [];
  for (let o = 0; o < outer; o++) for (let j = 0; j < inner; j++) {
    const vals = Array.from({ length: r }, (_, k) => x[(o * r + k) * inner + j]);
    switch (op) {
      case 'sum': out.push(vals.reduce((a, b) => a + b, 0)); break;
      case 'prod': out.push(vals.reduce((a, b) => a * b, 1)); break;
      case 'max': out.push(Math.max(...vals)); break;
      case 'min': out.push(Math.min(...vals)); break;
      case 'argmax': out.push(vals.indexOf(Math.max(...vals))); break;
      case 'argmin': out.push(vals.indexOf(Math.min(...vals))); break;
    }
  }
  return out;
}

const LAYOUTS: [number, number, number][] = [[1, 5, 1], [3, 4, 2], [2, 300, 1], [1, 1000, 1], [4, 70, 3], [5, 1, 7], [2, 0, 3]];

export const REDUCE_MOVEMENT = defineCases('reduce-movement', {
  async 'sum/prod/max/min over [outer, reduce, inner] layouts, float32 and int32'({ backend }) {
    for (const [outer, r, inner] of LAYOUTS) {
      const n = outer * r * inner;
      const xf = randoms(n, n + 1, 0.9, 1.1);
      const xi = Int32Array.from(randoms(n, n + 2, -50, 50), Math.trunc);
      const f = tensor(backend, xf, [n]), i = tensor(backend, xi, [n], 'int32');
      for (const op of ['sum', 'prod', 'max', 'min'] as ReduceOp[]) {
        const layout = { outer, reduce: r, inner };
        const label = `${op} ${JSON.stringify(layout)}`;
        expectClose(await take(backend, backend.reduce(op, f, layout), outer * inner), reduceRef(xf, outer, r, inner, op).map(Math.fround), label, { rtol: 2e-5 });
        if (op !== 'prod') {
          expectEqual(await take(backend, backend.reduce(op, i, layout), outer * inner, 'int32'),
            reduceRef(xi, outer, r, inner, op).map((v) => (Number.isFinite(v) ? v | 0 : v > 0 ? 2147483647 : -2147483648)), `${label} int32`);
        }
      }
      free(backend, f, i);
    }
  },

  async 'long rows are reduced in chunks and the partials reduced again'({ backend }) {
    for (const [outer, r] of [[1, 100_003], [3, 9000]]) {
      const xf = randoms(outer * r, r, -1, 1);
      const xi = Int32Array.from(randoms(outer * r, r + 1, -1000, 1000), Math.trunc);
      const f = tensor(backend, xf, [outer * r]), i = tensor(backend, xi, [outer * r], 'int32');
      const layout = { outer, reduce: r, inner: 1 };
      expectClose(await take(backend, backend.reduce('sum', f, layout), outer), reduceRef(xf, outer, r, 1, 'sum'), `sum ${r}`, { rtol: 1e-5, atol: 1e-3 });
      expectEqual(await take(backend, backend.reduce('max', f, layout), outer), reduceRef(xf, outer, r, 1, 'max'), `max ${r}`);
      expectEqual(await take(backend, backend.reduce('sum', i, layout), outer, 'int32'), reduceRef(xi, outer, r, 1, 'sum'), `int sum ${r}`);
      expectEqual(await take(backend, backend.reduce('min', i, layout), outer, 'int32'), reduceRef(xi, outer, r, 1, 'min'), `int min ${r}`);
      free(backend, f, i);
    }
  },

  async 'int32 sum wraps; max/min propagate NaN'({ backend }) {
    const i = tensor(backend, [2147483647, 1, 5], [3], 'int32');
    expectEqual(await take(backend, backend.reduce('sum', i, { outer: 1, reduce: 3, inner: 1 }), 1, 'int32'), [-2147483643], 'wrap');
    const f = tensor(backend, [1, NaN, 3, 4], [4]);
    expectEqual(await take(backend, backend.reduce('max', f, { outer: 2, reduce: 2, inner: 1 }), 2), [NaN, 4], 'max NaN');
    expectEqual(await take(backend, backend.reduce('min', f, { outer: 1, reduce: 2, inner: 2 }), 2), [1, NaN], 'min NaN');
    free(backend, i, f);
  },

  async 'argmax/argmin return the first extremum'({ backend }) {
    const x = tensor(backend, [3, 1, 3, 1, 2, 2, 0, 0, 5, 5, 5, 1], [12]);
    const xs = [3, 1, 3, 1, 2, 2, 0, 0, 5, 5, 5, 1];
    for (const [outer, r, inner] of [[3, 4, 1], [1, 4, 3], [2, 3, 2]] as const) {
      for (const op of ['argmax', 'argmin'] as const) {
        expectEqual(await take(backend, backend.argReduce(op, x, { outer, reduce: r, inner }), outer * inner, 'int32'),
          reduceRef(xs, outer, r, inner, op), `${op} ${outer},${r},${inner}`);
      }
    }
    free(backend, x);
  },

  async 'transpose permutes any rank'({ backend }) {
    const shape = [2, 3, 4, 5];
    const xs = Float32Array.from({ length: 120 }, (_, k) => k);
    const x = tensor(backend, xs, shape);
    for (const perm of [[0, 1, 2, 3], [3, 2, 1, 0], [1, 0, 3, 2], [2, 0, 3, 1]]) {
      const outShape = perm.map((p) => shape[p]);
      const want: number[] = [];
      const st = [60, 20, 5, 1];
      for (let a = 0; a < outShape[0]; a++) for (let b = 0; b < outShape[1]; b++) for (let c = 0; c < outShape[2]; c++) for (let d = 0; d < outShape[3]; d++) {
        const coords = [a, b, c, d];
        want.push(coords.reduce((acc, v, k) => acc + v * st[perm[k]], 0));
      }
      expectEqual(await take(backend, backend.transpose(x, perm), 120), want, `perm ${perm}`);
    }
    const b = tensor(backend, [1, 0, 0, 1, 1, 0], [2, 3], 'bool');
    expectEqual(await take(backend, backend.transpose(b, [1, 0]), 6, 'bool'), [1, 1, 0, 1, 0, 0], 'bool transpose');
    free(backend, x, b);
  },

  async 'slice with positive and negative strides'({ backend }) {
    const x = tensor(backend, Array.from({ length: 24 }, (_, k) => k), [4, 6], 'int32');
    expectEqual(await take(backend, backend.slice(x, [1, 2], [1, 1], [2, 3]), 6, 'int32'), [8, 9, 10, 14, 15, 16], 'plain');
    expectEqual(await take(backend, backend.slice(x, [3, 5], [-1, -2], [4, 3]), 12, 'int32'),
      [23, 21, 19, 17, 15, 13, 11, 9, 7, 5, 3, 1], 'reversed');
    expectEqual(await take(backend, backend.slice(x, [0, 1], [2, 3], [2, 2]), 4, 'int32'), [1, 4, 13, 16], 'strided');
    free(backend, x);
  },

  async 'concat along inner and outer axes'({ backend }) {
    const a = tensor(backend, [1, 2, 3, 4], [2, 2]);
    const b = tensor(backend, [5, 6], [2, 1]);
    const c = tensor(backend, [7, 8, 9, 10, 11, 12], [2, 3]);
    expectEqual(await take(backend, backend.concat([a, b, c], 1, [2, 6]), 12), [1, 2, 5, 7, 8, 9, 3, 4, 6, 10, 11, 12], 'axis 1');
    const d = tensor(backend, [9, 9], [1, 2]);
    expectEqual(await take(backend, backend.concat([a, d], 0, [3, 2]), 6), [1, 2, 3, 4, 9, 9], 'axis 0');
    free(backend, a, b, c, d);
  },

  async 'pad with a constant in every dtype'({ backend }) {
    const x = tensor(backend, [1, 2, 3, 4], [2, 2]);
    expectEqual(await take(backend, backend.pad(x, [[1, 0], [0, 2]], -1.5), 12),
      [-1.5, -1.5, -1.5, -1.5, 1, 2, -1.5, -1.5, 3, 4, -1.5, -1.5], 'float');
    const i = tensor(backend, [5, 6], [2], 'int32');
    expectEqual(await take(backend, backend.pad(i, [[2, 1]], -3), 5, 'int32'), [-3, -3, 5, 6, -3], 'int');
    free(backend, x, i);
  },

  async 'gather and its adjoint scatterAdd (repeated indices sum in order)'({ backend }) {
    const x = tensor(backend, Array.from({ length: 24 }, (_, k) => k), [2, 4, 3]);
    const idx = tensor(backend, [3, 0, 3, 1], [4], 'int32');
    expectEqual(await take(backend, backend.gather(x, idx, { outer: 2, reduce: 4, inner: 3 }), 24),
      [9, 10, 11, 0, 1, 2, 9, 10, 11, 3, 4, 5, 21, 22, 23, 12, 13, 14, 21, 22, 23, 15, 16, 17], 'gather');
    const upd = tensor(backend, Array.from({ length: 8 }, (_, k) => k + 1), [2, 4, 1]);
    expectEqual(await take(backend, backend.scatterAdd(upd, idx, 2, 5, 1), 10), [2, 4, 0, 4, 0, 6, 8, 0, 12, 0], 'scatterAdd');
    const updI = tensor(backend, [1, 2, 3, 4], [1, 4, 1], 'int32');
    expectEqual(await take(backend, backend.scatterAdd(updI, idx, 1, 4, 1), 4, 'int32'), [2, 4, 0, 4], 'scatterAdd int32');
    free(backend, x, idx, upd, updI);
  },

  async 'tile repeats every axis'({ backend }) {
    const x = tensor(backend, [1, 2, 3], [1, 3]);
    expectEqual(await take(backend, backend.tile(x, [2, 2]), 12), [1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3], 'tile');
    free(backend, x);
  },
});
