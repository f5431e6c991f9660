import type { Backend } from '@tessera/tensor';
import type { HandlerTable } from '@tessera/conformance';

/**
 * How the command creates each backend by name. Packages are imported only when asked for, so a
 * missing optional backend (e.g. WebGPU without a Vulkan driver) fails with its own message.
 */
export const BACKENDS: Readonly<Record<string, (options: { threads?: number }) => Promise<Backend>>> = {
  js: async () => (await import('@tessera/backend-js')).createJsBackend(),
  wasm: async ({ threads }) => (await import('@tessera/backend-wasm')).createWasmBackend({ threads }),
  webgpu: async () => {
    const { createWebGPUBackend } = await import('@tessera/backend-webgpu');
    const { withCpuVulkanDriver } = await import('@tessera/backend-webgpu/node');
    // In Node, a CPU Vulkan driver stands in for a GPU unless VK_ICD_FILENAMES names one.
    return withCpuVulkanDriver(() => createWebGPUBackend());
  },
};

/** Optional handler modules, one per package that owns a fixture suite. */
export const HANDLER_MODULES: readonly string[] = [
  '@tessera/metrics/conformance',
  '@tessera/optim/conformance',
  '@tessera/nn/conformance',
  '@tessera/ml/conformance',
];

function isHandlerTable(value: unknown): value is HandlerTable {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    && Object.values(value).length > 0 && Object.values(value).every((v) => typeof v === 'function');
}

/** Every handler table the optional modules export (a package may split its suites into several). */
export async function loadHandlers(): Promise<HandlerTable> {
  const handlers: Record<string, HandlerTable[string]> = {};
  for (const name of HANDLER_MODULES) {
    const mod = await import(name) as Record<string, unknown>;
    for (const value of Object.values(mod)) if (isHandlerTable(value)) Object.assign(handlers, value);
  }
  return handlers;
}
