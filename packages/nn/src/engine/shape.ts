import { fail } from '@tessera/tensor';

/** A shape whose first (batch) dimension, or any other, may be unknown (`null`). */
export type Shape = readonly (number | null)[];

/** `[null,28,28,1]`, the notation used in summaries and error messages. */
export function fmt(shape: Shape): string {
  return `[${shape.map((d) => (d === null ? 'null' : String(d))).join(',')}]`;
}

export function isShapeList(shape: Shape | readonly Shape[]): shape is readonly Shape[] {
  return shape.length > 0 && Array.isArray(shape[0]);
}

/** The one shape of a single-input layer; a list of shapes is an error naming the layer. */
export function single(op: string, shape: Shape | readonly Shape[]): Shape {
  if (isShapeList(shape)) {
    if (shape.length !== 1) fail(op, `expects one input, got ${shape.length} (${shape.map(fmt).join(', ')})`);
    return shape[0];
  }
  return shape;
}

export function list(op: string, shape: Shape | readonly Shape[]): readonly Shape[] {
  if (!isShapeList(shape)) fail(op, `expects a list of inputs, got one of shape ${fmt(shape)}`);
  return shape;
}

export function productOf(dims: readonly (number | null)[]): number | null {
  let p = 1;
  for (const d of dims) {
    if (d === null) return null;
    p *= d;
  }
  return p;
}

export function positiveInt(op: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) fail(op, `${name} must be a positive integer, got ${JSON.stringify(value)}`);
  return value;
}

export function rate(op: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) fail(op, `${name} must be a number in [0, 1), got ${JSON.stringify(value)}`);
  return value;
}

/** A number or `[h, w]` pair of positive integers, as a pair. */
export function pair(op: string, name: string, value: unknown): [number, number] {
  const v = typeof value === 'number' ? [value, value] : value;
  if (!Array.isArray(v) || v.length !== 2 || !v.every((x) => Number.isInteger(x) && x >= 1)) {
    fail(op, `${name} must be a positive integer or [height, width], got ${JSON.stringify(value)}`);
  }
  return [v[0], v[1]];
}
