import { canShare, isShared, sharedUint8 } from '../core/shared.js';
import { exactKernel } from './kernel-exact.js';
import { projectedKernel, type ProjectedKernel } from './kernel-projected.js';
import { searchKernel, type ExactRows, type MatmulBlock, type ProjectedBlock, type Ranker, type SearchData, type SearchKernel } from './kernel-search.js';

/** What one search hands to every thread: its data and its blocks' shared arrays (refilled per block). */
export interface Job {
  readonly seq: number;
  readonly kind: 'projected' | 'matmul';
  readonly data: SearchData;
  /** The float64 rows, for jobs whose workers rank exactly (matmul); null for projected jobs. */
  readonly exact: ExactRows | null;
  readonly block: Omit<ProjectedBlock, 'b0'> | Omit<MatmulBlock, 'b0'>;
  /** Per block row: 0 pending, 1 done, 2 left to the full search, 3 candidates listed for the calling thread to rank. */
  readonly status: Uint8Array;
}

/**
 * The claiming protocol shared by the calling thread and the workers, self-contained like the
 * kernels (workers run its source text). Control words, an Int32Array over shared memory:
 * GEN (bumped to wake workers), NEXT (block tag << 20 | next row, claimed by compare-exchange),
 * DONE (rows finished), EXIT, EVALS (rows evaluated), FAILED, LIMIT (workers allowed to join),
 * and per tag parity a slot [job seq, first query, rows]: a late thread holding an old tag reads
 * its own block's slot, and its compare-exchange fails once the tag has moved on.
 */
export function poolKernel() {
  const W = { GEN: 0, NEXT: 1, DONE: 2, EXIT: 3, EVALS: 4, FAILED: 5, LIMIT: 6, SLOTS: 8, WORDS: 16 };

  /** Runs block row r; a thread without float64 rows lists a projected row's candidates instead of ranking them. */
  function runRow(job: Job, K: ThreadKernels, R: Ranker, b0: number, r: number): number {
    const { S, J } = K;
    if (job.kind === 'projected') {
      const blk = { ...(job.block as Omit<ProjectedBlock, 'b0'>), b0 };
      const count = J.projectedCandidates(R, blk, r);
      if (count < 0) job.status[r] = 2;
      else if (R.exact) { J.projectedFinish(R, blk, r, count); job.status[r] = 1; }
      else { J.handOver(R, blk, r, count); job.status[r] = 3; }
      return R.evaluated;
    }
    S.matmulQuery(R, { ...(job.block as Omit<MatmulBlock, 'b0'>), b0 }, r);
    job.status[r] = 1;
    return 0;
  }

  /** Claims and runs rows of the block with tag `tag` until none is left. */
  function claimRows(c: Int32Array, job: Job, K: ThreadKernels, R: Ranker, tag: number): void {
    for (;;) {
      const w = Atomics.load(c, W.NEXT), r = w & 0xfffff;
      if (w >>> 20 !== tag) return;
      const slot = W.SLOTS + (tag & 1) * 4, rows = c[slot + 2];
      if (c[slot] !== job.seq || r >= rows) return;
      if (Atomics.compareExchange(c, W.NEXT, w, w + 1) !== w) continue;
      try {
        Atomics.add(c, W.EVALS, runRow(job, K, R, c[slot + 1], r));
      } catch {
        Atomics.store(c, W.FAILED, 1); // the row stays pending: the caller runs it again and sees the error
      }
      if (Atomics.add(c, W.DONE, 1) + 1 === rows) Atomics.notify(c, W.DONE);
    }
  }

  /** A worker's life: sleep until a block is published, fetch its job from the port if new, claim rows. */
  function workerMain(wt: typeof import('node:worker_threads'), K: ThreadKernels): void {
    const { ctrl, port, id } = wt.workerData as { ctrl: SharedArrayBuffer; port: import('node:worker_threads').MessagePort; id: number };
    const c = new Int32Array(ctrl);
    let job: Job | null = null, R: Ranker | null = null;
    let gen = Atomics.load(c, W.GEN);
    for (;;) {
      Atomics.wait(c, W.GEN, gen);
      gen = Atomics.load(c, W.GEN);
      if (Atomics.load(c, W.EXIT) !== 0) return;
      if (id > Atomics.load(c, W.LIMIT)) continue;
      const tag = Atomics.load(c, W.NEXT) >>> 20, want = c[W.SLOTS + (tag & 1) * 4];
      while (!job || job.seq < want) {
        const m = wt.receiveMessageOnPort(port);
        if (!m) break;
        job = m.message as Job;
      }
      if (!job || job.seq !== want) continue;
      if (!R || R.data !== job.data) R = new K.S.Ranker(job.data, job.exact);
      claimRows(c, job, K, R, tag);
    }
  }

  return { W, runRow, claimRows, workerMain };
}

type PoolKernel = ReturnType<typeof poolKernel>;
interface ThreadKernels { S: SearchKernel; J: ProjectedKernel }

let local: (ThreadKernels & { P: PoolKernel }) | undefined;
/** The kernels of this thread. */
export function kernels(): ThreadKernels & { P: PoolKernel } {
  local ??= { S: searchKernel(exactKernel()), J: projectedKernel(), P: poolKernel() };
  return local;
}

const WORKER_SOURCE = () => `'use strict';
var __name = (f) => f; // esbuild's keepNames helper, referenced by transpiled sources
const exactKernel = ${exactKernel.toString()};
const searchKernel = ${searchKernel.toString()};
const projectedKernel = ${projectedKernel.toString()};
const poolKernel = ${poolKernel.toString()};
poolKernel().workerMain(require('node:worker_threads'), { S: searchKernel(exactKernel()), J: projectedKernel() });
`;

interface NodeWorker { terminate(): unknown; unref(): void; on(event: string, f: () => void): void }
interface NodePort { postMessage(m: unknown): void; unref(): void; close(): void }

/** Whether this thread may block in Atomics.wait (not a browser's main thread). */
function canBlock(): boolean {
  try { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0); return true; } catch { return false; }
}

/** Worker threads shared by the searches of this process: created on first use, never keeping it alive. */
export class QueryPool {
  private readonly c: Int32Array;
  private tag = 0;
  private seq = 0;
  private broken = false;
  private static instance: QueryPool | null | undefined;

  private constructor(private readonly workers: NodeWorker[], private readonly ports: NodePort[], ctrl: SharedArrayBuffer) {
    this.c = new Int32Array(ctrl);
    for (const w of workers) w.on('error', () => { this.broken = true; });
  }

  /** The process's pool with `threads - 1` workers at most in use, or null when threads cannot be used. */
  static get(threads: number): QueryPool | null {
    if (threads <= 1) return null;
    if (QueryPool.instance === undefined) QueryPool.instance = QueryPool.spawn();
    const pool = QueryPool.instance;
    if (!pool || pool.broken) return null;
    Atomics.store(pool.c, pool.kernel.W.LIMIT, Math.min(threads - 1, pool.workers.length));
    return pool;
  }

  private static spawn(): QueryPool | null {
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    const wt = proc?.getBuiltinModule?.('node:worker_threads') as typeof import('node:worker_threads') | undefined;
    const os = proc?.getBuiltinModule?.('node:os') as typeof import('node:os') | undefined;
    if (!wt || !os || !canShare() || !canBlock()) return null;
    const count = Math.max(0, Math.min(os.availableParallelism() - 1, 7));
    if (count === 0) return null;
    const ctrl = new SharedArrayBuffer(kernels().P.W.WORDS * 4);
    const workers: NodeWorker[] = [], ports: NodePort[] = [];
    try {
      const source = WORKER_SOURCE();
      for (let id = 1; id <= count; id++) {
        const { port1, port2 } = new wt.MessageChannel();
        const w = new wt.Worker(source, { eval: true, workerData: { ctrl, port: port2, id }, transferList: [port2] });
        w.unref();
        port1.unref();
        workers.push(w);
        ports.push(port1);
      }
    } catch {
      for (const w of workers) w.terminate();
      return null;
    }
    return new QueryPool(workers, ports, ctrl);
  }

  private get kernel(): PoolKernel { return kernels().P; }

  /** Sends a search's data to the workers (its arrays must live in shared memory, or workers would get copies). */
  post(job: Omit<Job, 'seq'>): Job {
    for (const part of [job.data, job.exact ?? {}, job.block, { status: job.status }]) {
      for (const [key, v] of Object.entries(part)) {
        if (ArrayBuffer.isView(v) && !isShared(v)) throw new Error(`QueryPool: ${key} is not in shared memory`);
      }
    }
    const full: Job = { ...job, seq: ++this.seq };
    for (const p of this.ports) p.postMessage(full);
    return full;
  }

  /** Runs rows [0, rows) of a block here and on the workers; returns the rows evaluated (projected jobs). */
  run(job: Job, b0: number, rows: number, R: Ranker): number {
    const { c } = this;
    const { W, claimRows, runRow } = this.kernel;
    this.tag = (this.tag + 1) & 0xfff;
    const slot = W.SLOTS + (this.tag & 1) * 4;
    c[slot] = job.seq; c[slot + 1] = b0; c[slot + 2] = rows;
    job.status.fill(0, 0, rows);
    Atomics.store(c, W.DONE, 0);
    Atomics.store(c, W.EVALS, 0);
    Atomics.store(c, W.FAILED, 0);
    Atomics.store(c, W.NEXT, this.tag << 20);
    Atomics.add(c, W.GEN, 1);
    Atomics.notify(c, W.GEN);
    claimRows(c, job, kernels(), R, this.tag);
    let done = Atomics.load(c, W.DONE), since = Date.now();
    while (done < rows) {
      Atomics.wait(c, W.DONE, done, 50);
      const now = Atomics.load(c, W.DONE);
      if (now !== done) { done = now; since = Date.now(); } else if (Date.now() - since > STALL_MS) break;
    }
    let evals = Atomics.load(c, W.EVALS);
    if (done < rows || Atomics.load(c, W.FAILED) !== 0) {
      // A worker failed or stalled: stop handing it work and finish its rows here (rows are idempotent).
      this.broken = true;
      Atomics.store(c, W.NEXT, (this.tag << 20) | 0xfffff);
      for (let r = 0; r < rows; r++) if (job.status[r] === 0) evals += runRow(job, kernels(), R, b0, r);
    }
    return evals;
  }
}

/** A block is declared stalled after this long without a finished row. */
const STALL_MS = 5000;

/**
 * Runs the blocks of one search: on the pool when there is one, else on this thread, which
 * holds the float64 rows and ranks what the workers hand over. `block(b0, rows)` runs one block
 * after its shared arrays have been filled.
 */
export class QueryRunner {
  readonly R: Ranker;
  private job: Job | null = null;

  constructor(readonly data: SearchData, readonly exact: ExactRows, private readonly pool: QueryPool | null) {
    this.R = new (kernels().S.Ranker)(data, exact);
  }

  get threaded(): boolean { return this.pool !== null; }

  /**
   * Starts a job (its block arrays must be shared when threaded); `rows` is the largest block.
   * `workerRows`: the float64 rows in shared memory for a job whose workers rank exactly.
   */
  start(kind: Job['kind'], block: Job['block'], rows: number, workerRows: ExactRows | null = null): void {
    const status = sharedUint8(rows);
    this.job = this.pool ? this.pool.post({ kind, data: this.data, exact: workerRows, block, status }) : { seq: 0, kind, data: this.data, exact: null, block, status };
  }

  /** Runs a block; returns the rows evaluated, and the block rows left to the full search in `deferred`. */
  block(b0: number, rows: number, deferred: number[]): number {
    const job = this.job!;
    const K = kernels();
    let evals = 0;
    if (this.pool) evals = this.pool.run(job, b0, rows, this.R);
    else for (let r = 0; r < rows; r++) evals += K.P.runRow(job, K, this.R, b0, r);
    for (let r = 0; r < rows; r++) {
      if (job.status[r] === 2) deferred.push(b0 + r);
      else if (job.status[r] === 3) K.J.takeOver(this.R, { ...(job.block as Omit<ProjectedBlock, 'b0'>), b0 }, r);
    }
    return evals;
  }
}
