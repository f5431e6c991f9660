import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/report.js';
import { runChild, type ChildOutput } from './gpu/spawn.js';

// `--backend webgpu --quick` through the harness, on a CPU Vulkan adapter in a child process
// (see gpu/kernels-child.ts). Timings are never asserted, only that every row was produced.
let child: ChildOutput;
let report: Report;

beforeAll(async () => {
  child = await runChild(join(import.meta.dirname, 'gpu', 'kernels-child.ts'), 240_000);
  report = child.lines.REPORT as Report;
}, 260_000);

describe('the WebGPU kernel bench (quick)', () => {
  it('ran to the end', () => {
    expect(child.done, `child stopped early (exit ${child.exitCode}); stderr:\n${child.stderr}`).toBe(true);
    expect(report.unmeasured, JSON.stringify(report.unmeasured)).toEqual([]);
  });

  it('times every kernel, first run, upload and readback on Tessera and tfjs-backend-webgpu', () => {
    const keys = report.kernels.map((k) => k.key);
    expect(keys).toEqual(['first-matmul', 'first-conv', 'matmul-s', 'matmul-m', 'matmul-l', 'conv', 'conv-grad', 'depthwise', 'maxpool',
      'add', 'relu', 'upload', 'readback']);
    for (const key of keys) {
      for (const adapter of ['webgpu', 'tfjs-webgpu']) {
        const r = report.results.find((x) => x.kernel === key && x.adapter === adapter);
        expect(r, `${key} on ${adapter}`).toBeDefined();
        expect(r!.medianMs).toBeGreaterThan(0);
        // A first run happens once; everything else is sampled over two rounds.
        if (key.startsWith('first-')) expect(r!.reps).toBe(1);
        else expect(r!.reps).toBeGreaterThanOrEqual(2);
      }
    }
  });

  it('both libraries computed the same outputs, first runs included', () => {
    expect(report.notes).toEqual([]);
  });

  it('reports the shared adapter and the issue-4 targets, and leaves out the WASM targets', () => {
    const devices = report.adapters.map((a) => a.device);
    expect(devices[0]).toMatch(/^one GPUDevice shared by the WebGPU adapters of the run, on \S/);
    expect(devices[1]).toBe(devices[0]);
    expect(report.targets.map((t) => t.issue)).toEqual([4, 4]);
    for (const t of report.targets) expect(t.ratio).toBeGreaterThan(0);
    expect(report.ratios.filter((r) => r.ours === 'webgpu' && r.base === 'tfjs-webgpu')).toHaveLength(report.kernels.length);
  });
});
