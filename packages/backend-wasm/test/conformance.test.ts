import { memory, setBackend } from '@tessera/tensor';
import { OP_SUITES, opHandlers } from '@tessera/conformance';
import { defaultFixturesDir, loadFixtures } from '@tessera/conformance/node';
import { describeConformance } from '@tessera/conformance/vitest';
import { describe, expect, it } from 'vitest';
import { createWasmBackend, type WasmBackend } from '../src/index.js';

const fixtures = loadFixtures(defaultFixturesDir()).filter((f) => (OP_SUITES as readonly string[]).includes(f.suite));

// One run per thread count; with 2 threads every kernel is handed to the workers, however small.
for (const threads of [1, 2]) {
  let be: WasmBackend;
  let baseline = { tensors: 0, bytes: 0 };
  describeConformance(`backend-wasm conformance, ${threads} thread(s)`, {
    fixtures, handlers: opHandlers, backend: 'wasm',
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
