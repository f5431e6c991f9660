import { describe, expect, it } from 'vitest';
import { tesseraJs } from '../src/adapters/tessera-js.js';
import { tesseraWasm } from '../src/adapters/tessera-wasm.js';
import { tfjsCpu } from '../src/adapters/tfjs-cpu.js';
import { tfjsWasm } from '../src/adapters/tfjs-wasm.js';
import { Unavailable, type Adapter } from '../src/adapters/types.js';
import { kernelSuite } from '../src/kernels.js';
import { runSuite } from '../src/run.js';

const quickMeasure = { budgetMs: 5, minReps: 2, maxReps: 3, warmupMs: 1, slowMs: 3000, rounds: 2 };

const missing: Adapter = {
  id: 'missing', label: 'missing lib', ops: {},
  init: async () => { throw new Unavailable('missing lib is not installed'); },
  activate: async () => {}, dispose: () => {},
};
const partial: Adapter = {
  id: 'partial', label: 'partial lib', ops: { add: () => ({ run: () => { throw new Error('boom'); }, dispose: () => {} }) },
  init: async () => {}, activate: async () => {}, dispose: () => {},
};

describe('the kernels suite in quick mode', () => {
  it('measures every adapter, cross-checks their outputs and reports what it could not measure', async () => {
    const kernels = kernelSuite(true);
    const report = await runSuite({
      suite: 'kernels', kernels, adapters: ['wasm-1t', 'js', 'tfjs-wasm', 'tfjs-cpu', 'missing', 'partial'], measure: quickMeasure,
      registry: {
        'wasm-1t': () => tesseraWasm(1), js: tesseraJs, 'tfjs-wasm': tfjsWasm, 'tfjs-cpu': tfjsCpu,
        missing: () => missing, partial: () => partial,
      },
    });
    for (const k of kernels) {
      for (const id of ['wasm-1t', 'js', 'tfjs-wasm', 'tfjs-cpu']) {
        const r = report.results.find((x) => x.kernel === k.key && x.adapter === id);
        expect(r, `${k.key} on ${id}`).toBeDefined();
        expect(r!.medianMs).toBeGreaterThan(0);
        expect(r!.gflops).toBeCloseTo(k.flops / r!.medianMs / 1e6);
        // Two rounds of at least one run each, with the CPU time the process used meanwhile.
        expect(r!.reps).toBeGreaterThanOrEqual(2);
        expect(r!.coresUsed).toBeGreaterThan(0);
      }
      expect(report.unmeasured).toContainEqual({ kernel: k.key, adapter: 'missing', reason: 'missing lib is not installed' });
    }
    expect(report.unmeasured).toContainEqual({ kernel: 'add', adapter: 'partial', reason: 'failed: boom' });
    expect(report.unmeasured).toContainEqual({ kernel: 'relu', adapter: 'partial', reason: 'partial lib has no relu kernel' });
    // Every adapter computed the same outputs (sums of squares agree), the tfjs-backend-wasm
    // filter-gradient workaround included, and the workaround is named in the results.
    expect(report.notes).toEqual([]);
    expect(report.results.find((r) => r.kernel === 'conv-grad' && r.adapter === 'tfjs-wasm')!.note).toMatch(/no Conv2DBackpropFilter kernel/);
    expect(report.ratios.some((r) => r.ours === 'wasm-1t' && r.base === 'js')).toBe(true);
  });
});
