import { fail, isTensor, type Tensor } from '@tessera/tensor';

export type ClassLabel = number | string;

/** Class labels or regression targets: plain arrays, typed arrays or a 1-D tensor. */
export type LabelsLike = readonly ClassLabel[] | Int32Array | Float64Array | Float32Array | Uint8Array | Tensor;

function asArray(op: string, y: LabelsLike, sync: boolean, values?: ArrayLike<number>): ArrayLike<ClassLabel> {
  if (isTensor(y)) {
    const t = y as Tensor;
    if (t.shape.length !== 1) fail(op, `y must be 1-D, got a tensor of shape [${t.shape}]`);
    return values ?? (sync ? t.dataSync() : fail(op, 'internal: tensor values not read'));
  }
  if (!Array.isArray(y) && !ArrayBuffer.isView(y)) fail(op, `y must be an array, typed array or 1-D tensor, got ${typeof y}`);
  return y as ArrayLike<ClassLabel>;
}

async function readLabels(op: string, y: LabelsLike): Promise<ArrayLike<ClassLabel>> {
  return isTensor(y) ? asArray(op, y, false, await (y as Tensor).data()) : asArray(op, y, true);
}

function checkLength(op: string, n: number, expected: number | undefined): void {
  if (n === 0) fail(op, 'y is empty');
  if (expected !== undefined && n !== expected) fail(op, `X has ${expected} samples but y has ${n}`);
}

/** Sorted distinct labels and each sample's index into them (scikit-learn's `classes_`). */
export interface EncodedLabels {
  readonly classes: ClassLabel[];
  readonly encoded: Int32Array;
}

export function compareLabels(a: ClassLabel, b: ClassLabel): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

export function encodeLabelArray(op: string, raw: ArrayLike<ClassLabel>, nSamples?: number): EncodedLabels {
  checkLength(op, raw.length, nSamples);
  const kind = typeof raw[0];
  const index = new Map<ClassLabel, number>();
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i];
    if (typeof v !== kind || (kind !== 'number' && kind !== 'string')) fail(op, `labels must be all numbers or all strings; y[${i}] is ${JSON.stringify(v)}`);
    if (typeof v === 'number' && !Number.isFinite(v)) fail(op, `y contains ${v} at index ${i}`);
    if (!index.has(v)) index.set(v, 0);
  }
  const classes = [...index.keys()].sort(compareLabels);
  classes.forEach((c, i) => index.set(c, i));
  const encoded = new Int32Array(raw.length);
  for (let i = 0; i < raw.length; i++) encoded[i] = index.get(raw[i]) as number;
  return { classes, encoded };
}

/** Encodes classification targets, checking length and values. */
export async function encodeLabels(op: string, y: LabelsLike, nSamples?: number): Promise<EncodedLabels> {
  return encodeLabelArray(op, await readLabels(op, y), nSamples);
}

/** Maps labels to indices of known classes; unknown labels are an error. */
export function indexLabels(op: string, y: LabelsLike, classes: readonly ClassLabel[], nSamples?: number): Int32Array {
  const raw = asArray(op, y, true);
  checkLength(op, raw.length, nSamples);
  const index = new Map<ClassLabel, number>(classes.map((c, i) => [c, i]));
  const out = new Int32Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const k = index.get(raw[i]);
    if (k === undefined) fail(op, `y[${i}] = ${JSON.stringify(raw[i])} is not one of the classes [${classes.map((c) => JSON.stringify(c)).join(', ')}]`);
    out[i] = k;
  }
  return out;
}

/** Regression targets as float64, finite, of the right length. */
export async function checkTargets(op: string, y: LabelsLike, nSamples?: number): Promise<Float64Array> {
  return targetsFrom(op, await readLabels(op, y), nSamples);
}

export function checkTargetsSync(op: string, y: LabelsLike, nSamples?: number): Float64Array {
  return targetsFrom(op, asArray(op, y, true), nSamples);
}

function targetsFrom(op: string, raw: ArrayLike<ClassLabel>, nSamples?: number): Float64Array {
  checkLength(op, raw.length, nSamples);
  const out = new Float64Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(op, `regression targets must be finite numbers; y[${i}] is ${JSON.stringify(v)}`);
    out[i] = v;
  }
  return out;
}

/** Reads labels synchronously as a plain list (for scoring). */
export function labelList(op: string, y: LabelsLike): ClassLabel[] {
  return Array.from(asArray(op, y, true));
}
