import { TesseraError } from '@tessera/tensor';

/** Where a kernel module comes from: bytes, a compiled module, or a URL / path to fetch. */
export type WasmSource = URL | string | ArrayBuffer | ArrayBufferView | WebAssembly.Module;

/**
 * The committed modules, resolved relative to this file so bundlers (Vite, webpack 5, esbuild)
 * see the `new URL(literal, import.meta.url)` pattern and emit the files as assets. Functions,
 * so nothing is resolved until a backend actually loads.
 */
export const defaultSources = {
  single: (): URL => new URL('../../wasm/tessera-kernels.wasm', import.meta.url),
  threads: (): URL => new URL('../../wasm/tessera-kernels-threads.wasm', import.meta.url),
};

const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';

async function readFileUrl(url: URL | string): Promise<Uint8Array> {
  // A computed specifier keeps browser bundlers from trying to resolve a Node builtin.
  const specifier = 'node:fs/promises';
  const fs = (await import(/* @vite-ignore */ specifier)) as typeof import('node:fs/promises');
  return fs.readFile(url);
}

async function fetchBytes(url: URL): Promise<ArrayBuffer | Uint8Array> {
  if (url.protocol === 'file:') return readFileUrl(url);
  const response = await fetch(url);
  if (!response.ok) throw new TesseraError('wasm', `could not fetch ${url.href}: HTTP ${response.status}`);
  return response.arrayBuffer();
}

/** Compiles a kernel module from any supported source. */
export async function compileModule(source: WasmSource): Promise<WebAssembly.Module> {
  if (source instanceof WebAssembly.Module) return source;
  let bytes: ArrayBuffer | ArrayBufferView;
  if (source instanceof URL) {
    bytes = await fetchBytes(source);
  } else if (typeof source === 'string') {
    if (/^[a-z][a-z0-9+.-]*:/i.test(source)) bytes = await fetchBytes(new URL(source));
    else if (isNode) bytes = await readFileUrl(source);
    else bytes = await fetchBytes(new URL(source, globalThis.location?.href));
  } else {
    bytes = source;
  }
  try {
    return await WebAssembly.compile(bytes as BufferSource);
  } catch (error) {
    throw new TesseraError('wasm', `could not compile the kernel module: ${(error as Error).message}`);
  }
}
