import type { Backend } from './backend.js';
import { ENGINE } from '../engine.js';

/**
 * Makes a backend available under `name`. Nothing registers itself on import: an app picks its
 * backends explicitly. Returns false when the name is already taken.
 *
 * ```ts
 * registerBackend('wasm', () => createWasmBackend({ threads: 2 }));
 * await setBackend('wasm');
 * ```
 */
export function registerBackend(name: string, factory: () => Backend | Promise<Backend>, priority = 1): boolean {
  return ENGINE.registerBackend(name, factory, priority);
}

/** Makes a registered backend (by name) or a backend instance the active one; awaits its `ready()`. */
export async function setBackend(nameOrBackend: string | Backend): Promise<void> {
  await ENGINE.setBackend(nameOrBackend);
}

/** Name of the active backend, or null when none is set. */
export function getBackend(): string | null {
  return ENGINE.backendName();
}

/** The active backend instance (throws a clear error when none is set). */
export function activeBackend(): Backend {
  return ENGINE.backend();
}

/** A registered backend's instance, if it has been initialized. */
export function findBackend(name: string): Backend | undefined {
  return ENGINE.findBackend(name);
}

/** Names of the registered backends. */
export function listBackends(): string[] {
  return [...ENGINE.registry.keys()];
}

/** Unregisters and disposes a backend. */
export function removeBackend(name: string): void {
  ENGINE.removeBackend(name);
}

/** Resolves when the active backend can run kernels. */
export async function ready(): Promise<void> {
  await ENGINE.backend().ready();
}
