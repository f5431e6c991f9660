import { beforeAll, describe, expect, it } from 'vitest';
import * as T from '@tessera/tensor';
import { useJs } from './helpers.js';

beforeAll(useJs);

const t = (shape: number[], dtype: T.DType = 'float32') => T.zeros(shape, dtype);

/**
 * Each row: a call with bad input, and the message it must raise. Every one is a TesseraError
 * thrown before any kernel runs, naming the op and the offending shapes or values.
 */
const CASES: [string, () => unknown, RegExp][] = [
  ['matmul inner dims', () => T.matmul(t([2, 3]), t([4, 5])), /^matmul: inner dimensions differ: \[2,3\] x \[4,5\]$/],
  ['matmul transposed inner dims', () => T.matmul(t([2, 3]), t([2, 5]), { transposeA: false, transposeB: true }), /matmul: inner dimensions differ: \[2,3\] x \[2,5\] \(transposeA=false, transposeB=true\)/],
  ['matmul rank 1', () => T.matmul(t([3]), t([3, 2])), /matmul: both operands need at least 2 dimensions, got \[3\] x \[3,2\]/],
  ['matmul batch broadcast', () => T.matmul(t([2, 2, 3]), t([3, 3, 1])), /matmul: shapes \[2\] and \[3\] cannot be broadcast/],
  ['add broadcast', () => T.add(t([2, 3]), t([4])), /add: shapes \[2,3\] and \[4\] cannot be broadcast together \(axis -1: 3 vs 4\)/],
  ['where cond dtype', () => T.where(t([2]), t([2]), t([2])), /where: cond must be a bool tensor, got float32/],
  ['reshape size', () => T.reshape(t([2, 3]), [4, 2]), /reshape: cannot reshape \[2,3\] \(size 6\) into \[4,2\] \(size 8\)/],
  ['reshape two -1', () => T.reshape(t([2, 3]), [-1, -1]), /reshape: only one dimension may be -1/],
  ['transpose perm', () => T.transpose(t([2, 3]), [0, 0]), /transpose: perm \[0,0\] is not a permutation of 0\.\.1/],
  ['concat ranks', () => T.concat([t([2, 3]), t([2])]), /concat: tensors\[1\] has rank 1, tensors\[0\] has rank 2/],
  ['concat shapes', () => T.concat([t([2, 3]), t([2, 4])], 0), /concat: tensors\[1\] shape \[2,4\] differs from \[2,3\] outside axis 0/],
  ['concat empty', () => T.concat([]), /concat: needs a non-empty list of tensors/],
  ['stack shapes', () => T.stack([t([2]), t([3])]), /stack: tensors\[1\] shape \[3\] differs from tensors\[0\] shape \[2\]/],
  ['slice bounds', () => T.slice(t([4, 5]), [2, 0], [3, 5]), /slice: begin \[2,0\] with size \[3,5\] is out of bounds for shape \[4,5\] \(axis 0\)/],
  ['stridedSlice zero stride', () => T.stridedSlice(t([4]), [0], [4], [0]), /stridedSlice: strides must be non-zero integers/],
  ['pad arity', () => T.pad(t([2, 2]), [[1, 1]]), /pad: paddings must have one \[before, after\] pair per axis \(2\)/],
  ['pad negative', () => T.pad(t([2]), [[-1, 0]]), /pad: each padding must be \[before, after\] with non-negative integers, got \[-1,0\]/],
  ['gather index dtype', () => T.gather(t([3]), t([2])), /gather: indices must be int32, got float32/],
  ['gather index range', () => T.gather(t([3, 2]), [0, 3]), /gather: index 3 at position 1 is out of range \[0, 3\)/],
  ['oneHot depth', () => T.oneHot(T.tensor([1], [1], 'int32'), 0), /oneHot: depth must be a positive integer, got 0/],
  ['tile reps', () => T.tile(t([2, 2]), [2]), /tile: reps must hold one non-negative integer per axis \(2\), got \[2\]/],
  ['broadcastTo', () => T.broadcastTo(t([3]), [2, 4]), /broadcastTo: cannot broadcast \[3\] to \[2,4\] \(axis 1: 3 vs 4\)/],
  ['squeeze size', () => T.squeeze(t([2, 3]), 1), /squeeze: cannot squeeze axis 1 of size 3 \(shape \[2,3\]\)/],
  ['expandDims axis', () => T.expandDims(t([2, 3]), 4), /expandDims: axis 4 is out of range for rank 2 \(valid: -3\.\.2\)/],
  ['sum axis', () => T.sum(t([2, 3]), 2), /sum: axis 2 is out of range for rank 2 \(valid: -2\.\.1\)/],
  ['sum repeated axis', () => T.sum(t([2, 3]), [1, -1]), /sum: axis \[1,-1\] repeats an axis/],
  ['split uneven', () => T.split(t([5]), 2), /split: cannot split axis 0 of size 5 into 2 equal parts/],
  ['conv2d channels', () => T.conv2d(t([1, 5, 5, 3]), t([3, 3, 4, 8])), /conv2d: filter in-channels 4 != input channels 3 \(input \[1,5,5,3\], filter \[3,3,4,8\]\)/],
  ['conv2d rank', () => T.conv2d(t([5, 5, 3]), t([3, 3, 3, 8])), /conv2d: input must be 4-D NHWC \[batch, height, width, channels\], got \[5,5,3\]/],
  ['conv2d strides with dilations', () => T.conv2d(t([1, 9, 9, 1]), t([3, 3, 1, 1]), { strides: 2, dilations: 2 }), /conv2d: strides \[2,2\] > 1 together with dilations \[2,2\] > 1 are not supported/],
  ['conv2d padding', () => T.conv2d(t([1, 5, 5, 1]), t([3, 3, 1, 1]), { padding: 'full' as T.Padding }), /conv2d: padding must be 'same', 'valid', an integer or \[\[top, bottom\], \[left, right\]\], got "full"/],
  ['conv2d window too large', () => T.conv2d(t([1, 2, 2, 1]), t([3, 3, 1, 1])), /conv2d: the window \(3x3 with dilation\) is larger than the padded input \(2x2\)/],
  ['conv2d strides value', () => T.conv2d(t([1, 5, 5, 1]), t([3, 3, 1, 1]), { strides: 0 }), /conv2d: strides must be a positive integer or \[height, width\], got 0/],
  ['conv2dTranspose output shape', () => T.conv2dTranspose(t([1, 3, 3, 2]), t([3, 3, 4, 2]), [1, 9, 9, 4], { strides: 2, padding: 'same' }), /conv2dTranspose: outputShape \[1,9,9,4\] is inconsistent with input \[1,3,3,2\]/],
  ['maxPool2d window', () => T.maxPool2d(t([1, 4, 4, 1]), {}), /maxPool2d: poolSize is required/],
  ['clip bounds', () => T.clip(t([2]), 1, -1), /clip: min 1 is greater than max -1/],
  ['tensor ragged', () => T.tensor([[1, 2], [3]]), /tensor: ragged nested array: expected 2 entries at depth 1/],
  ['tensor size', () => T.tensor([1, 2, 3], [2, 2]), /tensor: shape \[2,2\] needs 4 values, got 3/],
  ['tensor typed array', () => T.tensor(new Float64Array(2) as unknown as Float32Array), /tensor: typed array Float64Array is not supported/],
  ['cast dtype', () => T.cast(t([2]), 'float64' as T.DType), /cast: unknown dtype "float64" \(use float32, int32 or bool\)/],
  ['softmax scalar', () => T.softmax(T.scalar(1)), /softmax: needs at least one axis, got a scalar/],
  ['leakyRelu alpha', () => T.leakyRelu(t([2]), Number.NaN), /leakyRelu: alpha must be a finite number, got NaN/],
  ['gelu approximate', () => T.gelu(t([2]), { approximate: 'erf' as 'none' }), /gelu: approximate must be 'none' or 'tanh', got "erf"/],
  ['batchNorm mean size', () => T.batchNorm(t([2, 4]), t([3]), t([4])), /batchNorm: mean must have 4 values \(one per channel of x \[2,4\]\), got \[3\]/],
  ['layerNorm gamma', () => T.layerNorm(t([2, 4]), t([3]), null), /layerNorm: gamma shape \[3\] must equal the normalized shape \[4\]/],
  ['fusedMatmul bias', () => T.fusedMatmul(t([2, 3]), t([3, 4]), { bias: t([3]) }), /fusedMatmul: bias must be a float32 vector of length 4, got float32 \[3\]/],
  ['fusedMatmul activation', () => T.fusedMatmul(t([2, 3]), t([3, 4]), { activation: 'swish' as 'relu' }), /fusedMatmul: activation "swish" is not one of linear, relu, relu6, sigmoid, tanh/],
  ['arange step', () => T.arange(0, 5, 0), /arange: step must not be 0/],
  ['variance too few', () => T.variance(t([1]), null, { unbiased: true }), /variance: needs more than 1 element\(s\)/],
  ['Generator seed', () => new T.Generator(1.5), /Generator: seed must be a safe integer, got 1\.5/],
  ['uniform bounds', () => T.uniform([2], { minval: 1, maxval: 1 }), /uniform: needs finite minval < maxval, got 1 and 1/],
  ['item size', () => t([2]).itemSync(), /item: needs a tensor with one element, got shape \[2\]/],
  ['operand type', () => T.add(t([2]), 'x' as unknown as number), /add: b must be a tensor, number, boolean or array, got string/],
];

describe('bad input', () => {
  it('has at least 30 distinct cases', () => {
    expect(new Set(CASES.map(([name]) => name)).size).toBeGreaterThanOrEqual(30);
  });

  for (const [name, call, message] of CASES) {
    it(`${name}: throws a TesseraError naming the op and values`, () => {
      const before = T.memory().numTensors;
      let error: unknown;
      try { T.tidy(() => { call(); }); } catch (e) { error = e; }
      expect(error, 'no error thrown').toBeInstanceOf(T.TesseraError);
      expect((error as Error).message).toMatch(message);
      // Nothing created by the failed call may stay alive.
      expect(T.memory().numTensors).toBe(before);
    });
  }
});
