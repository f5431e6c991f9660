/**
 * Runs GPU test cases in a child process and prints one `RESULT {json}` line per case, then
 * `DONE`. Dawn occasionally crashes at process exit after device.destroy(); because the
 * parent test judges the printed results, such a crash after DONE cannot fail the run.
 * Usage: tsx child.ts <cases-module> [suite-filter]
 */
import { createWebGPUBackend } from '../../src/index.js';
import type { GPUCase } from './define.js';

const [modulePath, filter] = process.argv.slice(2);
const { CASES } = await import(modulePath) as { CASES: GPUCase[] };

let backend;
try {
  backend = await createWebGPUBackend();
} catch (error) {
  console.log(`NOADAPTER ${JSON.stringify((error as Error).message)}`);
  process.exit(3);
}
const tiled = await createWebGPUBackend({ device: backend.device, matmul: 'workgroup' });
console.log(`ADAPTER ${JSON.stringify(backend.features.adapter)}`);
for (const c of CASES) {
  if (filter && c.suite !== filter) continue;
  const start = performance.now();
  try {
    await c.run({ backend, tiled });
    console.log(`RESULT ${JSON.stringify({ id: `${c.suite}/${c.name}`, ok: true, ms: performance.now() - start })}`);
  } catch (error) {
    const e = error as Error;
    console.log(`RESULT ${JSON.stringify({ id: `${c.suite}/${c.name}`, ok: false, message: `${e.name}: ${e.message}\n${e.stack ?? ''}` })}`);
  }
}
tiled.dispose();
backend.dispose();
console.log('DONE');
