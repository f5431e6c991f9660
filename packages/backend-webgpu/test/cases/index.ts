import { ELEMENTWISE } from './elementwise.js';
import { LINALG_CONV } from './linalg-conv.js';
import { POOL_FUSED } from './pool-fused.js';
import { REDUCE_MOVEMENT } from './reduce-movement.js';
import { RUNTIME } from './runtime.js';

export const CASES = [...ELEMENTWISE, ...REDUCE_MOVEMENT, ...LINALG_CONV, ...POOL_FUSED, ...RUNTIME];
