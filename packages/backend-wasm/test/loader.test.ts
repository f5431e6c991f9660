import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TesseraError } from '@tessera/tensor';
import { createWasmBackend, type WasmSource } from '../src/index.js';
import { readBuf, tensor } from './helpers.js';

const wasmDir = new URL('../wasm/', import.meta.url);
const singleUrl = new URL('tessera-kernels.wasm', wasmDir);
const threadsUrl = new URL('tessera-kernels-threads.wasm', wasmDir);

async function check(options: Parameters<typeof createWasmBackend>[0]) {
  const be = createWasmBackend({ warn: false, ...options });
  await be.ready();
  const x = tensor(be, [1, 4, 9], [3]);
  expect(Array.from(readBuf(be, be.unary('sqrt', x), 3))).toEqual([1, 2, 3]);
  const info = be.threadInfo();
  be.dispose();
  return info;
}

describe('loading the kernel modules', () => {
  it('loads the committed modules next to the package by default', async () => {
    expect((await check({ threads: 2 })).threaded).toBe(true);
    expect((await check({ singleThread: true })).threaded).toBe(false);
  });

  it('accepts bytes, a URL, a path or a compiled module', async () => {
    const bytes = readFileSync(singleUrl);
    const sources: WasmSource[] = [bytes, new Uint8Array(bytes).buffer, singleUrl, singleUrl.href, fileURLToPath(singleUrl),
      await WebAssembly.compile(bytes)];
    for (const single of sources) expect((await check({ singleThread: true, wasm: { single } })).threaded).toBe(false);
    expect((await check({ threads: 2, wasm: { threads: readFileSync(threadsUrl) } })).threaded).toBe(true);
  });

  it('bad bytes are a TesseraError; a threaded module that fails falls back with a diagnostic', async () => {
    const bad = createWasmBackend({ singleThread: true, wasm: { single: new Uint8Array([0, 97, 115, 109, 9, 9]) } });
    await expect(bad.ready()).rejects.toThrow(TesseraError);
    await expect(bad.ready()).rejects.toThrow(/^wasm: could not compile the kernel module/);
    // The single-thread module cannot take shared memory: the threaded attempt fails and falls back.
    const be = createWasmBackend({ threads: 2, warn: false, wasm: { threads: readFileSync(singleUrl) } });
    await be.ready();
    expect(be.threaded).toBe(false);
    expect(be.diagnostics[0]).toMatch(/threaded build unavailable .*; using the single-thread build/);
    be.dispose();
  });

  it('both modules export every kernel the TypeScript side calls', async () => {
    const src = new URL('../src/kernels/', import.meta.url);
    const called = new Set<string>();
    for (const file of readdirSync(src)) {
      const text = readFileSync(new URL(file, src), 'utf8');
      for (const m of text.matchAll(/run\('([a-z0-9_]+)'/g)) called.add(m[1]);
      for (const m of text.matchAll(/call\(ctx, '([a-z0-9_]+)'/g)) called.add(m[1]);
    }
    expect(called.size).toBeGreaterThan(20);
    for (const url of [singleUrl, threadsUrl]) {
      const exports = WebAssembly.Module.exports(await WebAssembly.compile(readFileSync(url))).map((e) => e.name);
      for (const name of called) expect(exports, `${url.pathname} exports ${name}`).toContain(name);
    }
  });

  it('kernels before ready() and after dispose() throw a TesseraError', async () => {
    const be = createWasmBackend({ singleThread: true });
    expect(() => be.fill(1, 0, 'float32')).toThrow(/^wasm: call and await backend.ready\(\) before running kernels$/);
    await be.ready();
    be.dispose();
    expect(() => be.fill(1, 0, 'float32')).toThrow(/^wasm: the backend was disposed$/);
  });
});
