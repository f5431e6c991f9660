import { availableParallelism } from 'node:os';
import { setBackend, type Backend } from '@tessera/tensor';
import { createJsBackend } from '@tessera/backend-js';
import { createWasmBackend, type WasmBackend } from '@tessera/backend-wasm';
import { createWebGPUBackend, type WebGPUBackend } from '@tessera/backend-webgpu';
import { UsageError } from './errors.js';

export const BACKEND_NAMES = ['wasm', 'js', 'webgpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export interface ActiveBackend {
  readonly name: BackendName;
  /** One line for the user: which backend, why, and how it runs. */
  readonly description: string;
  readonly backend: Backend;
  dispose(): void;
}

async function wasm(threads: number | undefined): Promise<{ backend: WasmBackend; detail: string }> {
  const backend = createWasmBackend({ threads, warn: false });
  await backend.ready();
  const info = backend.threadInfo();
  const detail = info.threaded ? `${info.threads} thread${info.threads === 1 ? '' : 's'}` : `single-threaded: ${backend.diagnostics.join('; ')}`;
  return { backend, detail };
}

async function webgpu(): Promise<{ backend: WebGPUBackend; detail: string }> {
  const backend = await createWebGPUBackend();
  await backend.ready();
  const a = backend.features.adapter;
  const name = [a.vendor, a.architecture, a.device, a.description].filter(Boolean).join(' ') || 'unnamed adapter';
  return { backend, detail: `adapter ${name}${a.cpu ? ' (CPU)' : ''}` };
}

/**
 * Makes the requested backend the active one. Without a request: wasm when it loads, else js,
 * and the description says which and why.
 */
export async function activateBackend(requested: BackendName | undefined, threads?: number): Promise<ActiveBackend> {
  if (threads !== undefined && requested !== undefined && requested !== 'wasm') {
    throw new UsageError(`--threads applies to the wasm backend, not ${requested}`);
  }
  let name: BackendName;
  let backend: Backend;
  let description: string;
  if (requested === 'js') {
    name = 'js';
    backend = createJsBackend();
    description = 'backend js (requested)';
  } else if (requested === 'webgpu') {
    const made = await webgpu().catch((error: Error) => {
      throw new UsageError(`--backend webgpu is not available: ${error.message}`);
    });
    name = 'webgpu';
    backend = made.backend;
    description = `backend webgpu (requested, ${made.detail})`;
  } else {
    const made = await wasm(threads).catch((error: Error) => error);
    if (made instanceof Error) {
      if (requested === 'wasm') throw new UsageError(`--backend wasm is not available: ${made.message}`);
      name = 'js';
      backend = createJsBackend();
      description = `backend js (default; wasm is not available: ${made.message})`;
    } else {
      name = 'wasm';
      backend = made.backend;
      description = `backend wasm (${requested ? 'requested' : 'default'}, ${made.detail})`;
    }
  }
  await setBackend(backend);
  return { name, description, backend, dispose: () => backend.dispose() };
}

export interface BackendReport {
  readonly name: BackendName;
  readonly available: boolean;
  readonly detail: string;
}

/** What `tessera info` prints: each backend tried in turn, then released. */
export async function probeBackends(): Promise<{ cores: number; backends: BackendReport[] }> {
  const backends: BackendReport[] = [];
  backends.push({ name: 'js', available: true, detail: 'reference backend in plain TypeScript' });
  try {
    const { backend, detail } = await wasm(undefined);
    const info = backend.threadInfo();
    backends.push({ name: 'wasm', available: true, detail: `${detail}${info.threaded ? ' (threaded build)' : ''}; default backend` });
    backend.dispose();
  } catch (error) {
    backends.push({ name: 'wasm', available: false, detail: (error as Error).message });
  }
  try {
    const { backend, detail } = await webgpu();
    backends.push({ name: 'webgpu', available: true, detail });
    backend.dispose();
  } catch (error) {
    backends.push({ name: 'webgpu', available: false, detail: (error as Error).message });
  }
  return { cores: availableParallelism(), backends };
}
