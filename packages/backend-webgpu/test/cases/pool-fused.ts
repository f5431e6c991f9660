import { philoxUniform } from '@tessera/tensor';
import { expectClose, expectEqual, free, randoms, take, tensor } from '../harness/assert.js';
import { defineCases } from '../harness/define.js';
import { poolBackpropRef, poolGeometry, poolRef } from '../harness/reference.js';

const POOLS = [
  ['2x2 s2', poolGeometry(2, 6, 6, 3, 2, 2, 2, 2)],
  ['3x3 s2 valid odd', poolGeometry(1, 7, 7, 2, 3, 3, 2, 2)],
  ['3x3 s2 same', poolGeometry(1, 6, 6, 2, 3, 3, 2, 2, [0, 1, 0, 1])],
  ['3x3 s1 same', poolGeometry(2, 5, 4, 1, 3, 3, 1, 1, [1, 1, 1, 1])],
  ['2x3 rect', poolGeometry(1, 5, 7, 4, 2, 3, 1, 2, [0, 1, 1, 1])],
  ['3x3 s2 same vec4 channels', poolGeometry(2, 7, 6, 8, 3, 3, 2, 2, [1, 1, 0, 1])],
] as const;

export const POOL_FUSED = defineCases('pool-fused', {
  async 'max and avg pooling (padding never wins, avg divides by real cells)'({ backend }) {
    for (const [name, p] of POOLS) {
      const xv = randoms(p.batch * p.inHeight * p.inWidth * p.channels, 51, -3, -1);
      const x = tensor(backend, xv, [p.batch, p.inHeight, p.inWidth, p.channels]);
      const n = p.batch * p.outHeight * p.outWidth * p.channels;
      expectClose(await take(backend, backend.maxPool(x, p), n), poolRef(xv, p, 'max'), `max ${name}`);
      expectClose(await take(backend, backend.avgPool(x, p), n), poolRef(xv, p, 'avg'), `avg ${name}`);
      free(backend, x);
    }
  },

  async 'pooling gradients; max routes to the first maximum of ties'({ backend }) {
    for (const [name, p] of POOLS) {
      // Quantised values make ties common, so the first-maximum rule is exercised.
      const xv = Float32Array.from(randoms(p.batch * p.inHeight * p.inWidth * p.channels, 61, 0, 4), Math.floor);
      const dyv = randoms(p.batch * p.outHeight * p.outWidth * p.channels, 62, -1, 1);
      const x = tensor(backend, xv, [p.batch, p.inHeight, p.inWidth, p.channels]);
      const dy = tensor(backend, dyv, [p.batch, p.outHeight, p.outWidth, p.channels]);
      expectClose(await take(backend, backend.maxPoolBackprop(dy, x, p), xv.length), poolBackpropRef(dyv, xv, p, 'max'), `max dx ${name}`);
      expectClose(await take(backend, backend.avgPoolBackprop(dy, p), xv.length), poolBackpropRef(dyv, xv, p, 'avg'), `avg dx ${name}`);
      free(backend, x, dy);
    }
  },

  async 'softmax and logSoftmax subtract the row max (logits of +-1000)'({ backend }) {
    for (const [outer, n] of [[3, 5], [2, 300], [1, 1], [70, 10]]) {
      const xv = randoms(outer * n, outer * n, -5, 5);
      xv[0] = 1000; if (xv.length > 2) xv[2] = -1000;
      const x = tensor(backend, xv, [outer, n]);
      const soft: number[] = [], logSoft: number[] = [];
      for (let o = 0; o < outer; o++) {
        const row = Array.from(xv.subarray(o * n, o * n + n));
        const m = Math.max(...row);
        const s = row.reduce((acc, v) => acc + Math.exp(v - m), 0);
        for (const v of row) { soft.push(Math.exp(v - m) / s); logSoft.push(v - m - Math.log(s)); }
      }
      expectClose(await take(backend, backend.softmax(x, outer, n), outer * n), soft, `softmax ${outer}x${n}`, { rtol: 1e-5, atol: 1e-7 });
      expectClose(await take(backend, backend.logSoftmax(x, outer, n), outer * n), logSoft, `logSoftmax ${outer}x${n}`, { rtol: 1e-5, atol: 1e-5 });
      free(backend, x);
    }
  },

  async 'batchNorm with and without scale and offset'({ backend }) {
    const C = 3, n = 4 * C;
    const xv = randoms(n, 71, -2, 2), mean = [0.1, -0.2, 0.3], variance = [0.5, 1.5, 2], scale = [2, 0.5, -1], offset = [0, 1, -1];
    const x = tensor(backend, xv, [2, 2, C]);
    const tm = tensor(backend, mean, [C]), tv = tensor(backend, variance, [C]), ts = tensor(backend, scale, [C]), to = tensor(backend, offset, [C]);
    const norm = (k: number) => (xv[k] - mean[k % C]) / Math.sqrt(variance[k % C] + 1e-3);
    expectClose(await take(backend, backend.batchNorm(x, tm, tv, ts, to, 1e-3), n), Array.from({ length: n }, (_, k) => norm(k) * scale[k % C] + offset[k % C]), 'full');
    expectClose(await take(backend, backend.batchNorm(x, tm, tv, null, null, 1e-3), n), Array.from({ length: n }, (_, k) => norm(k)), 'bare');
    expectClose(await take(backend, backend.batchNorm(x, tm, tv, null, to, 1e-3), n), Array.from({ length: n }, (_, k) => norm(k) + offset[k % C]), 'offset only');
    free(backend, x, tm, tv, ts, to);
  },

  async 'randomUniform is bit-identical to the core philoxUniform stream'({ backend }) {
    for (const [seedKey, start, n] of [[[1234, 0], 0, 1001], [[0xffffffff, 7], 5, 64], [[42, 42], 2 ** 32 - 3, 40]] as const) {
      const counter = [start >>> 0, Math.floor(start / 2 ** 32), 0, 0] as const;
      const got = await take(backend, backend.randomUniform(n, seedKey, counter), n);
      expectEqual(got, philoxUniform(seedKey, start, n), `philox key ${seedKey} start ${start}`);
    }
  },
});
