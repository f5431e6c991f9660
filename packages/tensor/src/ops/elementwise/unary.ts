import type { UnaryOp } from '../../backend/backend.js';
import type { BackwardFn } from '../../autograd/tape.js';
import { toTensor, type TensorLike } from '../../creation.js';
import type { DType } from '../../dtype.js';
import { runOp } from '../../op.js';
import type { Tensor } from '../../tensor.js';
import { cast } from './cast.js';

/** Ops whose result is a real-valued function: integer inputs are promoted to float32 first. */
const FLOAT_OPS: ReadonlySet<UnaryOp> = new Set<UnaryOp>([
  'exp', 'expm1', 'log', 'log1p', 'sqrt', 'rsqrt', 'sin', 'cos', 'tanh', 'sigmoid', 'erf', 'reciprocal',
]);

function resultDtype(op: UnaryOp, input: DType): DType {
  if (op === 'logicalNot') return 'bool';
  if (FLOAT_OPS.has(op)) return 'float32';
  return input === 'bool' ? 'int32' : input;
}

/** Shared body of the elementwise unary ops: dtype promotion, one kernel, backward recorded. */
export function unaryOp(op: UnaryOp, xLike: TensorLike, backward?: BackwardFn): Tensor {
  const c = toTensor(op, xLike, 'x');
  const dt = resultDtype(op, c.t.dtype);
  const x = c.t.dtype === dt ? c.t : cast(c.t, dt);
  try {
    return runOp({ name: op, inputs: [x], shape: x.shape, dtype: dt, forward: (b, [xi]) => b.unary(op, xi), backward });
  } finally {
    if (x !== c.t) x.dispose();
    if (c.owned) c.t.dispose();
  }
}
