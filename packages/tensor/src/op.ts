import type { Backend, TensorInfo } from './backend/backend.js';
import type { BackwardFn } from './autograd/tape.js';
import { bytesPerElement, type DType } from './dtype.js';
import { ENGINE, Storage, type KernelTiming } from './engine.js';
import { fail } from './errors.js';
import { sizeOf } from './shape.js';
import { Tensor } from './tensor.js';

export type { BackwardFn } from './autograd/tape.js';

/** Wraps a fresh backend buffer into a tensor tracked by the current tidy scope. */
export function fromBuffer(buffer: object, shape: readonly number[], dtype: DType, backend: Backend): Tensor {
  const storage = new Storage(backend, buffer, sizeOf(shape) * bytesPerElement(dtype));
  ENGINE.onStorageCreated(storage);
  return new Tensor(storage, shape, dtype);
}

/** The operand as the backend sees it; moves it when it lives on another backend. */
export function infoOf(op: string, t: Tensor, backend: Backend): TensorInfo {
  if (t.isDisposed) fail(op, `input tensor (id ${t.id}, shape [${t.shape}]) has been disposed`);
  if (t.storage.backend !== backend) moveStorage(op, t, backend);
  return { buffer: t.storage.buffer, shape: t.shape, dtype: t.dtype, size: t.size };
}

function moveStorage(op: string, t: Tensor, to: Backend): void {
  const from = t.storage.backend;
  if (!from.readSync) {
    fail(op, `input lives on backend "${from.name}" which cannot be read synchronously; `
      + `move it first with \`await t.to('${to.name}')\``);
  }
  const values = from.readSync(t.storage.buffer, t.dtype, t.size);
  t.replaceStorage(to.write(values, t.dtype), to);
}

export interface OpSpec {
  /** Name used in error messages. */
  readonly name: string;
  readonly inputs: readonly Tensor[];
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly forward: (backend: Backend, inputs: readonly TensorInfo[]) => object;
  /** Absent for ops that are not differentiable (comparisons, argmax, casts to int). */
  readonly backward?: BackwardFn;
}

/** Runs `kernel` (one backend call), timing it when a kernel profiler is set. */
export function callKernel<R>(name: string, inputs: readonly TensorInfo[], shape: readonly number[], kernel: () => R): R {
  const profiler = ENGINE.profiler;
  if (!profiler) return kernel();
  const start = performance.now();
  const result = kernel();
  profiler({ name, inputShapes: inputs.map((i) => i.shape), shape, ms: performance.now() - start });
  return result;
}

/** Runs one backend kernel and records its backward rule when a gradient is being taken. */
export function runOp(spec: OpSpec): Tensor {
  const backend = ENGINE.backend();
  const infos = spec.inputs.map((t) => infoOf(spec.name, t, backend));
  const buffer = callKernel(spec.name, infos, spec.shape, () => spec.forward(backend, infos));
  const out = fromBuffer(buffer, spec.shape, spec.dtype, backend);
  if (spec.backward) record(spec.name, spec.inputs, out, spec.backward);
  return out;
}

/**
 * Calls `profiler` after every kernel that runs through `runOp` (every op that reaches a backend
 * primitive or fused kernel, forward and backward), with the op name, shapes and wall time;
 * `null` turns it off. Costs nothing while off. Returns the previous profiler.
 *
 * ```ts
 * const calls: KernelTiming[] = [];
 * setKernelProfiler((t) => calls.push(t));
 * model.fit(x, y);               // ... then group calls by name and shape
 * setKernelProfiler(null);
 * ```
 */
export function setKernelProfiler(profiler: ((timing: KernelTiming) => void) | null): ((timing: KernelTiming) => void) | null {
  if (profiler !== null && typeof profiler !== 'function') fail('setKernelProfiler', `expects a function or null, got ${typeof profiler}`);
  const previous = ENGINE.profiler;
  ENGINE.profiler = profiler;
  return previous;
}

/**
 * Whether an op on `inputs` would be recorded now (a gradient is being taken through one of
 * them), so ops that compute their gradient ahead of time can skip it otherwise.
 */
export function recording(inputs: readonly Tensor[]): boolean {
  const tape = ENGINE.tape;
  return !!tape && tape.paused === 0 && inputs.some((t) => tape.tracked.has(t.id));
}

/** Adds a node to the active tape when any input depends on a watched tensor. */
export function record(name: string, inputs: readonly Tensor[], output: Tensor, backward: BackwardFn): void {
  const tape = ENGINE.tape;
  if (!tape || tape.paused > 0) return;
  const needs = inputs.map((t) => tape.tracked.has(t.id));
  if (!needs.some(Boolean)) return;
  tape.nodes.push({
    name,
    inputIds: inputs.map((t) => t.id),
    needs,
    outputId: output.id,
    inputs: inputs.map((t) => t.shareStorage()),
    output: output.shareStorage(),
    backward,
  });
  tape.tracked.add(output.id);
}

/**
 * A tensor sharing `x`'s buffer under another shape (reshape, squeeze, expandDims). No kernel
 * runs; the buffer is freed when its last user is disposed.
 */
export function makeView(name: string, x: Tensor, shape: readonly number[], backward?: BackwardFn): Tensor {
  if (x.isDisposed) fail(name, `input tensor (id ${x.id}, shape [${x.shape}]) has been disposed`);
  x.storage.refs++;
  const out = new Tensor(x.storage, shape, x.dtype);
  if (backward) record(name, [x], out, backward);
  return out;
}

/**
 * A composite op with its own backward rule: `forward` runs with the tape paused (its inner
 * ops are not recorded and its temporaries are freed), then one node with `backward` is
 * recorded. Used where the composed gradient would be slower or less stable (softmax, norms).
 */
export function customOp(name: string, inputs: readonly Tensor[], forward: () => Tensor, backward: BackwardFn): Tensor {
  const tape = ENGINE.tape;
  if (tape) tape.paused++;
  const scope = ENGINE.startScope(name);
  let out: Tensor | undefined;
  try {
    out = forward();
  } finally {
    ENGINE.endScope(scope, out);
    if (tape) tape.paused--;
  }
  record(name, inputs, out, backward);
  return out;
}
