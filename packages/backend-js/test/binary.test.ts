import { BINARY_OPS, type BinaryOp, type DType } from '@tessera/tensor';
import { describe, expect, it } from 'vitest';
import { expectClose, f32, newBackend, ravel, sizeOfShape, tensor, uniform, unravel, values } from './helpers.js';

const backend = newBackend();

/** Naive broadcasting: every output index maps to each operand by clamping repeated axes to 0. */
function referenceBinary(fn: (a: number, b: number) => number, a: number[], aShape: number[], b: number[], bShape: number[], outShape: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < sizeOfShape(outShape); i++) {
    const index = unravel(i, outShape);
    out.push(fn(a[ravel(index.map((v, d) => (aShape[d] === 1 ? 0 : v)), aShape)], b[ravel(index.map((v, d) => (bShape[d] === 1 ? 0 : v)), bShape)]));
  }
  return out;
}

const FLOAT_REFERENCE: Record<BinaryOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b, sub: (a, b) => a - b, mul: (a, b) => a * b, div: (a, b) => a / b,
  pow: Math.pow, maximum: Math.max, minimum: Math.min,
  equal: (a, b) => +(a === b), notEqual: (a, b) => +(a !== b), less: (a, b) => +(a < b),
  lessEqual: (a, b) => +(a <= b), greater: (a, b) => +(a > b), greaterEqual: (a, b) => +(a >= b),
  logicalAnd: (a, b) => +(a !== 0 && b !== 0), logicalOr: (a, b) => +(a !== 0 || b !== 0),
};

const SHAPES: [number[], number[], number[]][] = [
  [[2, 3], [2, 3], [2, 3]],
  [[2, 3], [1, 1], [2, 3]],
  [[1, 1], [2, 3], [2, 3]],
  [[2, 1, 3], [1, 4, 1], [2, 4, 3]],
  [[3, 1], [1, 3], [3, 3]],
  [[2, 3, 4], [2, 1, 4], [2, 3, 4]],
  [[2, 3, 4], [1, 3, 1], [2, 3, 4]],
  [[5, 2], [1, 2], [5, 2]],
  [[1, 2, 1, 3, 1], [2, 1, 3, 1, 2], [2, 2, 3, 3, 2]],
  [[4, 1, 1, 2], [4, 3, 5, 2], [4, 3, 5, 2]],
  [[], [], []],
  [[1], [6], [6]],
];

function run(op: BinaryOp, a: number[], aShape: number[], b: number[], bShape: number[], outShape: number[], dtype: DType = 'float32'): number[] {
  const out = backend.binary(op, tensor(backend, a, aShape, dtype), tensor(backend, b, bShape, dtype), outShape);
  const outDtype = op in COMPARE ? 'bool' : dtype;
  return values(backend, out, outDtype, sizeOfShape(outShape));
}

/** base^exponent mod 2^32 by square-and-multiply on BigInt. */
function powMod32(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  for (let b = BigInt.asUintN(32, base), e = exponent; e > 0n; e >>= 1n, b = BigInt.asUintN(32, b * b)) {
    if (e & 1n) result = BigInt.asUintN(32, result * b);
  }
  return result;
}

const COMPARE = { equal: 1, notEqual: 1, less: 1, lessEqual: 1, greater: 1, greaterEqual: 1, logicalAnd: 1, logicalOr: 1 };

describe('binary float32 with broadcasting', () => {
  for (const op of BINARY_OPS) {
    it(`${op} matches a naive broadcast over ${SHAPES.length} shape pairs`, () => {
      SHAPES.forEach(([aShape, bShape, outShape], k) => {
        // Small integers make ties likely, so the comparisons see equal operands too.
        const a = uniform(sizeOfShape(aShape), 11 + k, -3, 3).map((v) => (op === 'pow' ? Math.abs(v) + 0.1 : Math.round(v * 2) / 2));
        const b = uniform(sizeOfShape(bShape), 97 + k, -3, 3).map((v) => Math.round(v * 2) / 2);
        const want = f32(referenceBinary(FLOAT_REFERENCE[op], a, aShape, b, bShape, outShape));
        expectClose(run(op, a, aShape, b, bShape, outShape), want, 1e-6, 0);
      });
    });
  }

  it('propagates NaN through maximum/minimum and compares NaN as unequal', () => {
    const a = [NaN, 1, NaN];
    const b = [1, NaN, NaN];
    expect(run('maximum', a, [3], b, [3], [3]).every(Number.isNaN)).toBe(true);
    expect(run('minimum', a, [3], b, [3], [3]).every(Number.isNaN)).toBe(true);
    expect(run('equal', a, [3], b, [3], [3])).toEqual([0, 0, 0]);
    expect(run('notEqual', a, [3], b, [3], [3])).toEqual([1, 1, 1]);
    expect(run('logicalAnd', [NaN, 0], [2], [1, 1], [2], [2])).toEqual([1, 0]);
  });

  it('divides by zero to infinities and NaN', () => {
    expect(run('div', [1, -1, 0], [3], [0], [1], [3]).slice(0, 2)).toEqual([Infinity, -Infinity]);
    expect(run('div', [0], [1], [0], [1], [1])[0]).toBeNaN();
  });

  it('handles empty outputs', () => {
    expect(run('add', [], [0, 3], [1, 2, 3], [1, 3], [0, 3])).toEqual([]);
  });
});

describe('binary int32', () => {
  const I32_MAX = 2147483647;
  const I32_MIN = -2147483648;

  it('add, sub and mul wrap like int32', () => {
    expect(run('add', [I32_MAX, I32_MIN, 5], [3], [1, -1, -7], [3], [3], 'int32')).toEqual([I32_MIN, I32_MAX, -2]);
    expect(run('sub', [I32_MIN, 0], [2], [1, I32_MIN], [2], [2], 'int32')).toEqual([I32_MAX, I32_MIN]);
    expect(run('mul', [65536, 123456789, -7], [3], [65536, 987654321, 6], [3], [3], 'int32'))
      .toEqual([0, Math.imul(123456789, 987654321), -42]);
  });

  it('div is floor division with x / 0 = 0', () => {
    expect(run('div', [7, -7, 7, -7, 6, 5, I32_MIN], [7], [2, 2, -2, -2, 3, 0, -1], [7], [7], 'int32'))
      .toEqual([3, -4, -4, 3, 2, 0, I32_MIN]);
  });

  it('pow is exact and wraps for exponents >= 0 (checked with BigInt)', () => {
    const base = [2, 3, 3, -2, 7, 2, -3, 46341, 0, 0, 12345];
    const exponent = [10, 0, 19, 3, 23, 31, 33, 2, 0, 5, 1000001];
    const want = base.map((v, i) => Number(BigInt.asIntN(32, powMod32(BigInt(v), BigInt(exponent[i])))));
    expect(run('pow', base, [11], exponent, [11], [11], 'int32')).toEqual(want);
  });

  it('pow truncates negative exponents toward zero', () => {
    expect(run('pow', [1, -1, -1, 2, -3, 0], [6], [-4, -3, -2, -1, -1, -1], [6], [6], 'int32')).toEqual([1, -1, 1, 0, 0, 0]);
  });

  it('maximum, minimum and comparisons broadcast over int32', () => {
    const a = [1, -5, 9, 0, 3, 3];
    const b = [3, 0];
    expect(run('maximum', a, [3, 2], b, [1, 2], [3, 2], 'int32')).toEqual([3, 0, 9, 0, 3, 3]);
    expect(run('minimum', a, [3, 2], b, [1, 2], [3, 2], 'int32')).toEqual([1, -5, 3, 0, 3, 0]);
    expect(run('greaterEqual', a, [3, 2], b, [1, 2], [3, 2], 'int32')).toEqual([0, 0, 1, 1, 1, 1]);
  });

  it('keeps the int32 dtype and returns bool for comparisons', () => {
    const a = tensor(backend, [1], [1], 'int32');
    expect(backend.binary('add', a, a, [1]).values).toBeInstanceOf(Int32Array);
    expect(backend.binary('less', a, a, [1]).values).toBeInstanceOf(Uint8Array);
  });
});

describe('binary bool', () => {
  const a = [0, 0, 1, 1];
  const b = [0, 1, 0, 1];
  it('logical ops and comparisons', () => {
    expect(run('logicalAnd', a, [4], b, [4], [4], 'bool')).toEqual([0, 0, 0, 1]);
    expect(run('logicalOr', a, [4], b, [4], [4], 'bool')).toEqual([0, 1, 1, 1]);
    expect(run('equal', a, [4], b, [4], [4], 'bool')).toEqual([1, 0, 0, 1]);
    expect(run('less', a, [4], b, [4], [4], 'bool')).toEqual([0, 1, 0, 0]);
  });

  it('arithmetic stores value != 0', () => {
    expect(run('add', a, [4], b, [4], [4], 'bool')).toEqual([0, 1, 1, 1]);
    expect(run('mul', a, [4], b, [4], [4], 'bool')).toEqual([0, 0, 0, 1]);
    expect(run('sub', a, [4], b, [4], [4], 'bool')).toEqual([0, 1, 1, 0]);
    expect(run('maximum', a, [4], b, [4], [4], 'bool')).toEqual([0, 1, 1, 1]);
  });
});
