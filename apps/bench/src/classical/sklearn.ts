import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { medianRun, type Measure, type Workload } from './tasks.js';

export const PYTHON = '/usr/bin/python3';

/** scikit-learn's version through Debian's system Python, or why it cannot be used. */
export function sklearnAvailable(): { version: string } | { missing: string } {
  if (!existsSync(PYTHON)) return { missing: `${PYTHON} not found` };
  const r = spawnSync(PYTHON, ['-c', 'import sklearn; print(sklearn.__version__)'], { encoding: 'utf8' });
  if (r.status !== 0) return { missing: 'python3-sklearn is not installed (apt-get install python3-sklearn)' };
  return { version: r.stdout.trim() };
}

/**
 * Runs the workloads with scikit-learn in one Python process (the same rows, written as raw
 * float64/int32 files), returning one measure per workload.
 */
export function runSklearn(workloads: readonly Workload[], repeats = 1): Measure[] {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-'));
  try {
    const written = new Map<string, { prefix: string; ntr: number; nte: number; d: number }>();
    const job = workloads.map((w) => {
      let meta = written.get(w.data.name);
      if (!meta) {
        const prefix = `data${written.size}`;
        writeFileSync(join(dir, `${prefix}.xtr`), w.data.XTrain.data);
        writeFileSync(join(dir, `${prefix}.ytr`), Int32Array.from(w.data.yTrain));
        writeFileSync(join(dir, `${prefix}.xte`), w.data.XTest.data);
        writeFileSync(join(dir, `${prefix}.yte`), Int32Array.from(w.data.yTest));
        meta = { prefix, ntr: w.data.XTrain.rows, nte: w.data.XTest.rows, d: w.data.XTrain.cols };
        written.set(w.data.name, meta);
      }
      return { task: w.task, trees: w.trees, components: w.components, inits: w.inits, iterations: w.iterations, data: meta };
    });
    writeFileSync(join(dir, 'job.json'), JSON.stringify({ workloads: job, repeats }));
    const script = fileURLToPath(new URL('./sklearn_peer.py', import.meta.url));
    const r = spawnSync(PYTHON, [script, dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`scikit-learn peer failed: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    return (JSON.parse(r.stdout) as { results: Measure[][] }).results.map((runs, i) => medianRun(workloads[i].task, runs));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
