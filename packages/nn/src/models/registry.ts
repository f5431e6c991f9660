import { fail } from '@tessera/tensor';
import { InputLayer, type InputConfig } from '../engine/input-layer.js';
import type { Layer } from '../engine/layer.js';
import type { SymbolicTensor } from '../engine/symbolic.js';
import { Activation } from '../layers/activation.js';
import { Add } from '../layers/add.js';
import { AvgPool2D } from '../layers/avg-pool2d.js';
import { BatchNormalization } from '../layers/batch-normalization.js';
import { Concatenate } from '../layers/concatenate.js';
import { Conv2D } from '../layers/conv2d.js';
import { Conv2DTranspose } from '../layers/conv2d-transpose.js';
import { Dense } from '../layers/dense.js';
import { DepthwiseConv2D } from '../layers/depthwise-conv2d.js';
import { Dropout } from '../layers/dropout.js';
import { Flatten } from '../layers/flatten.js';
import { GlobalAveragePooling2D } from '../layers/global-average-pooling2d.js';
import { GlobalMaxPooling2D } from '../layers/global-max-pooling2d.js';
import { LayerNormalization } from '../layers/layer-normalization.js';
import { MaxPool2D } from '../layers/max-pool2d.js';
import { Reshape } from '../layers/reshape.js';
import { SeparableConv2D } from '../layers/separable-conv2d.js';
import { ZeroPadding2D } from '../layers/zero-padding2d.js';
import { Functional } from './functional.js';
import type { Model } from './model.js';
import { Sequential } from './sequential.js';

/** A layer as written in a model config. */
export interface LayerSpec {
  readonly className: string;
  readonly config: Record<string, unknown>;
}

type Factory = (config: Record<string, unknown>) => Layer;

// Built on first use: the model classes import this module, so a table made at load time could
// see them before they are defined.
let table: Readonly<Record<string, Factory>> | null = null;

function factories(): Readonly<Record<string, Factory>> {
  const simple = (C: new (c: never) => Layer): Factory => (config) => new C(config as never);
  table ??= {
    InputLayer: (c) => new InputLayer(c as unknown as InputConfig),
    Dense: simple(Dense),
    Conv2D: simple(Conv2D),
    DepthwiseConv2D: simple(DepthwiseConv2D),
    SeparableConv2D: simple(SeparableConv2D),
    Conv2DTranspose: simple(Conv2DTranspose),
    MaxPool2D: simple(MaxPool2D),
    AvgPool2D: simple(AvgPool2D),
    GlobalAveragePooling2D: simple(GlobalAveragePooling2D),
    GlobalMaxPooling2D: simple(GlobalMaxPooling2D),
    BatchNormalization: simple(BatchNormalization),
    LayerNormalization: simple(LayerNormalization),
    Dropout: simple(Dropout),
    Flatten: simple(Flatten),
    Reshape: simple(Reshape),
    Activation: simple(Activation),
    Add: simple(Add),
    Concatenate: simple(Concatenate),
    ZeroPadding2D: simple(ZeroPadding2D),
    Sequential: (c) => sequentialFromConfig(c),
    Functional: (c) => functionalFromConfig(c),
  };
  return table;
}

/** Class names `layerFromConfig` knows. */
export function layerClassNames(): string[] {
  return Object.keys(factories());
}

/**
 * Re-creates a layer (or a nested model) from `{ className, config }`. Only the classes above
 * can be made: a config is data, never code.
 */
export function layerFromConfig(spec: LayerSpec): Layer {
  if (typeof spec !== 'object' || spec === null || typeof spec.className !== 'string' || typeof spec.config !== 'object' || spec.config === null) {
    fail('layerFromConfig', `expects { className, config }, got ${JSON.stringify(spec)?.slice(0, 120)}`);
  }
  const factory = Object.hasOwn(factories(), spec.className) ? factories()[spec.className] : undefined;
  if (!factory) fail('layerFromConfig', `unknown layer class "${spec.className}" (known: ${layerClassNames().join(', ')})`);
  return factory(spec.config);
}

/** Re-creates a model from `{ className: 'Sequential' | 'Functional', config }`. */
export function modelFromConfig(spec: LayerSpec): Model {
  if (spec?.className !== 'Sequential' && spec?.className !== 'Functional') {
    fail('modelFromConfig', `expects a Sequential or Functional model config, got className ${JSON.stringify(spec?.className)}`);
  }
  return layerFromConfig(spec) as Model;
}

function layerSpecs(op: string, config: Record<string, unknown>): LayerSpec[] {
  if (!Array.isArray(config.layers)) fail(op, 'config.layers must be a list of { className, config }');
  return config.layers as LayerSpec[];
}

function sequentialFromConfig(config: Record<string, unknown>): Sequential {
  const layers = layerSpecs('Sequential', config).map(layerFromConfig);
  return new Sequential({
    name: config.name as string | undefined,
    trainable: config.trainable as boolean | undefined,
    inputShape: config.inputShape as number[] | undefined,
    layers,
  });
}

type TensorRef = [string, number, number];

function functionalFromConfig(config: Record<string, unknown>): Functional {
  const op = 'Functional';
  const layers = new Map<string, Layer>();
  for (const spec of layerSpecs(op, config)) {
    const layer = layerFromConfig(spec);
    if (layers.has(layer.name)) fail(op, `config has two layers named "${layer.name}"`);
    layers.set(layer.name, layer);
  }
  // Symbolic outputs of every replayed node, per layer, in the order the config lists them.
  const produced = new Map<string, SymbolicTensor[][]>();
  for (const [name, layer] of layers) {
    if (layer instanceof InputLayer) produced.set(name, [[layer.output]]);
  }
  const resolve = (ref: TensorRef): SymbolicTensor => {
    if (!Array.isArray(ref) || ref.length !== 3) fail(op, `a tensor reference must be [layer, node, index], got ${JSON.stringify(ref)}`);
    const t = produced.get(ref[0])?.[ref[1]]?.[ref[2]];
    if (!t) fail(op, `the config refers to ${JSON.stringify(ref)} before it is produced`);
    return t;
  };
  if (!Array.isArray(config.nodes)) fail(op, 'config.nodes must be a list');
  for (const node of config.nodes as { layer: string; inputs: TensorRef[]; asList?: boolean }[]) {
    const layer = layers.get(node.layer);
    if (!layer) fail(op, `node refers to unknown layer "${node.layer}"`);
    const inputs = node.inputs.map(resolve);
    const out = layer.apply(node.asList ? inputs : inputs[0]);
    const list = Array.isArray(out) ? out : [out];
    produced.set(node.layer, [...(produced.get(node.layer) ?? []), list]);
  }
  const inputs = (config.inputs as TensorRef[]).map(resolve);
  const outputs = (config.outputs as TensorRef[]).map(resolve);
  return new Functional({
    name: config.name as string | undefined,
    trainable: config.trainable as boolean | undefined,
    inputs: config.inputsAsList === false ? inputs[0] : inputs,
    outputs: config.outputsAsList === false ? outputs[0] : outputs,
  });
}
