import { opHandlers, type FixtureFile, type HandlerTable } from '@tessera/conformance';
import { defaultFixturesDir, loadFixtures } from '@tessera/conformance/node';
import * as metrics from '@tessera/metrics/conformance';
import * as nn from '@tessera/nn/conformance';
import * as optim from '@tessera/optim/conformance';

/**
 * The conformance cases the WebGPU backend runs: the op suites plus every other suite whose
 * handlers exist (losses and initializers from nn, optimizers, metrics), all through the tensor
 * core on the active backend. Suites still without handlers (classical models, augmentation)
 * are left out whole, so no case is skipped.
 */
export function conformanceHandlers(): HandlerTable {
  const handlers: Record<string, HandlerTable[string]> = { ...opHandlers };
  for (const mod of [nn, optim, metrics] as Record<string, unknown>[]) {
    for (const value of Object.values(mod)) {
      if (typeof value === 'object' && value !== null && !Array.isArray(value)
        && Object.values(value).every((v) => typeof v === 'function')) Object.assign(handlers, value);
    }
  }
  return handlers;
}

export function conformanceFixtures(handlers: HandlerTable): FixtureFile[] {
  return loadFixtures(defaultFixturesDir())
    .filter((f) => f.cases.every((c) => handlers[`${f.suite}/${c.op}`] ?? handlers[c.op]));
}
