import { decodeNumber, isFixtureTensor, type Tolerance } from './fixtures.js';

/** Something tensor-like a handler may return; read with `data()` and `shape`. */
export interface TensorLikeOutput {
  readonly shape: readonly number[];
  readonly dtype: string;
  data(): Promise<ArrayLike<number>>;
}

export function isTensorLike(value: unknown): value is TensorLikeOutput {
  return typeof value === 'object' && value !== null && Array.isArray((value as TensorLikeOutput).shape)
    && typeof (value as TensorLikeOutput).data === 'function';
}

/** A value after tensors have been read: plain numbers, arrays, objects, strings, errors. */
export type Resolved =
  | number | string | boolean | null | undefined | Error
  | { readonly shape: readonly number[]; readonly dtype: string; readonly values: ArrayLike<number> }
  | readonly Resolved[]
  | { readonly [key: string]: Resolved };

/** Replaces every tensor in a produced value by its shape, dtype and values. */
export async function resolveValue(value: unknown): Promise<Resolved> {
  if (isTensorLike(value)) return { shape: value.shape, dtype: value.dtype, values: await value.data() };
  if (value instanceof Error || value === null || value === undefined) return value as Resolved;
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
  if (Array.isArray(value)) return Promise.all(value.map(resolveValue));
  if (typeof value === 'object') {
    const out: Record<string, Resolved> = {};
    for (const [k, v] of Object.entries(value)) out[k] = await resolveValue(v);
    return out;
  }
  return value as Resolved;
}

export interface Mismatch {
  readonly path: string;
  readonly message: string;
  /** |got - want| of the worst element, when the mismatch is numeric. */
  readonly error?: number;
}

/** Numbers are equal when both are NaN, or |got - want| <= atol + rtol*|want| (README rule). */
export function closeEnough(got: number, want: number, tol: Tolerance): boolean {
  if (Number.isNaN(want)) return Number.isNaN(got);
  if (!Number.isFinite(want)) return got === want;
  return Math.abs(got - want) <= tol.atol + tol.rtol * Math.abs(want);
}

function isResolvedTensor(v: Resolved): v is { shape: readonly number[]; dtype: string; values: ArrayLike<number> } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Error)
    && Array.isArray((v as { shape?: unknown }).shape) && 'values' in (v as object);
}

function numericArray(v: Resolved): number[] | null {
  if (isResolvedTensor(v)) return Array.from(v.values);
  if (Array.isArray(v) && v.every((x) => typeof x === 'number' || x === null)) return v.map((x) => (x === null ? Number.NaN : x as number));
  return null;
}

function compareNumbers(got: ArrayLike<number>, want: readonly number[], tol: Tolerance, path: string): Mismatch[] {
  if (got.length !== want.length) return [{ path, message: `length ${got.length} != expected ${want.length}` }];
  let worst = -1, worstErr = -1;
  for (let i = 0; i < want.length; i++) {
    if (!closeEnough(got[i], want[i], tol)) {
      const err = Number.isNaN(got[i]) || Number.isNaN(want[i]) ? Number.POSITIVE_INFINITY : Math.abs(got[i] - want[i]);
      if (err > worstErr) { worstErr = err; worst = i; }
    }
  }
  if (worst < 0) return [];
  return [{
    path: `${path}[${worst}]`,
    message: `got ${got[worst]}, want ${want[worst]} (|err| ${worstErr.toPrecision(3)} > ${tol.atol} + ${tol.rtol}*|want|)`,
    error: worstErr,
  }];
}

/**
 * Compares a produced (resolved) value with the fixture's expected JSON value. Expected shapes:
 * a fixture tensor, a number / null / "NaN", a list, an object, a string, or `{error}` (the
 * reference raised: the produced value must be an Error).
 */
export function compareValue(got: Resolved, want: unknown, tol: Tolerance, path: string,
  ignored: (path: string) => boolean = () => false): Mismatch[] {
  if (ignored(path)) return [];
  if (got instanceof Error && !(typeof want === 'object' && want !== null && 'error' in want)) {
    return [{ path, message: `raised ${got.message}` }];
  }
  if (typeof want === 'object' && want !== null && !Array.isArray(want) && 'error' in want && Object.keys(want).length === 1) {
    return got instanceof Error ? [] : [{ path, message: `expected an error (${(want as { error: string }).error}), got a value` }];
  }
  if (isFixtureTensor(want)) {
    if (!isResolvedTensor(got)) {
      const flat = numericArray(got);
      if (flat && want.shape.length <= 1) return compareNumbers(flat, want.data.map(decodeNumber), tol, path);
      return [{ path, message: `expected a tensor of shape [${want.shape}], got ${describe(got)}` }];
    }
    if (got.shape.length !== want.shape.length || got.shape.some((d, i) => d !== want.shape[i])) {
      return [{ path, message: `shape [${got.shape}] != expected [${want.shape}]` }];
    }
    const wantDtype = want.dtype ?? 'float32';
    if (wantDtype !== 'float32' && got.dtype !== wantDtype) {
      return [{ path, message: `dtype ${got.dtype} != expected ${wantDtype}` }];
    }
    const exact = wantDtype === 'float32' ? tol : { rtol: 0, atol: 0 };
    return compareNumbers(got.values, want.data.map(decodeNumber), exact, path);
  }
  if (typeof want === 'number' || want === null || want === 'NaN' || want === 'Infinity' || want === '-Infinity') {
    const g = typeof got === 'number' ? got : got === null || got === undefined ? Number.NaN
      : isResolvedTensor(got) && got.values.length === 1 ? got.values[0] : undefined;
    if (g === undefined) return [{ path, message: `expected a number, got ${describe(got)}` }];
    return compareNumbers([g], [decodeNumber(want)], tol, path);
  }
  if (typeof want === 'string' || typeof want === 'boolean') {
    return got === want ? [] : [{ path, message: `got ${JSON.stringify(got)}, want ${JSON.stringify(want)}` }];
  }
  if (Array.isArray(want)) {
    const flatWant = want.every((x) => typeof x === 'number' || x === null) ? want.map(decodeNumber) : null;
    const flatGot = numericArray(got);
    if (flatWant && flatGot) return compareNumbers(flatGot, flatWant, tol, path);
    if (!Array.isArray(got)) return [{ path, message: `expected a list of ${want.length}, got ${describe(got)}` }];
    if (got.length !== want.length) return [{ path, message: `list length ${got.length} != expected ${want.length}` }];
    return want.flatMap((w, i) => compareValue(got[i], w, tol, `${path}[${i}]`, ignored));
  }
  if (typeof want === 'object') {
    if (typeof got !== 'object' || got === null || Array.isArray(got) || got instanceof Error) {
      return [{ path, message: `expected an object, got ${describe(got)}` }];
    }
    const obj = got as { readonly [key: string]: Resolved };
    return Object.entries(want as Record<string, unknown>).flatMap(([k, w]) => {
      const sub = `${path}.${k}`;
      if (ignored(sub)) return [];
      if (!(k in obj)) return [{ path: sub, message: 'not produced' }];
      return compareValue(obj[k], w, tol, sub, ignored);
    });
  }
  return [{ path, message: `cannot compare with expected ${JSON.stringify(want)}` }];
}

function describe(v: Resolved): string {
  if (v instanceof Error) return `error ${v.message}`;
  if (isResolvedTensor(v)) return `tensor [${v.shape}]`;
  if (Array.isArray(v)) return `list of ${v.length}`;
  return typeof v === 'object' && v !== null ? 'object' : JSON.stringify(v);
}
