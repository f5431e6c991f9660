import {
  add, conv2d, logSoftmax, matmul, maxPool2d, mul, neg, relu, reshape, sub, sum, tensor, tidy, valueAndGrads,
  type Tensor,
} from '@tessera/tensor';

/** A tiny conv net's data and parameters as plain arrays (NHWC input, HWIO filter). */
export interface NetData {
  readonly batch: number;
  readonly x: number[];        // [batch, 8, 8, 1]
  readonly labels: number[];   // one class in 0..2 per example
  readonly w1: number[];       // [3, 3, 1, 4]
  readonly b1: number[];       // [4]
  readonly w2: number[];       // [36, 3]
  readonly b2: number[];       // [3]
}

export interface TrainResult {
  readonly losses: number[];
  /** Gradients of the first step, in parameter order w1, b1, w2, b2. */
  readonly firstGrads: number[][];
  readonly finalParams: number[][];
}

/**
 * SGD on conv3x3(4) -> relu -> maxPool 2x2 -> dense(3) -> softmax cross-entropy, written with
 * core ops and autograd only; the backend is whatever is active.
 */
export async function trainSmallConvNet(d: NetData, steps: number, lr: number): Promise<TrainResult> {
  const onehot = tensor(Float32Array.from({ length: d.batch * 3 }, (_, k) => +(d.labels[Math.floor(k / 3)] === k % 3)), [d.batch, 3]);
  const x = tensor(Float32Array.from(d.x), [d.batch, 8, 8, 1]);
  let params: Tensor[] = [
    tensor(Float32Array.from(d.w1), [3, 3, 1, 4]), tensor(Float32Array.from(d.b1), [4]),
    tensor(Float32Array.from(d.w2), [36, 3]), tensor(Float32Array.from(d.b2), [3]),
  ];
  const loss = (w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor) => {
    const h = maxPool2d(relu(add(conv2d(x, w1), b1)), { poolSize: 2 });
    const logits = add(matmul(reshape(h, [d.batch, 36]), w2), b2);
    return mul(neg(sum(mul(logSoftmax(logits), onehot))), 1 / d.batch);
  };
  const losses: number[] = [];
  let firstGrads: number[][] = [];
  for (let step = 0; step < steps; step++) {
    const { value, grads } = valueAndGrads(loss)(params);
    losses.push((await value.data())[0]);
    if (step === 0) firstGrads = await Promise.all(grads.map(async (g) => Array.from(await g.data())));
    const next = tidy(() => params.map((p, k) => sub(p, mul(grads[k], lr))));
    for (const t of [value, ...grads, ...params]) t.dispose();
    params = next;
  }
  const finalParams = await Promise.all(params.map(async (p) => Array.from(await p.data())));
  for (const t of [...params, x, onehot]) t.dispose();
  return { losses, firstGrads, finalParams };
}
