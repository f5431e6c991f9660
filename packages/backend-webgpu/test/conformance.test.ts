import { beforeAll, describe, expect, it } from 'vitest';
import { CONFORMANCE_SCRIPT, type ChildRun, runGPUChild } from './harness/spawn.js';
import { conformanceFixtures, conformanceHandlers } from './harness/suite.js';

// The conformance suite (forward and backward; the op suites plus losses, initializers,
// optimizers and metrics) runs on the WebGPU backend in a child process on the CPU Vulkan
// adapter; every fixture case is one test here, judged from the child's report.
const fixtures = conformanceFixtures(conformanceHandlers());
let run: ChildRun;

beforeAll(async () => {
  run = await runGPUChild(CONFORMANCE_SCRIPT, [], 280_000);
}, 300_000);

describe('webgpu conformance', () => {
  it('covers the op suites and the suites other packages ship handlers for', () => {
    const suites = fixtures.map((f) => f.suite);
    for (const s of ['ops-elementwise', 'ops-activations', 'ops-reduce-shape', 'ops-conv', 'ops-pool-norm', 'losses', 'optimizers']) {
      expect(suites).toContain(s);
    }
  });

  it('ran on a WebGPU adapter to the end', () => {
    expect(run.adapter, `no adapter (driver ${run.icd}); stderr:\n${run.stderr}`).not.toBe('');
    expect(run.done, `child stopped early (exit ${run.exitCode}); stderr:\n${run.stderr}`).toBe(true);
  });

  it('returns live tensors and pool in-use bytes to their baseline after the suite', () => {
    const m = run.extra.MEMORY as { before: Record<string, number>; after: Record<string, number> } | undefined;
    expect(m, 'no MEMORY report').toBeDefined();
    expect(m!.after).toEqual(m!.before);
  });

  for (const file of fixtures) {
    describe(file.suite, () => {
      for (const c of file.cases) {
        it(c.name, () => {
          const r = run.results.get(`${file.suite}/${c.name}`);
          expect(r, `no result; child exit ${run.exitCode}; stderr:\n${run.stderr}`).toBeDefined();
          expect(r!.skipped ?? false, `skipped: ${r!.message}`).toBe(false);
          if (!r!.ok) throw new Error(r!.message);
        });
      }
    });
  }
});
