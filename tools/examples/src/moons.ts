import * as T from '@tessera/tensor';

/** Two interleaving half circles with Gaussian noise (scikit-learn's make_moons), seeded. */
export function makeMoons(n: number, noise: number, gen: T.Generator): { x: Float32Array; y: Float32Array } {
  const x = new Float32Array(2 * n), y = new Float32Array(n);
  const angles = gen.uniformValues(n, 0, Math.PI);
  const jitter = gen.normalValues(2 * n, 0, noise);
  for (let i = 0; i < n; i++) {
    const upper = i % 2 === 0;
    const a = angles[i];
    x[2 * i] = (upper ? Math.cos(a) : 1 - Math.cos(a)) + jitter[2 * i];
    x[2 * i + 1] = (upper ? Math.sin(a) : 0.5 - Math.sin(a)) + jitter[2 * i + 1];
    y[i] = upper ? 0 : 1;
  }
  return { x, y };
}

export interface Mlp {
  readonly weights: T.Variable[];
  forward(x: T.Tensor): T.Tensor;
}

/** A 2-h-h-1 MLP with tanh hidden layers and Glorot-uniform weights. */
export function makeMlp(hidden: number, gen: T.Generator): Mlp {
  const glorot = (fanIn: number, fanOut: number, name: string) => {
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    // The variable shares the initial tensor's buffer; tidy frees the temporary handle.
    return T.tidy(() => T.variable(gen.uniform([fanIn, fanOut], { minval: -limit, maxval: limit }), { name }));
  };
  const w1 = glorot(2, hidden, 'w1'), w2 = glorot(hidden, hidden, 'w2'), w3 = glorot(hidden, 1, 'w3');
  const zeros = (n: number, name: string) => T.tidy(() => T.variable(T.zeros([n]), { name }));
  const b1 = zeros(hidden, 'b1'), b2 = zeros(hidden, 'b2'), b3 = zeros(1, 'b3');
  return {
    weights: [w1, b1, w2, b2, w3, b3],
    forward: (x) => T.tidy(() => {
      const h1 = T.fusedMatmul(x, w1, { bias: b1, activation: 'tanh' });
      const h2 = T.fusedMatmul(h1, w2, { bias: b2, activation: 'tanh' });
      return T.fusedMatmul(h2, w3, { bias: b3 });
    }),
  };
}

/** Mean binary cross-entropy on logits, in the stable form max(z,0) - z*y + log(1 + e^-|z|). */
export function bceWithLogits(logits: T.Tensor, y: T.Tensor): T.Tensor {
  return T.tidy(() => T.mean(T.add(T.sub(T.relu(logits), T.mul(logits, y)), T.log1p(T.exp(T.neg(T.abs(logits)))))));
}

export async function accuracy(logits: T.Tensor, y: T.Tensor): Promise<number> {
  const hit = T.tidy(() => T.mean(T.cast(T.equal(T.cast(T.greater(logits, 0), 'float32'), y), 'float32')));
  const value = await hit.item();
  hit.dispose();
  return value;
}

export interface TrainResult { readonly losses: number[]; readonly trainAccuracy: number; readonly testAccuracy: number }

/** Full-batch gradient descent with momentum, written directly on the core's autograd. */
export async function trainMoons(options: { seed: number; epochs: number; hidden?: number; lr?: number;
  onEpoch?: (epoch: number, loss: number) => void }): Promise<TrainResult> {
  const gen = new T.Generator(options.seed);
  const train = makeMoons(400, 0.15, gen), test = makeMoons(200, 0.15, gen);
  const xTrain = T.tensor(train.x, [400, 2]), yTrain = T.tensor(train.y, [400, 1]);
  const xTest = T.tensor(test.x, [200, 2]), yTest = T.tensor(test.y, [200, 1]);
  const model = makeMlp(options.hidden ?? 16, gen);
  const velocity = model.weights.map((w) => T.zerosLike(w));
  const lr = options.lr ?? 0.5, momentum = 0.9;
  const losses: number[] = [];
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const { value, grads } = T.variableGrads(() => bceWithLogits(model.forward(xTrain), yTrain), model.weights);
    T.tidy(() => grads.forEach((g, i) => {
      const v = T.add(T.mul(velocity[i], momentum), g);
      velocity[i].dispose();
      velocity[i] = T.keep(v);
      model.weights[i].assign(T.sub(model.weights[i], T.mul(v, lr)));
    }));
    const loss = await value.item();
    losses.push(loss);
    options.onEpoch?.(epoch, loss);
    T.dispose([value, grads]);
  }
  const trainLogits = model.forward(xTrain), testLogits = model.forward(xTest);
  const result = { losses, trainAccuracy: await accuracy(trainLogits, yTrain), testAccuracy: await accuracy(testLogits, yTest) };
  T.dispose([xTrain, yTrain, xTest, yTest, trainLogits, testLogits, velocity, model.weights]);
  return result;
}
