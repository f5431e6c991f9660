import { performance } from 'node:perf_hooks';
import type { LoadedDataset } from '@tessera/data/node';
import type { RunResult, TrainSpec } from './specs.js';

type Tf = typeof import('@tensorflow/tfjs');
type Tensor4D = import('@tensorflow/tfjs').Tensor4D;

export const TFJS_WORKAROUND = 'tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel: the bench registers one '
  + '(tf.registerKernel) that computes dW with public ops, one tf.matMul per filter tap';

/**
 * dW of a stride-1, dilation-1 NHWC conv2d from public ops: for each filter tap (ky, kx), the
 * input window it saw, flattened to [n*oh*ow, c], transposed times dy [n*oh*ow, o].
 */
export function filterGradByTaps(tf: Tf, x: Tensor4D, dy: Tensor4D, kh: number, kw: number, pad: 'same' | 'valid') {
  return tf.tidy(() => {
    const [n, , , c] = x.shape;
    const [, oh, ow, o] = dy.shape;
    const pt = pad === 'same' ? Math.floor((kh - 1) / 2) : 0;
    const pl = pad === 'same' ? Math.floor((kw - 1) / 2) : 0;
    const xp = pad === 'same' ? tf.pad(x, [[0, 0], [pt, kh - 1 - pt], [pl, kw - 1 - pl], [0, 0]]) : x;
    const dy2 = tf.reshape(dy, [n * oh * ow, o]);
    const taps = [];
    for (let ky = 0; ky < kh; ky++) {
      for (let kx = 0; kx < kw; kx++) {
        const window = tf.reshape(tf.slice(xp, [0, ky, kx, 0], [n, oh, ow, c]), [n * oh * ow, c]);
        taps.push(tf.matMul(window, dy2, true, false));
      }
    }
    return tf.reshape(tf.stack(taps), [kh, kw, c, o]);
  });
}

/**
 * Registers a Conv2DBackpropFilter kernel for tfjs's wasm backend when it has none, computed
 * with public ops (a kernel may return a Tensor). Both gradient paths of tfjs need it: the
 * Conv2D kernel's gradient and fused conv2d's own gradient (conv layers without relu).
 */
function addFilterGradKernel(tf: Tf): boolean {
  const backendName = tf.getBackend();
  if (tf.getKernel('Conv2DBackpropFilter', backendName) !== undefined) return false;
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName,
    kernelFunc: ({ inputs, attrs }) => {
      const { x, dy } = inputs as { x: Tensor4D; dy: Tensor4D };
      const a = attrs as unknown as { strides: number | number[]; pad: unknown; dataFormat: string; filterShape: number[] };
      const ones = (v: number | number[]) => (Array.isArray(v) ? v.every((d) => d === 1) : v === 1);
      if (!ones(a.strides) || a.dataFormat !== 'NHWC' || (a.pad !== 'same' && a.pad !== 'valid')) {
        throw new Error(`the Conv2DBackpropFilter workaround handles stride 1, NHWC, 'same'/'valid' only, got ${JSON.stringify(attrs)}`);
      }
      return filterGradByTaps(tf, x, dy, a.filterShape[0], a.filterShape[1], a.pad);
    },
  });
  return true;
}

function tfjsModel(tf: Tf, key: TrainSpec['key']) {
  const inputShape = [28, 28, 1];
  const l = tf.layers;
  switch (key) {
    case 'small-cnn':
      return tf.sequential({ layers: [
        l.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', padding: 'valid', inputShape }),
        l.maxPooling2d({ poolSize: 2 }),
        l.conv2d({ filters: 64, kernelSize: 3, activation: 'relu', padding: 'valid' }),
        l.maxPooling2d({ poolSize: 2 }),
        l.flatten(), l.dense({ units: 128, activation: 'relu' }), l.dropout({ rate: 0.5 }), l.dense({ units: 10, activation: 'softmax' }),
      ] });
    case 'mlp':
      return tf.sequential({ layers: [
        l.flatten({ inputShape }), l.dense({ units: 256, activation: 'relu' }), l.dense({ units: 128, activation: 'relu' }),
        l.dense({ units: 10, activation: 'softmax' }),
      ] });
    case 'lenet5':
      return tf.sequential({ layers: [
        l.conv2d({ filters: 6, kernelSize: 5, activation: 'tanh', padding: 'same', inputShape }),
        l.averagePooling2d({ poolSize: 2 }),
        l.conv2d({ filters: 16, kernelSize: 5, activation: 'tanh', padding: 'valid' }),
        l.averagePooling2d({ poolSize: 2 }),
        l.flatten(), l.dense({ units: 120, activation: 'tanh' }), l.dense({ units: 84, activation: 'tanh' }),
        l.dense({ units: 10, activation: 'softmax' }),
      ] });
  }
}

let loaded: Promise<{ tf: Tf; patched: boolean }> | null = null;

async function load(): Promise<{ tf: Tf; patched: boolean }> {
  loaded ??= (async () => {
    const tf = await import('@tensorflow/tfjs');
    await import('@tensorflow/tfjs-backend-wasm');
    if (!(await tf.setBackend('wasm'))) throw new Error('tfjs could not initialise its wasm backend');
    return { tf, patched: addFilterGradKernel(tf) };
  })();
  return loaded;
}

/** Trains one model with @tensorflow/tfjs-layers on tfjs-backend-wasm 4.22 (single-threaded in Node). */
export async function runTfjs(spec: TrainSpec, data: LoadedDataset, limit: number, testLimit: number, epochs: number): Promise<RunResult> {
  const { tf, patched } = await load();
  const toTensors = (x: Uint8Array, y: Int32Array, n: number) => tf.tidy(() => ({
    xs: tf.div(tf.tensor4d(x.subarray(0, n * 784), [n, 28, 28, 1], 'float32'), 255),
    ys: tf.tensor1d(y.subarray(0, n), 'float32'),
  }));
  const train = toTensors(data.x as Uint8Array, data.y, limit);
  const test = toTensors(data.test!.x as Uint8Array, data.test!.y, testLimit);
  const model = tfjsModel(tf, spec.key);
  try {
    model.compile({ optimizer: tf.train.adam(spec.lr), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const epochSeconds: number[] = [];
    let started = 0;
    await model.fit(train.xs, train.ys, {
      epochs, batchSize: spec.batchSize, shuffle: true, verbose: 0,
      callbacks: {
        onEpochBegin: async () => { started = performance.now(); },
        onEpochEnd: async () => { epochSeconds.push((performance.now() - started) / 1000); },
      },
    });
    const [, acc] = model.evaluate(test.xs, test.ys, { batchSize: 500 }) as import('@tensorflow/tfjs').Scalar[];
    const accuracy = (await acc.data())[0];
    return {
      framework: 'tfjs-wasm', model: spec.key, epochs, trainRows: limit, testRows: testLimit, epochSeconds,
      accuracy,
      note: spec.key !== 'mlp' && patched ? TFJS_WORKAROUND : undefined,
    };
  } finally {
    model.dispose();
    tf.dispose([train.xs, train.ys, test.xs, test.ys]);
  }
}
