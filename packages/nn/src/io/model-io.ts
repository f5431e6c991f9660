import * as T from '@tessera/tensor';
import { fail, fmtShape } from '@tessera/tensor';
import { getOptimizer, type OptimizerState, type SlotValue } from '@tessera/optim';
import type { LossIdentifier } from '../losses/registry.js';
import type { Model } from '../models/model.js';
import { modelFromConfig, type LayerSpec } from '../models/registry.js';
import { compileModel, type TrainingConfig } from '../training/compile.js';
import { decodeSafetensors, encodeSafetensors, type SafetensorsFile, type SafetensorsTensor } from './safetensors.js';
import { float32Bytes, tensorValues } from './safetensors-values.js';

/** Metadata keys of a Tessera model file (all values are JSON strings, as safetensors requires). */
export const METADATA_KEYS = {
  format: 'format',
  version: 'tessera.version',
  model: 'tessera.model',
  training: 'tessera.training',
  optimizer: 'tessera.optimizer',
} as const;

export const FORMAT_VERSION = '1';

/** Optimizer slot tensors are stored as `optimizer/<variable name>/<slot>`. */
const SLOT_PREFIX = 'optimizer/';

export interface SaveOptions {
  /** Also store the optimizer's state and the compile settings (default true when compiled). */
  readonly includeOptimizer?: boolean;
}

interface OptimizerMeta {
  readonly name: string;
  readonly config: Record<string, unknown>;
  readonly iterations: number;
  /** Per variable: slot names stored as tensors, and the step count. */
  readonly variables: Record<string, { slots: string[]; step: number | null }>;
}

/**
 * The whole model as safetensors bytes: every weight under its name (`dense_1/kernel`), the
 * architecture in the metadata, and — when compiled — the loss/metrics and the optimizer state
 * (slots as tensors `optimizer/<variable>/<slot>`). Browser-safe: bytes out, no file system.
 *
 * ```ts
 * const bytes = await saveModel(model);
 * const again = await loadModel(bytes);
 * ```
 */
export async function saveModel(model: Model, options: SaveOptions = {}): Promise<Uint8Array> {
  if (!model.built) fail('saveModel', `${model.label} is not built yet: give the first layer an inputShape or call the model once`);
  const tensors: Record<string, SafetensorsTensor> = {};
  for (const w of model.weights) {
    const values = await w.value.data();
    if (w.dtype !== 'float32') fail('saveModel', `weight ${w.name} is ${w.dtype}; only float32 weights are saved`);
    tensors[w.name] = { dtype: 'F32', shape: [...w.shape], bytes: float32Bytes(values) };
  }
  const metadata: Record<string, string> = {
    [METADATA_KEYS.format]: 'tessera',
    [METADATA_KEYS.version]: FORMAT_VERSION,
    [METADATA_KEYS.model]: JSON.stringify({ className: model.className, config: model.getConfig() }),
  };
  const compiled = model.compiled;
  if (compiled && (options.includeOptimizer ?? true)) {
    if (compiled.trainingConfig) metadata[METADATA_KEYS.training] = JSON.stringify(compiled.trainingConfig);
    const state = await compiled.optimizer.getState();
    const variables: OptimizerMeta['variables'] = {};
    for (const [variableName, slots] of Object.entries(state.slots)) {
      const names: string[] = [];
      let step: number | null = null;
      for (const [slot, value] of Object.entries(slots)) {
        if (slot === 'step' && value.shape.length === 0) { step = value.data[0]; continue; }
        tensors[`${SLOT_PREFIX}${variableName}/${slot}`] = { dtype: 'F32', shape: [...value.shape], bytes: float32Bytes(value.data) };
        names.push(slot);
      }
      variables[variableName] = { slots: names, step };
    }
    const meta: OptimizerMeta = { name: state.name, config: state.config, iterations: state.iterations, variables };
    metadata[METADATA_KEYS.optimizer] = JSON.stringify(meta);
  }
  return encodeSafetensors(tensors, metadata);
}

function parseJson<X>(what: string, text: string | undefined): X | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as X;
  } catch (error) {
    return fail('loadModel', `metadata ${what} is not valid JSON (${(error as Error).message})`);
  }
}

export interface LoadOptions {
  /** Re-compile with the saved loss, metrics and optimizer state when present (default true). */
  readonly compile?: boolean;
}

/**
 * Re-creates a model saved by `saveModel`: architecture from the metadata, every weight checked
 * by name and shape, and the optimizer (with its state) when the file has one. Corrupt or
 * truncated files, and files whose weights do not fit the architecture, give a TesseraError.
 */
export async function loadModel(bytes: Uint8Array, options: LoadOptions = {}): Promise<Model> {
  const file = decodeSafetensors(bytes);
  const spec = parseJson<LayerSpec>('tessera.model', file.metadata[METADATA_KEYS.model]);
  if (!spec) {
    fail('loadModel', `the file has no model architecture (metadata "${METADATA_KEYS.model}"); it holds tensors ${[...file.tensors.keys()].slice(0, 5).join(', ')}${file.tensors.size > 5 ? ', ...' : ''}`);
  }
  const version = file.metadata[METADATA_KEYS.version];
  if (version !== FORMAT_VERSION) fail('loadModel', `unsupported format version ${JSON.stringify(version)} (this library reads ${FORMAT_VERSION})`);
  const model = modelFromConfig(spec);
  try {
    setWeightsFromFile(model, file);
    const training = parseJson<TrainingConfig>('tessera.training', file.metadata[METADATA_KEYS.training]);
    const optimizerMeta = parseJson<OptimizerMeta>('tessera.optimizer', file.metadata[METADATA_KEYS.optimizer]);
    if ((options.compile ?? true) && training && optimizerMeta) {
      const optimizer = getOptimizer({ ...optimizerMeta.config, name: optimizerMeta.name });
      optimizer.setState(optimizerState(file, optimizerMeta));
      model.compiled = compileModel(model, {
        optimizer,
        loss: training.loss as LossIdentifier | LossIdentifier[],
        metrics: training.metrics,
        lossWeights: training.lossWeights ?? undefined,
      }, true);
    }
    return model;
  } catch (error) {
    model.dispose();
    throw error;
  }
}

/** Assigns every model weight from the file's tensor of the same name; all are checked first. */
export function setWeightsFromFile(model: Model, file: SafetensorsFile): void {
  const weights = model.weights;
  const planned = weights.map((w) => {
    const t = file.tensors.get(w.name);
    if (!t) fail('loadModel', `the file has no tensor for weight ${w.name} ${fmtShape(w.shape)}`);
    if (t.shape.length !== w.shape.length || t.shape.some((d, i) => d !== w.shape[i])) {
      fail('loadModel', `weight ${w.name} has shape ${fmtShape(w.shape)} but the file's tensor is ${fmtShape(t.shape)}`);
    }
    const { dtype, values } = tensorValues(w.name, t);
    if (dtype !== 'float32') fail('loadModel', `weight ${w.name} is stored as ${t.dtype}; a floating dtype is needed`);
    return { w, values };
  });
  const known = new Set(weights.map((w) => w.name));
  const extra = [...file.tensors.keys()].filter((k) => !known.has(k) && !k.startsWith(SLOT_PREFIX));
  if (extra.length) fail('loadModel', `the file has tensors the model does not use: ${extra.slice(0, 5).join(', ')}${extra.length > 5 ? ', ...' : ''}`);
  for (const { w, values } of planned) {
    const t = T.tensor(values, [...w.shape], 'float32');
    w.assign(t);
    t.dispose();
  }
}

function optimizerState(file: SafetensorsFile, meta: OptimizerMeta): OptimizerState {
  const slots: Record<string, Record<string, SlotValue>> = {};
  for (const [variableName, entry] of Object.entries(meta.variables ?? {})) {
    const out: Record<string, SlotValue> = {};
    for (const slot of entry.slots) {
      const key = `${SLOT_PREFIX}${variableName}/${slot}`;
      const t = file.tensors.get(key);
      if (!t) fail('loadModel', `optimizer state lists slot ${slot} of ${variableName} but the file has no tensor ${key}`);
      out[slot] = { shape: [...t.shape], data: Array.from(tensorValues(key, t).values) };
    }
    if (entry.step !== null && entry.step !== undefined) out.step = { shape: [], data: [entry.step] };
    slots[variableName] = out;
  }
  return { name: meta.name, config: meta.config, iterations: meta.iterations, slots };
}
