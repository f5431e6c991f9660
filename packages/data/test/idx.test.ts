import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { TesseraError } from '@tessera/tensor';
import { decodeIdx, encodeIdx, gunzipWeb, parseIdx, type IdxArray } from '../src/index.js';
import { allInOrder } from '../src/idx.js';
import { gunzipNode, readIdxFile } from '../src/node.js';

const dir = mkdtempSync(join(tmpdir(), 'tessera-idx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rejects(p: Promise<unknown> | (() => unknown), message: RegExp): Promise<void> {
  let error: unknown;
  try { await (typeof p === 'function' ? p() : p); } catch (e) { error = e; }
  expect(error).toBeInstanceOf(TesseraError);
  expect((error as Error).message).toMatch(message);
}

// A header written byte by byte from the format description, independent of encodeIdx.
const header = (type: number, dims: number[]) => [0, 0, type, dims.length, ...dims.flatMap((d) => [d >>> 24, (d >>> 16) & 255, (d >>> 8) & 255, d & 255])];

describe('parseIdx', () => {
  it('reads MNIST-style uint8 images and labels', () => {
    const bytes = Uint8Array.from([...header(0x08, [2, 2, 3]), ...Array.from({ length: 12 }, (_, i) => i * 20)]);
    const a = parseIdx(bytes, 'imgs');
    expect(a.dtype).toBe('uint8');
    expect(a.shape).toEqual([2, 2, 3]);
    expect(Array.from(a.data)).toEqual(Array.from({ length: 12 }, (_, i) => i * 20));
  });

  it('reads big-endian multi-byte types', () => {
    const i32 = parseIdx(Uint8Array.from([...header(0x0c, [2]), 0xff, 0xff, 0xff, 0xfe, 0, 0, 1, 0]));
    expect([i32.dtype, ...i32.data]).toEqual(['int32', -2, 256]);
    const f32 = parseIdx(Uint8Array.from([...header(0x0d, [1]), 0x3f, 0xc0, 0, 0]));
    expect([f32.dtype, ...f32.data]).toEqual(['float32', 1.5]);
    const i16 = parseIdx(Uint8Array.from([...header(0x0b, [1]), 0x80, 0x00]));
    expect(Array.from(i16.data)).toEqual([-32768]);
  });

  it('round-trips every dtype through encodeIdx', () => {
    const arrays: IdxArray[] = [
      { dtype: 'uint8', shape: [3], data: Uint8Array.of(0, 128, 255) },
      { dtype: 'int8', shape: [3], data: Int8Array.of(-128, 0, 127) },
      { dtype: 'int16', shape: [1, 2], data: Int16Array.of(-300, 300) },
      { dtype: 'int32', shape: [2, 1], data: Int32Array.of(-70000, 2 ** 31 - 1) },
      { dtype: 'float32', shape: [2], data: Float32Array.of(-0.25, 3.5e10) },
      { dtype: 'float64', shape: [2], data: Float64Array.of(Math.PI, -1e-300) },
    ];
    for (const a of arrays) {
      const back = parseIdx(encodeIdx(a));
      expect(back.dtype).toBe(a.dtype);
      expect(back.shape).toEqual(a.shape);
      expect(Array.from(back.data)).toEqual(Array.from(a.data));
    }
    expect(Array.from(encodeIdx({ dtype: 'uint8', shape: [2], data: Uint8Array.of(7, 9) }))).toEqual([...header(0x08, [2]), 7, 9]);
  });

  it('names the file and the problem for malformed input', async () => {
    const f = 'train-images-idx3-ubyte';
    await rejects(() => parseIdx(Uint8Array.of(1, 2, 8, 1, 0, 0, 0, 0), f), /^readIdx: train-images-idx3-ubyte: bad magic number 01 02 08 01/);
    await rejects(() => parseIdx(Uint8Array.from(header(0x0a, [1]).concat([0])), f), /^readIdx: train-images-idx3-ubyte: unknown element type code 0x0a/);
    await rejects(() => parseIdx(Uint8Array.of(0, 0, 8, 0), f), /: the header declares 0 dimensions$/);
    await rejects(() => parseIdx(Uint8Array.of(0, 0), f), /: truncated: 2 bytes, an IDX header needs at least 4$/);
    await rejects(() => parseIdx(Uint8Array.from(header(0x08, [60000, 28, 28]).slice(0, 10)), f), /: truncated header: 3 dimensions need 16 bytes, the file has 10$/);
    await rejects(() => parseIdx(Uint8Array.from([...header(0x08, [60000, 28, 28]), 1, 2, 3]), f), /^readIdx: train-images-idx3-ubyte: truncated: the header declares \[60000,28,28\] uint8 = 47040000 data bytes, only 3 follow$/);
    await rejects(() => parseIdx(Uint8Array.from([...header(0x08, [2]), 1, 2, 3]), f), /: 1 unexpected bytes after the \[2\] uint8 data$/);
    await rejects(() => parseIdx(gzipSync(Uint8Array.of(0, 0, 8, 1, 0, 0, 0, 0)), f), /: the data is gzip-compressed/);
  });
});

describe('gzip', () => {
  const array: IdxArray = { dtype: 'uint8', shape: [4, 5], data: Uint8Array.from({ length: 20 }, (_, i) => (i * 37) % 256) };
  const plain = encodeIdx(array);
  const zipped = gzipSync(plain);

  it('decodes gzipped and plain files alike, with zlib and with DecompressionStream', async () => {
    for (const gunzip of [gunzipNode, gunzipWeb]) {
      for (const bytes of [plain, zipped]) {
        const got = await decodeIdx(bytes, 'x.gz', gunzip);
        expect(got.shape).toEqual([4, 5]);
        expect(Array.from(got.data)).toEqual(Array.from(array.data));
      }
    }
  });

  it('reports corrupt and truncated gzip data', async () => {
    const cut = zipped.slice(0, zipped.length - 12);
    await rejects(decodeIdx(cut, 'cut.gz', gunzipNode), /^gunzip: cut.gz: corrupt or truncated gzip data/);
    await rejects(decodeIdx(cut, 'cut.gz', gunzipWeb), /^gunzip: cut.gz: corrupt or truncated gzip data/);
  });

  it('readIdxFile reads from disk and names the path', async () => {
    const path = join(dir, 'labels-idx1-ubyte.gz');
    writeFileSync(path, zipped);
    expect((await readIdxFile(path)).shape).toEqual([4, 5]);
    const bad = join(dir, 'bad-idx1-ubyte');
    writeFileSync(bad, Uint8Array.of(0, 0, 8, 1, 0, 0, 0, 9, 1));
    await rejects(readIdxFile(bad), new RegExp(`^readIdx: ${bad}: truncated: the header declares \\[9\\] uint8 = 9 data bytes, only 1 follow$`));
    await rejects(readIdxFile(join(dir, 'missing')), /^readIdx: .*missing: cannot read \(no such file\)$/);
  });
});

describe('allInOrder', () => {
  it('reports the first failure in list order, not in time', async () => {
    const late = new Promise<number>((_, reject) => setTimeout(() => reject(new Error('first file')), 20));
    const early = Promise.reject(new Error('second file'));
    await expect(allInOrder([late, early])).rejects.toThrow('first file');
    expect(await allInOrder([Promise.resolve(1), Promise.resolve(2)])).toEqual([1, 2]);
  });
});
