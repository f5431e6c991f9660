import * as T from '@tessera/tensor';
import { Generator, fail, fmtShape, memory, vjp, type Tensor } from '@tessera/tensor';
import { input } from '../engine/input-layer.js';
import type { Layer } from '../engine/layer.js';
import { fmt, type Shape } from '../engine/shape.js';
import type { SymbolicTensor } from '../engine/symbolic.js';
import { model as functionalModel } from '../models/functional.js';
import { layerFromConfig } from '../models/registry.js';

/** What `runLayerTest` checks for one layer configuration. */
export interface LayerTestSpec {
  /** Class name as in configs (`'Dense'`). */
  readonly className: string;
  readonly config: Record<string, unknown>;
  /** Concrete input shape(s), batch axis included; a list of shapes for layers taking several inputs. */
  readonly inputShape: readonly number[] | readonly (readonly number[])[];
  /** Expected output shape for that input, batch axis included. */
  readonly expectedOutputShape: readonly number[];
  readonly expectedTrainableWeights?: number;
  readonly expectedNonTrainableWeights?: number;
  /** Run one fit step and check the trainable weights move (default true). */
  readonly trainingStep?: boolean;
  /** Seed of the random inputs and targets. */
  readonly seed?: number;
  /** Makes the layer from a config; default `layerFromConfig` (set it for layers defined outside this package). */
  readonly fromConfig?: (config: Record<string, unknown>) => Layer;
}

export interface LayerTestReport {
  readonly outputShape: readonly number[];
  readonly trainableWeights: number;
  readonly nonTrainableWeights: number;
  /** Loss of the training step's two epochs (empty when the step was skipped). */
  readonly losses: readonly number[];
}

const OP = 'runLayerTest';

function shapesOf(spec: LayerTestSpec): { shapes: number[][]; multi: boolean } {
  const multi = Array.isArray(spec.inputShape[0]);
  const shapes = (multi ? spec.inputShape : [spec.inputShape]) as number[][];
  return { shapes: shapes.map((s) => [...s]), multi };
}

function sameShape(a: readonly (number | null)[], b: readonly (number | null)[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

async function allFinite(t: Tensor): Promise<boolean> {
  return (await t.data()).every((v) => Number.isFinite(v));
}

/**
 * The one test every layer runs (after Keras 3's `run_layer_test`): builds the layer from its
 * config, checks the symbolic and eager output shapes, weight counts, that outputs and input
 * gradients are finite, that `getConfig()` survives JSON and re-creates an identical layer
 * (same config, same outputs with the same weights), and runs a short fit in a model: the
 * trainable weights must move and the live-tensor count must be the same after each epoch.
 * Throws a TesseraError describing the first failed check.
 *
 * ```ts
 * await runLayerTest({ className: 'Dense', config: { units: 3 }, inputShape: [2, 4], expectedOutputShape: [2, 3] });
 * ```
 */
export async function runLayerTest(spec: LayerTestSpec): Promise<LayerTestReport> {
  const { shapes, multi } = shapesOf(spec);
  const name = `${spec.className} ${JSON.stringify(spec.config)}`;
  const fromConfig = spec.fromConfig ?? ((config: Record<string, unknown>) => layerFromConfig({ className: spec.className, config }));
  const make = () => fromConfig(spec.config);
  const g = new Generator(spec.seed ?? 1);
  const xs = shapes.map((s) => g.normal(s));
  const owned: Tensor[] = [...xs];
  const created: Layer[] = [];
  try {
    // Symbolic: shapes only.
    const symbolicLayer = make();
    created.push(symbolicLayer);
    const symIn = shapes.map((s) => input({ shape: s.slice(1) }));
    const symOut = symbolicLayer.apply(multi ? symIn : symIn[0]) as SymbolicTensor;
    const expectedSym: Shape = [null, ...spec.expectedOutputShape.slice(1)];
    if (!sameShape(symOut.shape, expectedSym)) fail(OP, `${name}: symbolic output shape ${fmt(symOut.shape)} != expected ${fmt(expectedSym)}`);

    // Eager: values.
    const layer = make();
    created.push(layer);
    const y = T.tidy(() => layer.apply(multi ? xs : xs[0], { training: false }) as Tensor);
    owned.push(y);
    if (!sameShape(y.shape, spec.expectedOutputShape)) fail(OP, `${name}: output shape ${fmtShape(y.shape)} != expected ${fmtShape(spec.expectedOutputShape)}`);
    if (!(await allFinite(y))) fail(OP, `${name}: output has non-finite values`);
    const trainable = layer.trainableWeights.length, nonTrainable = layer.nonTrainableWeights.length;
    if (spec.expectedTrainableWeights !== undefined && trainable !== spec.expectedTrainableWeights) {
      fail(OP, `${name}: ${trainable} trainable weights, expected ${spec.expectedTrainableWeights}`);
    }
    if (spec.expectedNonTrainableWeights !== undefined && nonTrainable !== spec.expectedNonTrainableWeights) {
      fail(OP, `${name}: ${nonTrainable} non-trainable weights, expected ${spec.expectedNonTrainableWeights}`);
    }
    if (layer.countParams() !== layer.weights.reduce((n, w) => n + w.value.size, 0)) fail(OP, `${name}: countParams disagrees with the weights`);

    // Input gradient in training mode.
    const { value, grads } = vjp((...ins: Tensor[]) => T.sum(T.square(layer.apply(multi ? ins : ins[0], { training: true, generator: new Generator(3) }) as Tensor)), xs);
    owned.push(value, ...grads);
    for (const [i, gr] of grads.entries()) {
      if (!sameShape(gr.shape, shapes[i]) || !(await allFinite(gr))) fail(OP, `${name}: gradient of input ${i} is ${fmtShape(gr.shape)} or not finite`);
    }

    // Serialization round trip: same config, and the same outputs with the same weights.
    const config = JSON.parse(JSON.stringify(layer.getConfig())) as Record<string, unknown>;
    const again = fromConfig(config);
    created.push(again);
    if (JSON.stringify(again.getConfig()) !== JSON.stringify(config)) {
      fail(OP, `${name}: getConfig() does not round-trip: ${JSON.stringify(config)} -> ${JSON.stringify(again.getConfig())}`);
    }
    again.build(multi ? shapes.map((s) => [null, ...s.slice(1)]) : [null, ...shapes[0].slice(1)]);
    if (again.weights.length !== layer.weights.length) fail(OP, `${name}: the re-created layer has ${again.weights.length} weights, not ${layer.weights.length}`);
    again.weights.forEach((w, i) => w.assign(layer.weights[i].value));
    // Recomputed: the training-mode call above may have moved state such as moving statistics.
    const y1 = T.tidy(() => layer.apply(multi ? xs : xs[0], { training: false }) as Tensor);
    const y2 = T.tidy(() => again.apply(multi ? xs : xs[0], { training: false }) as Tensor);
    owned.push(y1, y2);
    const diff = T.tidy(() => T.max(T.abs(T.sub(y1, y2))));
    owned.push(diff);
    if ((await diff.item()) > 1e-6) fail(OP, `${name}: the re-created layer computes different outputs (max difference ${await diff.item()})`);

    // Training step inside a model.
    const losses: number[] = [];
    if (spec.trainingStep ?? true) {
      const trained = make();
      created.push(trained);
      const ins = shapes.map((s) => input({ shape: s.slice(1) }));
      const net = functionalModel({ inputs: multi ? ins : ins[0], outputs: trained.apply(multi ? ins : ins[0]) as SymbolicTensor });
      net.compile({ optimizer: { name: 'sgd', learningRate: 0.05 }, loss: 'meanSquaredError' });
      const target = g.normal(spec.expectedOutputShape);
      owned.push(target);
      net.allocateWeights();
      const before = await Promise.all(net.trainableWeights.map((w) => w.value.data()));
      const counts: number[] = [];
      const history = await net.fit(multi ? xs : xs[0], target, {
        epochs: 2, batchSize: shapes[0][0], seed: 5,
        callbacks: [{ onEpochEnd: () => { counts.push(memory().numTensors); } }],
      });
      losses.push(...history.history.loss);
      if (!losses.every(Number.isFinite)) fail(OP, `${name}: training loss is not finite (${losses.join(', ')})`);
      if (counts[0] !== counts[1]) fail(OP, `${name}: live tensors changed between epochs (${counts.join(' -> ')})`);
      const after = await Promise.all(net.trainableWeights.map((w) => w.value.data()));
      net.trainableWeights.forEach((w, i) => {
        if (after[i].every((v, k) => v === before[i][k])) fail(OP, `${name}: trainable weight ${w.name} did not change in the training step`);
      });
      net.dispose();
    }
    return { outputShape: [...y.shape], trainableWeights: trainable, nonTrainableWeights: nonTrainable, losses };
  } finally {
    T.dispose(owned);
    for (const l of created) l.dispose();
  }
}
