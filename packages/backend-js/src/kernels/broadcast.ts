import { sizeOf } from '../shape.js';

/**
 * How operands of the output's rank broadcast to `outShape`, as rows: the output is walked as
 * `rows` contiguous rows of `rowLength` elements, and operand k starts row r at `offsets[k][r]`
 * and advances by `steps[k]` per element (1, or 0 where it repeats along the row).
 *
 * Same-shape and scalar operands give a single row, so elementwise kernels get their fast paths
 * from the same loop; other shapes are first collapsed (size-1 output axes dropped, neighbouring
 * axes that broadcast alike merged) to make the rows as long as possible.
 */
export interface RowPlan {
  readonly rows: number;
  readonly rowLength: number;
  readonly offsets: readonly Int32Array[];
  readonly steps: readonly number[];
}

export function planRows(outShape: readonly number[], shapes: readonly (readonly number[])[]): RowPlan {
  const outSize = sizeOf(outShape);
  if (outSize === 0) {
    return { rows: 0, rowLength: 0, offsets: shapes.map(() => new Int32Array(0)), steps: shapes.map(() => 0) };
  }
  // An operand of the output's rank whose size equals the output's has exactly its shape.
  const sizes = shapes.map(sizeOf);
  if (sizes.every((s) => s === outSize || s === 1)) {
    return {
      rows: 1,
      rowLength: outSize,
      offsets: shapes.map(() => new Int32Array(1)),
      steps: sizes.map((s) => (s === outSize ? 1 : 0)),
    };
  }

  // Collapse: keep output axes longer than 1, merging neighbours whose broadcast pattern matches.
  const dims: number[] = [];
  const repeats: boolean[][] = [];
  for (let d = 0; d < outShape.length; d++) {
    if (outShape[d] === 1) continue;
    const pattern = shapes.map((s) => s[d] === 1);
    const last = repeats.length - 1;
    if (last >= 0 && pattern.every((p, k) => p === repeats[last][k])) {
      dims[last] *= outShape[d];
    } else {
      dims.push(outShape[d]);
      repeats.push(pattern);
    }
  }
  const strides = shapes.map((_, k) => {
    const st = new Array<number>(dims.length);
    let stride = 1;
    for (let d = dims.length - 1; d >= 0; d--) {
      st[d] = repeats[d][k] ? 0 : stride;
      if (!repeats[d][k]) stride *= dims[d];
    }
    return st;
  });

  const inner = dims.length - 1;
  const rowLength = dims[inner];
  const rows = outSize / rowLength;
  const offsets = shapes.map(() => new Int32Array(rows));
  const index = new Array<number>(inner).fill(0);
  const cursor = new Array<number>(shapes.length).fill(0);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < shapes.length; k++) offsets[k][r] = cursor[k];
    for (let d = inner - 1; d >= 0; d--) {
      for (let k = 0; k < shapes.length; k++) cursor[k] += strides[k][d];
      if (++index[d] < dims[d]) break;
      for (let k = 0; k < shapes.length; k++) cursor[k] -= strides[k][d] * dims[d];
      index[d] = 0;
    }
  }
  return { rows, rowLength, offsets, steps: strides.map((st) => st[inner]) };
}
