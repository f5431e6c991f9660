import {
  adamStep, adamStepReference, adamUpdate, argmax, cast, dispose, equal, grad, greater, less, logicalAnd, mean, mul, setBackend, softmaxCrossEntropy,
  softmaxCrossEntropyReference, softmaxCrossEntropyWithAccuracy, sub, tensor as coreTensor, setKernelProfiler, variable, type AdamStepOptions, type FusedActivation,
  type Tensor,
} from '@tessera/tensor';
import { createJsBackend } from '@tessera/backend-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WasmBackend } from '../src/index.js';
import { backend, expectBits, expectClose, randomArray, readBuf, tensor } from './helpers.js';

let be: WasmBackend;
beforeAll(async () => { be = await backend(); });
afterAll(() => be.dispose());

/** Values that probe every branch of the masks and the float32 corner cases. */
function specials(n: number, seed: number, scale: number): Float32Array {
  const v = randomArray(n, seed, -scale, scale);
  const corner = [0, -0, 6, -6, 1, 5.999999, 6.000001, Number.NaN, Infinity, -Infinity, 1e-30, -1e-30];
  corner.forEach((c, i) => { if (i * 7 < n) v[i * 7] = c; });
  return v;
}

/** The core's reference decomposition of the activation backward, on the active backend. */
function reference(dy: Tensor, y: Tensor, activation: Exclude<FusedActivation, 'linear'>): Tensor {
  switch (activation) {
    case 'relu': return mul(dy, cast(greater(y, 0), 'float32'));
    case 'relu6': return mul(dy, cast(logicalAnd(greater(y, 0), less(y, 6)), 'float32'));
    case 'sigmoid': return mul(dy, mul(y, sub(1, y)));
    case 'tanh': return mul(dy, sub(1, mul(y, y)));
  }
}

describe('activationGrad', () => {
  for (const n of [1, 7, 1000, 70_001]) {
    for (const act of ['relu', 'relu6', 'sigmoid', 'tanh'] as const) {
      it(`${act}, ${n} elements: bit-identical to the reference decomposition`, async () => {
        await setBackend(be);
        const dyv = specials(n, n, 3), yv = specials(n, n + 1, 8);
        const got = readBuf(be, be.activationGrad(tensor(be, dyv, [n]), tensor(be, yv, [n]), act), n);
        const dy = coreTensor(dyv, [n]), y = coreTensor(yv, [n]);
        const want = reference(dy, y, act);
        expectBits(got, await want.data());
        dispose([dy, y, want]);
      });
    }
  }
});

describe('adamStep', () => {
  const options = (step: number, lr = 1e-3, beta1 = 0.9, beta2 = 0.999): AdamStepOptions => ({
    beta1, beta2, epsilon: 1e-8, stepSize: lr / (1 - beta1 ** step), correction2: Math.sqrt(1 - beta2 ** step),
  });

  for (const n of [1, 5, 4099, 60_000]) {
    for (const amsgrad of [false, true]) {
      it(`${n} elements${amsgrad ? ', AMSGrad' : ''}: bit-identical to the decomposition, on wasm and on js`, async () => {
        const values = [randomArray(n, 1), randomArray(n, 2, -0.1, 0.1), randomArray(n, 3, -0.01, 0.01), randomArray(n, 4, 0, 1e-4), randomArray(n, 5, 0, 2e-4)];
        values[1][0] = 0;
        const run = async (fused: boolean) => {
          const [p, g, m, v, vmax] = values.map((x) => coreTensor(x, [n]));
          const state = { param: p, m, v, vmax: amsgrad ? vmax : null };
          const o = options(3 + n % 5, 0.01, 0.8, 0.99);
          const out = fused ? adamStep(state, g, o) : adamStepReference(state, g, o);
          const data = await Promise.all([out.param, out.m, out.v, ...(out.vmax ? [out.vmax] : [])].map((t) => t.data()));
          dispose([p, g, m, v, vmax, out.param, out.m, out.v, out.vmax ?? []]);
          return data;
        };
        await setBackend(be);
        const fused = await run(true);
        const decomposed = await run(false);
        await setBackend(createJsBackend());
        const js = await run(false);
        await setBackend(be);
        expect(fused).toHaveLength(amsgrad ? 4 : 3);
        fused.forEach((f, i) => {
          expectBits(f, decomposed[i]);
          expectBits(f, js[i]);
        });
      });
    }
  }

  it('flushes moments that fall below the smallest normal float to zero, and keeps NaN', () => {
    const tiny = 1.25e-38; // normal (the smallest is 1.1755e-38); times beta1 = 0.9 it is subnormal
    const p = tensor(be, [1, 2, 3, 4], [4]), g = tensor(be, [0, 0, Number.NaN, 0], [4]);
    const m = tensor(be, [tiny, 1e-3, 0, 5e-39], [4]), v = tensor(be, [1e-8, 1e-41, 0, 0], [4]);
    const out = be.adamStep(p, g, m, v, null, { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, stepSize: 1e-3, correction2: 0.1 });
    const m1 = Array.from(readBuf(be, out.m, 4)), v1 = Array.from(readBuf(be, out.v, 4)), p1 = Array.from(readBuf(be, out.param, 4));
    // Unflushed, m would be 1.125e-38 and 4.5e-39 (subnormal) and v 9.99e-42.
    expect([m1[0], m1[3], v1[1]]).toEqual([0, 0, 0]);
    expect(m1[1]).toBe(Math.fround(Math.fround(1e-3) * Math.fround(0.9)));
    expect(v1[0]).toBe(Math.fround(Math.fround(1e-8) * Math.fround(0.999)));
    expect([p1[0], p1[3]]).toEqual([1, 4]);
    expect(Number.isNaN(m1[2]) && Number.isNaN(v1[2]) && Number.isNaN(p1[2])).toBe(true);
    for (const b of [p, g, m, v]) be.free(b.buffer);
    for (const b of [out.param, out.m, out.v]) be.free(b);
  });

  it('leaves its inputs unchanged', () => {
    const p = tensor(be, [1, 2, 3], [3]), g = tensor(be, [0.5, -0.5, 1], [3]);
    const m = tensor(be, [0, 0, 0], [3]), v = tensor(be, [0, 0, 0], [3]);
    const out = be.adamStep(p, g, m, v, null, options(1));
    expect(Array.from(readBuf(be, p.buffer, 3))).toEqual([1, 2, 3]);
    expect(Array.from(readBuf(be, m.buffer, 3))).toEqual([0, 0, 0]);
    expect(out.vmax).toBeNull();
    // Step 1 from zero moments moves every weight by lr against the gradient's sign.
    expect(Array.from(readBuf(be, out.param, 3)).map((x, i) => x - [1, 2, 3][i])).toEqual(
      [-1, 1, -1].map((s) => expect.closeTo(s * 1e-3, 6)));
  });
});

describe('adamUpdate (adamStepInPlace)', () => {
  const o: AdamStepOptions = { beta1: 0.8, beta2: 0.99, epsilon: 1e-8, stepSize: 0.01 / (1 - 0.8 ** 3), correction2: Math.sqrt(1 - 0.99 ** 3) };

  for (const n of [3, 4099, 60_000]) {
    for (const amsgrad of [false, true]) {
      it(`${n} elements${amsgrad ? ', AMSGrad' : ''}: overwrites the variables' own buffers with adamStep's values`, async () => {
        await setBackend(be);
        const values = [randomArray(n, 11), randomArray(n, 12, -0.1, 0.1), randomArray(n, 13, -0.01, 0.01), randomArray(n, 14, 0, 1e-4), randomArray(n, 15, 0, 2e-4)];
        const [p0, g, m0, v0, vmax0] = values.map((x) => coreTensor(x, [n]));
        const want = adamStep({ param: p0, m: m0, v: v0, vmax: amsgrad ? vmax0 : null }, g, o);
        const vars = [p0, m0, v0, vmax0].map((t) => variable(t));
        dispose([p0, m0, v0, vmax0]);
        const [param, m, v, vmax] = vars;
        const buffers = vars.map((x) => x.storage.buffer);
        let calls = 0;
        setKernelProfiler((t) => { if (t.name === 'adamStep') calls++; });
        adamUpdate({ param, m, v, vmax: amsgrad ? vmax : null }, g, o);
        setKernelProfiler(null);
        expect(calls).toBe(1);
        expect(vars.map((x) => x.storage.buffer)).toEqual(buffers);
        const got = [param, m, v, ...(amsgrad ? [vmax] : [])];
        const expected = [want.param, want.m, want.v, ...(want.vmax ? [want.vmax] : [])];
        for (let i = 0; i < got.length; i++) expectBits(await got[i].data(), await expected[i].data());
        if (!amsgrad) expectBits(await vmax.data(), values[4]);
        dispose([...vars, g, want.param, want.m, want.v, want.vmax ?? []]);
      });
    }
  }

  it('assigns new buffers when another tensor shares a variable\'s buffer, which keeps the old values', async () => {
    await setBackend(be);
    const param = variable(coreTensor([1, 2, 3], [3])), m = variable(coreTensor([0, 0, 0], [3])), v = variable(coreTensor([0, 0, 0], [3]));
    const g = coreTensor([0.5, -0.5, 1], [3]);
    const want = adamStep({ param, m, v, vmax: null }, g, o);
    const view = param.reshape([3, 1]);
    const before = param.storage.buffer;
    adamUpdate({ param, m, v, vmax: null }, g, o);
    expect(param.storage.buffer).not.toBe(before);
    expect(Array.from(await view.data())).toEqual([1, 2, 3]);
    expectBits(await param.data(), await want.param.data());
    expectBits(await m.data(), await want.m.data());
    dispose([want.param, want.m, want.v]);
    expect(() => adamUpdate({ param: g as never, m, v, vmax: null }, g, o)).toThrow(/^adamUpdate: param must be a Variable/);
    dispose([param, m, v, g, view]);
  });
});

describe('softmaxCrossEntropy', () => {
  // Class counts with and without a SIMD tail; labels include two out of range (-1 and C).
  for (const [rows, classes] of [[1, 1], [5, 3], [128, 10], [33, 16], [7, 1001]] as const) {
    it(`[${rows}, ${classes}]: loss and logits gradient agree with the reference decomposition on js`, async () => {
      const z = randomArray(rows * classes, rows + classes, -8, 8);
      z[0] = 80; // a logit that overflows exp without the row max subtracted
      const labels = Int32Array.from({ length: rows }, (_, i) => (i * 7) % classes);
      if (rows > 4) { labels[2] = -1; labels[3] = classes; }
      const scale = 1 / rows;
      const run = async (fused: boolean) => {
        const logits = coreTensor(z, [rows, classes]), y = coreTensor(labels, [rows], 'int32');
        const f = (x: Tensor) => (fused ? softmaxCrossEntropy : softmaxCrossEntropyReference)(x, y, scale);
        const loss = f(logits);
        const g = grad(f)(logits);
        const out = [await loss.data(), await g.data()];
        dispose([logits, y, loss, g]);
        return out;
      };
      await setBackend(be);
      let calls = 0;
      setKernelProfiler((t) => { calls++; expect(t.name === 'softmaxCrossEntropy' || t.name === 'mul').toBe(true); });
      const fused = await run(true);
      setKernelProfiler(null);
      await setBackend(createJsBackend());
      const js = await run(false);
      await setBackend(be);
      // The loss alone is one kernel; under a gradient, one kernel and one product with dy.
      expect(calls).toBe(3);
      expectClose(fused[0], js[0], 1e-5, 1e-6);
      expectClose(fused[1], js[1], 1e-5, 1e-7);
      if (rows > 4) {
        for (const r of [2, 3]) expect(Array.from(fused[1].subarray(r * classes, (r + 1) * classes)).every((x) => x === 0)).toBe(true);
      }
    });
  }

  // Tied maxima (the first one counts), labels out of range, a row of one class.
  for (const [rows, classes] of [[6, 4], [128, 10], [1, 1], [9, 1001]] as const) {
    it(`[${rows}, ${classes}]: the accuracy from the same pass is bit for bit mean(cast(equal(argmax, labels)))`, async () => {
      const z = randomArray(rows * classes, 3 * rows + classes, -4, 4).map((v) => Math.round(v));
      const labels = Int32Array.from({ length: rows }, (_, i) => (i * 5) % classes);
      if (rows > 3) { labels[1] = -1; labels[2] = classes; }
      await setBackend(be);
      const logits = coreTensor(z, [rows, classes]), y = coreTensor(labels, [rows], 'int32');
      const fused = softmaxCrossEntropyWithAccuracy(logits, y, 1 / rows);
      const composed = mean(cast(equal(argmax(logits, -1), y), 'float32'));
      expectBits(await fused.accuracy.data(), await composed.data());
      expectBits(await fused.loss.data(), await softmaxCrossEntropy(logits, y, 1 / rows).data());
      dispose([logits, y, fused.loss, fused.accuracy, composed]);
    });
  }

  it('computes the gradient only when asked (no tape: no gradient buffer)', () => {
    const logits = tensor(be, [1, 2, 3, 4, 5, 6], [2, 3]), labels = tensor(be, [2, 0], [2], 'int32');
    const bare = be.softmaxCrossEntropy(logits, labels, 2, 3, 0.5, false, false);
    expect(bare.grad).toBeNull();
    expect(bare.accuracy).toBeNull();
    const full = be.softmaxCrossEntropy(logits, labels, 2, 3, 0.5, true, false);
    const lse = (a: number, b: number, c: number) => Math.log(Math.exp(a) + Math.exp(b) + Math.exp(c));
    const want = 0.5 * ((lse(1, 2, 3) - 3) + (lse(4, 5, 6) - 4));
    expect(readBuf(be, bare.loss, 1)[0]).toBeCloseTo(want, 6);
    expect(readBuf(be, full.loss, 1)[0]).toBe(readBuf(be, bare.loss, 1)[0]);
    const g = Array.from(readBuf(be, full.grad!, 6));
    expect(g[2]).toBeCloseTo(0.5 * (Math.exp(3 - lse(1, 2, 3)) - 1), 6);
    expect(g[3]).toBeCloseTo(0.5 * (Math.exp(4 - lse(4, 5, 6)) - 1), 6);
    for (const b of [bare.loss, full.loss, full.grad!, logits.buffer, labels.buffer]) be.free(b);
  });
});
