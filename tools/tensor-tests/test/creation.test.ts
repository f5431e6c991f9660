import { beforeAll, describe, expect, it } from 'vitest';
import ndarray from 'ndarray';
import * as T from '@tessera/tensor';
import { createJsBackend } from '@tessera/backend-js';
import { useJs, values } from './helpers.js';

beforeAll(useJs);

describe('creation and conversion', () => {
  it('dataSyncInto falls back to readSync on a backend without readSyncInto', async () => {
    const plain = createJsBackend();
    Object.defineProperty(plain, 'readSyncInto', { value: undefined });
    await T.setBackend(plain);
    const x = T.tensor([1, 2, 3], [3], 'int32');
    expect(Array.from(x.dataSyncInto(new Int32Array(3)))).toEqual([1, 2, 3]);
    x.dispose();
    await T.setBackend(createJsBackend());
  });

  it('dataSyncInto reads into a given array (a view is fine) and names a wrong one', () => {
    const x = T.tensor([[1.5, -2], [3, 4]]);
    const buf = new Float32Array(6).fill(9);
    const view = buf.subarray(1, 5);
    expect(x.dataSyncInto(view)).toBe(view);
    expect(Array.from(buf)).toEqual([9, 1.5, -2, 3, 4, 9]);
    const b = T.tensor([true, false, true], [3], 'bool');
    expect(Array.from(b.dataSyncInto(new Uint8Array(3)))).toEqual([1, 0, 1]);
    expect(() => x.dataSyncInto(new Float32Array(3))).toThrow(/^dataSyncInto: needs a Float32Array of length 4 for a float32 tensor of shape \[2,2\], got a Float32Array of length 3/);
    expect(() => x.dataSyncInto(new Int32Array(4))).toThrow(/got a Int32Array of length 4/);
    expect(() => T.cast(x, 'int32').dataSyncInto(new Float32Array(4))).toThrow(/needs a Int32Array of length 4 for a int32 tensor/);
    x.dispose();
    expect(() => x.dataSyncInto(new Float32Array(4))).toThrow(/dataSyncInto: tensor .* has been disposed/);
    b.dispose();
  });

  it('infers shape and dtype from nested arrays, typed arrays and scalars', async () => {
    const a = T.tensor([[1, 2, 3], [4, 5, 6]]);
    expect([a.shape, a.dtype, a.rank, a.size]).toEqual([[2, 3], 'float32', 2, 6]);
    expect(T.tensor(new Int32Array([1, 2])).dtype).toBe('int32');
    expect(T.tensor([true, false]).dtype).toBe('bool');
    expect(T.scalar(3).shape).toEqual([]);
    expect(await T.tensor([1.7, -1.7], [2], 'int32').array()).toEqual([1, -1]);
    expect(await T.tensor([[true], [false]]).array()).toEqual([[true], [false]]);
    expect(await T.tensor(new Float32Array([1, 2, 3, 4, 5, 6]), [3, 2]).array()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(T.tensor([]).shape).toEqual([0]);
  });

  it('builds ranges, identity matrices and filled tensors', async () => {
    expect(await values(T.arange(5))).toEqual([0, 1, 2, 3, 4]);
    expect(T.arange(5).dtype).toBe('int32');
    expect(await values(T.arange(0, 1, 0.25))).toEqual([0, 0.25, 0.5, 0.75]);
    expect(await values(T.arange(5, 0, -2))).toEqual([5, 3, 1]);
    expect(await values(T.linspace(0, 1, 5))).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(await T.eye(2, 3).array()).toEqual([[1, 0, 0], [0, 1, 0]]);
    expect(await values(T.full([2], 7, 'int32'))).toEqual([7, 7]);
    expect(await values(T.onesLike(T.zeros([3])))).toEqual([1, 1, 1]);
  });

  it('promotes dtypes like PyTorch: int op float is float, int / int is float, comparisons are bool', async () => {
    const i = T.tensor([3, 4], [2], 'int32');
    expect(T.add(i, 1).dtype).toBe('int32');
    expect(T.add(i, 0.5).dtype).toBe('float32');
    expect(await values(T.div(i, 2))).toEqual([1.5, 2]);
    expect(T.greater(i, 3).dtype).toBe('bool');
    expect(T.sum(T.tensor([true, true, false])).dtype).toBe('int32');
    expect(await T.sum(T.tensor([true, true, false])).item()).toBe(2);
    expect(T.exp(i).dtype).toBe('float32');
    expect(T.mean(i).dtype).toBe('float32');
  });

  it('reads back synchronously and asynchronously, as values, arrays and items', async () => {
    const x = T.tensor([[1, 2], [3, 4]]);
    expect(Array.from(x.dataSync())).toEqual([1, 2, 3, 4]);
    expect(x.arraySync()).toEqual([[1, 2], [3, 4]]);
    expect(await T.sum(x).item()).toBe(10);
    expect(T.sum(x).itemSync()).toBe(10);
    expect(String(x)).toBe('Tensor(shape=[2,2], dtype=float32, backend=js)');
  });

  it('converts from and to ndarray, honouring strides and offsets', async () => {
    const nd = ndarray(new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3]);
    const transposed = T.fromNdarray(nd.transpose(1, 0));
    expect(await transposed.array()).toEqual([[1, 4], [2, 5], [3, 6]]);
    const sliced = T.fromNdarray(nd.lo(0, 1).hi(2, 2));
    expect(await sliced.array()).toEqual([[2, 3], [5, 6]]);
    expect(T.fromNdarray(ndarray(new Int32Array([1, 2]), [2])).dtype).toBe('int32');
    const back = await T.toNdarray(T.tensor([[1, 2], [3, 4]]));
    expect(back.shape).toEqual([2, 2]);
    expect((back as unknown as { get(i: number, j: number): number }).get(1, 0)).toBe(3);
    const viaFactory = await T.toNdarray(T.tensor([7]), ndarray as unknown as T.NdarrayFactory);
    expect(Array.from(viaFactory.data)).toEqual([7]);
  });

  it('runs every op as a Tensor method too', async () => {
    const x = T.tensor([[1, -2], [3, -4]]);
    expect(await values(x.abs().mul(2).sub(1).relu().sum(1))).toEqual([4, 12]);
    expect(await values(x.matmul(x, { transposeB: true }).reshape([4]))).toEqual([5, 11, 11, 25]);
    expect(await x.argmax(1).array()).toEqual([0, 0]);
    expect(x.expandDims(0).squeeze().shape).toEqual([2, 2]);
  });
});
