import { TesseraError, type DType } from '@tessera/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WasmBackend, WasmBuffer } from '../src/index.js';
import { backend, convInfo, expectBits, poolInfo, randomArray, readBuf, tensor } from './helpers.js';

let be: WasmBackend;
let single: WasmBackend;
beforeAll(async () => {
  be = await backend({ threads: 2 });
  single = await backend({ singleThread: true, warn: false });
});
afterAll(() => { be.dispose(); single.dispose(); });

/** Runs a workload of parallel kernels and returns every output (float32 bits compare exactly). */
function workload(b: WasmBackend): { name: string; data: ArrayLike<number> }[] {
  const out: { name: string; data: ArrayLike<number> }[] = [];
  const keep = (name: string, buf: WasmBuffer, size: number, dtype: DType = 'float32') => {
    out.push({ name, data: readBuf(b, buf, size, dtype) });
    b.free(buf);
  };
  const a = tensor(b, randomArray(300 * 500, 1), [1, 300, 500]);
  const m = tensor(b, randomArray(500 * 200, 2), [1, 500, 200]);
  keep('matmul', b.matmul(a, m, { transposeA: false, transposeB: false }), 300 * 200);
  keep('matmul split-K', b.matmul(tensor(b, randomArray(40 * 20000, 12), [1, 40, 20000]), tensor(b, randomArray(20000 * 30, 13), [1, 20000, 30]),
    { transposeA: false, transposeB: false }), 40 * 30);
  keep('matmul tB', b.matmul(a, tensor(b, randomArray(200 * 500, 3), [1, 200, 500]), { transposeA: false, transposeB: true }), 300 * 200);
  const c = convInfo({ x: [8, 20, 20, 16], k: [3, 3], outC: 32, pad: 'same' });
  const x = tensor(b, randomArray(8 * 20 * 20 * 16, 4), [8, 20, 20, 16]);
  const w = tensor(b, randomArray(3 * 3 * 16 * 32, 5), [3, 3, 16, 32]);
  const dy = tensor(b, randomArray(8 * 20 * 20 * 32, 6), [8, 20, 20, 32]);
  keep('conv2d', b.conv2d(x, w, c), dy.size);
  keep('conv2d dx', b.conv2dBackpropInput(dy, w, c), x.size);
  keep('conv2d dw', b.conv2dBackpropFilter(x, dy, c), w.size);
  const c2 = convInfo({ x: [8, 20, 20, 16], k: [3, 3], outC: 32, stride: [2, 2], pad: 'same' });
  const dy2 = tensor(b, randomArray(8 * 10 * 10 * 32, 7), [8, 10, 10, 32]);
  keep('conv2d dx stride 2', b.conv2dBackpropInput(dy2, w, c2), x.size);
  const dc = convInfo({ x: [8, 20, 20, 16], k: [3, 3], outC: 0, multiplier: 2, pad: 'same' });
  const dwf = tensor(b, randomArray(3 * 3 * 32, 8), [3, 3, 16, 2]);
  keep('depthwise', b.depthwiseConv2d(x, dwf, dc), dy.size);
  keep('depthwise dx', b.depthwiseConv2dBackpropInput(dy, dwf, dc), x.size);
  keep('depthwise dw', b.depthwiseConv2dBackpropFilter(x, dy, dc), dwf.size);
  const p = poolInfo([8, 20, 20, 16], [3, 3], [2, 2], 'same');
  const pdy = tensor(b, randomArray(8 * 10 * 10 * 16, 9), [8, 10, 10, 16]);
  keep('maxPool', b.maxPool(x, p), pdy.size);
  keep('maxPool dx', b.maxPoolBackprop(pdy, x, p), x.size);
  keep('avgPool dx', b.avgPoolBackprop(pdy, p), x.size);
  keep('maxPool dx tiled', b.maxPoolBackprop(pdy, x, poolInfo([8, 20, 20, 16], [2, 2], [2, 2], 'valid')), x.size);
  const x1 = tensor(b, randomArray(16 * 28 * 28, 16), [16, 28, 28, 1]);
  const c1 = convInfo({ x: [16, 28, 28, 1], k: [3, 3], outC: 32, pad: 'valid' });
  const dy1 = tensor(b, randomArray(16 * 26 * 26 * 32, 17), [16, 26, 26, 32]);
  keep('conv2d C=1', b.conv2d(x1, tensor(b, randomArray(9 * 32, 18), [3, 3, 1, 32]), c1), dy1.size);
  keep('conv2d dw C=1', b.conv2dBackpropFilter(x1, dy1, c1), 9 * 32);
  const cw = convInfo({ x: [8, 13, 13, 16], k: [3, 3], outC: 32, pad: 'same' });
  const dyw = tensor(b, randomArray(8 * 13 * 13 * 32, 20), [8, 13, 13, 32]);
  keep('conv2d winograd', b.fusedConv2d(tensor(b, randomArray(8 * 13 * 13 * 16, 21), [8, 13, 13, 16]), w, cw,
    { bias: tensor(b, randomArray(32, 22), [32]), activation: 'relu' }), dyw.size);
  keep('conv2d dx winograd', b.conv2dBackpropInput(dyw, w, cw), 8 * 13 * 13 * 16);
  keep('conv2d dw winograd', b.conv2dBackpropFilter(tensor(b, randomArray(8 * 13 * 13 * 16, 24), [8, 13, 13, 16]), dyw, cw), 3 * 3 * 16 * 32);
  // 6x6 outputs take F(2x2, 3x3) tiles, 13x13 ones F(4x4, 3x3).
  const c6 = convInfo({ x: [32, 6, 6, 16], k: [3, 3], outC: 32, pad: 'same' });
  const dy6 = tensor(b, randomArray(32 * 6 * 6 * 32, 25), [32, 6, 6, 32]);
  const x6 = tensor(b, randomArray(32 * 6 * 6 * 16, 26), [32, 6, 6, 16]);
  keep('conv2d winograd 2x2', b.conv2d(x6, w, c6), dy6.size);
  keep('conv2d dw winograd 2x2', b.conv2dBackpropFilter(x6, dy6, c6), 3 * 3 * 16 * 32);
  keep('conv2d dx winograd 2x2', b.conv2dBackpropInput(dy6, w, c6), 32 * 6 * 6 * 16);
  // Channels that are not multiples of 4 keep a 'valid' stride-1 input gradient on GEMM + col2im.
  const cv = convInfo({ x: [8, 13, 13, 6], k: [3, 3], outC: 30, pad: 'valid' });
  keep('conv2d dx valid (col2im)', b.conv2dBackpropInput(tensor(b, randomArray(8 * 11 * 11 * 30, 19), [8, 11, 11, 30]),
    tensor(b, randomArray(3 * 3 * 6 * 30, 23), [3, 3, 6, 30]), cv), 8 * 13 * 13 * 6);
  const big = tensor(b, randomArray(1 << 20, 10), [1 << 20]);
  keep('sum', b.reduce('sum', big, { outer: 1, reduce: 1 << 20, inner: 1 }), 1);
  keep('column sums', b.reduce('sum', big, { outer: 1, reduce: 4096, inner: 256 }), 256);
  keep('exp', b.unary('exp', big), big.size);
  keep('mul broadcast', b.binary('mul', big, tensor(b, [3], [1]), [1 << 20]), big.size);
  keep('softmax', b.softmax(big, 1024, 1024), big.size);
  keep('transpose', b.transpose(tensor(b, randomArray(512 * 2048, 11), [512, 2048]), [1, 0]), 512 * 2048);
  keep('random', b.randomUniform(300_000, [1, 2], [3, 4, 5, 6]), 300_000);
  keep('activationGrad', b.activationGrad(big, tensor(b, randomArray(1 << 20, 14), [1 << 20]), 'relu'), big.size);
  const adam = b.adamStep(big, tensor(b, randomArray(1 << 20, 15), [1 << 20]), big, big, big,
    { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, stepSize: 1e-3, correction2: 0.05 });
  keep('adamStep param', adam.param, big.size);
  keep('adamStep v', adam.v, big.size);
  keep('adamStep vmax', adam.vmax!, big.size);
  b.free(adam.m);
  return out;
}

describe('threads', () => {
  it('results are bit-identical for 1 and 2 threads and for the single-thread build', async () => {
    await be.setThreads(1);
    const one = workload(be);
    await be.setThreads(2);
    const before = be.threadInfo().workerJoins;
    const two = workload(be);
    const joins = be.threadInfo().workerJoins - before;
    const alone = workload(single);
    for (let i = 0; i < one.length; i++) {
      expect(two[i].name).toBe(one[i].name);
      expectBits(two[i].data, one[i].data);
      expectBits(alone[i].data, one[i].data);
    }
    // The worker took part in the 2-thread run.
    expect(joins).toBeGreaterThan(0);
  });

  it('setThreads changes the thread count at run time and validates its argument', async () => {
    expect(be.threaded).toBe(true);
    await be.setThreads(3);
    expect(be.threads).toBe(3);
    const a = tensor(be, randomArray(256 * 256, 1), [1, 256, 256]);
    const r3 = readBuf(be, be.matmul(a, a, { transposeA: false, transposeB: false }), 256 * 256);
    await be.setThreads(1);
    expectBits(readBuf(be, be.matmul(a, a, { transposeA: false, transposeB: false }), 256 * 256), r3);
    await be.setThreads(2);
    expect(() => be.setThreads(0)).toThrow(TesseraError);
    expect(() => be.setThreads(1.5)).toThrow(/setThreads: expected an integer >= 1, got 1.5/);
  });

  it('the single-thread build stays on one thread and says so', async () => {
    expect(single.threaded).toBe(false);
    await single.setThreads(4);
    expect(single.threads).toBe(1);
    expect(single.diagnostics.join('\n')).toMatch(/setThreads\(4\): threads are unavailable in the single-thread build/);
  });
});

describe('without SharedArrayBuffer', () => {
  it('falls back to the single-thread build with a one-line diagnostic', async () => {
    const saved = globalThis.SharedArrayBuffer;
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (msg: string) => { warnings.push(msg); };
    // @ts-expect-error simulating a page that is not cross-origin isolated
    delete globalThis.SharedArrayBuffer;
    let b: WasmBackend | undefined;
    try {
      b = await backend({ threads: 2 });
    } finally {
      globalThis.SharedArrayBuffer = saved;
      console.warn = warn;
    }
    expect(b.threaded).toBe(false);
    expect(b.threads).toBe(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^@tessera\/backend-wasm: SharedArrayBuffer is unavailable .*Cross-Origin-Embedder-Policy: require-corp.*; using the single-thread build$/);
    expect(warnings[0]).not.toContain('\n');
    const x = tensor(b, [1, 2, 3], [3]);
    expect(Array.from(readBuf(b, b.unary('square', x), 3))).toEqual([1, 4, 9]);
    b.dispose();
  });

  it('a page that is not cross-origin isolated also gets the single-thread build', async () => {
    const g = globalThis as { crossOriginIsolated?: boolean };
    g.crossOriginIsolated = false;
    let b: WasmBackend | undefined;
    try {
      b = await backend({ threads: 2, warn: false });
    } finally {
      delete g.crossOriginIsolated;
    }
    expect(b.threaded).toBe(false);
    expect(b.diagnostics[0]).toMatch(/not cross-origin isolated/);
    b.dispose();
  });
});
