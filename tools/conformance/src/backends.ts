import type { Backend } from '@tessera/tensor';

/**
 * How the command creates each backend by name. Packages are imported only when asked for, so a
 * missing optional backend (e.g. WebGPU without a Vulkan driver) fails with its own message.
 */
export const BACKENDS: Readonly<Record<string, (options: { threads?: number }) => Promise<Backend>>> = {
  js: async () => (await import('@tessera/backend-js')).createJsBackend(),
};

/** Optional handler modules, one per package that owns a fixture suite. */
export const HANDLER_MODULES: readonly string[] = [];
