import type { BinaryOp, UnaryOp } from '@tessera/tensor';
import { expectClose, expectEqual, free, info, randoms, take, tensor } from '../harness/assert.js';
import { defineCases } from '../harness/define.js';

/** erf in double precision: Taylor series below 3, continued fraction for erfc above. */
export function erfRef(x: number): number {
  const a = Math.abs(x);
  if (a < 3) {
    let term = a, sum = a;
    for (let n = 1; n < 200; n++) {
      term *= -a * a / n;
      sum += term / (2 * n + 1);
      if (Math.abs(term) < 1e-17) break;
    }
    return Math.sign(x) * sum * 2 / Math.sqrt(Math.PI);
  }
  let f = 0;
  for (let n = 60; n >= 1; n--) f = n / 2 / (a + f);
  return Math.sign(x) * (1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / (a + f));
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const UNARY_REF: Record<Exclude<UnaryOp, 'logicalNot'>, (x: number) => number> = {
  neg: (x) => -x, abs: Math.abs, sign: Math.sign, square: (x) => x * x, reciprocal: (x) => 1 / x,
  exp: Math.exp, expm1: Math.expm1, log: Math.log, log1p: Math.log1p, sqrt: Math.sqrt, rsqrt: (x) => 1 / Math.sqrt(x),
  sin: Math.sin, cos: Math.cos, tanh: Math.tanh, sigmoid: (x) => 1 / (1 + Math.exp(-x)), erf: erfRef,
  floor: Math.floor, ceil: Math.ceil, round: roundHalfEven, relu: (x) => Math.max(x, 0),
};

const VALUES = [-1000, -20, -3.5, -2.5, -1.5, -1, -0.5, -1e-6, 0, 1e-7, 0.3, 0.5, 1, 1.5, 2.5, 3.7, 12, 100];

const BINARY_REF: Record<BinaryOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b, sub: (a, b) => a - b, mul: (a, b) => a * b, div: (a, b) => a / b, pow: (a, b) => a ** b,
  maximum: Math.max, minimum: Math.min, equal: (a, b) => +(a === b), notEqual: (a, b) => +(a !== b),
  less: (a, b) => +(a < b), lessEqual: (a, b) => +(a <= b), greater: (a, b) => +(a > b),
  greaterEqual: (a, b) => +(a >= b), logicalAnd: (a, b) => +(a !== 0 && b !== 0), logicalOr: (a, b) => +(a !== 0 || b !== 0),
};

/** Reference broadcasting of two equal-rank shapes. */
function broadcastRef(a: Float32Array, as: number[], b: Float32Array, bs: number[], out: number[], f: (x: number, y: number) => number) {
  const size = out.reduce((p, q) => p * q, 1);
  const res = new Float64Array(size);
  const idx = (shape: number[], coords: number[]) => coords.reduce((acc, c, d) => acc * shape[d] + (shape[d] === 1 ? 0 : c), 0);
  for (let i = 0; i < size; i++) {
    const coords: number[] = [];
    let rem = i;
    for (let d = out.length - 1; d >= 0; d--) { coords[d] = rem % out[d]; rem = Math.floor(rem / out[d]); }
    res[i] = f(a[idx(as, coords)], b[idx(bs, coords)]);
  }
  return res;
}

export const ELEMENTWISE = defineCases('elementwise', {
  async 'write/read round-trips every dtype and fill fills'({ backend }) {
    const f = tensor(backend, [1.5, -2, 3e-8, 1e30], [4]);
    expectEqual(await take(backend, f.buffer, 4), Float32Array.from([1.5, -2, 3e-8, 1e30]), 'float32');
    const i = tensor(backend, [-2147483648, 7, 2147483647], [3], 'int32');
    expectEqual(await take(backend, i.buffer, 3, 'int32'), [-2147483648, 7, 2147483647], 'int32');
    const b = tensor(backend, [1, 0, 1], [3], 'bool');
    const back = await take(backend, b.buffer, 3, 'bool');
    expectEqual(back, [1, 0, 1], 'bool');
    if (!(back instanceof Uint8Array)) throw new Error('bool reads must be Uint8Array');
    expectEqual(await take(backend, backend.fill(5, -7, 'int32'), 5, 'int32'), [-7, -7, -7, -7, -7], 'fill int32');
    expectEqual(await take(backend, backend.fill(3, 0.25, 'float32'), 3), [0.25, 0.25, 0.25], 'fill float32');
    expectEqual(await take(backend, backend.fill(2, 1, 'bool'), 2, 'bool'), [1, 1], 'fill bool');
    expectEqual(await take(backend, backend.write(new Float32Array(0), 'float32'), 0), [], 'empty');
  },

  async 'every float unary op matches float64 references'({ backend }) {
    const x = tensor(backend, VALUES, [VALUES.length]);
    const xs = Float32Array.from(VALUES);
    for (const op of Object.keys(UNARY_REF) as (keyof typeof UNARY_REF)[]) {
      const got = await take(backend, backend.unary(op, x), xs.length);
      const want = Array.from(xs, (v) => Math.fround(UNARY_REF[op](v)));
      // exp/sin/cos of large arguments are ill-conditioned in float32: compare where meaningful.
      const rtol = op === 'sin' || op === 'cos' ? 2e-4 : 2e-6;
      const keep = (v: number) => !((op === 'sin' || op === 'cos') && Math.abs(v) > 20);
      expectClose(Array.from(got).filter((_, k) => keep(xs[k])), want.filter((_, k) => keep(xs[k])), op, { rtol, atol: 1e-6 });
    }
    const nots = await take(backend, backend.unary('logicalNot', x), xs.length, 'bool');
    expectEqual(nots, Array.from(xs, (v) => +(v === 0)), 'logicalNot');
    free(backend, x);
  },

  async 'erf is accurate to 1e-7 absolute over [-7, 7]'({ backend }) {
    const n = 4001;
    const xs = Float32Array.from({ length: n }, (_, k) => -7 + (14 * k) / (n - 1));
    const x = tensor(backend, xs, [n]);
    const got = await take(backend, backend.unary('erf', x), n);
    let worst = 0;
    for (let k = 0; k < n; k++) worst = Math.max(worst, Math.abs(got[k] - erfRef(xs[k])));
    if (worst > 2e-7) throw new Error(`erf: worst absolute error ${worst}`);
    free(backend, x);
  },

  async 'round is half-to-even; sigmoid and tanh never overflow; expm1/log1p keep tiny inputs'({ backend }) {
    const x = tensor(backend, [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 3.49], [7]);
    expectEqual(await take(backend, backend.unary('round', x), 7), [0, 2, 2, -0, -2, -2, 3], 'round');
    const big = tensor(backend, [-1000, -90, 90, 1000], [4]);
    expectClose(await take(backend, backend.unary('sigmoid', big), 4), [0, Math.fround(1 / (1 + Math.exp(90))), 1, 1], 'sigmoid', { atol: 1e-38 });
    expectEqual(await take(backend, backend.unary('tanh', big), 4), [-1, -1, 1, 1], 'tanh');
    const tiny = tensor(backend, [1e-10, -3e-9], [2]);
    expectClose(await take(backend, backend.unary('expm1', tiny), 2), [1e-10, -3e-9], 'expm1', { rtol: 1e-6, atol: 0 });
    expectClose(await take(backend, backend.unary('log1p', tiny), 2), [1e-10, -3e-9], 'log1p', { rtol: 1e-6, atol: 0 });
    const special = tensor(backend, [0, -1], [2]);
    expectEqual(await take(backend, backend.unary('log', special), 2), [-Infinity, NaN], 'log of 0 and -1');
    free(backend, x, big, tiny, special);
  },

  async 'int32 unary ops wrap like int32'({ backend }) {
    const x = tensor(backend, [-2147483648, -5, 0, 7, 46341], [5], 'int32');
    expectEqual(await take(backend, backend.unary('neg', x), 5, 'int32'), [-2147483648, 5, 0, -7, -46341], 'neg');
    expectEqual(await take(backend, backend.unary('abs', x), 5, 'int32'), [-2147483648, 5, 0, 7, 46341], 'abs');
    expectEqual(await take(backend, backend.unary('square', x), 5, 'int32'), [0, 25, 0, 49, Math.imul(46341, 46341)], 'square');
    expectEqual(await take(backend, backend.unary('sign', x), 5, 'int32'), [-1, -1, 0, 1, 1], 'sign');
    expectEqual(await take(backend, backend.unary('relu', x), 5, 'int32'), [0, 0, 0, 7, 46341], 'relu');
    const small = tensor(backend, [0, 1, 4, 9], [4], 'int32');
    expectEqual(await take(backend, backend.unary('sqrt', small), 4, 'int32'), [0, 1, 2, 3], 'sqrt via float');
    free(backend, x, small);
  },

  async 'binary ops broadcast over equal-rank shapes'({ backend }) {
    const shapes: [number[], number[], number[]][] = [
      [[2, 3, 4], [2, 3, 4], [2, 3, 4]], [[2, 3, 4], [1, 1, 4], [2, 3, 4]], [[3, 1], [1, 5], [3, 5]],
      [[2, 1, 4], [1, 3, 1], [2, 3, 4]], [[1], [1], [1]], [[4, 2], [1, 1], [4, 2]], [[1, 1], [3, 2], [3, 2]],
    ];
    for (const [as, bs, out] of shapes) {
      const av = randoms(as.reduce((p, q) => p * q, 1), 3, 0.5, 3);
      const bv = randoms(bs.reduce((p, q) => p * q, 1), 7, -2, 2);
      const a = tensor(backend, av, as), b = tensor(backend, bv, bs);
      const size = out.reduce((p, q) => p * q, 1);
      for (const op of Object.keys(BINARY_REF) as BinaryOp[]) {
        const compare = !['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum'].includes(op);
        const got = await take(backend, backend.binary(op, a, b, out), size, compare ? 'bool' : 'float32');
        const want = broadcastRef(av, as, bv, bs, out, BINARY_REF[op]);
        expectClose(got, Array.from(want, Math.fround), `${op} ${JSON.stringify([as, bs])}`, { rtol: 3e-6 });
      }
      free(backend, a, b);
    }
  },

  async 'pow handles negative bases, zero and integer exponents; max/min propagate NaN'({ backend }) {
    const a = tensor(backend, [-2, -2, -8, 0, 0, 2, 4, NaN, 1], [9]);
    const b = tensor(backend, [3, 2, 1 / 3, 2, -1, 0.5, -0.5, 0, NaN], [9]);
    expectClose(await take(backend, backend.binary('pow', a, b, [9]), 9), [-8, 4, NaN, 0, Infinity, Math.SQRT2, 0.5, 1, 1], 'pow');
    expectEqual(await take(backend, backend.binary('maximum', a, b, [9]), 9), [3, 2, Math.fround(1 / 3), 2, 0, 2, 4, NaN, NaN], 'maximum');
    expectEqual(await take(backend, backend.binary('minimum', a, b, [9]), 9), [-2, -2, -8, 0, -1, 0.5, -0.5, NaN, NaN], 'minimum');
    const nan = tensor(backend, [NaN, NaN, 1], [3]);
    const one = tensor(backend, [NaN, 1, 1], [3]);
    expectEqual(await take(backend, backend.binary('notEqual', nan, one, [3]), 3, 'bool'), [1, 1, 0], 'NaN != x');
    expectEqual(await take(backend, backend.binary('equal', nan, one, [3]), 3, 'bool'), [0, 0, 1], 'NaN == x');
    expectEqual(await take(backend, backend.binary('logicalAnd', nan, one, [3]), 3, 'bool'), [1, 1, 1], 'NaN is truthy');
    free(backend, a, b, nan, one);
  },

  async 'int32 binary arithmetic wraps; division floors'({ backend }) {
    const a = tensor(backend, [2147483647, -2147483648, 7, -7, 65536, 5, 3], [7], 'int32');
    const b = tensor(backend, [1, -1, 2, 2, 65536, 0, 4], [7], 'int32');
    const run = async (op: BinaryOp) => take(backend, backend.binary(op, a, b, [7]), 7, 'int32');
    expectEqual(await run('add'), [-2147483648, 2147483647, 9, -5, 131072, 5, 7], 'add');
    expectEqual(await run('sub'), [2147483646, -2147483647, 5, -9, 0, 5, -1], 'sub');
    expectEqual(await run('mul'), [2147483647, -2147483648, 14, -14, 0, 0, 12], 'mul');
    expectEqual(await run('div'), [2147483647, -2147483648, 3, -4, 1, 0, 0], 'div');
    expectEqual(await run('pow'), [2147483647, 0, 49, 49, 0, 1, 81], 'pow');
    expectEqual(await run('maximum'), [2147483647, -1, 7, 2, 65536, 5, 4], 'maximum');
    expectEqual(await take(backend, backend.binary('less', a, b, [7]), 7, 'bool'), [0, 1, 0, 1, 0, 0, 1], 'less');
    free(backend, a, b);
  },

  async 'bool logical ops and comparisons'({ backend }) {
    const a = tensor(backend, [0, 0, 1, 1], [4], 'bool');
    const b = tensor(backend, [0, 1, 0, 1], [4], 'bool');
    expectEqual(await take(backend, backend.binary('logicalAnd', a, b, [4]), 4, 'bool'), [0, 0, 0, 1], 'and');
    expectEqual(await take(backend, backend.binary('logicalOr', a, b, [4]), 4, 'bool'), [0, 1, 1, 1], 'or');
    expectEqual(await take(backend, backend.binary('equal', a, b, [4]), 4, 'bool'), [1, 0, 0, 1], 'equal');
    expectEqual(await take(backend, backend.unary('logicalNot', a), 4, 'bool'), [1, 1, 0, 0], 'not');
    free(backend, a, b);
  },

  async 'where broadcasts condition and branches'({ backend }) {
    const cond = tensor(backend, [1, 0, 1], [1, 3], 'bool');
    const a = tensor(backend, [1, 2, 3, 4, 5, 6], [2, 3]);
    const b = tensor(backend, [-1, -2], [2, 1]);
    expectEqual(await take(backend, backend.where(cond, a, b, [2, 3]), 6), [1, -1, 3, 4, -2, 6], 'where');
    const ai = tensor(backend, [7], [1, 1], 'int32');
    const bi = tensor(backend, [-7], [1, 1], 'int32');
    expectEqual(await take(backend, backend.where(cond, ai, bi, [1, 3]), 3, 'int32'), [7, -7, 7], 'where int32');
    free(backend, cond, a, b, ai, bi);
  },

  async 'cast converts between every pair of dtypes'({ backend }) {
    const f = tensor(backend, [-2.7, -0.5, 0, 0.5, 3.9, NaN], [6]);
    expectEqual(await take(backend, backend.cast(f, 'int32'), 6, 'int32'), [-2, 0, 0, 0, 3, 0], 'f32->i32');
    expectEqual(await take(backend, backend.cast(f, 'bool'), 6, 'bool'), [1, 1, 0, 1, 1, 1], 'f32->bool');
    expectEqual(await take(backend, backend.cast(f, 'float32'), 6), Float32Array.from([-2.7, -0.5, 0, 0.5, 3.9, NaN]), 'f32->f32');
    const i = tensor(backend, [-3, 0, 16777217], [3], 'int32');
    expectEqual(await take(backend, backend.cast(i, 'float32'), 3), [-3, 0, 16777216], 'i32->f32');
    expectEqual(await take(backend, backend.cast(i, 'bool'), 3, 'bool'), [1, 0, 1], 'i32->bool');
    const b = tensor(backend, [1, 0], [2], 'bool');
    expectEqual(await take(backend, backend.cast(b, 'float32'), 2), [1, 0], 'bool->f32');
    expectEqual(await take(backend, backend.cast(b, 'int32'), 2, 'int32'), [1, 0], 'bool->i32');
    free(backend, f, i, b);
  },

  async 'large elementwise ops span a 2-D dispatch grid'({ backend }) {
    const n = 64 * 65535 + 1000;
    const x = { buffer: backend.fill(n, 2, 'float32'), shape: [n], dtype: 'float32' as const, size: n };
    const y = backend.unary('square', x);
    const s = backend.reduce('sum', info(y, [n]), { outer: 1, reduce: n, inner: 1 });
    expectClose(await take(backend, s, 1), [4 * n], 'sum of squares', { rtol: 1e-6 });
    backend.free(y);
    free(backend, x);
  },
});
