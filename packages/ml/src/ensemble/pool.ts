import { growForestTree, type ForestJob, type TreeTask } from './forest-job.js';
import type { TreeArrays } from '../tree/tree-arrays.js';

export type WorkerLike = {
  postMessage(message: unknown): void;
  on(event: string, listener: (value: never) => void): void;
  terminate(): Promise<number>;
};

/** How a forest was grown: on `threads` worker threads, or sequentially with the reason. */
export interface GrowReport {
  readonly threads: number;
  readonly fallback?: string;
}

/** Available cores (1 where that cannot be known). */
async function coreCount(): Promise<number> {
  try {
    const os = await import('node:os');
    return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  } catch {
    return 1;
  }
}

export async function resolveJobs(nJobs: number): Promise<number> {
  const cores = await coreCount();
  return nJobs < 0 ? Math.max(1, cores + 1 + nJobs) : Math.max(1, nJobs);
}

/**
 * Creates a worker running forest-worker. From the built package that is plain JavaScript; when
 * this module runs from its TypeScript source (tests, tsx), the worker first registers tsx's
 * loader and then imports the .ts entry (its imports are all relative, tree code only).
 */
async function spawn(): Promise<WorkerLike> {
  const { Worker } = await import('node:worker_threads');
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./forest-worker.js', here)) as unknown as WorkerLike;
  const { createRequire } = await import('node:module');
  const { pathToFileURL } = await import('node:url');
  const api = pathToFileURL(createRequire(here).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs');
  const entry = new URL('./forest-worker.ts', here).href;
  const boot = `(async () => { const { register } = await import(${JSON.stringify(api)}); register(); await import(${JSON.stringify(entry)}); })()`;
  return new Worker(boot, { eval: true }) as unknown as WorkerLike;
}

/**
 * Grows the given trees on up to `threads` worker threads, handing out one tree at a
 * time so both fast and slow trees keep every thread busy. Where worker threads cannot run
 * (a browser, a runtime without node:worker_threads, a worker that fails to start), the trees
 * are grown sequentially on this thread: same tasks, same trees.
 */
export async function growTrees(job: ForestJob, tasks: readonly TreeTask[], threads: number,
  spawnWorker: () => Promise<WorkerLike> = spawn): Promise<{ trees: TreeArrays[]; report: GrowReport }> {
  const sequential = (fallback?: string) => ({
    trees: tasks.map((t) => growForestTree(job, t)),
    report: fallback ? { threads: 0, fallback } : { threads: 0 },
  });
  const count = Math.min(threads, tasks.length);
  if (count <= 1) return sequential();
  const workers: WorkerLike[] = [];
  try {
    for (let i = 0; i < count; i++) workers.push(await spawnWorker());
  } catch (error) {
    await Promise.all(workers.map((w) => w.terminate()));
    return sequential(`worker threads unavailable (${error instanceof Error ? error.message : String(error)})`);
  }
  try {
    const trees = await new Promise<TreeArrays[]>((resolve, reject) => {
      const out: TreeArrays[] = new Array(tasks.length);
      let next = 0, done = 0;
      const feed = (w: WorkerLike) => {
        if (next < tasks.length) { w.postMessage({ type: 'tree', index: next, task: tasks[next] }); next++; }
      };
      for (const w of workers) {
        w.on('message', (m: never) => {
          const msg = m as { index: number; tree?: TreeArrays; error?: string };
          if (msg.error !== undefined || !msg.tree) { reject(new Error(msg.error ?? 'no tree')); return; }
          out[msg.index] = msg.tree;
          if (++done === tasks.length) resolve(out); else feed(w);
        });
        w.on('error', (e: never) => reject(e as Error));
        w.postMessage({ type: 'job', job });
        feed(w);
      }
    });
    return { trees, report: { threads: count } };
  } catch (error) {
    return sequential(`worker threads failed (${error instanceof Error ? error.message : String(error)})`);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
