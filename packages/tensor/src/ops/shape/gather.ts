import { ENGINE } from '../../engine.js';
import { tensor, toTensor, type TensorLike } from '../../creation.js';
import { fail, fmtShape } from '../../errors.js';
import { runOp } from '../../op.js';
import { normalizeAxis, sizeOf } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { reshape } from './reshape.js';

function indexTensor(op: string, indices: TensorLike): { t: Tensor; owned: boolean } {
  if (Array.isArray(indices)) return { t: tensor(indices as number[], undefined, 'int32'), owned: true };
  const c = toTensor(op, indices, 'indices');
  if (c.t.dtype !== 'int32') {
    if (c.owned) c.t.dispose();
    fail(op, `indices must be int32, got ${c.t.dtype}`);
  }
  return c;
}

/** Index values are checked where the backend can read them without waiting (not WebGPU). */
function checkBounds(op: string, indices: Tensor, size: number): void {
  const backend = indices.storage.backend;
  if (!backend.readSync || indices.size === 0) return;
  const values = backend.readSync(indices.storage.buffer, 'int32', indices.size);
  for (let i = 0; i < values.length; i++) {
    if (values[i] < 0 || values[i] >= size) fail(op, `index ${values[i]} at position ${i} is out of range [0, ${size})`);
  }
}

/**
 * Selects entries along `axis` by integer index (index_select / tf.gather). The result has
 * shape `x.shape[:axis] + indices.shape + x.shape[axis+1:]`; repeated indices accumulate
 * their gradients.
 *
 * ```ts
 * gather(tensor([[1, 2], [3, 4], [5, 6]]), [2, 0]); // [[5, 6], [1, 2]]
 * ```
 */
export function gather(xLike: TensorLike, indices: TensorLike, axis = 0): Tensor {
  const op = 'gather';
  const c = toTensor(op, xLike, 'x');
  const ci = indexTensor(op, indices);
  try {
    const x = c.t, idx = ci.t;
    if (x.rank === 0) fail(op, 'cannot gather from a scalar');
    const ax = normalizeAxis(op, axis, x.rank);
    if (ENGINE.backend() === idx.storage.backend) checkBounds(op, idx, x.shape[ax]);
    const layout = { outer: sizeOf(x.shape.slice(0, ax)), reduce: x.shape[ax], inner: sizeOf(x.shape.slice(ax + 1)) };
    const shape = [...x.shape.slice(0, ax), ...idx.shape, ...x.shape.slice(ax + 1)];
    return runOp({
      name: op, inputs: [x, idx], shape, dtype: x.dtype,
      forward: (b, [xi, ii]) => b.gather(xi, ii, layout),
      backward: (dy, { inputs: [xs, is] }) => {
        const flat = reshape(dy, [layout.outer, is.size, layout.inner]);
        return [reshape(scatterAddTensor(flat, is, layout.reduce), xs.shape), null];
      },
    });
  } finally {
    if (c.owned) c.t.dispose();
    if (ci.owned) ci.t.dispose();
  }
}

/** updates `[outer, m, inner]` added into zeros `[outer, size, inner]` at `indices` (length m). */
function scatterAddTensor(updates: Tensor, indices: Tensor, size: number): Tensor {
  const [outer, m, inner] = updates.shape;
  if (indices.size !== m) fail('scatterAdd', `${indices.size} indices for ${m} update rows (updates ${fmtShape(updates.shape)})`);
  const flatIndices = indices.rank === 1 ? indices : reshape(indices, [m]);
  try {
    return runOp({
      name: 'scatterAdd', inputs: [updates, flatIndices], shape: [outer, size, inner], dtype: updates.dtype,
      forward: (b, [ui, ii]) => b.scatterAdd(ui, ii, outer, size, inner),
      backward: (dy, { inputs: [, is] }) => [gather(dy, is, 1), null],
    });
  } finally {
    if (flatIndices !== indices) flatIndices.dispose();
  }
}

/**
 * Adds `updates` into a zero tensor whose `axis` has `size` entries, at positions `indices`
 * along that axis (the adjoint of `gather`).
 */
export function scatterAddAlong(updates: Tensor, indices: readonly number[] | Tensor, axis: number, size: number): Tensor {
  const op = 'scatterAdd';
  const ax = normalizeAxis(op, axis, updates.rank);
  const ci = indexTensor(op, indices as TensorLike);
  try {
    if (ci.t.size !== updates.shape[ax]) fail(op, `${ci.t.size} indices for axis ${ax} of size ${updates.shape[ax]}`);
    if (ENGINE.backend() === ci.t.storage.backend) checkBounds(op, ci.t, size);
    const outer = sizeOf(updates.shape.slice(0, ax)), inner = sizeOf(updates.shape.slice(ax + 1));
    const flat = reshape(updates, [outer, updates.shape[ax], inner]);
    try {
      const out = scatterAddTensor(flat, ci.t, size);
      const shape = [...updates.shape];
      shape[ax] = size;
      try { return reshape(out, shape); } finally { out.dispose(); }
    } finally {
      flat.dispose();
    }
  } finally {
    if (ci.owned) ci.t.dispose();
  }
}
