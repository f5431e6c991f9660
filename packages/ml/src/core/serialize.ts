import { fail } from '@tessera/tensor';
import { Matrix } from './matrix.js';

/** A JSON-safe value (what `toJSON` produces). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const TYPED = { Float64Array, Float32Array, Int32Array, Uint8Array, Uint32Array, Uint16Array, Int16Array } as const;
type TypedName = keyof typeof TYPED;

function encodeNumber(v: number): number | string {
  return Number.isFinite(v) ? v : String(v);
}

function decodeNumber(v: JsonValue): number {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return Number.NaN;
  if (v === 'Infinity') return Number.POSITIVE_INFINITY;
  if (v === '-Infinity') return Number.NEGATIVE_INFINITY;
  return fail('fromJSON', `expected a number, got ${JSON.stringify(v)}`);
}

/** Something that serializes itself (an estimator nested in another's params or state). */
export interface SelfSerializing {
  toJSON(): JsonValue;
}

function isSelfSerializing(v: unknown): v is SelfSerializing {
  return typeof v === 'object' && v !== null && typeof (v as SelfSerializing).toJSON === 'function'
    && typeof (v as { getParams?: unknown }).getParams === 'function';
}

/**
 * Turns fitted state (typed arrays, matrices, nested estimators, plain values) into JSON.
 * Non-finite numbers become the strings "NaN" / "Infinity" / "-Infinity".
 */
export function encodeValue(v: unknown): JsonValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return encodeNumber(v);
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Matrix) return { $type: 'Matrix', rows: v.rows, cols: v.cols, data: Array.from(v.data, encodeNumber) };
  if (ArrayBuffer.isView(v)) {
    const name = v.constructor.name as TypedName;
    if (!(name in TYPED)) fail('toJSON', `cannot serialize a ${name}`);
    return { $type: name, data: Array.from(v as unknown as ArrayLike<number>, encodeNumber) };
  }
  if (Array.isArray(v)) return v.map(encodeValue);
  if (isSelfSerializing(v)) return { $type: 'Estimator', json: v.toJSON() };
  if (typeof v === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = encodeValue(x);
    return out;
  }
  return fail('toJSON', `cannot serialize a ${typeof v}`);
}

/** Revives a nested estimator from its JSON. */
export type EstimatorReviver = (json: JsonValue) => unknown;

const noReviver: EstimatorReviver = () => fail('fromJSON', 'this JSON holds nested estimators; load it with estimatorFromJSON()');

export function decodeValue(v: JsonValue, revive: EstimatorReviver = noReviver): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => decodeValue(x, revive));
  const type = v.$type;
  if (type === 'Matrix') return new Matrix(Float64Array.from(v.data as JsonValue[], decodeNumber), v.rows as number, v.cols as number);
  if (type === 'Estimator') return revive(v.json);
  if (typeof type === 'string' && type in TYPED) return TYPED[type as TypedName].from((v.data as JsonValue[]).map(decodeNumber));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = decodeValue(x, revive);
  return out;
}
