import type { HandlerTable } from '../context.js';
import { activationHandlers } from './ops-activations.js';
import { convHandlers } from './ops-conv.js';
import { elementwiseHandlers } from './ops-elementwise.js';
import { poolNormHandlers } from './ops-pool-norm.js';
import { reduceShapeHandlers } from './ops-reduce-shape.js';

export { evaluate, orderedInputs } from './common.js';
export { elementwiseHandlers, activationHandlers, reduceShapeHandlers, convHandlers, poolNormHandlers };

const scoped = (suite: string, table: HandlerTable): HandlerTable =>
  Object.fromEntries(Object.entries(table).map(([op, h]) => [`${suite}/${op}`, h]));

/** Every tensor-op handler, scoped to the five op suites every backend runs. */
export const opHandlers: HandlerTable = {
  ...scoped('ops-elementwise', elementwiseHandlers),
  ...scoped('ops-activations', activationHandlers),
  ...scoped('ops-reduce-shape', reduceShapeHandlers),
  ...scoped('ops-conv', convHandlers),
  ...scoped('ops-pool-norm', poolNormHandlers),
};

/** The suites `opHandlers` covers. */
export const OP_SUITES = ['ops-elementwise', 'ops-activations', 'ops-reduce-shape', 'ops-conv', 'ops-pool-norm'] as const;
