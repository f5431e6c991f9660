import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { digits, fashion, idx } from '../src/classical/data.js';
import { subset } from '../src/classical/tasks.js';

function idxFile(magic: number, dims: number[], bytes: number[]): Buffer {
  const head = Buffer.alloc(4 + 4 * dims.length);
  head.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => head.writeUInt32BE(d, 4 + 4 * i));
  return gzipSync(Buffer.concat([head, Buffer.from(bytes)]));
}

describe('bench datasets', () => {
  it('reads gzipped IDX images and labels, scaled to [0, 1]', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-idx-'));
    try {
      const pixels = Array.from({ length: 3 * 4 }, (_, i) => i * 20);
      writeFileSync(join(dir, 'train-images-idx3-ubyte.gz'), idxFile(0x803, [3, 2, 2], pixels));
      writeFileSync(join(dir, 'train-labels-idx1-ubyte.gz'), idxFile(0x801, [3], [7, 1, 9]));
      writeFileSync(join(dir, 't10k-images-idx3-ubyte.gz'), idxFile(0x803, [3, 2, 2], pixels));
      writeFileSync(join(dir, 't10k-labels-idx1-ubyte.gz'), idxFile(0x801, [3], [2, 2, 5]));
      const data = fashion(2, 1, dir);
      if ('missing' in data) throw new Error(data.missing);
      expect(data.XTrain.rows).toBe(2);
      expect(data.XTrain.toArray()[1]).toEqual([80 / 255, 100 / 255, 120 / 255, 140 / 255]);
      expect(data.yTrain).toEqual([7, 1]);
      expect(data.yTest).toEqual([2]);
      expect(() => idx(join(dir, 'train-labels-idx1-ubyte.gz'), 0x803)).toThrow(/not an IDX file of the expected type/);
      expect(() => fashion(5, 1, dir)).toThrow(/has 3 images, need 5/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says why Fashion-MNIST is missing', () => {
    const r = fashion(10, 10, '/nonexistent-dir');
    expect(r).toEqual({ missing: expect.stringMatching(/not found \(apt-get install dataset-fashion-mnist\)/) });
  });

  it('splits digits 80/20 with every class in both parts', () => {
    const d = digits();
    expect(d.XTrain.rows + d.XTest.rows).toBe(1797);
    expect(d.XTest.rows).toBe(360);
    expect(new Set(d.yTest).size).toBe(10);
    const s = subset(d, 100, 10);
    expect([s.XTrain.rows, s.XTest.rows, s.yTrain.length]).toEqual([100, 10, 100]);
  });
});
