import { describe, expect, it } from 'vitest';
import * as T from '@tessera/tensor';
import { TesseraError } from '@tessera/tensor';
import {
  decodeSafetensors, dense, encodeSafetensors, float32Bytes, loadModel, saveModel, sequential, setWeightsFromFile, tensorValues,
} from '../src/index.js';
import { useJsBackend, values } from './helpers.js';

useJsBackend();

const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));

/** A file laid out by hand from the format description, as another tool (PyTorch's safetensors) writes it. */
function handCrafted(): Uint8Array {
  let header = '{"__metadata__":{"format":"pt"},"dense_1/bias":{"dtype":"F16","shape":[2],"data_offsets":[16,20]},'
    + '"dense_1/kernel":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},'
    + '"step":{"dtype":"I64","shape":[],"data_offsets":[20,28]},"scale":{"dtype":"BF16","shape":[1],"data_offsets":[28,30]}}';
  while (header.length % 8 !== 0) header += ' ';
  const n = header.length;
  return new Uint8Array([
    n & 0xff, (n >> 8) & 0xff, 0, 0, 0, 0, 0, 0,
    ...ascii(header),
    0x00, 0x00, 0x80, 0x3f, // 1.0
    0x00, 0x00, 0x00, 0x40, // 2.0
    0x00, 0x00, 0x00, 0xbf, // -0.5
    0x00, 0x00, 0x60, 0x40, // 3.5
    0x00, 0x38, 0x00, 0xc0, // F16 0.5, -2.0
    0x07, 0, 0, 0, 0, 0, 0, 0, // I64 7
    0x80, 0x3f, // BF16 1.0
  ]);
}

function withHeader(header: string, data: number[] = []): Uint8Array {
  const h = ascii(header);
  return new Uint8Array([h.length & 0xff, (h.length >> 8) & 0xff, 0, 0, 0, 0, 0, 0, ...h, ...data]);
}

describe('safetensors format', () => {
  it('reads a file written by another tool (bytes laid out by hand from the format)', async () => {
    const file = decodeSafetensors(handCrafted());
    expect(file.metadata).toEqual({ format: 'pt' });
    expect([...file.tensors.keys()]).toEqual(['dense_1/kernel', 'dense_1/bias', 'step', 'scale']);
    expect(Array.from(tensorValues('k', file.tensors.get('dense_1/kernel')!).values)).toEqual([1, 2, -0.5, 3.5]);
    expect(Array.from(tensorValues('b', file.tensors.get('dense_1/bias')!).values)).toEqual([0.5, -2]);
    expect(tensorValues('s', file.tensors.get('step')!)).toEqual({ dtype: 'int32', values: new Int32Array([7]) });
    expect(Array.from(tensorValues('c', file.tensors.get('scale')!).values)).toEqual([1]);

    const layer = dense({ units: 2, name: 'dense_1', inputShape: [2] });
    const net = sequential([layer]);
    const kernelAndBias = decodeSafetensors(handCrafted());
    const only = new Map([...kernelAndBias.tensors].filter(([k]) => k.startsWith('dense_1/')));
    setWeightsFromFile(net, { metadata: {}, tensors: only });
    expect(await values(net.predict(T.tensor([[1, 1]])) as T.Tensor)).toEqual([1 - 0.5 + 0.5, 2 + 3.5 - 2]);
  });

  it('writes the layout the format prescribes', () => {
    const bytes = encodeSafetensors({
      a: { dtype: 'F32', shape: [3], bytes: float32Bytes([1, 2, 3]) },
      b: { dtype: 'I32', shape: [1, 1], bytes: new Uint8Array([5, 0, 0, 0]) },
    }, { note: 'hi' });
    const view = new DataView(bytes.buffer);
    const n = Number(view.getBigUint64(0, true));
    expect(n % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(header).toEqual({
      __metadata__: { note: 'hi' },
      a: { dtype: 'F32', shape: [3], data_offsets: [0, 12] },
      b: { dtype: 'I32', shape: [1, 1], data_offsets: [12, 16] },
    });
    expect(bytes.length).toBe(8 + n + 16);
    expect(view.getFloat32(8 + n + 8, true)).toBe(3);
    expect(view.getInt32(8 + n + 12, true)).toBe(5);
  });

  it('rejects corrupt and truncated files with clear errors', () => {
    const good = handCrafted();
    const cases: [Uint8Array, RegExp][] = [
      [good.subarray(0, 5), /too short for the 8-byte header length/],
      [good.subarray(0, 40), /runs past the end of the \d+-byte file \(truncated\?\)/],
      [good.subarray(0, good.length - 3), /tensors need 30 data bytes but the file has 27.*truncated/],
      [new Uint8Array([...good, 0, 0]), /2 unexpected bytes after the last tensor/],
      [new Uint8Array([0, 0, 0, 0, 0, 1, 0, 0, ...good.subarray(8)]), /exceeds the 100000000-byte limit/],
      [withHeader('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}', [0, 0, 0, 0]), /"a" data_offsets \[0,4\] hold 4 bytes, its shape \[2\] F32 needs 8/],
      [withHeader('{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', [0, 0, 0, 0, 0, 0, 0, 0]), /gap at byte 0/],
      [withHeader('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[2,6]}}', [0, 0, 0, 0, 0, 0]), /"b" overlaps the previous tensor/],
      [withHeader('{"a":{"dtype":"Q4","shape":[1],"data_offsets":[0,1]}}', [0]), /unsupported dtype "Q4"/],
      [withHeader('{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}', [0, 0, 0, 0]), /invalid shape \[-1\]/],
      [withHeader('{"__metadata__":{"n":1}}'), /__metadata__ must be an object of strings/],
      [withHeader('{"a": oops}'), /header is not valid JSON/],
      [withHeader('[1,2,3]'), /does not start with "\{"/],
      [new Uint8Array([2, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xfe]), /not valid UTF-8/],
    ];
    for (const [bytes, message] of cases) {
      expect(() => decodeSafetensors(bytes)).toThrow(TesseraError);
      expect(() => decodeSafetensors(bytes)).toThrow(message);
    }
  });
});

describe('saveModel / loadModel', () => {
  it('refuse files that do not describe the model', async () => {
    await expect(loadModel(handCrafted())).rejects.toThrow(/has no model architecture.*dense_1\/kernel/);
    const net = sequential([dense({ units: 2, inputShape: [3], name: 'fc' })]);
    const bytes = await saveModel(net);
    const file = decodeSafetensors(bytes);
    const tensors = Object.fromEntries([...file.tensors].map(([k, v]) => [k, v]));
    const meta = { ...file.metadata };
    const spec = JSON.parse(meta['tessera.model']);
    spec.config.layers[0].config.units = 3;
    await expect(loadModel(encodeSafetensors(tensors, { ...meta, 'tessera.model': JSON.stringify(spec) })))
      .rejects.toThrow(/weight fc\/kernel has shape \[3,3\] but the file's tensor is \[3,2\]/);
    const extra = { ...tensors, stray: { dtype: 'F32' as const, shape: [1], bytes: float32Bytes([0]) } };
    await expect(loadModel(encodeSafetensors(extra, meta))).rejects.toThrow(/tensors the model does not use: stray/);
    const { ['fc/bias']: _gone, ...missing } = tensors;
    await expect(loadModel(encodeSafetensors(missing, meta))).rejects.toThrow(/no tensor for weight fc\/bias \[2\]/);
    await expect(loadModel(encodeSafetensors(tensors, { ...meta, 'tessera.model': '{"className":"Sequential","config":{"layers":[{"className":"Eval","config":{}}]}}' })))
      .rejects.toThrow(/unknown layer class "Eval"/);
    await expect(loadModel(encodeSafetensors(tensors, { ...meta, 'tessera.version': '9' }))).rejects.toThrow(/unsupported format version "9"/);
  });
});
