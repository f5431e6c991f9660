import { fail } from '@tessera/tensor';

/** Element types of the IDX format (type code in byte 3 of the magic number). */
export type IdxDType = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** An array read from (or to be written as) an IDX file. */
export interface IdxArray {
  readonly dtype: IdxDType;
  readonly shape: readonly number[];
  readonly data: IdxData;
}

const TYPES: readonly { code: number; dtype: IdxDType; bytes: number }[] = [
  { code: 0x08, dtype: 'uint8', bytes: 1 },
  { code: 0x09, dtype: 'int8', bytes: 1 },
  { code: 0x0b, dtype: 'int16', bytes: 2 },
  { code: 0x0c, dtype: 'int32', bytes: 4 },
  { code: 0x0d, dtype: 'float32', bytes: 4 },
  { code: 0x0e, dtype: 'float64', bytes: 8 },
];

const op = 'readIdx';

/** True when the bytes start with the gzip magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

const hex = (bytes: Uint8Array) => Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');

/**
 * Decodes an uncompressed IDX file (LeCun's MNIST format: magic `00 00 <type> <ndims>`,
 * big-endian uint32 dimensions, then big-endian values). `source` names the file in errors.
 *
 * ```ts
 * const { shape, data } = parseIdx(bytes, 'train-images-idx3-ubyte'); // [60000, 28, 28], Uint8Array
 * ```
 */
export function parseIdx(bytes: Uint8Array, source = 'IDX data'): IdxArray {
  if (!(bytes instanceof Uint8Array)) fail(op, `${source}: expects the file's bytes as a Uint8Array`);
  if (isGzip(bytes)) fail(op, `${source}: the data is gzip-compressed; decompress it first (decodeIdx or readIdxFile do)`);
  if (bytes.length < 4) fail(op, `${source}: truncated: ${bytes.length} bytes, an IDX header needs at least 4`);
  if (bytes[0] !== 0 || bytes[1] !== 0) fail(op, `${source}: bad magic number ${hex(bytes)} (an IDX file starts with 00 00, a type code and the number of dimensions)`);
  const type = TYPES.find((t) => t.code === bytes[2]);
  if (!type) fail(op, `${source}: unknown element type code 0x${bytes[2].toString(16).padStart(2, '0')} (known: 08 uint8, 09 int8, 0b int16, 0c int32, 0d float32, 0e float64)`);
  const ndims = bytes[3];
  if (ndims === 0) fail(op, `${source}: the header declares 0 dimensions`);
  const headerBytes = 4 + 4 * ndims;
  if (bytes.length < headerBytes) fail(op, `${source}: truncated header: ${ndims} dimensions need ${headerBytes} bytes, the file has ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape = Array.from({ length: ndims }, (_, i) => view.getUint32(4 + 4 * i, false));
  const count = shape.reduce((a, b) => a * b, 1);
  const dataBytes = count * type.bytes;
  const present = bytes.length - headerBytes;
  if (present < dataBytes) {
    fail(op, `${source}: truncated: the header declares [${shape.join(',')}] ${type.dtype} = ${dataBytes} data bytes, only ${present} follow`);
  }
  if (present > dataBytes) fail(op, `${source}: ${present - dataBytes} unexpected bytes after the [${shape.join(',')}] ${type.dtype} data`);
  return { dtype: type.dtype, shape, data: readValues(view, headerBytes, count, type.dtype) };
}

function readValues(view: DataView, offset: number, count: number, dtype: IdxDType): IdxData {
  switch (dtype) {
    case 'uint8': return new Uint8Array(view.buffer.slice(view.byteOffset + offset, view.byteOffset + offset + count));
    case 'int8': return new Int8Array(view.buffer.slice(view.byteOffset + offset, view.byteOffset + offset + count));
    case 'int16': return Int16Array.from({ length: count }, (_, i) => view.getInt16(offset + 2 * i, false));
    case 'int32': return Int32Array.from({ length: count }, (_, i) => view.getInt32(offset + 4 * i, false));
    case 'float32': return Float32Array.from({ length: count }, (_, i) => view.getFloat32(offset + 4 * i, false));
    case 'float64': return Float64Array.from({ length: count }, (_, i) => view.getFloat64(offset + 8 * i, false));
  }
}

/** Encodes an array as an uncompressed IDX file (the inverse of `parseIdx`). */
export function encodeIdx(array: IdxArray): Uint8Array {
  const type = TYPES.find((t) => t.dtype === array.dtype);
  if (!type) fail('encodeIdx', `unknown dtype ${JSON.stringify(array.dtype)}`);
  const { shape, data } = array;
  if (shape.length === 0 || shape.length > 255) fail('encodeIdx', `needs 1 to 255 dimensions, got ${shape.length}`);
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) fail('encodeIdx', `shape [${shape.join(',')}] needs ${count} values, got ${data.length}`);
  const header = 4 + 4 * shape.length;
  const out = new Uint8Array(header + count * type.bytes);
  const view = new DataView(out.buffer);
  out[2] = type.code;
  out[3] = shape.length;
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  for (let i = 0; i < count; i++) {
    const at = header + i * type.bytes;
    switch (array.dtype) {
      case 'uint8': view.setUint8(at, data[i]); break;
      case 'int8': view.setInt8(at, data[i]); break;
      case 'int16': view.setInt16(at, data[i], false); break;
      case 'int32': view.setInt32(at, data[i], false); break;
      case 'float32': view.setFloat32(at, data[i], false); break;
      case 'float64': view.setFloat64(at, data[i], false); break;
    }
  }
  return out;
}

/** Decompresses gzip bytes (the only place that knows how; the Node entry passes zlib). */
export type Gunzip = (bytes: Uint8Array, source: string) => Promise<Uint8Array>;

/** gzip decompression with the web platform's DecompressionStream (browsers, Deno, Node 18+). */
export const gunzipWeb: Gunzip = async (bytes, source) => {
  if (typeof DecompressionStream === 'undefined') fail('gunzip', `${source}: DecompressionStream is not available here; decompress the file first`);
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (error) {
    fail('gunzip', `${source}: corrupt or truncated gzip data (${(error as Error).message})`);
  }
};

/**
 * Decodes an IDX file, gzip-compressed or not.
 *
 * ```ts
 * const labels = await decodeIdx(new Uint8Array(await (await fetch(url)).arrayBuffer()), url);
 * ```
 */
export async function decodeIdx(bytes: Uint8Array, source = 'IDX data', gunzip: Gunzip = gunzipWeb): Promise<IdxArray> {
  return parseIdx(isGzip(bytes) ? await gunzip(bytes, source) : bytes, source);
}

/**
 * Like Promise.all, but when several reads fail the error reported is the first in list order,
 * not the first in time, so a message does not depend on which file finished first.
 */
export async function allInOrder<T>(promises: readonly Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(promises);
  for (const s of settled) if (s.status === 'rejected') throw s.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}
