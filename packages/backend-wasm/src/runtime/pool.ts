import { TesseraError } from '@tessera/tensor';
import type { Heap } from './heap.js';
import { browserWorkerSource, CTRL, nodeWorkerSource } from './worker-source.js';

/** What the pool needs from the runtime to start a worker. */
export interface PoolHost {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly heap: Heap;
  /** Byte offset of the control block (CTRL.WORDS int32 words). */
  readonly ctrl: number;
  /** Export names, indexed by the function number a job carries. */
  readonly names: readonly string[];
  /** Allocates a worker stack and returns its top (stacks grow down). */
  allocStack(): number;
  freeStack(top: number): void;
  diagnostic(message: string): void;
}

interface WorkerHandle {
  readonly stackTop: number;
  readonly ready: Promise<boolean>;
  terminate(): void;
}

type NodeWorkerCtor = typeof import('node:worker_threads').Worker;

const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
const CLOSED = 0x10000;

/** Atomics.wait is forbidden on a browser's main thread; there the caller spins instead. */
function canBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Worker threads over the shared memory. The calling thread is thread 0 and always runs a share
 * of each job; `threads - 1` workers join when they wake in time. Kernels take tasks from an
 * atomic counter, so it does not matter how many joined: results are the same.
 */
export class ThreadPool {
  private readonly workers: (WorkerHandle | undefined)[] = [undefined];
  private gen = 0;
  private readonly blocking = canBlock();

  private constructor(private readonly host: PoolHost, private readonly NodeWorker: NodeWorkerCtor | null) {
    const c = this.words();
    c.fill(0, host.ctrl >> 2, (host.ctrl >> 2) + CTRL.WORDS);
  }

  static async create(host: PoolHost): Promise<ThreadPool> {
    let NodeWorker: NodeWorkerCtor | null = null;
    if (isNode) {
      const specifier = 'node:worker_threads';
      NodeWorker = ((await import(/* @vite-ignore */ specifier)) as typeof import('node:worker_threads')).Worker;
    }
    return new ThreadPool(host, NodeWorker);
  }

  /** Number of threads including the caller. */
  get threads(): number {
    return this.workers.length;
  }

  /** Starts or stops workers so that `threads - 1` exist; resolves when the new ones are ready. */
  resize(threads: number): Promise<unknown> {
    const c = this.words();
    const base = this.host.ctrl >> 2;
    while (this.workers.length > threads) {
      const tid = this.workers.length - 1;
      Atomics.store(c, base + CTRL.EXIT + tid, 1);
      const w = this.workers.pop()!;
      this.wake();
      w.terminate();
      this.host.freeStack(w.stackTop);
    }
    Atomics.store(c, base + CTRL.LIMIT, threads - 1);
    const pending: Promise<boolean>[] = [];
    while (this.workers.length < threads) {
      const tid = this.workers.length;
      Atomics.store(c, base + CTRL.EXIT + tid, 0);
      const w = this.spawn(tid);
      this.workers.push(w);
      pending.push(w.ready);
    }
    return Promise.all(pending);
  }

  /**
   * Runs export `fn` on all threads: publishes the job, runs `run` (the caller's share), closes
   * the job to late joiners and waits for the workers that joined.
   */
  dispatch(fn: number, params: number, run: () => void): void {
    const c = this.words();
    const base = this.host.ctrl >> 2;
    this.gen = (this.gen + 1) | 0;
    Atomics.store(c, base + CTRL.FN, fn);
    Atomics.store(c, base + CTRL.PARAMS, params);
    Atomics.store(c, base + CTRL.ERROR, 0);
    Atomics.store(c, base + CTRL.STATE, (this.gen & 0x7fff) << 17);
    Atomics.store(c, base + CTRL.GEN, this.gen);
    Atomics.notify(c, base + CTRL.GEN);
    let failure: unknown = null;
    try {
      run();
    } catch (error) {
      failure = error;
    }
    let st = Atomics.or(c, base + CTRL.STATE, CLOSED) | CLOSED;
    for (let spins = 0; (st & 0xffff) !== 0; spins++) {
      if (this.blocking && spins > 1000) Atomics.wait(c, base + CTRL.STATE, st, 20);
      st = Atomics.load(c, base + CTRL.STATE);
    }
    if (failure) throw failure;
    if (Atomics.load(c, base + CTRL.ERROR) !== 0) throw new TesseraError('wasm', 'a worker thread trapped while running a kernel');
  }

  dispose(): void {
    this.resize(1);
  }

  private words(): Int32Array {
    this.host.heap.refresh();
    return this.host.heap.i32;
  }

  /** Bumps the generation without a job, so sleeping workers re-read their exit flags. */
  private wake(): void {
    const c = this.words();
    const base = this.host.ctrl >> 2;
    this.gen = (this.gen + 1) | 0;
    Atomics.store(c, base + CTRL.GEN, this.gen);
    Atomics.notify(c, base + CTRL.GEN);
  }

  private spawn(tid: number): WorkerHandle {
    const { host } = this;
    const stackTop = host.allocStack();
    const init = { module: host.module, memory: host.memory, tid, stackTop, ctrl: host.ctrl, names: host.names };
    const onMessage = (m: { type: string; message?: string }, resolve: (ok: boolean) => void) => {
      if (m.type === 'ready') resolve(true);
      else if (m.type === 'error') {
        host.diagnostic(`worker ${tid} could not start: ${m.message}`);
        resolve(false);
      }
    };
    if (this.NodeWorker) {
      const worker = new this.NodeWorker(nodeWorkerSource, { eval: true });
      // Referenced until it has started (so awaiting ready() keeps the process alive), then
      // unreferenced: a program that never calls dispose() still exits when its work is done.
      const settle = (resolve: (ok: boolean) => void) => (ok: boolean) => { worker.unref(); resolve(ok); };
      const ready = new Promise<boolean>((resolve) => {
        const done = settle(resolve);
        worker.on('message', (m) => onMessage(m, done));
        worker.on('error', (e) => { host.diagnostic(`worker ${tid} failed: ${e.message}`); done(false); });
      });
      worker.postMessage(init);
      return { stackTop, ready, terminate: () => void worker.terminate() };
    }
    const url = URL.createObjectURL(new Blob([browserWorkerSource], { type: 'text/javascript' }));
    const worker = new Worker(url);
    const ready = new Promise<boolean>((resolve) => {
      worker.onmessage = (e: MessageEvent) => onMessage(e.data, resolve);
      worker.onerror = (e: ErrorEvent) => { host.diagnostic(`worker ${tid} failed: ${e.message}`); resolve(false); };
    });
    worker.postMessage(init);
    return { stackTop, ready, terminate: () => { worker.terminate(); URL.revokeObjectURL(url); } };
  }
}
