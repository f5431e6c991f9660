import type { Conv2DInfo, FusedActivation } from '@tessera/tensor';
import type { WebGPUBackend } from '../../src/index.js';
import { expectClose, free, randoms, take, tensor } from '../harness/assert.js';
import { defineCases } from '../harness/define.js';
import { convDwRef, convDxRef, convGeometry, convRef, matmulRef } from '../harness/reference.js';

const MATMUL_SHAPES: [number, number, number, number, number][] = [
  // batchA, batchB, M, N, K
  [1, 1, 1, 1, 1], [1, 1, 4, 4, 4], [1, 1, 5, 7, 3], [1, 1, 33, 65, 17], [1, 1, 64, 64, 64], [3, 3, 8, 12, 16],
  [2, 1, 9, 8, 12], [1, 4, 6, 5, 8], [1, 1, 3, 5, 0], [1, 1, 70, 36, 130],
];

const ACT: Record<FusedActivation, (v: number) => number> = {
  linear: (v) => v, relu: (v) => Math.max(v, 0), relu6: (v) => Math.min(Math.max(v, 0), 6),
  sigmoid: (v) => 1 / (1 + Math.exp(-v)), tanh: Math.tanh,
};

async function checkMatmul(backend: WebGPUBackend, label: string) {
  for (const [batchA, batchB, M, N, K] of MATMUL_SHAPES) {
    for (const tA of [false, true]) for (const tB of [false, true]) {
      const av = randoms(batchA * M * K, M * 31 + K, -1, 1), bv = randoms(batchB * K * N, N * 17 + K, -1, 1);
      const a = tensor(backend, av, tA ? [batchA, K, M] : [batchA, M, K]);
      const b = tensor(backend, bv, tB ? [batchB, N, K] : [batchB, K, N]);
      const batch = Math.max(batchA, batchB);
      const got = await take(backend, backend.matmul(a, b, { transposeA: tA, transposeB: tB }), batch * M * N);
      expectClose(got, matmulRef(av, bv, batchA, batchB, M, N, K, tA, tB), `${label} matmul ${[batchA, batchB, M, N, K]} tA=${tA} tB=${tB}`, { rtol: 1e-5, atol: 1e-5 });
      free(backend, a, b);
    }
  }
}

const CONVS: [string, Conv2DInfo][] = [
  ['1x1', convGeometry(2, 5, 5, 4, 8, 1, 1)],
  ['3x3 valid', convGeometry(1, 7, 6, 3, 5, 3, 3)],
  ['3x3 same stride 2', convGeometry(2, 8, 8, 4, 4, 3, 3, { stride: [2, 2], pad: [0, 1, 0, 1] })],
  ['5x5 pad 2', convGeometry(1, 6, 6, 2, 3, 5, 5, { pad: [2, 2, 2, 2] })],
  ['3x2 stride [1,2] asym pad', convGeometry(3, 7, 9, 5, 6, 3, 2, { stride: [1, 2], pad: [1, 0, 0, 1] })],
  ['dilation 2', convGeometry(1, 9, 9, 8, 4, 3, 3, { dilation: [2, 2], pad: [2, 2, 2, 2] })],
  ['4x4 stride 3', convGeometry(2, 10, 11, 1, 7, 4, 4, { stride: [3, 3], pad: [1, 2, 1, 1] })],
  ['wide channels', convGeometry(1, 6, 6, 16, 32, 3, 3, { pad: [1, 1, 1, 1] })],
];

export const LINALG_CONV = defineCases('linalg-conv', {
  async 'matmul (register-blocked) over shapes, transposes and batch broadcasting'({ backend }) {
    await checkMatmul(backend, 'registers');
  },

  async 'matmul (workgroup tiles) over the same shapes'({ tiled }) {
    await checkMatmul(tiled, 'workgroup');
  },

  async 'fusedMatmul adds bias and applies each activation'({ backend, tiled }) {
    for (const be of [backend, tiled]) {
      for (const [M, N, K] of [[5, 8, 4], [6, 7, 5]]) {
        const av = randoms(M * K, 5, -2, 2), bv = randoms(K * N, 6, -2, 2), biasv = randoms(N, 7, -1, 1);
        const a = tensor(be, av, [1, M, K]), b = tensor(be, bv, [1, K, N]), bias = tensor(be, biasv, [N]);
        const base = matmulRef(av, bv, 1, 1, M, N, K, false, false);
        for (const activation of Object.keys(ACT) as FusedActivation[]) {
          const got = await take(be, be.fusedMatmul(a, b, { transposeA: false, transposeB: false, bias, activation }), M * N);
          expectClose(got, Array.from(base, (v, k) => ACT[activation](v + biasv[k % N])), `fused ${activation} ${M}x${N}`, { rtol: 1e-5, atol: 1e-6 });
        }
        const noBias = await take(be, be.fusedMatmul(a, b, { transposeA: false, transposeB: false, activation: 'relu' }), M * N);
        expectClose(noBias, Array.from(base, ACT.relu), 'fused relu without bias');
        free(be, a, b, bias);
      }
    }
  },

  async 'matmul and conv2d grids taller than 65535 workgroups are split into several dispatches'({ backend, tiled }) {
    const M = 1450 * 1450;
    const av = randoms(M, 81, -1, 1), bv = Float32Array.from([1, -2, 0.5, 3]);
    for (const be of [backend, tiled]) {
      const a = tensor(be, av, [1, M, 1]), b = tensor(be, bv, [1, 1, 4]);
      const got = await take(be, be.matmul(a, b, { transposeA: false, transposeB: false }), M * 4);
      expectClose(got, Array.from({ length: M * 4 }, (_, k) => av[k >> 2] * bv[k & 3]), 'tall matmul', { rtol: 1e-6, atol: 0 });
      free(be, a, b);
    }
    // A 1x2 filter (1x1 would take the matmul path): out[y][x] = 2 x[y][x] - x[y][x+1].
    const S = 1450;
    const c = convGeometry(1, S, S, 1, 1, 1, 2, { pad: [0, 0, 0, 1] });
    const w = tensor(backend, [2, -1], [1, 2, 1, 1]);
    const x = tensor(backend, av, [1, S, S, 1]);
    const want = Array.from({ length: S * S }, (_, k) => 2 * av[k] - (k % S < S - 1 ? av[k + 1] : 0));
    expectClose(await take(backend, backend.conv2d(x, w, c), S * S), want, 'tall conv', { rtol: 1e-6, atol: 1e-6 });
    const dyv = randoms(S * S, 82, -1, 1);
    const dy = tensor(backend, dyv, [1, S, S, 1]);
    const wantDx = Array.from({ length: S * S }, (_, k) => 2 * dyv[k] - (k % S > 0 ? dyv[k - 1] : 0));
    expectClose(await take(backend, backend.conv2dBackpropInput(dy, w, c), S * S), wantDx, 'tall conv dx', { rtol: 1e-6, atol: 1e-6 });
    free(backend, w, x, dy);
  },

  async 'conv2d forward and fusedConv2d (1x1 goes through either matmul family)'({ backend: main, tiled }) {
    for (const [name, c, backend] of [...CONVS.map(([n, g]) => [n, g, main] as const), ['1x1 tiled', CONVS[0][1], tiled] as const]) {
      const xv = randoms(c.batch * c.inHeight * c.inWidth * c.inChannels, 11, -1, 1);
      const wv = randoms(c.filterHeight * c.filterWidth * c.inChannels * c.outChannels, 12, -1, 1);
      const x = tensor(backend, xv, [c.batch, c.inHeight, c.inWidth, c.inChannels]);
      const w = tensor(backend, wv, [c.filterHeight, c.filterWidth, c.inChannels, c.outChannels]);
      const outSize = c.batch * c.outHeight * c.outWidth * c.outChannels;
      const want = convRef(xv, wv, c);
      expectClose(await take(backend, backend.conv2d(x, w, c), outSize), want, `conv2d ${name}`, { rtol: 1e-5, atol: 1e-5 });
      const biasv = randoms(c.outChannels, 13, -1, 1);
      const bias = tensor(backend, biasv, [c.outChannels]);
      expectClose(await take(backend, backend.fusedConv2d(x, w, c, { bias, activation: 'relu' }), outSize),
        Array.from(want, (v, k) => Math.max(0, v + biasv[k % c.outChannels])), `fusedConv2d ${name}`, { rtol: 1e-5, atol: 1e-5 });
      free(backend, x, w, bias);
    }
  },

  async 'conv2d input and filter gradients match the adjoint loops'({ backend }) {
    for (const [name, c] of CONVS) {
      const xv = randoms(c.batch * c.inHeight * c.inWidth * c.inChannels, 21, -1, 1);
      const wv = randoms(c.filterHeight * c.filterWidth * c.inChannels * c.outChannels, 22, -1, 1);
      const dyv = randoms(c.batch * c.outHeight * c.outWidth * c.outChannels, 23, -1, 1);
      const x = tensor(backend, xv, [c.batch, c.inHeight, c.inWidth, c.inChannels]);
      const w = tensor(backend, wv, [c.filterHeight, c.filterWidth, c.inChannels, c.outChannels]);
      const dy = tensor(backend, dyv, [c.batch, c.outHeight, c.outWidth, c.outChannels]);
      expectClose(await take(backend, backend.conv2dBackpropInput(dy, w, c), xv.length), convDxRef(dyv, wv, c), `dx ${name}`, { rtol: 1e-5, atol: 1e-5 });
      expectClose(await take(backend, backend.conv2dBackpropFilter(x, dy, c), wv.length), convDwRef(xv, dyv, c), `dw ${name}`, { rtol: 1e-5, atol: 1e-4 });
      free(backend, x, w, dy);
    }
  },

  async 'conv2d filter gradient with a long reduction splits and sums deterministically'({ backend }) {
    const c = convGeometry(8, 24, 24, 3, 8, 3, 3, { pad: [1, 1, 1, 1] });
    const xv = randoms(8 * 24 * 24 * 3, 31, -1, 1), dyv = randoms(8 * 24 * 24 * 8, 32, -1, 1);
    const x = tensor(backend, xv, [8, 24, 24, 3]), dy = tensor(backend, dyv, [8, 24, 24, 8]);
    const first = await take(backend, backend.conv2dBackpropFilter(x, dy, c), 3 * 3 * 3 * 8);
    expectClose(first, convDwRef(xv, dyv, c), 'dw long', { rtol: 1e-4, atol: 1e-3 });
    const second = await take(backend, backend.conv2dBackpropFilter(x, dy, c), 3 * 3 * 3 * 8);
    expectClose(second, first, 'bitwise repeatable', { rtol: 0, atol: 0 });
    free(backend, x, dy);
  },

  async 'depthwise conv2d and its gradients (multiplier 1 and 2)'({ backend }) {
    const cases: [string, Conv2DInfo][] = [
      ['m1 same', convGeometry(2, 6, 6, 3, 0, 3, 3, { pad: [1, 1, 1, 1], mult: 1 })],
      ['m2 stride 2', convGeometry(1, 7, 8, 2, 0, 3, 3, { stride: [2, 2], pad: [1, 1, 0, 1], mult: 2 })],
      ['m2 dilation', convGeometry(1, 8, 8, 4, 0, 2, 2, { dilation: [2, 2], mult: 2 })],
      ['m1 vec4 channels', convGeometry(2, 7, 6, 8, 0, 3, 3, { stride: [2, 1], pad: [1, 1, 1, 1], mult: 1 })],
      ['m2 many rows (split filter gradient)', convGeometry(6, 40, 9, 3, 0, 3, 3, { pad: [1, 1, 1, 1], mult: 2 })],
    ];
    for (const [name, c] of cases) {
      const xv = randoms(c.batch * c.inHeight * c.inWidth * c.inChannels, 41, -1, 1);
      const wv = randoms(c.filterHeight * c.filterWidth * c.outChannels, 42, -1, 1);
      const dyv = randoms(c.batch * c.outHeight * c.outWidth * c.outChannels, 43, -1, 1);
      const x = tensor(backend, xv, [c.batch, c.inHeight, c.inWidth, c.inChannels]);
      const w = tensor(backend, wv, [c.filterHeight, c.filterWidth, c.inChannels, c.channelMultiplier]);
      const dy = tensor(backend, dyv, [c.batch, c.outHeight, c.outWidth, c.outChannels]);
      expectClose(await take(backend, backend.depthwiseConv2d(x, w, c), dyv.length), convRef(xv, wv, c, true), `depthwise ${name}`, { rtol: 1e-5, atol: 1e-5 });
      expectClose(await take(backend, backend.depthwiseConv2dBackpropInput(dy, w, c), xv.length), convDxRef(dyv, wv, c, true), `depthwise dx ${name}`, { rtol: 1e-5, atol: 1e-5 });
      expectClose(await take(backend, backend.depthwiseConv2dBackpropFilter(x, dy, c), wv.length), convDwRef(xv, dyv, c, true), `depthwise dw ${name}`, { rtol: 1e-5, atol: 1e-5 });
      free(backend, x, w, dy);
    }
  },
});
