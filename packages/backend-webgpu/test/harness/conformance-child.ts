/**
 * Runs the conformance suite (see suite.ts) on the WebGPU backend in a child process (see child.ts
 * for why a child), printing `RESULT` per case, then `MEMORY` with the live-tensor count and the
 * pool's in-use bytes before and after the suite, then `DONE`.
 */
import { runConformance } from '@tessera/conformance';
import { memory, setBackend } from '@tessera/tensor';
import { createWebGPUBackend } from '../../src/index.js';
import { conformanceFixtures, conformanceHandlers } from './suite.js';

let backend;
try {
  backend = await createWebGPUBackend();
} catch (error) {
  console.log(`NOADAPTER ${JSON.stringify((error as Error).message)}`);
  process.exit(3);
}
await setBackend(backend);
console.log(`ADAPTER ${JSON.stringify(backend.features.adapter)}`);
const handlers = conformanceHandlers();
const fixtures = conformanceFixtures(handlers);

const snapshot = () => {
  backend.flush();
  const m = memory();
  const pool = backend.memoryInfo();
  return { tensors: m.numTensors, bytes: m.numBytes, inUseBytes: pool.inUseBytes, inUseBuffers: pool.inUseBuffers };
};
const before = snapshot();
await runConformance({
  fixtures, handlers, backend: 'webgpu',
  onResult: (r) => {
    const detail = r.mismatches.slice(0, 3).map((m) => `${m.path}: ${m.message}`).join('\n');
    console.log(`RESULT ${JSON.stringify({
      id: `${r.suite}/${r.name}`, ok: r.status === 'passed', skipped: r.status === 'skipped',
      message: [r.reason, detail].filter(Boolean).join('\n'),
    })}`);
  },
});
console.log(`MEMORY ${JSON.stringify({ before, after: snapshot() })}`);
backend.dispose();
console.log('DONE');
