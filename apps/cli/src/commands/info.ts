import { probeBackends } from '../backends.js';
import type { CliIo } from '../io.js';
import { modelNames } from '../models/resolve.js';
import { BUNDLED_DATASETS } from '@tessera/data/node';

/** `tessera info`: the machine, each backend (threads, WebGPU adapter), models and datasets. */
export async function info(io: CliIo): Promise<void> {
  const { cores, backends } = await probeBackends();
  io.out(`node ${process.versions.node}, ${cores} cores`);
  for (const b of backends) io.out(`${b.name.padEnd(7)} ${b.available ? 'available' : 'not available'}: ${b.detail}`);
  const fallback = backends.find((b) => b.name === 'wasm')?.available ? 'wasm' : 'js';
  io.out(`default backend: ${fallback}`);
  io.out(`models: ${modelNames().join(', ')}, or a JSON model config file`);
  io.out(`datasets: ${BUNDLED_DATASETS.join(', ')}, or an IDX directory or a CSV file`);
}
