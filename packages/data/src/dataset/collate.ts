import { dispose, fail, fmtShape, isTensor, stack, tensor, type Tensor } from '@tessera/tensor';
import { allocLike, isHostData, isHostTensor, uploadHost, type HostData, type HostTensor } from '../host.js';

/** The type of a batch of elements of type T: every leaf becomes one tensor with a batch axis. */
export type Batched<T> =
  T extends Tensor ? Tensor
  : T extends number | boolean ? Tensor
  : T extends HostData ? Tensor
  : T extends HostTensor ? Tensor
  : T extends readonly unknown[] ? { -readonly [K in keyof T]: Batched<T[K]> }
  : T extends object ? { -readonly [K in keyof T]: Batched<T[K]> }
  : never;

const op = 'batch';

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function stackHost(items: readonly HostTensor[], path: string): Tensor {
  const first = items[0];
  const rowSize = first.data.length;
  const out = allocLike(first.data, rowSize * items.length);
  items.forEach((h, i) => {
    if (h.data.constructor !== first.data.constructor) fail(op, `elements differ in type at ${path}: ${first.data.constructor.name} and ${h.data.constructor.name}`);
    if (!sameShape(h.shape, first.shape)) fail(op, `elements differ in shape at ${path}: ${fmtShape(first.shape)} and ${fmtShape(h.shape)}`);
    out.set(h.data, i * rowSize);
  });
  return uploadHost({ data: out, shape: [items.length, ...first.shape] });
}

/**
 * Stacks a list of elements into one batch, leaf by leaf: tensors are stacked (and the element
 * tensors disposed: a batch consumes its elements), numbers become float32, booleans bool, host
 * arrays keep int32 or become float32. Arrays and plain objects are batched per entry.
 */
export function collate(items: readonly unknown[], path = 'element'): unknown {
  const first = items[0];
  if (isTensor(first)) {
    const tensors = items as Tensor[];
    tensors.forEach((t, i) => {
      if (!isTensor(t)) fail(op, `element ${i} at ${path} is not a tensor like element 0`);
      if (!sameShape(t.shape, first.shape) || t.dtype !== first.dtype) {
        fail(op, `elements differ at ${path}: ${first.dtype} ${fmtShape(first.shape)} and ${t.dtype} ${fmtShape(t.shape)}`);
      }
    });
    const out = stack(tensors);
    for (const t of new Set(tensors)) t.dispose();
    return out;
  }
  if (typeof first === 'number' || typeof first === 'boolean') {
    const kind = typeof first;
    if (!items.every((x) => typeof x === kind)) fail(op, `elements at ${path} mix ${kind} with other types`);
    return kind === 'number' ? tensor(Float32Array.from(items as number[]), [items.length], 'float32')
      : tensor(Uint8Array.from(items as boolean[], (b) => (b ? 1 : 0)), [items.length], 'bool');
  }
  if (isHostData(first)) {
    if (!items.every(isHostData)) fail(op, `elements at ${path} mix typed arrays with other types`);
    return stackHost((items as HostData[]).map((d) => ({ data: d, shape: [d.length] })), path);
  }
  if (isHostTensor(first)) {
    if (!items.every(isHostTensor)) fail(op, `elements at ${path} mix host tensors with other types`);
    return stackHost(items as HostTensor[], path);
  }
  if (Array.isArray(first)) {
    if (!items.every((x) => Array.isArray(x) && x.length === first.length)) fail(op, `elements at ${path} are lists of different lengths`);
    const out: unknown[] = [];
    try {
      first.forEach((_, k) => out.push(collate(items.map((x) => (x as unknown[])[k]), `${path}[${k}]`)));
    } catch (error) {
      dispose(out);
      throw error;
    }
    return out;
  }
  if (typeof first === 'object' && first !== null && Object.getPrototypeOf(first) === Object.prototype) {
    const keys = Object.keys(first);
    const out: Record<string, unknown> = {};
    try {
      for (const key of keys) {
        if (!items.every((x) => typeof x === 'object' && x !== null && key in x)) fail(op, `an element at ${path} lacks key "${key}"`);
        out[key] = collate(items.map((x) => (x as Record<string, unknown>)[key]), `${path}.${key}`);
      }
    } catch (error) {
      dispose(out);
      throw error;
    }
    return out;
  }
  fail(op, `cannot batch ${first === null ? 'null' : typeof first} at ${path} (use tensors, numbers, booleans, typed arrays, host tensors, lists or plain objects)`);
}
