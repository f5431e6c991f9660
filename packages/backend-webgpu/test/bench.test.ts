import { beforeAll, describe, expect, it } from 'vitest';
import { BENCH_SCRIPT, type ChildRun, runGPUChild } from './harness/spawn.js';

// The kernel bench (Tessera vs tfjs-backend-webgpu on one device) runs end to end on a few
// cheap rows; timings are never asserted, only that both sides produced them.
let run: ChildRun;

beforeAll(async () => {
  run = await runGPUChild(BENCH_SCRIPT, ['--json', '--filter=^(relu|softmax)'], 200_000);
}, 240_000);

describe('kernel bench', () => {
  it('times every selected kernel on both implementations, plus compile, upload and readback rows', () => {
    expect(run.done, `bench stopped early (exit ${run.exitCode}); stderr:\n${run.stderr}`).toBe(true);
    const rows = run.extra.BENCH as { kernel: string; tessera: number; tfjs: number }[];
    expect(rows.map((r) => r.kernel)).toEqual([
      'relu [1M]', 'softmax [512,1000]', 'first run (compile) conv2d 5x5', 'upload 4 MiB (+ sum, read 1 value)', 'relu + readback 4 MiB',
    ]);
    for (const r of rows) {
      expect(r.tessera, r.kernel).toBeGreaterThan(0);
      expect(r.tfjs, r.kernel).toBeGreaterThan(0);
    }
  });
});
