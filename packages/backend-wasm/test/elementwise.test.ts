import { BINARY_OPS, UNARY_OPS, type BinaryOp, type DType, type UnaryOp } from '@tessera/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WasmBackend } from '../src/index.js';
import { backend, expectClose, info, randomArray, read, readBuf, sizeOf, tensor } from './helpers.js';

let be: WasmBackend;
beforeAll(async () => { be = await backend(); });
afterAll(() => be.dispose());

const f = Math.fround;
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
// erf at a few points (from a high-precision table); the kernel must be within ~1e-7.
const ERF: [number, number][] = [
  [0, 0], [1e-8, 1.1283791670955126e-8], [0.01, 0.011283415555849618], [0.5, 0.5204998778130465],
  [1, 0.8427007929497149], [-1.5, -0.9661051464753108], [2, 0.9953222650189527], [3, 0.9999779095030014],
  [-3.7, -0.9999998328489421], [5, 1], [Infinity, 1], [-Infinity, -1],
];

const REF: Record<Exclude<UnaryOp, 'erf' | 'logicalNot'>, (x: number) => number> = {
  neg: (x) => -x, abs: Math.abs, sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x), square: (x) => x * x,
  reciprocal: (x) => 1 / x, exp: Math.exp, expm1: Math.expm1, log: Math.log, log1p: Math.log1p, sqrt: Math.sqrt,
  rsqrt: (x) => 1 / Math.sqrt(x), sin: Math.sin, cos: Math.cos, tanh: Math.tanh, sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  floor: Math.floor, ceil: Math.ceil, round: roundHalfEven, relu: (x) => (Number.isNaN(x) ? x : Math.max(x, 0)),
};

const SPECIAL = [0, -0, 0.5, -0.5, 1.5, 2.5, -2.5, 3.5, 1, -1, 1e-5, -1e-5, 1e-3, 0.3, -0.7, 20, -20, 88, -88, 100, -100,
  1e4, -1e4, NaN, Infinity, -Infinity];

describe('unary float32', () => {
  const values = Float32Array.from([...SPECIAL, ...randomArray(5000, 1, -6, 6)]);
  for (const op of UNARY_OPS) {
    if (op === 'erf' || op === 'logicalNot') continue;
    it(op, () => {
      const x = tensor(be, values, [values.length]);
      const got = read(be, info(be.unary(op, x), x.shape));
      const want = Array.from(values, (v) => f(REF[op](v)));
      // Transcendentals are within a few ulp; the trig reduction is exact for |x| < 1.6e6.
      expectClose(got, want, 2e-6, 1e-7);
    });
  }

  it('erf is accurate to about 1e-7', () => {
    const x = tensor(be, ERF.map((e) => e[0]), [ERF.length]);
    expectClose(read(be, info(be.unary('erf', x), x.shape)), ERF.map((e) => e[1]), 1e-7, 1e-8);
  });

  it('sigmoid and tanh saturate without NaN and keep precision near 0', () => {
    const xs = [-1000, -90, 1e-7, -3e-4, 0.01, 0.54, 0.56, 90, 1000];
    const x = tensor(be, xs, [xs.length]);
    expectClose(read(be, info(be.unary('sigmoid', x), x.shape)), xs.map((v) => 1 / (1 + Math.exp(-v))), 1e-6, 0);
    expectClose(read(be, info(be.unary('tanh', x), x.shape)), xs.map(Math.tanh), 1e-6, 0);
  });

  it('round is half to even', () => {
    const x = tensor(be, [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4999998], [7]);
    expect(Array.from(read(be, info(be.unary('round', x), x.shape)))).toEqual([0, 2, 2, -0, -2, -2, 2]);
  });
});

describe('unary int32 and bool', () => {
  it('integer ops stay integer (wrapping, truncating)', () => {
    const xs = [0, 1, -1, 7, -7, 46341, -(2 ** 31), 2 ** 31 - 1];
    const x = tensor(be, xs, [xs.length], 'int32');
    const run = (op: UnaryOp) => Array.from(read(be, info(be.unary(op, x), x.shape, 'int32')));
    expect(run('neg')).toEqual(xs.map((v) => -v | 0));
    expect(run('abs')).toEqual(xs.map((v) => Math.abs(v) | 0));
    expect(run('sign')).toEqual(xs.map(Math.sign));
    expect(run('square')).toEqual(xs.map((v) => Math.imul(v, v)));
    expect(run('relu')).toEqual(xs.map((v) => Math.max(v, 0)));
    expect(run('floor')).toEqual(xs);
    const small = tensor(be, [0, 1, 2, -3], [4], 'int32');
    expect(Array.from(read(be, info(be.unary('exp', small), [4], 'int32')))).toEqual([1, 2, 7, 0]);
  });

  it('logicalNot returns bool for every dtype', () => {
    for (const dtype of ['float32', 'int32', 'bool'] as DType[]) {
      const x = tensor(be, [0, 1, 0, 1, 1], [5], dtype);
      const out = be.unary('logicalNot', x);
      expect(Array.from(readBuf(be, out, 5, 'bool'))).toEqual([1, 0, 1, 0, 0]);
    }
    const nan = tensor(be, [NaN, -0], [2]);
    expect(Array.from(readBuf(be, be.unary('logicalNot', nan), 2, 'bool'))).toEqual([0, 1]);
  });
});

/** Reference broadcast of equal-rank shapes: the flat index of `shape` for an output index. */
function sourceIndex(out: number[], shape: readonly number[]): number {
  let idx = 0;
  for (let d = 0; d < shape.length; d++) idx = idx * shape[d] + (shape[d] === 1 ? 0 : out[d]);
  return idx;
}
function broadcastRef(outShape: number[], shapes: (readonly number[])[], f: (...v: number[]) => number, inputs: ArrayLike<number>[]): number[] {
  const n = sizeOf(outShape);
  const res: number[] = [];
  const idx = new Array(outShape.length).fill(0);
  for (let i = 0; i < n; i++) {
    let r = i;
    for (let d = outShape.length - 1; d >= 0; d--) { idx[d] = r % outShape[d]; r = Math.floor(r / outShape[d]); }
    res.push(f(...inputs.map((a, k) => a[sourceIndex(idx, shapes[k])])));
  }
  return res;
}

const PAIRS: [number[], number[], number[]][] = [
  [[2, 3, 4], [2, 3, 4], [2, 3, 4]],
  [[2, 3, 4], [1, 1, 4], [2, 3, 4]],
  [[3, 1], [1, 5], [3, 5]],
  [[1, 1, 1], [2, 3, 4], [2, 3, 4]],
  [[2, 1, 4], [1, 3, 1], [2, 3, 4]],
  [[4, 1, 5], [4, 3, 5], [4, 3, 5]],
  [[300, 1, 7], [1, 100, 7], [300, 100, 7]],
  [[70001], [1], [70001]],
];

const FREF: Record<BinaryOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b, sub: (a, b) => a - b, mul: (a, b) => a * b, div: (a, b) => a / b, pow: Math.pow,
  maximum: Math.max, minimum: Math.min, equal: (a, b) => +(a === b), notEqual: (a, b) => +(a !== b),
  less: (a, b) => +(a < b), lessEqual: (a, b) => +(a <= b), greater: (a, b) => +(a > b), greaterEqual: (a, b) => +(a >= b),
  logicalAnd: (a, b) => +(a !== 0 && b !== 0), logicalOr: (a, b) => +(a !== 0 || b !== 0),
};

describe('binary float32 with broadcasting', () => {
  for (const op of BINARY_OPS) {
    it(op, () => {
      PAIRS.forEach(([sa, sb, so], k) => {
        // Small integers make ties (equal/less-equal) and exact zeros (logical ops) common.
        const gen = (n: number, seed: number) => op === 'pow'
          ? randomArray(n, seed, 0.1, 3) : randomArray(n, seed, -3, 3).map((v) => (seed % 2 ? Math.round(v) : v));
        const av = gen(sizeOf(sa), 10 + k), bv = op === 'pow' ? randomArray(sizeOf(sb), 20 + k, -2, 2) : gen(sizeOf(sb), 21 + k);
        const a = tensor(be, av, sa), b = tensor(be, bv, sb);
        const out = be.binary(op, a, b, so);
        const isCmp = !['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum'].includes(op);
        const got = readBuf(be, out, sizeOf(so), isCmp ? 'bool' : 'float32');
        const want = broadcastRef(so, [sa, sb], (x, y) => f(FREF[op](x, y)), [av, bv]);
        expectClose(got, want, op === 'pow' ? 1e-6 : 1e-7, 0);
        be.free(out); be.free(a.buffer); be.free(b.buffer);
      });
    });
  }

  it('follows IEEE special cases (NaN propagation, pow edge cases as in C and torch)', () => {
    const a = tensor(be, [NaN, 1, -0, 0, -8, -2, 0, -Infinity, 1, 2], [10]);
    const b = tensor(be, [1, NaN, -1, -3, 1 / 3, 3, 0, 3, Infinity, -Infinity], [10]);
    expectClose(readBuf(be, be.binary('maximum', a, b, [10]), 10), [NaN, NaN, -0, 0, 1 / 3, 3, 0, 3, Infinity, 2].map(f));
    expect(Array.from(readBuf(be, be.binary('pow', a, b, [10]), 10)))
      .toEqual([NaN, 1, -Infinity, Infinity, NaN, -8, 1, -Infinity, 1, 0]);
  });
});

describe('binary int32 and bool', () => {
  it('int32 arithmetic wraps, divides with floor and never traps on zero', () => {
    const av = [7, -7, 7, -7, 5, 2 ** 31 - 1, -(2 ** 31), 3, 0, -2];
    const bv = [2, 2, -2, -2, 0, 1, -1, 4, 0, 3];
    const a = tensor(be, av, [10], 'int32'), b = tensor(be, bv, [10], 'int32');
    const run = (op: BinaryOp) => Array.from(readBuf(be, be.binary(op, a, b, [10]), 10, 'int32'));
    expect(run('add')).toEqual(av.map((x, i) => (x + bv[i]) | 0));
    expect(run('sub')).toEqual(av.map((x, i) => (x - bv[i]) | 0));
    expect(run('mul')).toEqual(av.map((x, i) => Math.imul(x, bv[i])));
    expect(run('div')).toEqual([3, -4, -4, 3, 0, 2 ** 31 - 1, -(2 ** 31), 0, 0, -1]);
    expect(run('pow')).toEqual([49, 49, 0, 0, 1, 2 ** 31 - 1, 0, 81, 1, -8]);
    expect(run('maximum')).toEqual(av.map((x, i) => Math.max(x, bv[i])));
    expect(run('minimum')).toEqual(av.map((x, i) => Math.min(x, bv[i])));
    const cmp = (op: BinaryOp) => Array.from(readBuf(be, be.binary(op, a, b, [10]), 10, 'bool'));
    expect(cmp('greaterEqual')).toEqual(av.map((x, i) => +(x >= bv[i])));
    expect(cmp('logicalOr')).toEqual(av.map((x, i) => +(x !== 0 || bv[i] !== 0)));
  });

  it('bool operands compare, combine and do arithmetic as 0/1', () => {
    const a = tensor(be, [0, 0, 1, 1], [4, 1], 'bool'), b = tensor(be, [0, 1], [1, 2], 'bool');
    const run = (op: BinaryOp) => Array.from(readBuf(be, be.binary(op, a, b, [4, 2]), 8, 'bool'));
    expect(run('logicalAnd')).toEqual([0, 0, 0, 0, 0, 1, 0, 1]);
    expect(run('logicalOr')).toEqual([0, 1, 0, 1, 1, 1, 1, 1]);
    expect(run('notEqual')).toEqual([0, 1, 0, 1, 1, 0, 1, 0]);
    expect(run('add')).toEqual([0, 1, 0, 1, 1, 1, 1, 1]);
    expect(run('mul')).toEqual([0, 0, 0, 0, 0, 1, 0, 1]);
  });
});

describe('where, cast, fill', () => {
  it('where broadcasts condition and both branches, for each dtype', () => {
    for (const dtype of ['float32', 'int32', 'bool'] as DType[]) {
      const c = tensor(be, [1, 0, 1], [1, 3], 'bool');
      const a = tensor(be, [1, 1, 0, 1, 0, 1], [2, 3], dtype);
      const b = tensor(be, [0, 1], [2, 1], dtype);
      const out = be.where(c, a, b, [2, 3]);
      expect(Array.from(readBuf(be, out, 6, dtype))).toEqual([1, 0, 0, 1, 1, 1]);
    }
    const n = 50000;
    const cv = Uint8Array.from({ length: n }, (_, i) => (i * 7919) % 3 === 0 ? 1 : 0);
    const av = randomArray(n, 3), bv = randomArray(n, 4);
    const out = be.where(tensor(be, cv, [n], 'bool'), tensor(be, av, [n]), tensor(be, bv, [n]), [n]);
    expectClose(readBuf(be, out, n), Array.from(cv, (v, i) => (v ? av[i] : bv[i])), 0, 0);
  });

  it('cast truncates toward zero, saturates, maps NaN to 0 and nonzero to true', () => {
    const x = tensor(be, [1.9, -1.9, 0, -0, NaN, 3e9, -3e9, 0.25], [8]);
    expect(Array.from(readBuf(be, be.cast(x, 'int32'), 8, 'int32'))).toEqual([1, -1, 0, 0, 0, 2 ** 31 - 1, -(2 ** 31), 0]);
    expect(Array.from(readBuf(be, be.cast(x, 'bool'), 8, 'bool'))).toEqual([1, 1, 0, 0, 1, 1, 1, 1]);
    const i = tensor(be, [16777217, -5, 0], [3], 'int32');
    expect(Array.from(readBuf(be, be.cast(i, 'float32'), 3))).toEqual([16777216, -5, 0]);
    expect(Array.from(readBuf(be, be.cast(i, 'bool'), 3, 'bool'))).toEqual([1, 1, 0]);
    const b = tensor(be, [1, 0], [2], 'bool');
    expect(Array.from(readBuf(be, be.cast(b, 'float32'), 2))).toEqual([1, 0]);
    expect(Array.from(readBuf(be, be.cast(b, 'int32'), 2, 'int32'))).toEqual([1, 0]);
    expect(Array.from(readBuf(be, be.cast(i, 'int32'), 3, 'int32'))).toEqual([16777217, -5, 0]);
  });

  it('fill writes every element for each dtype, including large parallel fills', () => {
    expect(Array.from(readBuf(be, be.fill(5, -2.5, 'float32'), 5))).toEqual([-2.5, -2.5, -2.5, -2.5, -2.5]);
    expect(Array.from(readBuf(be, be.fill(3, -7, 'int32'), 3, 'int32'))).toEqual([-7, -7, -7]);
    expect(Array.from(readBuf(be, be.fill(3, 1, 'bool'), 3, 'bool'))).toEqual([1, 1, 1]);
    const n = 300001;
    const big = readBuf(be, be.fill(n, 0.125, 'float32'), n);
    expect(big.every((v) => v === 0.125)).toBe(true);
    const empty = be.fill(0, 1, 'float32');
    expect(readBuf(be, empty, 0).length).toBe(0);
  });
});
