import { FUSED_KERNELS, PRIMITIVES, TesseraError, type Backend } from '@tessera/tensor';
import { describe, expect, it } from 'vitest';
import { createJsBackend, JsBuffer } from '../src/index.js';
import { newBackend, tensor, values } from './helpers.js';

describe('JsBackend', () => {
  it('is a Backend<JsBuffer> with every primitive and every fused kernel except randomUniform', () => {
    const backend: Backend<JsBuffer> = createJsBackend();
    expect(backend.name).toBe('js');
    for (const method of PRIMITIVES) expect(typeof backend[method], method).toBe('function');
    for (const method of FUSED_KERNELS.filter((m) => m !== 'randomUniform')) expect(typeof backend[method], method).toBe('function');
    expect(backend.randomUniform).toBeUndefined();
  });

  it('is ready at once', async () => {
    await expect(newBackend().ready()).resolves.toBeUndefined();
  });
});

describe('memory', () => {
  it('write copies its input and keeps the typed array of the dtype', () => {
    const backend = newBackend();
    const source = Float32Array.from([1, 2, 3]);
    const buffer = backend.write(source, 'float32');
    source[0] = 99;
    expect(values(backend, buffer, 'float32', 3)).toEqual([1, 2, 3]);
    expect(buffer.values).toBeInstanceOf(Float32Array);
    expect(backend.write(Int32Array.from([1]), 'int32').values).toBeInstanceOf(Int32Array);
    expect(backend.write(Uint8Array.from([1]), 'bool').values).toBeInstanceOf(Uint8Array);
  });

  it('write converts an array of another type to the dtype', () => {
    const backend = newBackend();
    const ints = backend.write(Float32Array.from([1.7, -2.7]), 'int32');
    expect(ints.values).toBeInstanceOf(Int32Array);
    expect(values(backend, ints, 'int32', 2)).toEqual([1, -2]);
    const bools = backend.write(Float32Array.from([0, 3]), 'bool');
    expect(values(backend, bools, 'bool', 2)).toEqual([0, 1]);
  });

  it('read and readSync return copies the caller owns', async () => {
    const backend = newBackend();
    const buffer = backend.write(Float32Array.from([1, 2]), 'float32');
    const sync = backend.readSync(buffer, 'float32', 2);
    sync[0] = 50;
    const async = await backend.read(buffer, 'float32', 2);
    expect(Array.from(async)).toEqual([1, 2]);
    async[1] = 60;
    expect(values(backend, buffer, 'float32', 2)).toEqual([1, 2]);
    expect(async).toBeInstanceOf(Float32Array);
  });

  it('fill stores the value in the dtype', () => {
    const backend = newBackend();
    expect(values(backend, backend.fill(3, 2.5, 'float32'), 'float32', 3)).toEqual([2.5, 2.5, 2.5]);
    expect(values(backend, backend.fill(2, -2.5, 'int32'), 'int32', 2)).toEqual([-2, -2]);
    expect(values(backend, backend.fill(2, 0.5, 'bool'), 'bool', 2)).toEqual([1, 1]);
    expect(values(backend, backend.fill(0, 1, 'float32'), 'float32', 0)).toEqual([]);
  });

  it('memoryInfo counts live buffers and bytes; free releases them', () => {
    const backend = newBackend();
    const a = backend.write(Float32Array.from([1, 2, 3]), 'float32');
    const b = backend.fill(5, 1, 'bool');
    const c = backend.unary('neg', { buffer: a, shape: [3], dtype: 'float32', size: 3 });
    expect(backend.memoryInfo()).toEqual({ buffers: 3, bytes: 12 + 5 + 12 });
    backend.free(a);
    backend.free(b);
    expect(backend.memoryInfo()).toEqual({ buffers: 1, bytes: 12 });
    backend.free(c);
    expect(backend.memoryInfo()).toEqual({ buffers: 0, bytes: 0 });
  });

  it('a freed buffer fails loudly when used or freed again', () => {
    const backend = newBackend();
    const x = tensor(backend, [1, 2], [2]);
    backend.free(x.buffer);
    expect(x.buffer.freed).toBe(true);
    expect(() => backend.unary('neg', x)).toThrow(TesseraError);
    expect(() => backend.readSync(x.buffer, 'float32', 2)).toThrow(/backend-js: buffer used after free/);
    expect(() => backend.free(x.buffer)).toThrow(/freed twice/);
  });

  it('kernels never modify their inputs', () => {
    const backend = newBackend();
    const x = tensor(backend, [3, -1, 2, 5], [2, 2]);
    backend.unary('relu', x);
    backend.binary('add', x, x, [2, 2]);
    backend.matmul(x, x, { transposeA: true, transposeB: false });
    backend.transpose(x, [1, 0]);
    backend.softmax(x, 2, 2);
    expect(values(backend, x.buffer, 'float32', 4)).toEqual([3, -1, 2, 5]);
  });

  it('dispose makes the backend unusable', () => {
    const backend = newBackend();
    const x = tensor(backend, [1], [1]);
    backend.dispose();
    expect(() => backend.write(Float32Array.of(1), 'float32')).toThrow(/backend-js: backend used after dispose/);
    expect(() => backend.unary('neg', x)).toThrow(TesseraError);
    expect(() => backend.readSync(x.buffer, 'float32', 1)).toThrow(TesseraError);
  });
});
