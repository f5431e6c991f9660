import { TesseraError } from '@tessera/tensor';
import { createWebGPUBackend } from '../../src/index.js';
import { expectEqual, expectTrue, free, take, tensor } from '../harness/assert.js';
import { defineCases } from '../harness/define.js';

async function expectTesseraError(fn: () => unknown, pattern: RegExp, label: string): Promise<void> {
  try {
    await fn();
  } catch (error) {
    expectTrue(error instanceof TesseraError, `${label}: threw ${(error as Error).name}, not TesseraError`);
    expectTrue(pattern.test((error as Error).message), `${label}: message "${(error as Error).message}" does not match ${pattern}`);
    return;
  }
  throw new Error(`${label}: did not throw`);
}

export const RUNTIME = defineCases('runtime', {
  async 'has no readSync, so the core asks for await t.data()'({ backend }) {
    expectTrue(!('readSync' in backend), 'readSync must not exist on the WebGPU backend');
  },

  async 'reports adapter features and limits without assuming any'({ backend }) {
    const f = backend.features;
    expectTrue(typeof f.shaderF16 === 'boolean' && typeof f.subgroups === 'boolean', 'feature flags are booleans');
    expectTrue(f.limits.maxStorageBufferBindingSize >= 128 * 1024 * 1024, 'storage binding limit raised to the adapter');
    expectTrue(f.adapter.cpu, `a software adapter is recognised as such: ${JSON.stringify(f.adapter)}`);
    expectTrue(f.features.every((name) => typeof name === 'string'), 'feature names');
  },

  async 'readMany reads several tensors with one map'({ backend }) {
    const a = tensor(backend, [1, 2], [2]), b = tensor(backend, [3, 4, 5], [3], 'int32'), c = tensor(backend, [1, 0], [2], 'bool');
    const before = backend.memoryInfo().maps;
    const [ra, rb, rc] = await backend.readMany([
      { buffer: a.buffer, dtype: 'float32', size: 2 }, { buffer: b.buffer, dtype: 'int32', size: 3 }, { buffer: c.buffer, dtype: 'bool', size: 2 },
    ]);
    expectEqual([backend.memoryInfo().maps - before], [1], 'one map');
    expectEqual(ra, [1, 2], 'a'); expectEqual(rb, [3, 4, 5], 'b'); expectEqual(rc, [1, 0], 'c');
    // Reads started in the same tick share a map as well.
    const m0 = backend.memoryInfo().maps;
    await Promise.all([backend.read(a.buffer, 'float32', 2), backend.read(b.buffer, 'int32', 3)]);
    expectEqual([backend.memoryInfo().maps - m0], [1], 'same-tick reads share one map');
    free(backend, a, b, c);
  },

  async 'many dispatches share one submit until a read needs them'({ backend }) {
    await backend.read(backend.fill(1, 0, 'float32'), 'float32', 1);
    const x = tensor(backend, [1, 2, 3, 4], [4]);
    const s0 = backend.memoryInfo().submits;
    let y = backend.unary('neg', x);
    for (let k = 0; k < 20; k++) { const next = backend.unary('neg', { ...x, buffer: y }); backend.free(y); y = next; }
    expectEqual([backend.memoryInfo().submits - s0], [0], 'nothing submitted while recording');
    expectEqual(await take(backend, y, 4), [-1, -2, -3, -4], '21 chained negations');
    expectEqual([backend.memoryInfo().submits - s0], [1], 'one submit for 21 dispatches and the read');
    free(backend, x);
  },

  async 'free returns buffers to the pool; in-use bytes return to baseline'({ backend }) {
    await backend.read(backend.fill(1, 0, 'float32'), 'float32', 1);
    backend.flush();
    const base = backend.memoryInfo();
    const xs = Array.from({ length: 10 }, (_, k) => backend.fill(1000 + k, k, 'float32'));
    expectTrue(backend.memoryInfo().inUseBytes > base.inUseBytes, 'allocations are counted');
    for (const b of xs) backend.free(b);
    backend.flush();
    const after = backend.memoryInfo();
    expectEqual([after.inUseBytes, after.inUseBuffers], [base.inUseBytes, base.inUseBuffers], 'in-use back to baseline');
    const created = after.buffersCreated;
    const again = Array.from({ length: 10 }, (_, k) => backend.fill(1000 + k, k, 'float32'));
    expectEqual([backend.memoryInfo().buffersCreated - created], [0], 'same-bucket allocations reuse pooled buffers');
    for (const b of again) backend.free(b);
  },

  async 'a freed buffer is not reused before the commands reading it are submitted'({ backend }) {
    const x = tensor(backend, [1, 2, 3, 4], [4]);
    const y = backend.unary('neg', x);
    backend.free(x.buffer);
    const z = tensor(backend, [9, 9, 9, 9], [4]);
    expectTrue(z.buffer.gpu !== x.buffer.gpu, 'the freed buffer was handed out before its commands were submitted');
    expectEqual(await take(backend, y, 4), [-1, -2, -3, -4], 'neg read the old contents');
    // After the submit, x (and y, freed by take() with nothing left unsubmitted) are reusable.
    const w = [tensor(backend, [7, 7, 7, 7], [4]), tensor(backend, [8, 8, 8, 8], [4])];
    const reused = w.some((t) => t.buffer.gpu === x.buffer.gpu);
    free(backend, ...w);
    expectTrue(reused, 'after the submit, the freed buffer is handed out again (LIFO free list)');
    free(backend, z);
  },

  async 'an allocation beyond the device limits is a TesseraError'({ backend }) {
    const limit = backend.features.limits.maxStorageBufferBindingSize;
    await expectTesseraError(() => backend.fill(Math.floor(limit / 4) + 1024, 0, 'float32'), /^fill: a buffer of \d+ bytes exceeds the device's maxStorageBufferBindingSize/, 'huge fill');
    await expectTesseraError(() => backend.matmul(
      { buffer: backend.fill(1, 0, 'float32'), shape: [1, 1, 1], dtype: 'float32', size: 1 },
      { buffer: backend.fill(1, 0, 'float32'), shape: [1, 1, Math.floor(limit / 4) + 8], dtype: 'float32', size: Math.floor(limit / 4) + 8 },
      { transposeA: false, transposeB: false }), /^matmul: a buffer of/, 'huge matmul output');
  },

  async 'device loss surfaces as a TesseraError; a shared device survives dispose'({ backend }) {
    const own = await createWebGPUBackend();
    const x = tensor(own, [1, 2], [2]);
    own.device.destroy();
    await new Promise((r) => setTimeout(r, 50));
    await expectTesseraError(() => own.unary('neg', x), /^neg: device lost/, 'after destroy');
    await expectTesseraError(() => own.read(x.buffer, 'float32', 2), /^read: device lost/, 'read after destroy');
    own.dispose();
    await expectTesseraError(() => own.unary('neg', x), /disposed/, 'after dispose');

    const shared = await createWebGPUBackend({ device: backend.device });
    const y = tensor(shared, [5], [1]);
    shared.dispose();
    const z = tensor(backend, [6], [1]);
    expectEqual(await take(backend, z.buffer, 1), [6], 'device still usable after a sharing backend is disposed');
    void y;
  },
});
