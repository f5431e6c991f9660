import * as T from '@tessera/tensor';
import { fail, fmtShape, isTensor, type Tensor } from '@tessera/tensor';
import type { Model } from '../models/model.js';
import { fmt } from '../engine/shape.js';
import type { CompiledState } from './compile.js';

/** One tensor, or one per model input / output. */
export type TensorOrList = Tensor | readonly Tensor[];

/** A batch from a dataset: the batch tensors belong to the consumer (fit disposes them). */
export interface Batch {
  readonly xs: TensorOrList;
  readonly ys: TensorOrList;
}

export type BatchSource = AsyncIterable<Batch>;

/** Samples held as tensors: one per input and per output, all with the same first axis. */
export interface TensorData {
  readonly xs: readonly Tensor[];
  readonly ys: readonly Tensor[];
  readonly size: number;
}

export function isBatchSource(value: unknown): value is BatchSource {
  return typeof value === 'object' && value !== null && !isTensor(value) && !Array.isArray(value)
    && typeof (value as Record<symbol, unknown>)[Symbol.asyncIterator] === 'function';
}

export function asList(op: string, what: string, value: unknown): Tensor[] {
  const list = Array.isArray(value) ? [...value] : [value];
  list.forEach((t, i) => {
    if (!isTensor(t)) fail(op, `${what}${list.length > 1 ? `[${i}]` : ''} must be a Tensor, got ${t === null ? 'null' : typeof t}`);
    if (t.isDisposed) fail(op, `${what} has been disposed`);
  });
  return list as Tensor[];
}

/**
 * Checks x and y against the model (counts of inputs and outputs, equal sample counts, target
 * shapes against output shapes and losses) and returns them as lists. A y of shape [N] for an
 * output of shape [N, 1] is viewed as [N, 1] (Keras does the same); the view is returned in
 * `created` for the caller to dispose.
 */
export function prepareTensors(op: string, model: Model, compiled: CompiledState, x: unknown, y: unknown): TensorData & { created: Tensor[] } {
  const xs = asList(op, 'x', x);
  let ys = asList(op, 'y', y);
  if (model.inputShapes.length > 0 && xs.length !== model.inputShapes.length) {
    fail(op, `the model has ${model.inputShapes.length} input(s) but x has ${xs.length} tensor(s)`);
  }
  if (ys.length !== compiled.losses.length) fail(op, `the model has ${compiled.losses.length} output(s) but y has ${ys.length} tensor(s)`);
  const size = xs[0].shape[0];
  if (xs[0].rank === 0) fail(op, 'x must have a batch axis');
  for (const [what, list] of [['x', xs], ['y', ys]] as const) {
    list.forEach((t, i) => {
      if (t.rank === 0 || t.shape[0] !== size) {
        fail(op, `${what}${list.length > 1 ? `[${i}]` : ''} has shape ${fmtShape(t.shape)} but x has ${size} samples; every x and y needs the same first axis`);
      }
    });
  }
  if (!model.built) {
    const shapes = xs.map((t) => [null, ...t.shape.slice(1)]);
    model.build(shapes.length === 1 ? shapes[0] : shapes);
  }
  const created: Tensor[] = [];
  {
    ys = ys.map((t, i) => {
      const out = model.outputShapes[i];
      const loss = compiled.losses[i];
      if (!out) return t;
      if (loss.name !== 'sparseCategoricalCrossentropy' && t.rank === out.length - 1 && out[out.length - 1] === 1) {
        const view = t.reshape([...t.shape, 1]);
        created.push(view);
        return view;
      }
      checkTarget(op, model, i, t, out, loss.name);
      return t;
    });
  }
  return { xs, ys, size, created };
}

function checkTarget(op: string, model: Model, i: number, y: Tensor, out: readonly (number | null)[], loss: string): void {
  const sparse = loss === 'sparseCategoricalCrossentropy';
  const expected = sparse ? out.slice(0, -1) : out;
  const rest = y.shape.slice(1);
  const want = expected.slice(1);
  const squeezed = sparse && rest.length === want.length + 1 && rest[rest.length - 1] === 1 ? rest.slice(0, -1) : rest;
  const ok = squeezed.length === want.length && squeezed.every((d, k) => want[k] === null || want[k] === d);
  if (!ok && ['meanSquaredError', 'meanAbsoluteError', 'huber', 'binaryCrossentropy', 'categoricalCrossentropy',
    'sparseCategoricalCrossentropy', 'hinge', 'klDivergence'].includes(loss)) {
    const hint = loss === 'categoricalCrossentropy' && y.rank === out.length - 1 ? ' (integer labels need sparseCategoricalCrossentropy)' : '';
    fail(op, `y${model.outputNames.length > 1 ? `[${i}]` : ''} shape ${fmtShape(y.shape)} is incompatible with output `
      + `${model.outputNames[i]} of shape ${fmt(out)} for loss ${loss}${hint}`);
  }
}

/** Sparse labels must be integers in [0, classes): out-of-range labels would silently give a zero one-hot row. */
export async function checkSparseLabels(op: string, model: Model, compiled: CompiledState, ys: readonly Tensor[]): Promise<void> {
  for (let i = 0; i < ys.length; i++) {
    if (compiled.losses[i].name !== 'sparseCategoricalCrossentropy') continue;
    const classes = model.outputShapes[i]?.at(-1);
    if (typeof classes !== 'number') continue;
    const values = await ys[i].data();
    for (let k = 0; k < values.length; k++) {
      const v = values[k];
      if (!Number.isInteger(v) || v < 0 || v >= classes) {
        fail(op, `y${ys.length > 1 ? `[${i}]` : ''} holds label ${v} at index ${k}; sparseCategoricalCrossentropy needs integers in [0, ${classes})`);
      }
    }
  }
}

/** Samples [start, end) of every tensor. */
export function sliceData(data: TensorData, start: number, end: number): TensorData {
  const cut = (t: Tensor) => T.slice(t, [start, ...t.shape.slice(1).map(() => 0)], [end - start, ...t.shape.slice(1)]);
  return { xs: data.xs.map(cut), ys: data.ys.map(cut), size: end - start };
}

/** The samples at `indices` (a shuffled batch). */
export function gatherData(data: TensorData, indices: Int32Array): { xs: Tensor[]; ys: Tensor[] } {
  return T.tidy(() => {
    const idx = T.tensor(indices, [indices.length], 'int32');
    return { xs: data.xs.map((t) => T.gather(t, idx, 0)), ys: data.ys.map((t) => T.gather(t, idx, 0)) };
  });
}
