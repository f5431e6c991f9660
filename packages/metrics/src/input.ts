import { fail, isTensor, type Tensor } from '@tessera/tensor';

/** A class label: scikit-learn allows numbers and strings (never a mix of both). */
export type Label = number | string;

export type NumericArray =
  | readonly number[] | Float64Array | Float32Array | Int32Array | Uint32Array
  | Int16Array | Uint16Array | Int8Array | Uint8Array;

/** Class labels: a plain array of numbers or strings, a typed array, or a 1-D tensor. */
export type LabelInput = readonly Label[] | NumericArray | Tensor;

/** Numbers (scores, targets, weights): a plain array, a typed array or a 1-D tensor. */
export type NumericInput = NumericArray | Tensor;

/** An [n, k] matrix: nested arrays or a 2-D tensor. A vector stands for a single column. */
export type MatrixInput = readonly (readonly number[])[] | NumericInput;

/** Labels after reading: one element type for the whole vector. */
export type LabelVector =
  | { readonly kind: 'number'; readonly values: ArrayLike<number> }
  | { readonly kind: 'string'; readonly values: readonly string[] };

/** A matrix after reading: row-major values; `ndim` remembers whether the input was 1-D. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly ndim: 1 | 2;
  readonly data: ArrayLike<number>;
  /** The input was float32 (typed array or tensor): scikit-learn then uses float32's epsilon. */
  readonly float32: boolean;
}

// A tensor is read synchronously; a backend that cannot do that throws the core's own error
// (`dataSync: backend "webgpu" cannot read synchronously; use await t.data()`).
function tensorVector(op: string, name: string, t: Tensor): ArrayLike<number> {
  if (t.shape.length !== 1 && !(t.shape.length === 2 && t.shape[1] === 1)) {
    fail(op, `${name} must be 1-D, got a tensor of shape [${t.shape.join(',')}]`);
  }
  return t.dataSync();
}

function checkFinite(op: string, name: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) fail(op, `${name} contains ${v} at index ${i}`);
  }
}

function checkNotEmpty(op: string, name: string, n: number): void {
  if (n === 0) fail(op, `${name} is empty`);
}

/** Reads class labels, checking that they are all finite numbers or all strings. */
export function readLabels(op: string, name: string, input: LabelInput): LabelVector {
  if (isTensor(input)) {
    const values = tensorVector(op, name, input as Tensor);
    checkNotEmpty(op, name, values.length);
    checkFinite(op, name, values);
    return { kind: 'number', values };
  }
  if (ArrayBuffer.isView(input)) {
    const values = input as unknown as ArrayLike<number>;
    checkNotEmpty(op, name, values.length);
    checkFinite(op, name, values);
    return { kind: 'number', values };
  }
  if (!Array.isArray(input)) fail(op, `${name} must be an array, a typed array or a 1-D tensor, got ${describeValue(input)}`);
  const arr = input as readonly unknown[];
  checkNotEmpty(op, name, arr.length);
  const kind = typeof arr[0];
  if (kind !== 'number' && kind !== 'string') {
    fail(op, `${name} must hold numbers or strings, ${name}[0] is ${describeValue(arr[0])}`);
  }
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i];
    if (typeof v !== kind) {
      fail(op, `${name} mixes label types: ${name}[0] is ${describeValue(arr[0])} but ${name}[${i}] is ${describeValue(v)}`);
    }
    if (kind === 'number' && !Number.isFinite(v)) fail(op, `${name} contains ${v} at index ${i}`);
  }
  return kind === 'number'
    ? { kind: 'number', values: arr as readonly number[] }
    : { kind: 'string', values: arr as readonly string[] };
}

/** Reads a vector of finite numbers (scores, regression targets, weights). */
export function readNumbers(op: string, name: string, input: NumericInput): ArrayLike<number> {
  let values: ArrayLike<number>;
  if (isTensor(input)) values = tensorVector(op, name, input as Tensor);
  else if (ArrayBuffer.isView(input)) values = input as unknown as ArrayLike<number>;
  else if (Array.isArray(input)) {
    const arr = input as readonly unknown[];
    for (let i = 0; i < arr.length; i++) {
      if (typeof arr[i] !== 'number') fail(op, `${name} must hold numbers, ${name}[${i}] is ${describeValue(arr[i])}`);
    }
    values = arr as readonly number[];
  } else fail(op, `${name} must be an array, a typed array or a 1-D tensor, got ${describeValue(input)}`);
  checkNotEmpty(op, name, values.length);
  checkFinite(op, name, values);
  return values;
}

/** Reads an [n, k] matrix of finite numbers; a 1-D input becomes one column with `ndim` 1. */
export function readMatrix(op: string, name: string, input: MatrixInput): Matrix {
  if (isTensor(input)) {
    const t = input as Tensor;
    if (t.shape.length !== 1 && t.shape.length !== 2) fail(op, `${name} must be 1-D or 2-D, got a tensor of shape [${t.shape.join(',')}]`);
    const data = t.dataSync();
    checkNotEmpty(op, name, data.length);
    checkFinite(op, name, data);
    const ndim = t.shape.length as 1 | 2;
    return { rows: t.shape[0], cols: ndim === 2 ? t.shape[1] : 1, ndim, data, float32: t.dtype === 'float32' };
  }
  if (ArrayBuffer.isView(input) || (Array.isArray(input) && !Array.isArray(input[0]))) {
    const data = readNumbers(op, name, input as NumericInput);
    return { rows: data.length, cols: 1, ndim: 1, data, float32: input instanceof Float32Array };
  }
  if (!Array.isArray(input)) fail(op, `${name} must be nested arrays, a typed array or a tensor, got ${describeValue(input)}`);
  const rows = input as readonly (readonly unknown[])[];
  const cols = rows[0].length;
  if (cols === 0) fail(op, `${name} has rows of length 0`);
  const data = new Float64Array(rows.length * cols);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (!Array.isArray(row) || row.length !== cols) {
      fail(op, `${name} must be a rectangular matrix: row 0 has ${cols} values but row ${i} has ${Array.isArray(row) ? row.length : describeValue(row)}`);
    }
    for (let j = 0; j < cols; j++) {
      const v = row[j];
      if (typeof v !== 'number' || !Number.isFinite(v)) fail(op, `${name}[${i}][${j}] is ${describeValue(v)}, expected a finite number`);
      data[i * cols + j] = v;
    }
  }
  return { rows: rows.length, cols, ndim: 2, data, float32: false };
}

/** Reads optional sample weights and checks their count. */
export function readWeights(op: string, input: NumericInput | undefined, n: number): ArrayLike<number> | undefined {
  if (input === undefined) return undefined;
  const w = readNumbers(op, 'sampleWeight', input);
  if (w.length !== n) fail(op, `sampleWeight has ${w.length} values but there are ${n} samples`);
  return w;
}

/** Every named length must agree: `accuracyScore: yTrue has 5 samples but yPred has 4`. */
export function checkSameLength(op: string, ...named: readonly (readonly [string, number])[]): void {
  const [firstName, first] = named[0];
  for (const [name, n] of named.slice(1)) {
    if (n !== first) fail(op, `${firstName} has ${first} samples but ${name} has ${n}`);
  }
}

export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  return typeof v === 'object' ? (v.constructor?.name ?? 'an object') : typeof v;
}

/** A label as scikit-learn prints it in messages and in report keys. */
export function formatLabel(label: Label): string {
  return typeof label === 'string' ? label : String(label);
}

export function labelList(labels: readonly Label[]): string {
  return `[${labels.map((l) => (typeof l === 'string' ? JSON.stringify(l) : String(l))).join(', ')}]`;
}
