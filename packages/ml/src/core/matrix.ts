import { fail, isTensor, type Tensor } from '@tessera/tensor';

/**
 * A dense row-major matrix of float64 values: what every estimator reads and returns. Cheap to
 * build from nested arrays, typed arrays or tensors, and to turn back into nested arrays.
 *
 * ```ts
 * const m = Matrix.from([[1, 2], [3, 4]]);
 * m.get(1, 0);        // 3
 * m.toArray();        // [[1, 2], [3, 4]]
 * ```
 */
export class Matrix {
  constructor(readonly data: Float64Array, readonly rows: number, readonly cols: number) {
    if (data.length !== rows * cols) fail('Matrix', `data has ${data.length} values, shape [${rows},${cols}] needs ${rows * cols}`);
  }

  static zeros(rows: number, cols: number): Matrix {
    return new Matrix(new Float64Array(rows * cols), rows, cols);
  }

  /** From nested arrays, a Matrix (shared, not copied) or a 2-D tensor (read synchronously). */
  static from(values: MatrixLike, op = 'Matrix.from'): Matrix {
    if (values instanceof Matrix) return values;
    if (isTensor(values)) return fromTensorData(op, values as Tensor, (values as Tensor).dataSync());
    if (!Array.isArray(values)) fail(op, `expected a 2-D array, Matrix or tensor, got ${describe(values)}`);
    const rows = values.length;
    if (rows === 0) return new Matrix(new Float64Array(0), 0, 0);
    const first = values[0];
    if (!isRow(first)) fail(op, `expected a 2-D array; row 0 is ${describe(first)}`);
    const cols = first.length;
    const data = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      const row = values[i];
      if (!isRow(row)) fail(op, `expected a 2-D array; row ${i} is ${describe(row)}`);
      if (row.length !== cols) fail(op, `rows have different lengths: row 0 has ${cols}, row ${i} has ${row.length}`);
      for (let j = 0; j < cols; j++) data[i * cols + j] = row[j];
    }
    return new Matrix(data, rows, cols);
  }

  /** Like `from`, but reads tensors asynchronously, so it works on every backend. */
  static async fromAsync(values: MatrixLike, op = 'Matrix.from'): Promise<Matrix> {
    if (isTensor(values)) return fromTensorData(op, values as Tensor, await (values as Tensor).data());
    return Matrix.from(values, op);
  }

  get(i: number, j: number): number {
    return this.data[i * this.cols + j];
  }

  /** A view of row i (no copy). */
  row(i: number): Float64Array {
    return this.data.subarray(i * this.cols, (i + 1) * this.cols);
  }

  /** The rows at the given indices, copied into a new matrix. */
  takeRows(indices: ArrayLike<number>): Matrix {
    const out = new Float64Array(indices.length * this.cols);
    for (let r = 0; r < indices.length; r++) out.set(this.row(indices[r]), r * this.cols);
    return new Matrix(out, indices.length, this.cols);
  }

  /** Column of each row's first maximum (the class a score or probability matrix predicts). */
  rowArgmax(): Int32Array {
    const { rows, cols, data } = this, out = new Int32Array(rows);
    for (let i = 0; i < rows; i++) {
      let best = 0;
      for (let j = 1; j < cols; j++) if (data[i * cols + j] > data[i * cols + best]) best = j;
      out[i] = best;
    }
    return out;
  }

  column(j: number): Float64Array {
    const out = new Float64Array(this.rows);
    for (let i = 0; i < this.rows; i++) out[i] = this.data[i * this.cols + j];
    return out;
  }

  toArray(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) out.push(Array.from(this.row(i)));
    return out;
  }
}

/** Anything an estimator accepts as a feature matrix. */
export type MatrixLike = readonly (readonly number[])[] | readonly Float64Array[] | readonly Float32Array[] | Matrix | Tensor;

function isRow(v: unknown): v is ArrayLike<number> {
  return Array.isArray(v) || v instanceof Float64Array || v instanceof Float32Array;
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  return typeof v === 'object' ? (v as object).constructor?.name ?? 'an object' : `${typeof v} ${String(v)}`;
}

function fromTensorData(op: string, t: Tensor, values: ArrayLike<number>): Matrix {
  if (t.shape.length !== 2) fail(op, `expected a 2-D tensor, got shape [${t.shape}]`);
  return new Matrix(Float64Array.from(values), t.shape[0], t.shape[1]);
}

/** A matrix with the estimator's checks: non-empty, finite, and the expected feature count. */
export function checkMatrix(op: string, values: MatrixLike, options: { nFeatures?: number; allowEmpty?: boolean; allowNaN?: boolean } = {}): Matrix {
  const m = Matrix.from(values, op);
  return validateMatrix(op, m, options);
}

export async function checkMatrixAsync(op: string, values: MatrixLike, options: { nFeatures?: number; allowEmpty?: boolean; allowNaN?: boolean } = {}): Promise<Matrix> {
  return validateMatrix(op, await Matrix.fromAsync(values, op), options);
}

function validateMatrix(op: string, m: Matrix, options: { nFeatures?: number; allowEmpty?: boolean; allowNaN?: boolean }): Matrix {
  if (!options.allowEmpty && (m.rows === 0 || m.cols === 0)) fail(op, `X is empty (shape [${m.rows},${m.cols}]); at least one sample and one feature are needed`);
  if (options.nFeatures !== undefined && m.cols !== options.nFeatures) {
    fail(op, `X has ${m.cols} features, but the estimator was fitted with ${options.nFeatures}`);
  }
  if (!options.allowNaN && !allFinite(m.data)) {
    const d = m.data;
    for (let i = 0; i < d.length; i++) {
      if (!Number.isFinite(d[i])) fail(op, `X contains ${d[i]} at row ${Math.floor(i / m.cols)}, column ${i % m.cols}`);
    }
  }
  return m;
}

/** Whether every value is finite: v * 0 is ±0 for finite v and NaN otherwise, so one sum tells (a few times faster than a test per value). */
function allFinite(d: Float64Array): boolean {
  const n = d.length, end = n - (n & 3);
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (let i = 0; i < end; i += 4) { s0 += d[i] * 0; s1 += d[i + 1] * 0; s2 += d[i + 2] * 0; s3 += d[i + 3] * 0; }
  for (let i = end; i < n; i++) s0 += d[i] * 0;
  return s0 + s1 + s2 + s3 === 0;
}
