import { TesseraError } from '@tessera/tensor';
import type { Runtime } from '../runtime/runtime.js';

/** Slots of the N-d walk in the parameter block (rust/src/index.rs). */
const MAX_RANK = 16;
const SHAPE_AT = 12;
const STRIDES_AT = [28, 44, 60, 76];

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d];
  }
  return strides;
}

/** Strides reading `shape` (same rank as `outShape`) broadcast to `outShape`: 0 on repeated axes. */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const s = contiguousStrides(shape);
  return s.map((v, d) => (shape[d] === 1 && outShape[d] !== 1 ? 0 : v));
}

export interface Walk {
  shape: number[];
  strides: number[][];
}

/**
 * Drops size-1 axes and merges neighbouring axes that every operand walks contiguously
 * (stride[d] = stride[d+1] * shape[d+1]), so the innermost run is as long as possible.
 */
export function collapse(shape: readonly number[], strides: readonly (readonly number[])[]): Walk {
  const outShape: number[] = [];
  const out: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    const last = outShape.length - 1;
    if (last >= 0 && strides.every((s, k) => out[k][last] === s[d] * shape[d])) {
      outShape[last] *= shape[d];
      strides.forEach((s, k) => { out[k][last] = s[d]; });
    } else {
      outShape.push(shape[d]);
      strides.forEach((s, k) => out[k].push(s[d]));
    }
  }
  if (outShape.length === 0) return { shape: [1], strides: strides.map(() => [0]) };
  return { shape: outShape, strides: out };
}

/** Writes a walk's rank-dependent lists into the parameter block. */
export function writeWalk(rt: Runtime, walk: Walk, op: string): void {
  const rank = walk.shape.length;
  if (rank > MAX_RANK) throw new TesseraError(op, `needs ${rank} axes after merging, more than ${MAX_RANK}`);
  const w = rt.args();
  const a = rt.argBase;
  for (let d = 0; d < rank; d++) w[a + SHAPE_AT + d] = walk.shape[d];
  walk.strides.forEach((s, k) => {
    for (let d = 0; d < rank; d++) w[a + STRIDES_AT[k] + d] = s[d];
  });
}

/** Tasks below this many elements are not worth waking workers for. */
export const PARALLEL_ELEMENTS = 32768;
