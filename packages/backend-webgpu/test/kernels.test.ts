import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { CASES } from './cases/index.js';
import { CHILD_SCRIPT, type ChildRun, runGPUChild } from './harness/spawn.js';

// Every case runs on a real WebGPU device in one child process (see harness/child.ts for why);
// each case is then judged here from what the child reported.
let run: ChildRun;

beforeAll(async () => {
  run = await runGPUChild(CHILD_SCRIPT, [fileURLToPath(new URL('./cases/index.ts', import.meta.url))], 280_000);
}, 300_000);

describe('webgpu kernels', () => {
  it('found a WebGPU adapter and reported every case', () => {
    expect(run.adapter, `no adapter (driver ${run.icd}); stderr:\n${run.stderr}`).not.toBe('');
    expect(run.done, `child stopped early (exit ${run.exitCode}); stderr:\n${run.stderr}`).toBe(true);
  });

  for (const c of CASES) {
    const id = `${c.suite}/${c.name}`;
    it(id, () => {
      const r = run.results.get(id);
      expect(r, `no result for ${id}; child exit ${run.exitCode}; stderr:\n${run.stderr}`).toBeDefined();
      if (!r!.ok) throw new Error(r!.message);
    });
  }
});
