import { beforeAll, describe, expect, it } from 'vitest';
import { dispose, Generator, memory, tensor, TesseraError, type Tensor } from '@tessera/tensor';
import { fromArray, fromArrays, fromGenerator, fromTensors, epochGenerator, type Dataset } from '../src/index.js';
import { useJsBackend } from './backend.js';

beforeAll(useJsBackend);

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
/** The same numbers as a stream (no random access), to exercise the streaming code paths. */
const streamOf = (n: number, size?: number) => fromGenerator(function* () { yield* range(n); }, { size });

async function rejects(p: Promise<unknown> | (() => unknown), message: RegExp): Promise<void> {
  let error: unknown;
  try { await (typeof p === 'function' ? p() : p); } catch (e) { error = e; }
  expect(error).toBeInstanceOf(TesseraError);
  expect((error as Error).message).toMatch(message);
}

describe('basic operations', () => {
  it('iterates in order, again and again', async () => {
    const ds = fromArray(['a', 'b', 'c']);
    expect(ds.size).toBe(3);
    expect(await ds.toArray()).toEqual(['a', 'b', 'c']);
    expect(await ds.toArray()).toEqual(['a', 'b', 'c']);
  });

  for (const [kind, make] of [['indexed', (n: number) => fromArray(range(n))], ['stream', (n: number) => streamOf(n, n)]] as const) {
    it(`map, take, skip, filter (${kind})`, async () => {
      const ds = make(10);
      expect(await ds.map((x) => x * 2).toArray()).toEqual(range(10).map((x) => x * 2));
      expect(await ds.map(async (x) => `${x}`).take(3).toArray()).toEqual(['0', '1', '2']);
      expect(await ds.skip(7).toArray()).toEqual([7, 8, 9]);
      expect(await ds.skip(2).take(3).toArray()).toEqual([2, 3, 4]);
      expect(await ds.take(0).toArray()).toEqual([]);
      expect(await ds.skip(20).toArray()).toEqual([]);
      expect(await ds.filter((x) => x % 3 === 0).toArray()).toEqual([0, 3, 6, 9]);
      expect([ds.take(4).size, ds.skip(4).size, ds.skip(40).size, ds.map(String).size, ds.filter(() => true).size]).toEqual([4, 6, 0, 10, undefined]);
    });
  }

  it('a stream without a declared size has none', async () => {
    const ds = streamOf(5);
    expect(ds.size).toBeUndefined();
    expect(ds.batch(2).size).toBeUndefined();
    expect(await ds.toArray()).toEqual(range(5));
  });

  it('rejects bad arguments with the op named', async () => {
    const ds = fromArray(range(4));
    await rejects(() => ds.take(-1), /^take: n must be an integer >= 0, got -1$/);
    await rejects(() => ds.skip(1.5), /^skip: n must be an integer >= 0, got 1.5$/);
    await rejects(() => ds.batch(0), /^batch: size must be an integer >= 1, got 0$/);
    await rejects(() => ds.prefetch(0), /^prefetch: n must be an integer >= 1, got 0$/);
    await rejects(() => ds.shuffle({ seed: 1, bufferSize: 0 }), /^shuffle: bufferSize must be an integer >= 1, got 0$/);
    await rejects(() => streamOf(4).shuffle({ seed: 1 }), /^shuffle: bufferSize is required when the dataset size is unknown$/);
    await rejects(() => ds.map(3 as never), /^map: expects a function$/);
    await rejects(() => fromGenerator((() => 5) as never).toArray(), /^fromGenerator: the function must return an iterable/);
  });
});

describe('seeded shuffle', () => {
  it('follows the documented order: epoch k = permutation from epochGenerator(seed, k)', async () => {
    const ds = fromArray(range(20).map((i) => i * 10)).shuffle({ seed: 42 });
    for (let epoch = 0; epoch < 3; epoch++) {
      const perm = Array.from(Generator.fromState({ seed: 42, offset: epoch }).fork().permutation(20));
      expect(await ds.toArray()).toEqual(perm.map((i) => i * 10));
    }
  });

  it('a full shuffle after take/skip/map permutes the remaining order', async () => {
    const ds = fromArray(range(100)).skip(5).take(10).map((x) => x * 2).shuffle({ seed: 8 });
    const perm = Array.from(epochGenerator(8, 0).permutation(10));
    expect(await ds.toArray()).toEqual(perm.map((i) => (i + 5) * 2));
    expect(await fromArray([]).shuffle({ seed: 1 }).batch(4).toArray()).toEqual([]);
  });

  it('is reproducible, differs between seeds and epochs, and can resume at an epoch', async () => {
    const make = (seed: number, startEpoch?: number) => fromArray(range(50)).shuffle({ seed, startEpoch });
    const a = make(7), b = make(7);
    const epochsA = [await a.toArray(), await a.toArray(), await a.toArray()];
    const epochsB = [await b.toArray(), await b.toArray(), await b.toArray()];
    expect(epochsB).toEqual(epochsA);
    for (const e of epochsA) expect([...e].sort((x, y) => x - y)).toEqual(range(50));
    expect(epochsA[1]).not.toEqual(epochsA[0]);
    expect(await make(8).toArray()).not.toEqual(epochsA[0]);
    expect(await make(7, 2).toArray()).toEqual(epochsA[2]);
    const fixed = fromArray(range(50)).shuffle({ seed: 7, reshuffleEachIteration: false });
    expect(await fixed.toArray()).toEqual(epochsA[0]);
    expect(await fixed.toArray()).toEqual(epochsA[0]);
  });

  it('take/skip/map after a shuffle see the shuffled order', async () => {
    const shuffled = fromArray(range(30)).shuffle({ seed: 3, reshuffleEachIteration: false });
    const all = await shuffled.toArray();
    expect(await shuffled.take(5).toArray()).toEqual(all.slice(0, 5));
    expect(await shuffled.skip(25).map((x) => -x).toArray()).toEqual(all.slice(25).map((x) => -x));
  });

  it('buffered shuffle follows the documented algorithm', async () => {
    const n = 25, bufferSize = 4, seed = 11;
    const got = await streamOf(n).shuffle({ seed, bufferSize }).toArray();
    // The algorithm as documented, written out independently.
    const g = epochGenerator(seed, 0);
    const buffer: number[] = [], want: number[] = [];
    for (const x of range(n)) {
      if (buffer.length < bufferSize) { buffer.push(x); continue; }
      const j = g.randomInts(1, buffer.length)[0];
      want.push(buffer[j]);
      buffer[j] = x;
    }
    while (buffer.length) {
      const j = g.randomInts(1, buffer.length)[0];
      want.push(buffer[j]);
      buffer[j] = buffer[buffer.length - 1];
      buffer.pop();
    }
    expect(got).toEqual(want);
    expect([...got].sort((a, b) => a - b)).toEqual(range(n));
    // An element never leaves more than bufferSize places before its input position.
    got.forEach((x, i) => expect(x).toBeLessThanOrEqual(i + bufferSize));
    // A buffer of one is the identity; a partial buffer on an indexed dataset uses the same algorithm.
    expect(await streamOf(n).shuffle({ seed, bufferSize: 1 }).toArray()).toEqual(range(n));
    expect(await fromArray(range(n)).shuffle({ seed, bufferSize }).toArray()).toEqual(want);
  });

  it('takes its seed from the global generator when none is given', async () => {
    const { setSeed } = await import('@tessera/tensor');
    setSeed(5);
    const first = await fromArray(range(40)).shuffle().toArray();
    setSeed(5);
    expect(await fromArray(range(40)).shuffle().toArray()).toEqual(first);
  });
});

describe('batch', () => {
  it('fromTensors: rows, batches with a smaller last one, or dropped', async () => {
    const xs = tensor(range(20), [10, 2]);
    const ys = tensor(range(10), [10], 'int32');
    const rows = await fromTensors({ xs, ys }).take(2).toArray();
    expect(await rows[1].xs.array()).toEqual([2, 3]);
    expect(await rows[1].ys.array()).toEqual(1);
    dispose(rows);
    const batches = await fromTensors({ xs, ys }).batch(4).toArray();
    expect(batches.map((b) => b.xs.shape)).toEqual([[4, 2], [4, 2], [2, 2]]);
    expect(await batches[2].ys.array()).toEqual([8, 9]);
    expect(batches[0].ys.dtype).toBe('int32');
    dispose(batches);
    const dropped = await fromTensors([xs, ys]).batch(4, { dropRemainder: true }).toArray();
    expect(dropped.length).toBe(2);
    expect(fromTensors(xs).batch(4, { dropRemainder: true }).size).toBe(2);
    expect(fromTensors(xs).batch(4).size).toBe(3);
    expect(await dropped[1][0].array()).toEqual([[8, 9], [10, 11], [12, 13], [14, 15]]);
    dispose(dropped);
    xs.dispose(); ys.dispose();
  });

  it('a shuffled batch holds the rows of the shuffled order, features and labels aligned', async () => {
    const xs = tensor(range(16).map((i) => i * 100), [16, 1]);
    const ys = tensor(range(16), [16], 'int32');
    const order = Array.from(epochGenerator(9, 0).permutation(16));
    const batches = await fromTensors({ xs, ys }).shuffle({ seed: 9 }).batch(5).toArray();
    const seen = (await Promise.all(batches.map((b) => b.ys.data()))).flatMap((d) => Array.from(d));
    expect(seen).toEqual(order);
    for (const b of batches) expect(Array.from(await b.xs.data())).toEqual(Array.from(await b.ys.data()).map((y) => y * 100));
    dispose(batches);
    xs.dispose(); ys.dispose();
  });

  it('fromArrays: views per row, one upload per column per batch, int32 kept', async () => {
    const pixels = Uint8Array.from(range(24));
    const labels = Int32Array.from([0, 1, 2, 0, 1, 2]);
    const ds = fromArrays({ xs: { data: pixels, shape: [6, 2, 2] }, ys: labels, w: [1, 2, 3, 4, 5, 6] });
    const [row] = await ds.skip(1).take(1).toArray();
    expect(row.xs.shape).toEqual([2, 2]);
    expect(Array.from(row.xs.data)).toEqual([4, 5, 6, 7]);
    expect(row.xs.data.buffer).toBe(pixels.buffer);
    expect(row.ys.shape).toEqual([]);
    const [b] = await ds.shuffle({ seed: 1 }).batch(6).toArray();
    expect([b.xs.dtype, b.ys.dtype, b.w.dtype]).toEqual(['float32', 'int32', 'float32']);
    expect(b.xs.shape).toEqual([6, 2, 2]);
    const ys = Array.from(await b.ys.data()), ws = Array.from(await b.w.data()), xsv = Array.from(await b.xs.data());
    const order = Array.from(epochGenerator(1, 0).permutation(6));
    expect(ws).toEqual(order.map((i) => i + 1));
    expect(ys).toEqual(order.map((i) => labels[i]));
    expect(xsv.slice(0, 4)).toEqual(range(4).map((k) => order[0] * 4 + k));
    dispose(b);
  });

  it('collates mapped elements: numbers, booleans, lists, objects, tensors (consumed)', async () => {
    const start = memory().numTensors;
    const ds = fromArray(range(5)).map((i) => ({ n: i, flag: i % 2 === 0, pair: [i, Float32Array.of(i, -i)], t: tensor([i, i + 1]) }));
    const batches = await ds.batch(3).toArray();
    expect(batches.length).toBe(2);
    const b = batches[0];
    expect([b.n.shape, b.n.dtype, b.flag.dtype, b.pair[1].shape, b.t.shape]).toEqual([[3], 'float32', 'bool', [3, 2], [3, 2]]);
    expect(await b.t.array()).toEqual([[0, 1], [1, 2], [2, 3]]);
    expect(await b.flag.array()).toEqual([true, false, true]);
    dispose(batches);
    expect(memory().numTensors).toBe(start);
  });

  it('names the problem when elements cannot be stacked', async () => {
    await rejects(fromArray([{ x: [1, 2] }, { x: [1] }]).batch(2).toArray(), /^batch: elements at element\.x are lists of different lengths$/);
    await rejects(fromArray([Float32Array.of(1, 2), Float32Array.of(1)]).batch(2).toArray(), /^batch: elements differ in shape at element: \[2\] and \[1\]$/);
    await rejects(fromArray(['a', 'b']).batch(2).toArray(), /^batch: cannot batch string at element/);
    await rejects(fromArray([{ a: 1 }, { b: 2 }]).batch(2).toArray(), /^batch: an element at element lacks key "a"$/);
    const start = memory().numTensors;
    await rejects(fromArray([0, 1]).map((i) => ({ t: tensor([i]), bad: i === 0 ? 1 : 'x' })).batch(2).toArray(), /mix number with other types/);
    expect(memory().numTensors).toBe(start);
  });
});

describe('prefetch and memory', () => {
  it('prefetch keeps the order and runs ahead of the consumer', async () => {
    let produced = 0;
    const ds = fromGenerator(async function* () {
      for (let i = 0; i < 10; i++) { produced = i + 1; yield i; }
    }).prefetch(3);
    const seen: number[] = [];
    for await (const x of ds) {
      if (x === 0) {
        await new Promise((r) => setTimeout(r, 5));
        expect(produced).toBeGreaterThanOrEqual(4);
      }
      seen.push(x);
    }
    expect(seen).toEqual(range(10));
  });

  it('an epoch of shuffled batches leaves no tensor behind, even when stopped early', async () => {
    const xs = tensor(range(300), [100, 3]);
    const ys = tensor(range(100), [100], 'int32');
    const ds: Dataset<{ xs: Tensor; ys: Tensor }> = fromTensors({ xs, ys }).shuffle({ seed: 0 }).batch(8).prefetch(2);
    const start = memory().numTensors;
    for (let epoch = 0; epoch < 2; epoch++) {
      for await (const batch of ds) dispose(batch);
      expect(memory().numTensors).toBe(start);
    }
    for await (const batch of ds) { dispose(batch); break; }
    expect(memory().numTensors).toBe(start);
    // Element-wise path: the rows are tensors, stacked then disposed by batch.
    for await (const batch of fromTensors({ xs, ys }).map((r) => r).shuffle({ seed: 1, bufferSize: 10 }).batch(7)) {
      dispose(batch);
      break;
    }
    expect(memory().numTensors).toBe(start);
    xs.dispose(); ys.dispose();
  });

  it('an upstream error in the middle of a batch frees the rows already collected', async () => {
    const start = memory().numTensors;
    const ds = fromArray(range(10)).map((i) => {
      if (i === 6) throw new Error('decode failed at 6');
      return tensor([i]);
    }).batch(4);
    let caught: unknown;
    try {
      for await (const b of ds) dispose(b);
    } catch (e) { caught = e; }
    expect((caught as Error).message).toBe('decode failed at 6');
    expect(memory().numTensors).toBe(start);
  });

  it('satisfies the AsyncIterable<{ xs, ys }> contract nn.fit consumes', async () => {
    const xs = tensor(range(12), [6, 2]);
    const ys = tensor(range(6), [6, 1]);
    const consume = async (data: AsyncIterable<{ xs: Tensor; ys: Tensor }>) => {
      let rows = 0;
      for await (const b of data) { rows += b.xs.shape[0]; dispose([b.xs, b.ys]); }
      return rows;
    };
    expect(await consume(fromTensors({ xs, ys }).batch(4))).toBe(6);
    expect(await consume(fromArrays({ xs: { data: Float32Array.from(range(12)), shape: [6, 2] }, ys: Int32Array.from(range(6)) }).batch(4))).toBe(6);
    xs.dispose(); ys.dispose();
  });
});

describe('split', () => {
  it('splits a random-access dataset into disjoint parts that can be shuffled on their own', async () => {
    const labels = range(30).map((i) => i % 3);
    const [train, val, test] = fromArray(range(30)).split([0.6, 0.2, 0.2], { seed: 4, stratify: labels });
    expect([train.size, val.size, test.size]).toEqual([18, 6, 6]);
    const parts = [await train.toArray(), await val.toArray(), await test.toArray()];
    expect(parts.flat().sort((a, b) => a - b)).toEqual(range(30));
    for (const p of parts) for (const c of [0, 1, 2]) expect(p.filter((i) => labels[i] === c).length).toBe(p.length / 3);
    expect(await train.toArray()).toEqual(parts[0]);
    const shuffled = await train.shuffle({ seed: 1 }).toArray();
    expect([...shuffled].sort((a, b) => a - b)).toEqual([...parts[0]].sort((a, b) => a - b));
  });

  it('refuses shuffled and streaming datasets', async () => {
    await rejects(() => fromArray(range(10)).shuffle({ seed: 1 }).split([0.5, 0.5]), /^split: call split before shuffle/);
    await rejects(() => streamOf(10, 10).split([0.5, 0.5]), /^split: needs a dataset with random access/);
  });
});

describe('sources', () => {
  it('fromTensors and fromArrays check their inputs', async () => {
    const a = tensor(range(6), [3, 2]), b = tensor(range(4), [4]), s = tensor(1);
    await rejects(() => fromTensors({ a, b }), /^fromTensors: b has 4 rows \(shape \[4\]\), a has 3$/);
    await rejects(() => fromTensors(s), /^fromTensors: tensor is a scalar; it has no rows$/);
    await rejects(() => fromTensors({ a, x: 3 } as never), /^fromTensors: x is not a tensor$/);
    await rejects(() => fromArrays({ x: { data: new Float32Array(5), shape: [2, 2] } }), /^fromArrays: x: shape \[2,2\] needs 4 values, got 5$/);
    await rejects(() => fromArrays({ x: new Float32Array(3), y: new Int32Array(2) }), /^fromArrays: y has 2 rows, x has 3$/);
    await rejects(() => fromArrays({ x: ['a'] as never }), /^fromArrays: x must be a \{data, shape\} host tensor/);
    await rejects(() => fromArrays(new Float32Array(3) as never), /^fromArrays: expects a record of columns/);
    dispose([a, b, s]);
  });
});
