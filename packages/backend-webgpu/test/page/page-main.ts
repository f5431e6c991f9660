/**
 * Runs in Chromium: the WebGPU backend on navigator.gpu, a subset of the conformance cases, and
 * training steps of a small conv net. Results go to `window.__tessera` for the test to judge.
 */
import { opHandlers, runCase, type FixtureFile } from '@tessera/conformance';
import { memory, setBackend } from '@tessera/tensor';
import { createWebGPUBackend } from '../../src/index.js';
import { trainSmallConvNet, type NetData } from './train-step.js';

declare global {
  interface Window { __tessera?: unknown }
}

async function main() {
  const { fixtures, net, steps, lr } = await (await fetch('/input.json')).json() as
    { fixtures: FixtureFile[]; net: NetData; steps: number; lr: number };
  const backend = await createWebGPUBackend();
  await setBackend(backend);
  const cases = [];
  for (const file of fixtures) {
    for (const c of file.cases) {
      const r = await runCase(file, c, { fixtures, handlers: opHandlers, backend: 'webgpu' });
      cases.push({ id: `${r.suite}/${r.name}`, status: r.status, reason: r.reason ?? '' });
    }
  }
  const training = await trainSmallConvNet(net, steps, lr);
  backend.flush();
  const mem = memory();
  return { adapter: backend.features.adapter, cases, training, liveTensors: mem.numTensors, inUseBytes: backend.memoryInfo().inUseBytes };
}

main().then((r) => { window.__tessera = r; }, (e: Error) => { window.__tessera = { error: `${e.name}: ${e.message}\n${e.stack}` }; });
