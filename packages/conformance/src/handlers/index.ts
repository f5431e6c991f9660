import type { HandlerTable } from '../context.js';
import { activationHandlers } from './ops-activations.js';
import { convHandlers } from './ops-conv.js';
import { elementwiseHandlers } from './ops-elementwise.js';
import { poolNormHandlers } from './ops-pool-norm.js';
import { reduceShapeHandlers } from './ops-reduce-shape.js';

export { evaluate, orderedInputs } from './common.js';
export { elementwiseHandlers, activationHandlers, reduceShapeHandlers, convHandlers, poolNormHandlers };

/** Every tensor-op handler: the five op suites every backend runs. */
export const opHandlers: HandlerTable = {
  ...elementwiseHandlers,
  ...activationHandlers,
  ...reduceShapeHandlers,
  ...convHandlers,
  ...poolNormHandlers,
};

/** The suites `opHandlers` covers. */
export const OP_SUITES = ['ops-elementwise', 'ops-activations', 'ops-reduce-shape', 'ops-conv', 'ops-pool-norm'] as const;
