import { beforeAll, describe, expect, it } from 'vitest';
import { dispose, Generator, tensor, TesseraError } from '@tessera/tensor';
import { holdOutSplit, partSizes, splitIndices, takeRows, trainTestSplit, trainValTestSplit } from '../src/index.js';
import { useJsBackend } from './backend.js';

beforeAll(useJsBackend);

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const sorted = (a: ArrayLike<number>) => Array.from(a).sort((x, y) => x - y);

function throwsTessera(fn: () => unknown, message: RegExp): void {
  let error: unknown;
  try { fn(); } catch (e) { error = e; }
  expect(error).toBeInstanceOf(TesseraError);
  expect((error as Error).message).toMatch(message);
}

describe('partSizes', () => {
  it('rounds by largest remainder and always adds up', () => {
    expect(partSizes(150, [0.7, 0.2, 0.1])).toEqual([105, 30, 15]);
    expect(partSizes(10, [0.7, 0.2, 0.1])).toEqual([7, 2, 1]);
    expect(partSizes(11, [0.7, 0.2, 0.1])).toEqual([8, 2, 1]);
    expect(partSizes(3, [0.5, 0.5])).toEqual([2, 1]);
    expect(partSizes(5, [1, 0])).toEqual([5, 0]);
    for (let n = 0; n < 60; n++) expect(partSizes(n, [0.45, 0.35, 0.2]).reduce((a, b) => a + b, 0)).toBe(n);
  });

  it('rejects fractions that do not describe a split', () => {
    throwsTessera(() => partSizes(10, [0.7, 0.2]), /^partSizes: fractions must sum to 1, got 0.7 \+ 0.2 = 0.8999/);
    throwsTessera(() => partSizes(10, [1.5, -0.5]), /^partSizes: fractions\[0\] must be in \[0, 1\], got 1.5$/);
    throwsTessera(() => partSizes(10, []), /^partSizes: fractions must be a non-empty list/);
    throwsTessera(() => trainValTestSplit(range(10), [0.5, 0.5] as never), /^trainValTestSplit: needs three fractions/);
    throwsTessera(() => trainTestSplit(range(10), 2), /^trainTestSplit: testFraction must be in \[0, 1\], got 2$/);
  });
});

describe('splitIndices', () => {
  it('plain: consecutive runs of new Generator(seed).permutation(n)', () => {
    const parts = splitIndices(20, [0.5, 0.3, 0.2], { seed: 3 });
    const perm = Array.from(new Generator(3).permutation(20));
    expect(parts.map((p) => Array.from(p))).toEqual([perm.slice(0, 10), perm.slice(10, 16), perm.slice(16)]);
    expect(splitIndices(20, [0.5, 0.3, 0.2], { seed: 3 })).toEqual(parts);
    expect(splitIndices(20, [0.5, 0.3, 0.2], { seed: 4 })).not.toEqual(parts);
    expect(splitIndices(5, [0.6, 0.4], { shuffle: false }).map((p) => Array.from(p))).toEqual([[0, 1, 2], [3, 4]]);
  });

  it('stratified: every class in proportion, sizes exact, disjoint and complete', () => {
    const labels = [...Array(50).fill(0), ...Array(50).fill(1), ...Array(50).fill(2)];
    const parts = splitIndices(150, [0.7, 0.2, 0.1], { seed: 0, stratify: labels });
    expect(parts.map((p) => p.length)).toEqual([105, 30, 15]);
    expect(sorted(parts.flatMap((p) => Array.from(p)))).toEqual(range(150));
    parts.forEach((p, k) => {
      for (const c of [0, 1, 2]) expect(Array.from(p).filter((i) => labels[i] === c).length).toBe([35, 10, 5][k]);
    });
  });

  it('stratified with uneven classes keeps both the class counts and the part sizes', () => {
    const gen = new Generator(1);
    const labels = Array.from(gen.randomInts(97, 4)).map((c) => ['cat', 'dog', 'eel', 'fox'][c]);
    const parts = splitIndices(97, [0.6, 0.25, 0.15], { seed: 9, stratify: labels });
    expect(parts.map((p) => p.length)).toEqual(partSizes(97, [0.6, 0.25, 0.15]));
    expect(sorted(parts.flatMap((p) => Array.from(p)))).toEqual(range(97));
    for (const c of ['cat', 'dog', 'eel', 'fox']) {
      const total = labels.filter((l) => l === c).length;
      parts.forEach((p, k) => {
        const got = Array.from(p).filter((i) => labels[i] === c).length;
        expect(Math.abs(got - (total * [0.6, 0.25, 0.15][k]))).toBeLessThan(1.5);
      });
    }
    const unshuffled = splitIndices(97, [0.6, 0.25, 0.15], { shuffle: false, stratify: labels });
    unshuffled.forEach((p) => expect(Array.from(p)).toEqual(sorted(p)));
  });

  it('checks the labels', () => {
    throwsTessera(() => splitIndices(4, [0.5, 0.5], { stratify: [0, 1, 0] }), /^splitIndices: stratify has 3 labels for 4 rows$/);
    throwsTessera(() => splitIndices(2, [0.5, 0.5], { stratify: [0, null] as never }), /^splitIndices: stratify\[1\] is null, not a class label$/);
  });
});

describe('holdOutSplit on arrays and tensors', () => {
  it('keeps rows of every array aligned', async () => {
    const n = 40;
    const x = { data: Float32Array.from(range(n * 3)), shape: [n, 3] };
    const y = Int32Array.from(range(n), (i) => i % 2);
    const ids = range(n).map((i) => `row${i}`);
    const t = tensor(range(n * 2), [n, 2]);
    const [train, val, test] = trainValTestSplit({ x, y, ids, t }, [0.7, 0.2, 0.1], { seed: 5, stratify: y });
    expect([train.ids.length, val.ids.length, test.ids.length]).toEqual([28, 8, 4]);
    for (const part of [train, val, test]) {
      const rows = part.ids.map((s) => Number(s.slice(3)));
      expect(part.x.shape).toEqual([rows.length, 3]);
      expect(Array.from(part.x.data)).toEqual(rows.flatMap((r) => [3 * r, 3 * r + 1, 3 * r + 2]));
      expect(Array.from(part.y)).toEqual(rows.map((r) => r % 2));
      expect(Array.from(await part.t.data())).toEqual(rows.flatMap((r) => [2 * r, 2 * r + 1]));
      expect(part.y.filter((v) => v === 1).length * 2).toBe(rows.length);
    }
    dispose([t, train.t, val.t, test.t]);
  });

  it('one array, and train/test', () => {
    const [a, b] = trainTestSplit(Float32Array.from(range(8)), 0.25, { seed: 2 });
    expect([a.length, b.length]).toEqual([6, 2]);
    expect(a).toBeInstanceOf(Float32Array);
    expect(sorted([...a, ...b])).toEqual(range(8));
    expect(takeRows(['a', 'b', 'c'], Int32Array.of(2, 0))).toEqual(['c', 'a']);
  });

  it('rejects arrays of different lengths', () => {
    throwsTessera(() => holdOutSplit({ x: range(5), y: range(4) }, [0.5, 0.5]), /^holdOutSplit: y has 4 rows, x has 5$/);
    throwsTessera(() => holdOutSplit({ x: { data: new Float32Array(5), shape: [2, 2] } }, [0.5, 0.5]), /^holdOutSplit: x: shape \[2,2\] does not match 5 values$/);
    throwsTessera(() => holdOutSplit({ x: 3 } as never, [1]), /^holdOutSplit: x must be a tensor/);
  });
});
