import { TesseraError } from '@tessera/tensor';
import { Arena } from './arena.js';
import { Heap, MAX_PAGES, PAGE } from './heap.js';
import { compileModule, defaultSources, type WasmSource } from './loader.js';
import { ThreadPool } from './pool.js';
import { CTRL } from './worker-source.js';

export interface RuntimeOptions {
  /** Threads including the calling one; default: the number of available cores. */
  readonly threads?: number;
  /** Kernel modules to load instead of the committed ones (bytes, a compiled module or a URL). */
  readonly wasm?: { readonly single?: WasmSource; readonly threads?: WasmSource };
  /** Upper bound of the WebAssembly memory; default (and maximum) 4 GiB. */
  readonly maxMemoryBytes?: number;
  /** Use the single-thread build even where SharedArrayBuffer exists. */
  readonly singleThread?: boolean;
  /**
   * Hand every kernel to the worker threads, however small (normally small ones run on the
   * calling thread alone because waking workers costs more). For testing the threaded paths.
   */
  readonly alwaysParallel?: boolean;
}

type Kernel = (params: number, tid: number) => void;
type Exports = Record<string, Kernel> & { __heap_base: WebAssembly.Global };

const PARAM_WORDS = 256;
/** Argument 0 of a kernel sits at this word of the parameter block (par.rs ARG). */
export const ARG = 4;
const WORKER_STACK = 256 * 1024;
const INITIAL_BYTES = 16 * 1024 * 1024;

const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';

async function availableCores(): Promise<number> {
  if (isNode) {
    const specifier = 'node:os';
    const os = (await import(/* @vite-ignore */ specifier)) as typeof import('node:os');
    return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  }
  return globalThis.navigator?.hardwareConcurrency ?? 1;
}

/** Why threads cannot be used here, or null when they can. */
function threadBlocker(): string | null {
  if (typeof SharedArrayBuffer === 'undefined') {
    return 'SharedArrayBuffer is unavailable (a page must be cross-origin isolated: serve it with ' +
      'Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)';
  }
  if ((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === false) {
    return 'the page is not cross-origin isolated (serve it with Cross-Origin-Opener-Policy: same-origin and ' +
      'Cross-Origin-Embedder-Policy: require-corp), so memory cannot be shared with workers';
  }
  return null;
}

/**
 * One instantiated kernel module: the memory, the arena, the parameter block, the scratch area
 * and (threaded build) the worker pool. Kernels are called synchronously: the caller fills the
 * parameter block, then `run` executes the export on this thread and on the workers.
 */
export class Runtime {
  readonly names: readonly string[];
  private readonly index = new Map<string, number>();
  readonly params: number;
  readonly ctrl: number;
  private scratchPtr = 0;
  private scratchSize = 0;
  pool: ThreadPool | null = null;
  private threadCount = 1;
  alwaysParallel = false;

  private constructor(
    readonly module: WebAssembly.Module,
    readonly memory: WebAssembly.Memory,
    readonly heap: Heap,
    readonly arena: Arena,
    private readonly exports: Exports,
    readonly threaded: boolean,
    readonly diagnostics: string[],
  ) {
    this.names = Object.keys(exports).filter((n) => typeof exports[n] === 'function');
    this.names.forEach((n, i) => this.index.set(n, i));
    this.params = arena.alloc(PARAM_WORDS * 4);
    this.ctrl = arena.alloc(CTRL.WORDS * 4);
  }

  static async create(options: RuntimeOptions = {}): Promise<Runtime> {
    const diagnostics: string[] = [];
    const maxBytes = Math.min(options.maxMemoryBytes ?? MAX_PAGES * PAGE, MAX_PAGES * PAGE);
    const maximum = Math.max(1, Math.floor(maxBytes / PAGE));
    const initial = Math.min(maximum, INITIAL_BYTES / PAGE);
    const blocker = options.singleThread ? 'the single-thread build was requested' : threadBlocker();
    if (blocker === null) {
      try {
        const module = await compileModule(options.wasm?.threads ?? defaultSources.threads());
        const memory = new WebAssembly.Memory({ initial, maximum, shared: true });
        const rt = await Runtime.instantiate(module, memory, maximum * PAGE, true, diagnostics);
        rt.alwaysParallel = options.alwaysParallel ?? false;
        rt.pool = await ThreadPool.create(rt.poolHost());
        await rt.setThreads(options.threads ?? await availableCores());
        return rt;
      } catch (error) {
        if (error instanceof TesseraError) throw error;
        diagnostics.push(`threaded build unavailable (${(error as Error).message}); using the single-thread build`);
      }
    } else if (!options.singleThread) {
      diagnostics.push(`${blocker}; using the single-thread build`);
    }
    const module = await compileModule(options.wasm?.single ?? defaultSources.single());
    const memory = new WebAssembly.Memory({ initial, maximum });
    return Runtime.instantiate(module, memory, maximum * PAGE, false, diagnostics);
  }

  private static async instantiate(module: WebAssembly.Module, memory: WebAssembly.Memory, maxBytes: number,
    threaded: boolean, diagnostics: string[]): Promise<Runtime> {
    const instance = await WebAssembly.instantiate(module, { env: { memory } });
    const exports = instance.exports as unknown as Exports;
    const heap = new Heap(memory, maxBytes);
    const arena = new Arena(Number(exports.__heap_base.value), (end, op) => heap.ensure(end, op));
    return new Runtime(module, memory, heap, arena, exports, threaded, diagnostics);
  }

  get threads(): number {
    return this.threadCount;
  }

  /** Jobs that worker threads joined so far (the calling thread's share is not counted). */
  get workerJoins(): number {
    return this.pool ? Atomics.load(this.heap.i32, (this.ctrl >> 2) + CTRL.JOINS) : 0;
  }

  /**
   * Sets the thread count (the caller included). Throws at once on a bad count; the promise
   * resolves once new workers are running (they join jobs as soon as each one is up).
   */
  setThreads(n: number): Promise<void> {
    if (!Number.isInteger(n) || n < 1) throw new TesseraError('setThreads', `expected an integer >= 1, got ${n}`);
    if (!this.pool) {
      if (n > 1) this.note(`setThreads(${n}): threads are unavailable in the single-thread build; using 1`);
      this.threadCount = 1;
      return Promise.resolve();
    }
    this.threadCount = n;
    return this.pool.resize(n).then(() => undefined);
  }

  /** Allocates heap bytes for `op`, growing memory when needed. */
  alloc(bytes: number, op: string): number {
    return this.arena.alloc(bytes, op);
  }

  free(ptr: number): void {
    this.arena.free(ptr);
  }

  /** Parameter words of the next kernel call (int32 view and its word offset of argument 0). */
  args(): Int32Array {
    return this.heap.i32;
  }
  get argBase(): number {
    return (this.params >> 2) + ARG;
  }
  /** Writes `value`'s float32 bits to argument `i`. */
  setF32(i: number, value: number): void {
    this.heap.f32[this.argBase + i] = value;
  }

  /**
   * Makes room for a kernel's scratch: `shared` bytes for all threads plus `perThread` bytes for
   * each thread, and records the per-thread base and stride in the parameter block. Returns the
   * shared area's address. The area is reused across calls and only grows.
   */
  scratch(op: string, shared: number, perThread: number): number {
    const sharedA = Arena.round(shared);
    const strideA = Arena.round(perThread);
    const need = sharedA + strideA * Math.max(1, this.threadCount);
    if (need > this.scratchSize) {
      if (this.scratchPtr) this.arena.free(this.scratchPtr);
      this.scratchPtr = 0;
      this.scratchSize = 0;
      const size = Arena.round(need * 1.25);
      this.scratchPtr = this.alloc(size, op);
      this.scratchSize = size;
    }
    const w = this.heap.i32;
    w[(this.params >> 2) + 1] = this.scratchPtr + sharedA;
    w[(this.params >> 2) + 2] = strideA;
    return this.scratchPtr;
  }

  get scratchBytes(): number {
    return this.scratchSize;
  }

  /** Runs export `name` on the filled parameter block, on all threads when `parallel`. */
  run(name: string, parallel: boolean): void {
    const fn = this.exports[name];
    const w = this.heap.i32;
    w[this.params >> 2] = 0;
    try {
      if ((parallel || this.alwaysParallel) && this.pool && this.threadCount > 1) {
        this.pool.dispatch(this.index.get(name)!, this.params, () => fn(this.params, 0));
      } else {
        fn(this.params, 0);
      }
    } catch (error) {
      if (error instanceof TesseraError) throw error;
      throw new TesseraError('wasm', `kernel ${name} trapped: ${(error as Error).message}`);
    }
  }

  dispose(): void {
    this.pool?.dispose();
    this.pool = null;
  }

  private note(message: string): void {
    if (this.diagnostics.includes(message)) return;
    this.diagnostics.push(message);
  }

  private poolHost() {
    return {
      module: this.module,
      memory: this.memory,
      heap: this.heap,
      ctrl: this.ctrl,
      names: this.names,
      allocStack: () => this.alloc(WORKER_STACK, 'setThreads') + WORKER_STACK,
      freeStack: (top: number) => this.arena.free(top - WORKER_STACK),
      diagnostic: (message: string) => this.note(message),
    };
  }
}
