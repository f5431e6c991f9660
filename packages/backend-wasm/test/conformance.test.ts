import { memory, setBackend } from '@tessera/tensor';
import { opHandlers, type HandlerTable } from '@tessera/conformance';
import { defaultFixturesDir, loadFixtures } from '@tessera/conformance/node';
import { describeConformance } from '@tessera/conformance/vitest';
import * as metrics from '@tessera/metrics/conformance';
import * as nn from '@tessera/nn/conformance';
import * as optim from '@tessera/optim/conformance';
import { describe, expect, it } from 'vitest';
import { createWasmBackend, type WasmBackend } from '../src/index.js';

// The op suites plus every suite other packages ship handlers for (losses and initializers from
// nn, optimizers, metrics), all through the tensor core on this backend. Suites that still have
// no handlers (classical models, augmentation) are left out whole, so no case is skipped.
const handlers: Record<string, HandlerTable[string]> = { ...opHandlers };
for (const mod of [nn, optim, metrics] as Record<string, unknown>[]) {
  for (const value of Object.values(mod)) {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)
      && Object.values(value).every((v) => typeof v === 'function')) Object.assign(handlers, value);
  }
}
const fixtures = loadFixtures(defaultFixturesDir())
  .filter((f) => f.cases.every((c) => handlers[`${f.suite}/${c.op}`] ?? handlers[c.op]));

describe('the conformance selection', () => {
  it('covers the op suites and the suites other packages ship handlers for', () => {
    const suites = fixtures.map((f) => f.suite);
    for (const s of ['ops-elementwise', 'ops-activations', 'ops-reduce-shape', 'ops-conv', 'ops-pool-norm', 'losses', 'optimizers']) {
      expect(suites).toContain(s);
    }
  });
});

// One run per thread count; with 2 threads every kernel is handed to the workers, however small.
for (const threads of [1, 2]) {
  let be: WasmBackend;
  let baseline = { tensors: 0, bytes: 0 };
  describeConformance(`backend-wasm conformance, ${threads} thread(s)`, {
    fixtures, handlers, backend: 'wasm',
    setup: async () => {
      be = createWasmBackend({ threads, alwaysParallel: threads > 1 });
      await setBackend(be);
      expect(be.threads).toBe(threads);
      baseline = { tensors: memory().numTensors, bytes: be.memoryInfo().inUseBytes };
    },
  });
  describe(`after the ${threads}-thread conformance run`, () => {
    it('live tensors and WASM heap in-use bytes are back to baseline', () => {
      expect(memory().numTensors).toBe(baseline.tensors);
      expect(be.memoryInfo().inUseBytes).toBe(baseline.bytes);
      expect(be.memoryInfo().tensorBuffers).toBe(0);
    });
  });
}
