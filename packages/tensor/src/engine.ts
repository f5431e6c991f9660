import type { Backend } from './backend/backend.js';
import { TesseraError, fail } from './errors.js';
import type { Tensor } from './tensor.js';
import type { Tape } from './autograd/tape.js';

/**
 * A backend buffer plus the bookkeeping the core needs. Views (reshape, expandDims, squeeze)
 * share one Storage; the buffer is freed when the last tensor using it is disposed.
 */
export class Storage {
  /** Tensor handles using this buffer. */
  refs = 1;

  constructor(
    public backend: Backend,
    public buffer: object,
    readonly bytes: number,
  ) {}
}

interface BackendEntry {
  readonly factory: () => Backend | Promise<Backend>;
  readonly priority: number;
  instance?: Backend;
  pending?: Promise<Backend>;
}

interface Scope {
  readonly name: string;
  readonly tensors: Tensor[];
}

interface BackendCounts {
  tensors: number;
  bytes: number;
  buffers: number;
}

/** One kernel call as the profiler sees it (see `setKernelProfiler`). */
export interface KernelTiming {
  /** The op name `runOp` was given (e.g. `conv2d`, `conv2dBackpropFilter`, `add`). */
  readonly name: string;
  readonly inputShapes: readonly (readonly number[])[];
  readonly shape: readonly number[];
  /** Wall time of the backend call in milliseconds (for asynchronous backends: the dispatch). */
  readonly ms: number;
}

/** Figures returned by `memory()`. */
export interface MemoryInfo {
  /** Live tensor handles (variables included). */
  readonly numTensors: number;
  /** Bytes of live backend buffers; views share bytes and count once. */
  readonly numBytes: number;
  readonly numBuffers: number;
  readonly backends: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/**
 * Global state of the core: registered backends, the active one, tidy scopes, the gradient
 * tape and memory counts. One per process, shared through globalThis so that two copies of the
 * package (source and build) never split the bookkeeping.
 */
export class Engine {
  readonly registry = new Map<string, BackendEntry>();
  private active: Backend | null = null;
  private activeName: string | null = null;
  readonly scopes: Scope[] = [];
  tape: Tape | null = null;
  /** Called after every kernel `runOp` runs, when set (see `setKernelProfiler`). */
  profiler: ((timing: KernelTiming) => void) | null = null;
  private nextId = 1;
  private readonly counts = new Map<Backend, BackendCounts>();
  private numTensors = 0;

  registerBackend(name: string, factory: () => Backend | Promise<Backend>, priority = 1): boolean {
    if (typeof name !== 'string' || name.length === 0) fail('registerBackend', 'name must be a non-empty string');
    if (typeof factory !== 'function') fail('registerBackend', `factory for "${name}" must be a function`);
    if (this.registry.has(name)) return false;
    this.registry.set(name, { factory, priority });
    return true;
  }

  removeBackend(name: string): void {
    const entry = this.registry.get(name);
    if (!entry) return;
    if (this.activeName === name) { this.active = null; this.activeName = null; }
    entry.instance?.dispose();
    this.registry.delete(name);
  }

  async initBackend(name: string): Promise<Backend> {
    const entry = this.registry.get(name);
    if (!entry) {
      const known = [...this.registry.keys()];
      fail('setBackend', `no backend named "${name}" is registered (registered: ${known.length ? known.join(', ') : 'none'})`);
    }
    if (entry.instance) return entry.instance;
    entry.pending ??= (async () => {
      const backend = await entry.factory();
      await backend.ready();
      entry.instance = backend;
      return backend;
    })();
    try {
      return await entry.pending;
    } catch (error) {
      entry.pending = undefined;
      throw error;
    }
  }

  async setBackend(nameOrBackend: string | Backend): Promise<void> {
    if (typeof nameOrBackend === 'string') {
      this.active = await this.initBackend(nameOrBackend);
      this.activeName = nameOrBackend;
      return;
    }
    const backend = nameOrBackend;
    await backend.ready();
    // An instance replaces whatever was registered under its name; tensors made on the previous
    // instance keep working, since each holds its own backend reference.
    this.registry.set(backend.name, { factory: () => backend, priority: 0, instance: backend });
    this.active = backend;
    this.activeName = backend.name;
  }

  /** The active backend; throws a clear error when none was set. */
  backend(): Backend {
    if (this.active) return this.active;
    const names = [...this.registry.keys()];
    throw new TesseraError('backend', 'no backend is active: call `await setBackend(...)` first '
      + `(registered: ${names.length ? names.join(', ') : 'none'}; e.g. setBackend(createJsBackend()) from @tessera/backend-js)`);
  }

  backendName(): string | null {
    return this.activeName;
  }

  findBackend(name: string): Backend | undefined {
    return this.registry.get(name)?.instance;
  }

  // ---- ids and memory -------------------------------------------------------------------------

  newId(): number {
    return this.nextId++;
  }

  private countsFor(backend: Backend): BackendCounts {
    let c = this.counts.get(backend);
    if (!c) { c = { tensors: 0, bytes: 0, buffers: 0 }; this.counts.set(backend, c); }
    return c;
  }

  onStorageCreated(storage: Storage): void {
    const c = this.countsFor(storage.backend);
    c.bytes += storage.bytes;
    c.buffers += 1;
    leaks?.register(storage, { backend: storage.backend, buffer: storage.buffer, bytes: storage.bytes }, storage);
  }

  onStorageFreed(storage: Storage): void {
    leaks?.unregister(storage);
    this.release(storage);
  }

  /** Frees a buffer and takes it out of the counts. */
  release(held: { readonly backend: Backend; readonly buffer: object; readonly bytes: number }): void {
    const c = this.countsFor(held.backend);
    c.bytes -= held.bytes;
    c.buffers -= 1;
    held.backend.free(held.buffer);
  }

  /** Re-homes a buffer on another backend; every handle sharing it follows. */
  moveStorage(storage: Storage, backend: Backend, buffer: object): void {
    const from = this.countsFor(storage.backend);
    from.tensors -= storage.refs;
    this.onStorageFreed(storage);
    storage.backend = backend;
    storage.buffer = buffer;
    this.onStorageCreated(storage);
    this.countsFor(backend).tensors += storage.refs;
  }

  onTensorCreated(t: Tensor, tracked: boolean): void {
    this.numTensors++;
    this.countsFor(t.storage.backend).tensors++;
    if (tracked && this.scopes.length > 0) this.scopes[this.scopes.length - 1].tensors.push(t);
  }

  onTensorRebound(from: Storage, to: Storage): void {
    if (from.backend === to.backend) return;
    this.countsFor(from.backend).tensors--;
    this.countsFor(to.backend).tensors++;
  }

  onTensorDisposed(t: Tensor): void {
    this.numTensors--;
    this.countsFor(t.storage.backend).tensors--;
  }

  memory(): MemoryInfo {
    const backends: Record<string, Record<string, number>> = {};
    let numBytes = 0, numBuffers = 0;
    for (const [backend, c] of this.counts) {
      backends[backend.name] = { numTensors: c.tensors, numBytes: c.bytes, numBuffers: c.buffers, ...backend.memoryInfo?.() };
      numBytes += c.bytes;
      numBuffers += c.buffers;
    }
    return { numTensors: this.numTensors, numBytes, numBuffers, backends };
  }

  // ---- scopes ---------------------------------------------------------------------------------

  startScope(name: string): Scope {
    const scope: Scope = { name, tensors: [] };
    this.scopes.push(scope);
    return scope;
  }

  /**
   * Disposes every tensor created in `scope` that is neither kept nor part of `result`, and hands
   * the result's tensors to the enclosing scope. The scope is removed wherever it sits in the
   * stack, so an async tidy that finishes out of order does not end somebody else's scope.
   */
  endScope(scope: Scope, result: unknown): void {
    const index = this.scopes.lastIndexOf(scope);
    if (index < 0) return;
    this.scopes.splice(index, 1);
    const keep = new Set<Tensor>();
    collectTensors(result, keep);
    const parent = index > 0 ? this.scopes[index - 1] : undefined;
    for (const t of scope.tensors) {
      if (t.isDisposed) continue;
      if (keep.has(t)) { parent?.tensors.push(t); continue; }
      if (!t.kept) t.dispose();
    }
  }
}

/** Tensors inside a value: a tensor, or arrays / plain objects / Maps holding tensors. */
export function collectTensors(value: unknown, into: Set<Tensor>, depth = 0): void {
  if (value === null || typeof value !== 'object' || depth > 8) return;
  if (isTensorValue(value)) { into.add(value); return; }
  if (Array.isArray(value)) { for (const v of value) collectTensors(v, into, depth + 1); return; }
  if (value instanceof Map) { for (const v of value.values()) collectTensors(v, into, depth + 1); return; }
  if (Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) collectTensors(v, into, depth + 1);
  }
}

export const TENSOR_BRAND = Symbol.for('tessera.tensor');

export function isTensorValue(value: unknown): value is Tensor {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[TENSOR_BRAND] === true;
}

const GLOBAL_KEY = Symbol.for('tessera.engine');

function globalEngine(): Engine {
  const g = globalThis as unknown as Record<symbol, Engine | undefined>;
  g[GLOBAL_KEY] ??= new Engine();
  return g[GLOBAL_KEY]!;
}

export const ENGINE: Engine = globalEngine();

// A safety net only: the buffer of a Storage that became unreachable without being freed (its
// tensors were never disposed) is freed when the Storage is garbage-collected. Code should
// dispose (or tidy) explicitly; memory() counts such buffers until then. One registration per
// buffer, not per tensor handle: the tape alone makes several handles for every buffer.
const leaks = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry<{ backend: Backend; buffer: object; bytes: number }>((held) => {
    // A backend disposed in the meantime has freed its buffers already.
    try { ENGINE.release(held); } catch { /* nothing left to free */ }
  })
  : null;
