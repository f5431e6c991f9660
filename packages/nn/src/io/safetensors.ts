import { fail } from '@tessera/tensor';

/**
 * The safetensors format, bytes in and bytes out (no file system, so it runs in browsers):
 * an 8-byte little-endian header length N, N bytes of JSON header, then the raw little-endian
 * tensor data. The header maps tensor names to `{ dtype, shape, data_offsets }` (offsets into
 * the data section) plus an optional `__metadata__` of string values. Loading is pure parsing:
 * nothing in a file is ever executed.
 */

export type SafetensorsDType = 'BOOL' | 'U8' | 'I8' | 'I16' | 'U16' | 'F16' | 'BF16' | 'I32' | 'U32' | 'F32' | 'F64' | 'I64' | 'U64';

export const DTYPE_BYTES: Readonly<Record<SafetensorsDType, number>> = {
  BOOL: 1, U8: 1, I8: 1, I16: 2, U16: 2, F16: 2, BF16: 2, I32: 4, U32: 4, F32: 4, F64: 8, I64: 8, U64: 8,
};

export interface SafetensorsTensor {
  readonly dtype: SafetensorsDType;
  readonly shape: readonly number[];
  /** Raw little-endian bytes (a view into the file when decoded). */
  readonly bytes: Uint8Array;
}

export interface SafetensorsFile {
  readonly metadata: Readonly<Record<string, string>>;
  /** In data-offset order. */
  readonly tensors: ReadonlyMap<string, SafetensorsTensor>;
}

/** The reference implementation's limit; a larger header is treated as corrupt. */
export const MAX_HEADER_BYTES = 100_000_000;

const OP = 'safetensors';

function elementCount(shape: readonly number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}

/**
 * Serializes tensors (in the given order) and string metadata. The header is padded with
 * spaces to a multiple of 8 bytes so that data offsets stay aligned.
 *
 * ```ts
 * const bytes = encodeSafetensors({ w: { dtype: 'F32', shape: [2], bytes: f32Bytes([1, 2]) } }, { format: 'pt' });
 * ```
 */
export function encodeSafetensors(tensors: Readonly<Record<string, SafetensorsTensor>>, metadata: Readonly<Record<string, string>> = {}): Uint8Array {
  const header: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(metadata)) {
    if (typeof v !== 'string') fail(OP, `metadata value of "${k}" must be a string, got ${typeof v}`);
  }
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    if (name === '__metadata__') fail(OP, 'a tensor cannot be named __metadata__');
    const size = DTYPE_BYTES[t.dtype];
    if (size === undefined) fail(OP, `tensor "${name}" has unknown dtype ${JSON.stringify(t.dtype)}`);
    if (!t.shape.every((d) => Number.isInteger(d) && d >= 0)) fail(OP, `tensor "${name}" has an invalid shape ${JSON.stringify(t.shape)}`);
    const expected = elementCount(t.shape) * size;
    if (t.bytes.length !== expected) fail(OP, `tensor "${name}" has ${t.bytes.length} bytes, its shape [${t.shape.join(',')}] ${t.dtype} needs ${expected}`);
    header[name] = { dtype: t.dtype, shape: [...t.shape], data_offsets: [offset, offset + expected] };
    offset += expected;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(json);
    json = p;
  }
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const t of Object.values(tensors)) {
    out.set(t.bytes, at);
    at += t.bytes.length;
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Parses and validates a safetensors file: header length within the file and the limit, a JSON
 * object header, known dtypes, non-negative integer shapes, offsets that match each shape and
 * tile the data section exactly (no gap, overlap or trailing bytes), string metadata.
 */
export function decodeSafetensors(bytes: Uint8Array): SafetensorsFile {
  if (!(bytes instanceof Uint8Array)) fail(OP, `expects a Uint8Array, got ${bytes === null ? 'null' : typeof bytes}`);
  if (bytes.length < 8) fail(OP, `file is ${bytes.length} bytes, too short for the 8-byte header length (truncated?)`);
  const n = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER_BYTES)) fail(OP, `header length ${n} exceeds the ${MAX_HEADER_BYTES}-byte limit (corrupt file?)`);
  const headerLength = Number(n);
  if (8 + headerLength > bytes.length) fail(OP, `header length ${headerLength} runs past the end of the ${bytes.length}-byte file (truncated?)`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength));
  } catch {
    return fail(OP, 'header is not valid UTF-8');
  }
  if (!text.startsWith('{')) fail(OP, 'header does not start with "{" (not a safetensors file?)');
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (error) {
    return fail(OP, `header is not valid JSON (${(error as Error).message})`);
  }
  if (!isRecord(header)) fail(OP, 'header must be a JSON object');
  const data = bytes.subarray(8 + headerLength);
  let metadata: Record<string, string> = {};
  const entries: { name: string; dtype: SafetensorsDType; shape: number[]; begin: number; end: number }[] = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') {
      if (!isRecord(raw) || !Object.values(raw).every((v) => typeof v === 'string')) fail(OP, '__metadata__ must be an object of strings');
      metadata = raw as Record<string, string>;
      continue;
    }
    if (!isRecord(raw)) fail(OP, `entry "${name}" must be an object with dtype, shape and data_offsets`);
    const { dtype, shape, data_offsets: offsets } = raw as { dtype: unknown; shape: unknown; data_offsets: unknown };
    if (typeof dtype !== 'string' || !(dtype in DTYPE_BYTES)) fail(OP, `tensor "${name}" has unsupported dtype ${JSON.stringify(dtype)}`);
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      fail(OP, `tensor "${name}" has an invalid shape ${JSON.stringify(shape)}`);
    }
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) || offsets[1] < offsets[0]) {
      fail(OP, `tensor "${name}" has invalid data_offsets ${JSON.stringify(offsets)}`);
    }
    const expected = elementCount(shape) * DTYPE_BYTES[dtype as SafetensorsDType];
    if (offsets[1] - offsets[0] !== expected) {
      fail(OP, `tensor "${name}" data_offsets ${JSON.stringify(offsets)} hold ${offsets[1] - offsets[0]} bytes, its shape [${shape.join(',')}] ${dtype} needs ${expected}`);
    }
    entries.push({ name, dtype: dtype as SafetensorsDType, shape, begin: offsets[0], end: offsets[1] });
  }
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  for (const e of entries) {
    if (e.begin !== cursor) {
      fail(OP, e.begin > cursor ? `data section has a gap at byte ${cursor} (before tensor "${e.name}")` : `tensor "${e.name}" overlaps the previous tensor at byte ${e.begin}`);
    }
    cursor = e.end;
  }
  if (cursor !== data.length) {
    fail(OP, cursor > data.length
      ? `tensors need ${cursor} data bytes but the file has ${data.length} after the header (truncated?)`
      : `${data.length - cursor} unexpected bytes after the last tensor`);
  }
  const tensors = new Map<string, SafetensorsTensor>();
  for (const e of entries) tensors.set(e.name, { dtype: e.dtype, shape: e.shape, bytes: data.subarray(e.begin, e.end) });
  return { metadata, tensors };
}
