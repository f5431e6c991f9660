import { readFile, stat } from 'node:fs/promises';
import { fmtShape } from '@tessera/tensor';
import { formatShape } from '@tessera/nn';
import { ZOO_NAMES, modelFromConfig, resetNames, zooModel, type LayerSpec, type Model } from '@tessera/nn';
import { UsageError } from '../errors.js';
import { BUILTIN_MODELS, type ModelInput } from './builtin.js';

/** Every model name `--model` accepts, besides a config file. */
export function modelNames(): string[] {
  return [...Object.keys(BUILTIN_MODELS), ...ZOO_NAMES];
}

const key = (name: string) => name.toLowerCase().replace(/[-_]/g, '');

/** The model's output must be one probability per class; its input one sample of the data. */
export function checkModelFitsData(label: string, model: Model, input: ModelInput, datasetName: string): void {
  const inShapes = model.inputShapes;
  if (inShapes.length !== 1) throw new UsageError(`--model ${label} has ${inShapes.length} inputs; the CLI trains single-input models`);
  const expected = inShapes[0].slice(1);
  const fits = expected.length === input.inputShape.length && expected.every((d, i) => d === null || d === input.inputShape[i]);
  if (!fits) {
    throw new UsageError(`--model ${label} expects samples of shape ${formatShape(expected)} but dataset ${datasetName} has samples of shape ${fmtShape(input.inputShape)}`);
  }
  const out = model.outputShapes;
  const units = out.length === 1 ? out[0][out[0].length - 1] : null;
  if (out.length !== 1 || out[0].length !== 2 || units !== input.numClasses) {
    throw new UsageError(`--model ${label} outputs ${out.map((s) => formatShape(s)).join(', ')} but dataset ${datasetName} has ${input.numClasses} classes (expected [null,${input.numClasses}])`);
  }
}

/**
 * A new model for `--model`: a CLI builder (small-cnn, mlp), a zoo name of @tessera/nn (built
 * for the data's shape and classes), or a JSON file holding a Sequential/Functional config.
 */
export async function resolveModel(spec: string, input: ModelInput, datasetName: string): Promise<Model> {
  // Layer (and so weight) names come from per-process counters; a fresh count makes them the
  // same in every run, so checkpoints of separate runs name their tensors alike.
  resetNames();
  const builtin = Object.entries(BUILTIN_MODELS).find(([name]) => key(name) === key(spec));
  if (builtin) {
    const [name, entry] = builtin;
    if (entry.rank !== null && input.inputShape.length !== entry.rank) {
      throw new UsageError(`--model ${name} needs image samples [height, width, channels] but dataset ${datasetName} has samples of shape ${fmtShape(input.inputShape)}`);
    }
    return entry.build(input);
  }
  if (ZOO_NAMES.some((n) => key(n) === key(spec))) {
    if (input.inputShape.length !== 3) {
      throw new UsageError(`--model ${spec} needs image samples [height, width, channels] but dataset ${datasetName} has samples of shape ${fmtShape(input.inputShape)}`);
    }
    const model = zooModel(spec, { inputShape: input.inputShape, numClasses: input.numClasses });
    checkModelFitsData(spec, model, input, datasetName);
    return model;
  }
  const info = await stat(spec).catch(() => undefined);
  if (!info) throw new UsageError(`--model "${spec}" is neither a known model (${modelNames().join(', ')}) nor an existing file`);
  if (!info.isFile()) throw new UsageError(`--model ${spec} is not a file`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(spec, 'utf8'));
  } catch (error) {
    throw new UsageError(`--model ${spec}: not a JSON model config (${(error as Error).message})`);
  }
  const model = modelFromConfig(parsed as LayerSpec);
  if (!model.built) throw new UsageError(`--model ${spec}: the config does not give the input shape (set inputShape on the first layer)`);
  checkModelFitsData(spec, model, input, datasetName);
  return model;
}
