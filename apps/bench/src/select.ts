import { ADAPTERS, BACKENDS } from './adapters/index.js';
import { firstRunKernels, transferKernels } from './gpu-kernels.js';
import { kernelSuite, type Kernel } from './kernels.js';

export interface SelectOptions {
  /** A set of BACKENDS (default 'wasm'); `adapters` overrides its adapter list. */
  readonly backend?: string;
  /** Comma-separated adapter ids. */
  readonly adapters?: string;
  /** Comma-separated kernel keys, kept in suite order. */
  readonly kernels?: string;
  readonly quick?: boolean;
}

export interface Selection {
  /** The name results are filed under: the backend set. */
  readonly backend: string;
  readonly adapters: string[];
  readonly kernels: Kernel[];
}

/**
 * What `pnpm bench kernels` runs. When a WebGPU adapter takes part, the first runs (shader
 * compilation) come before the kernel suite, so nothing has compiled their shaders yet, and
 * upload and readback come after it. Bad names throw an Error that lists the known ones.
 */
export function selectRun(options: SelectOptions): Selection {
  const backend = options.backend ?? 'wasm';
  const set = BACKENDS[backend as keyof typeof BACKENDS];
  if (!set) throw new Error(`unknown backend "${backend}" (known: ${Object.keys(BACKENDS).join(', ')})`);
  const adapters = options.adapters ? options.adapters.split(',') : [...set.adapters];
  const unknownAdapters = adapters.filter((id) => !(id in ADAPTERS));
  if (unknownAdapters.length) throw new Error(`unknown adapter(s) ${unknownAdapters.join(', ')} (known: ${Object.keys(ADAPTERS).join(', ')})`);
  const transfers = Object.values(BACKENDS).some((b) => b.transfers && b.adapters.some((id: string) => adapters.includes(id)));
  let kernels = transfers
    ? [...firstRunKernels(), ...kernelSuite(options.quick), ...transferKernels(options.quick)]
    : kernelSuite(options.quick);
  if (options.kernels) {
    const keys = options.kernels.split(',');
    const unknown = keys.filter((k) => !kernels.some((x) => x.key === k));
    if (unknown.length) throw new Error(`unknown kernel(s) ${unknown.join(', ')} (known: ${kernels.map((k) => k.key).join(', ')})`);
    kernels = kernels.filter((k) => keys.includes(k.key));
  }
  return { backend, adapters, kernels };
}
