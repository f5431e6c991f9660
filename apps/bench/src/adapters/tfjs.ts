import { size, values } from '../data.js';
import { Unavailable, type Adapter, type Runner } from './types.js';

type Tf = typeof import('@tensorflow/tfjs-core');
type Tensor = import('@tensorflow/tfjs-core').Tensor;
type Tensor4D = import('@tensorflow/tfjs-core').Tensor4D;

/**
 * dW of a stride-1 'same' conv2d through tfjs's public API, for backends without the
 * Conv2DBackpropFilter kernel: one matmul per filter tap, x_shifted^T . dy, on the padded input.
 */
function filterGradByTaps(tf: Tf, x: Tensor4D, dy: Tensor4D, kh: number, kw: number): Tensor {
  return tf.tidy(() => {
    const [n, h, w, c] = x.shape;
    const o = dy.shape[3];
    const pt = Math.floor((kh - 1) / 2), pl = Math.floor((kw - 1) / 2);
    const xp = tf.pad(x, [[0, 0], [pt, kh - 1 - pt], [pl, kw - 1 - pl], [0, 0]]);
    const dy2 = tf.reshape(dy, [n * h * w, o]);
    const taps: Tensor[] = [];
    for (let ky = 0; ky < kh; ky++) {
      for (let kx = 0; kx < kw; kx++) {
        const xs = tf.reshape(tf.slice(xp, [0, ky, kx, 0], [n, h, w, c]), [n * h * w, c]);
        taps.push(tf.matMul(xs, dy2, true, false));
      }
    }
    return tf.reshape(tf.stack(taps), [kh, kw, c, o]);
  });
}

/** What a tfjs backend that computes asynchronously on a device (WebGPU) needs from the adapter. */
export interface TfjsDeviceHooks {
  /** Submits the recorded work and waits until the device has finished it, reading nothing back. */
  settle(): Promise<void>;
  /** Moves a tensor's values to the device now (tfjs uploads lazily, at first use). */
  upload(t: Tensor): void;
  /** What the backend runs on, for the report header. */
  describe(): string;
}

/**
 * An adapter for a TensorFlow.js backend (`load` imports the package and registers the backend).
 * CPU and WASM backends compute eagerly inside the op call; a device backend passes `hooks`, and
 * its runs end when the device has finished.
 */
export function tfjsAdapter(id: string, label: string, backendName: string, load: () => Promise<unknown>, hooks?: TfjsDeviceHooks): Adapter {
  let tf: Tf;
  const runner = (inputs: Tensor[], f: (...xs: Tensor[]) => Tensor | Tensor[], note?: string): Runner => {
    const outputs = (r: Tensor | Tensor[]) => (Array.isArray(r) ? r : [r]);
    return {
      note,
      async run() {
        const result = outputs(f(...inputs));
        if (hooks) await hooks.settle();
        tf.dispose(result);
      },
      async checksum() {
        const result = outputs(f(...inputs));
        let sum = 0;
        for (const t of result) for (const v of await t.data()) sum += v * v;
        tf.dispose(result);
        return sum;
      },
      dispose: () => tf.dispose(inputs),
    };
  };
  const tensor = (shape: readonly number[], seed: number) => tf.tensor(values(size(shape), seed), [...shape]);

  return {
    id,
    label,
    async init() {
      try {
        tf = await import('@tensorflow/tfjs-core');
        await load();
      } catch (error) {
        throw new Unavailable(`could not load ${label}: ${(error as Error).message}`);
      }
      if (!(await tf.setBackend(backendName))) throw new Unavailable(`tfjs could not initialise its ${backendName} backend`);
    },
    async activate() {
      await tf.setBackend(backendName);
    },
    ops: {
      matmul: ({ m, k, n }) => runner([tensor([m, k], 1), tensor([k, n], 2)], (a, b) => tf.matMul(a, b)),
      conv2d: ({ x, filter }) => runner([tensor(x, 3), tensor(filter, 4)], (a, w) => tf.conv2d(a as Tensor4D, w as Tensor4D, 1, 'same')),
      conv2dGrad: ({ x, filter }) => {
        // The kernels tf.grads would run for conv2d (tfjs-core alone registers no gradients):
        // Conv2DBackpropInput through tf.conv2dTranspose and Conv2DBackpropFilter when it exists.
        const inputs = [tensor(x, 3), tensor(filter, 4), tensor([x[0], x[1], x[2], filter[3]], 5)];
        const hasFilterGrad = tf.getKernel('Conv2DBackpropFilter', backendName) !== undefined;
        const filterGrad = (a: Tensor, dy: Tensor) => (hasFilterGrad
          ? tf.engine().runKernel('Conv2DBackpropFilter', { x: a, dy },
            { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', filterShape: [...filter] }) as Tensor
          : filterGradByTaps(tf, a as Tensor4D, dy as Tensor4D, filter[0], filter[1]));
        return runner(inputs, (a, w, dy) => [
          tf.conv2d(a as Tensor4D, w as Tensor4D, 1, 'same'),
          tf.conv2dTranspose(dy as Tensor4D, w as Tensor4D, a.shape as [number, number, number, number], 1, 'same'),
          filterGrad(a, dy),
        ], hasFilterGrad ? undefined
          : `${label} has no Conv2DBackpropFilter kernel: dW computed with one tf.matMul per filter tap (public API), dx with tf.conv2dTranspose`);
      },
      depthwiseConv2d: ({ x, filter }) => runner([tensor(x, 3), tensor(filter, 6)],
        (a, w) => tf.depthwiseConv2d(a as Tensor4D, w as Tensor4D, 1, 'same')),
      maxPool: ({ x, size: s }) => runner([tensor(x, 3)], (a) => tf.maxPool(a as Tensor4D, s, s, 'valid')),
      add: ({ n }) => runner([tensor([n], 7), tensor([n], 8)], (a, b) => tf.add(a, b)),
      relu: ({ n }) => runner([tensor([n], 7)], (a) => tf.relu(a)),
      upload: ({ n }) => {
        const host = values(n, 9);
        return {
          async run() {
            const x = tf.tensor(host, [n]);
            if (hooks) {
              hooks.upload(x);
              await hooks.settle();
            }
            x.dispose();
          },
          dispose() {},
        };
      },
      readback: ({ n }) => {
        // tfjs keeps a host copy of what it has read, so each run reads a fresh relu output,
        // computed (and waited for) untimed.
        const x = tensor([n], 7);
        let y: Tensor | null = null;
        return {
          async prepare() {
            y = tf.relu(x);
            if (hooks) await hooks.settle();
          },
          async run() {
            const fresh = y!;
            y = null;
            await fresh.data();
            fresh.dispose();
          },
          dispose: () => { y?.dispose(); x.dispose(); },
        };
      },
    },
    ...(hooks ? { device: () => hooks.describe() } : {}),
    dispose() {
      tf?.disposeVariables();
    },
  };
}
