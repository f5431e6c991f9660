import { UNARY_OPS, type UnaryOp } from '@tessera/tensor';
import { describe, expect, it } from 'vitest';
import { erf } from '../src/kernels/erf.js';
import { expectClose, f32, newBackend, tensor, uniform, values } from './helpers.js';

const backend = newBackend();

/** math.erf(x) from Python 3 (double precision). */
const PYTHON_ERF: readonly (readonly [number, number])[] = [
  [0.0, 0.0], [1e-10, 1.1283791670955126e-10], [-1e-10, -1.1283791670955126e-10],
  [1e-05, 1.1283791670579e-05], [0.01, 0.011283415555849616], [-0.05, -0.05637197779701663],
  [0.1, 0.1124629160182849], [0.25, 0.2763263901682369], [0.5, 0.5204998778130465],
  [-0.5, -0.5204998778130465], [0.75, 0.7111556336535151], [1.0, 0.8427007929497149],
  [-1.0, -0.8427007929497149], [1.25, 0.9229001282564582], [1.5, 0.9661051464753108],
  [1.75, 0.9866716712191824], [1.9999, 0.9953201979070294], [2.0, 0.9953222650189527],
  [-2.0, -0.9953222650189527], [2.0001, 0.9953243313041966], [2.25, 0.9985372834133188],
  [2.5, 0.999593047982555], [-2.5, -0.999593047982555], [3.0, 0.9999779095030014],
  [3.5, 0.9999992569016276], [4.0, 0.9999999845827421], [-4.0, -0.9999999845827421],
  [4.5, 0.9999999998033839], [5.0, 0.9999999999984626], [5.5, 0.9999999999999927],
  [5.9999, 1.0], [6.0, 1.0], [-6.0, -1.0], [6.5, 1.0], [10.0, 1.0], [-30.0, -1.0],
];

/**
 * An independent erf: the Maclaurin series for |x| <= 3 (alternating terms below ~200, so about
 * 1e-14 absolute in double) and the Laplace continued fraction of erfc beyond.
 */
function referenceErf(x: number): number {
  const ax = Math.abs(x);
  let value: number;
  if (ax <= 3) {
    let term = ax;
    let sum = ax;
    for (let n = 1; n < 80; n++) {
      term *= (-ax * ax) / n;
      sum += term / (2 * n + 1);
    }
    value = (2 / Math.sqrt(Math.PI)) * sum;
  } else {
    let fraction = ax;
    for (let k = 200; k >= 1; k--) fraction = ax + k / 2 / fraction;
    value = 1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / fraction;
  }
  return x < 0 ? -value : value;
}

function run(op: UnaryOp, xs: readonly number[], dtype: 'float32' | 'int32' | 'bool' = 'float32', outDtype = dtype): number[] {
  const x = tensor(backend, xs, [xs.length], dtype);
  return values(backend, backend.unary(op, x), outDtype, xs.length);
}

describe('erf', () => {
  it('matches Python math.erf to 1e-9', () => {
    for (const [x, want] of PYTHON_ERF) expect(Math.abs(erf(x) - want), `erf(${x})`).toBeLessThan(1e-9);
  });

  it('stays within 1e-9 of a series / continued-fraction reference on a dense grid over [-8, 8]', () => {
    let worst = 0;
    for (let i = 0; i <= 160_000; i++) {
      const x = -8 + i * 1e-4;
      worst = Math.max(worst, Math.abs(erf(x) - referenceErf(x)));
    }
    expect(worst).toBeLessThan(1e-9);
  });

  it('is odd, keeps tiny arguments relative-accurate, saturates and passes NaN', () => {
    expect(erf(-0.3)).toBe(-erf(0.3));
    expect(erf(1e-30) / 1e-30).toBeCloseTo(2 / Math.sqrt(Math.PI), 10);
    expect(erf(Infinity)).toBe(1);
    expect(erf(-Infinity)).toBe(-1);
    expect(erf(NaN)).toBeNaN();
  });

  it('runs through the backend on float32 inputs to 1e-7', () => {
    const xs = uniform(4000, 7, -7, 7);
    expectClose(run('erf', xs), f32(xs.map(referenceErf)), 0, 1e-7);
  });
});

describe('unary float32', () => {
  const xs = [-3.5, -2.5, -1.5, -0.5, -0.25, 0, 0.25, 0.5, 1.5, 2.5, 3.7, 100];
  const positive = [1e-6, 0.1, 0.5, 1, 2, 10, 1e6];
  const reference: Record<Exclude<UnaryOp, 'erf' | 'round' | 'sign' | 'logicalNot'>, (v: number) => number> = {
    neg: (v) => -v, abs: Math.abs, square: (v) => v * v, reciprocal: (v) => 1 / v,
    exp: Math.exp, expm1: Math.expm1, log: Math.log, log1p: Math.log1p, sqrt: Math.sqrt,
    rsqrt: (v) => 1 / Math.sqrt(v), sin: Math.sin, cos: Math.cos, tanh: Math.tanh,
    sigmoid: (v) => 1 / (1 + Math.exp(-v)), floor: Math.floor, ceil: Math.ceil, relu: (v) => Math.max(v, 0),
  };

  for (const [op, fn] of Object.entries(reference) as [UnaryOp, (v: number) => number][]) {
    it(`${op} matches Math`, () => {
      const inputs = ['log', 'sqrt', 'rsqrt'].includes(op) ? positive : op === 'log1p' ? [-0.5, ...positive] : xs;
      expectClose(run(op, inputs), f32(inputs.map(fn)), 1e-6, 1e-7);
    });
  }

  it('covers every UnaryOp', () => {
    const tested = new Set([...Object.keys(reference), 'erf', 'round', 'sign', 'logicalNot']);
    expect(UNARY_OPS.filter((op) => !tested.has(op))).toEqual([]);
  });

  it('sigmoid is stable for large |x|', () => {
    const out = run('sigmoid', [-1000, -100, -50, 50, 100, 1000]);
    expectClose(out, f32([0, 1 / (1 + Math.exp(100)), 1 / (1 + Math.exp(50)), 1, 1, 1]), 1e-6, 0);
    expect(out.every(Number.isFinite)).toBe(true);
  });

  it('round is half to even', () => {
    expect(run('round', [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, 2.4, 2.6, -2.6, 0.49999997])).toEqual(
      [-2, -2, -0, 0, 2, 2, 4, 2, 3, -3, 0],
    );
  });

  it('sign(0) = 0 and sign keeps NaN', () => {
    const out = run('sign', [-3, -0.1, 0, 0.1, 7, NaN]);
    expect(out.slice(0, 5).map((v) => v + 0)).toEqual([-1, -1, 0, 1, 1]);
    expect(out[5]).toBeNaN();
  });

  it('propagates NaN and handles infinities', () => {
    expect(run('relu', [NaN])[0]).toBeNaN();
    expect(run('exp', [NaN])[0]).toBeNaN();
    expect(run('exp', [-Infinity, Infinity])).toEqual([0, Infinity]);
    expect(run('log', [0, -1])[0]).toBe(-Infinity);
    expect(run('log', [-1])[0]).toBeNaN();
  });
});

describe('unary int32', () => {
  const xs = [-2147483648, -7, -1, 0, 1, 5, 46341, 2147483647];

  it('neg, abs, sign, square, relu are exact and wrap like int32', () => {
    expect(run('neg', xs, 'int32')).toEqual([-2147483648, 7, 1, 0, -1, -5, -46341, -2147483647]);
    expect(run('abs', xs, 'int32')).toEqual([-2147483648, 7, 1, 0, 1, 5, 46341, 2147483647]);
    expect(run('sign', xs, 'int32')).toEqual([-1, -1, -1, 0, 1, 1, 1, 1]);
    expect(run('square', xs, 'int32')).toEqual(xs.map((v) => Math.imul(v, v)));
    expect(run('square', [46341], 'int32')).toEqual([-2147479015]);
    expect(run('relu', xs, 'int32')).toEqual([0, 0, 0, 0, 1, 5, 46341, 2147483647]);
  });

  it('floor, ceil, round leave integers unchanged', () => {
    for (const op of ['floor', 'ceil', 'round'] as const) expect(run(op, xs, 'int32')).toEqual(xs);
  });

  it('float-only ops truncate into int32', () => {
    expect(run('sqrt', [0, 1, 2, 9, 15], 'int32')).toEqual([0, 1, 1, 3, 3]);
    expect(run('reciprocal', [1, 2, -1, 0], 'int32')).toEqual([1, 0, -1, 0]);
  });
});

describe('unary bool and logicalNot', () => {
  it('logicalNot negates bool, and tests float and int32 against zero', () => {
    expect(run('logicalNot', [0, 1, 1, 0], 'bool')).toEqual([1, 0, 0, 1]);
    expect(run('logicalNot', [0, -0, 2.5, NaN], 'float32', 'bool')).toEqual([1, 1, 0, 0]);
    expect(run('logicalNot', [0, -3], 'int32', 'bool')).toEqual([1, 0]);
    expect(backend.unary('logicalNot', tensor(backend, [1.5], [1])).values).toBeInstanceOf(Uint8Array);
  });

  it('other ops on bool store value != 0', () => {
    expect(run('neg', [0, 1], 'bool')).toEqual([0, 1]);
    expect(run('exp', [0, 1], 'bool')).toEqual([1, 1]);
  });
});

describe('unary shapes', () => {
  it('handles scalars and empty tensors', () => {
    const s = tensor(backend, [-2], []);
    expect(values(backend, backend.unary('abs', s), 'float32', 1)).toEqual([2]);
    const e = tensor(backend, [], [0, 3]);
    expect(values(backend, backend.unary('exp', e), 'float32', 0)).toEqual([]);
  });

  it('returns the input dtype', () => {
    expect(backend.unary('neg', tensor(backend, [1], [1], 'int32')).values).toBeInstanceOf(Int32Array);
    expect(backend.unary('neg', tensor(backend, [1], [1])).values).toBeInstanceOf(Float32Array);
  });
});
