import { fail, fmtShape } from './errors.js';

export type Shape = readonly number[];

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) { strides[i] = s; s *= shape[i]; }
  return strides;
}

export function assertShape(op: string, shape: unknown, what = 'shape'): number[] {
  if (!Array.isArray(shape)) fail(op, `${what} must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) fail(op, `${what} must hold non-negative integers, got ${JSON.stringify(shape)}`);
  }
  return [...shape];
}

/** Resolves a possibly negative axis against `rank`, naming the op in the error. */
export function normalizeAxis(op: string, axis: number, rank: number, allowEnd = false): number {
  const limit = allowEnd ? rank + 1 : rank;
  if (!Number.isInteger(axis) || axis < -limit || axis >= limit) {
    fail(op, `axis ${axis} is out of range for rank ${rank} (valid: ${-limit}..${limit - 1})`);
  }
  return axis < 0 ? axis + limit : axis;
}

/** Normalizes `axis` (null/undefined = all axes, int, or list) to sorted unique axes. */
export function normalizeAxes(op: string, axis: number | readonly number[] | null | undefined, rank: number): number[] {
  if (axis === null || axis === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axis === 'number' ? [axis] : [...axis];
  const out = list.map((a) => normalizeAxis(op, a, rank));
  if (new Set(out).size !== out.length) fail(op, `axis ${JSON.stringify(axis)} repeats an axis`);
  return out.sort((a, b) => a - b);
}

/** NumPy broadcasting of two shapes; the error names both shapes. */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      fail(op, `shapes ${fmtShape(a)} and ${fmtShape(b)} cannot be broadcast together (axis ${i - rank}: ${da} vs ${db})`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** `shape` with leading 1s so that it has `rank` axes. */
export function padRank(shape: Shape, rank: number): number[] {
  return [...new Array<number>(rank - shape.length).fill(1), ...shape];
}

/**
 * The axes of `outShape` along which `inShape` was broadcast (for reducing gradients back):
 * leading axes `inShape` lacks, plus axes where it had size 1 and the output did not.
 */
export function broadcastedAxes(inShape: Shape, outShape: Shape): number[] {
  const offset = outShape.length - inShape.length;
  const axes: number[] = [];
  for (let i = 0; i < outShape.length; i++) {
    const d = i < offset ? 1 : inShape[i - offset];
    if (i < offset || (d === 1 && outShape[i] !== 1)) axes.push(i);
  }
  return axes;
}

/** Infers the `-1` entry of a reshape target, checking sizes. */
export function inferReshape(op: string, from: Shape, to: readonly number[]): number[] {
  const size = sizeOf(from);
  const unknown = to.filter((d) => d === -1).length;
  if (unknown > 1) fail(op, `only one dimension may be -1, got ${fmtShape(to)}`);
  for (const d of to) {
    if (!Number.isInteger(d) || d < -1) fail(op, `new shape ${fmtShape(to)} holds an invalid dimension ${d}`);
  }
  if (unknown === 1) {
    const known = to.reduce((p, d) => (d === -1 ? p : p * d), 1);
    if (known === 0 || size % known !== 0) fail(op, `cannot reshape ${fmtShape(from)} (size ${size}) into ${fmtShape(to)}`);
    return to.map((d) => (d === -1 ? size / known : d));
  }
  if (sizeOf(to) !== size) fail(op, `cannot reshape ${fmtShape(from)} (size ${size}) into ${fmtShape(to)} (size ${sizeOf(to)})`);
  return [...to];
}
