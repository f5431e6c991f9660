import { Generator, dispose, fail, globalGenerator, isTensor, type Tensor } from '@tessera/tensor';
import type { Model } from '../models/model.js';
import { CallbackList, type Callback, type Logs, type TrainingParams } from './callbacks/callback.js';
import { epochLogger } from './callbacks/progress.js';
import {
  asList, checkSparseLabels, gatherData, isBatchSource, prepareTensors, sliceData,
  type BatchSource, type TensorData, type TensorOrList,
} from './data.js';
import { evaluateData } from './evaluate.js';
import { History } from './history.js';
import { LogAccumulator, stepKeys, trainStep } from './step.js';

export const FIT_DEFAULTS = {
  epochs: 1,
  /** Samples per batch (tensor input only; datasets come batched). */
  batchSize: 32,
  /** Reshuffle the training samples every epoch (tensor input only). */
  shuffle: true,
  /** Fraction of the samples, taken from the end before shuffling, held out for validation. */
  validationSplit: 0,
  /** Batch size for validation (default: batchSize). */
  validationBatchSize: null as number | null,
  /** Epoch to start from (0-based), to resume a run; epochs stays the total. */
  initialEpoch: 0,
  /**
   * Seeds the per-epoch shuffles and dropout masks: epoch e uses a generator derived from
   * (seed, e) alone, so a run resumed at epoch e from a checkpoint continues exactly as an
   * uninterrupted one. Null uses the global generator.
   */
  seed: null as number | null,
  /** 0 prints nothing; 1 prints one line per epoch with console.log. */
  verbose: 0 as 0 | 1,
  /** Batches per epoch for a dataset (default: the whole dataset each epoch). */
  stepsPerEpoch: null as number | null,
};

export interface FitArgs extends Partial<typeof FIT_DEFAULTS> {
  /** `[x, y]`, `{ x, y }`, or a dataset of batches, evaluated after every epoch (`val_` logs). */
  readonly validationData?: readonly [TensorOrList, TensorOrList] | { x: TensorOrList; y: TensorOrList } | BatchSource;
  readonly callbacks?: readonly Callback[];
}

export interface FitData {
  x: TensorOrList;
  y: TensorOrList;
}

/**
 * The generator of epoch `epoch` of a seeded run, a function of (seed, epoch) only: the fork
 * at counter offset `epoch` of the seed's stream (the same rule as @tessera/data's shuffles).
 */
export function epochGenerator(seed: number, epoch: number): Generator {
  return Generator.fromState({ seed, offset: epoch }).fork();
}

function checkArgs(args: FitArgs): typeof FIT_DEFAULTS & FitArgs {
  const allowed = new Set([...Object.keys(FIT_DEFAULTS), 'validationData', 'callbacks']);
  for (const k of Object.keys(args)) if (!allowed.has(k)) fail('fit', `unknown option "${k}" (options: ${[...allowed].join(', ')})`);
  const a = { ...FIT_DEFAULTS, ...Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined)) } as typeof FIT_DEFAULTS & FitArgs;
  const posInt = (name: string, v: unknown) => {
    if (!Number.isInteger(v) || (v as number) < 1) fail('fit', `${name} must be a positive integer, got ${JSON.stringify(v)}`);
  };
  posInt('epochs', a.epochs);
  posInt('batchSize', a.batchSize);
  if (a.validationBatchSize !== null) posInt('validationBatchSize', a.validationBatchSize);
  if (a.stepsPerEpoch !== null) posInt('stepsPerEpoch', a.stepsPerEpoch);
  if (!Number.isInteger(a.initialEpoch) || a.initialEpoch < 0 || a.initialEpoch >= a.epochs) {
    fail('fit', `initialEpoch must be an integer in [0, epochs), got ${a.initialEpoch} with epochs ${a.epochs}`);
  }
  if (!(a.validationSplit >= 0 && a.validationSplit < 1)) fail('fit', `validationSplit must be in [0, 1), got ${a.validationSplit}`);
  if (a.seed !== null && !Number.isSafeInteger(a.seed)) fail('fit', `seed must be a safe integer, got ${a.seed}`);
  if (a.validationSplit > 0 && a.validationData !== undefined) fail('fit', 'give validationSplit or validationData, not both');
  return a;
}

type Validation = { kind: 'tensors'; data: TensorData } | { kind: 'dataset'; source: BatchSource } | null;

function validationFrom(value: FitArgs['validationData']): { x: unknown; y: unknown } | BatchSource | null {
  if (value === undefined || value === null) return null;
  if (isBatchSource(value)) return value;
  if (Array.isArray(value)) {
    if (value.length !== 2) fail('fit', `validationData must be [x, y], got an array of ${value.length}`);
    return { x: value[0], y: value[1] };
  }
  const v = value as { x?: unknown; y?: unknown };
  if (v.x === undefined || v.y === undefined) fail('fit', 'validationData must be [x, y], { x, y } or a dataset');
  return { x: v.x, y: v.y };
}

/** The training loop behind `model.fit`. */
export async function fitModel(model: Model, a: unknown, b: unknown, c: unknown): Promise<History> {
  const compiled = model.compiled;
  if (!compiled) fail('fit', `${model.label} is not compiled: call model.compile({ optimizer, loss }) first`);
  const datasetMode = isBatchSource(a);
  if (!datasetMode && (a === undefined || b === undefined || (!isTensor(b) && !Array.isArray(b)))) {
    fail('fit', 'expects fit(x, y, options) with tensors, or fit(dataset, options) with an async iterable of { xs, ys }');
  }
  if (datasetMode && (isTensor(b) || Array.isArray(b))) fail('fit', 'fit(dataset, options) takes its targets from the dataset\'s ys; pass no y');
  const args = checkArgs(((datasetMode ? b : c) ?? {}) as FitArgs);
  if (datasetMode && args.validationSplit > 0) fail('fit', 'validationSplit needs tensor input; give validationData for a dataset');

  const owned: Tensor[] = [];
  try {
    let train: TensorData | null = null;
    let validation: Validation = null;
    if (!datasetMode) {
      const prepared = prepareTensors('fit', model, compiled, a, b);
      owned.push(...prepared.created);
      await checkSparseLabels('fit', model, compiled, prepared.ys);
      train = prepared;
      if (args.validationSplit > 0) {
        const cut = Math.floor(prepared.size * (1 - args.validationSplit));
        if (cut < 1 || cut >= prepared.size) fail('fit', `validationSplit ${args.validationSplit} leaves no training or no validation samples out of ${prepared.size}`);
        train = sliceData(prepared, 0, cut);
        const held = sliceData(prepared, cut, prepared.size);
        owned.push(...train.xs, ...train.ys, ...held.xs, ...held.ys);
        validation = { kind: 'tensors', data: held };
      }
    }
    const v = validationFrom(args.validationData);
    if (v && isBatchSource(v)) validation = { kind: 'dataset', source: v };
    else if (v) {
      const prepared = prepareTensors('fit: validationData', model, compiled, v.x, v.y);
      owned.push(...prepared.created);
      await checkSparseLabels('fit: validationData', model, compiled, prepared.ys);
      validation = { kind: 'tensors', data: prepared };
    }

    const keys = stepKeys(model, compiled);
    const sourceSize = datasetMode ? (a as { size?: unknown }).size : undefined;
    const steps = train ? Math.ceil(train.size / args.batchSize)
      : args.stepsPerEpoch ?? (typeof sourceSize === 'number' && Number.isFinite(sourceSize) ? sourceSize : null);
    const params: TrainingParams = {
      epochs: args.epochs, initialEpoch: args.initialEpoch, steps, samples: train?.size ?? null,
      batchSize: train ? args.batchSize : null, validation: validation !== null,
      metrics: [...keys, ...(validation ? keys.map((k) => `val_${k}`) : [])],
    };
    const history = new History();
    // History and the logger run last, so they see keys callbacks add to the logs (learning_rate).
    const callbacks = new CallbackList([...(args.callbacks ?? []), ...(args.verbose ? [epochLogger()] : []), history]);
    callbacks.setup(model, params);
    model.stopTraining = false;
    model.allocateWeights();

    let logs: Logs = {};
    await callbacks.trainBegin(logs);
    for (let epoch = args.initialEpoch; epoch < args.epochs; epoch++) {
      await callbacks.epochBegin(epoch, {});
      const generator = args.seed === null ? undefined : epochGenerator(args.seed, epoch);
      const acc = new LogAccumulator(keys);
      const runBatch = async (batch: number, xs: Tensor[], ys: Tensor[]) => {
        await callbacks.batchBegin(batch, { batch, size: xs[0].shape[0] });
        const values = await trainStep(model, compiled, xs, ys, generator);
        acc.add(values, xs[0].shape[0]);
        await callbacks.batchEnd(batch, { ...acc.means(), batch, size: xs[0].shape[0] });
      };
      if (train) {
        const data = train;
        const order = args.shuffle ? (generator ?? globalGenerator()).permutation(data.size) : null;
        for (let start = 0, batch = 0; start < data.size; start += args.batchSize, batch++) {
          const end = Math.min(start + args.batchSize, data.size);
          const part = order ? gatherData(data, order.subarray(start, end)) : sliceData(data, start, end);
          try {
            await runBatch(batch, [...part.xs], [...part.ys]);
          } finally {
            dispose([part.xs, part.ys]);
          }
        }
      } else {
        let batch = 0;
        for await (const item of a as BatchSource) {
          try {
            const xs = asList('fit', 'dataset xs', item?.xs);
            const ys = asList('fit', 'dataset ys', item?.ys);
            const prepared = prepareTensors('fit', model, compiled, xs, ys);
            try {
              await runBatch(batch, [...prepared.xs], [...prepared.ys]);
            } finally {
              dispose(prepared.created);
            }
          } finally {
            dispose([item?.xs, item?.ys]);
          }
          batch += 1;
          if (args.stepsPerEpoch !== null && batch >= args.stepsPerEpoch) break;
        }
        if (batch === 0) fail('fit', 'the dataset produced no batches');
      }
      logs = acc.means();
      if (validation) {
        const valLogs = validation.kind === 'tensors'
          ? await evaluateData(model, compiled, validation.data, args.validationBatchSize ?? args.batchSize)
          : await evaluateData(model, compiled, validation.source, null);
        for (const [k, val] of Object.entries(valLogs)) logs[`val_${k}`] = val;
      }
      await callbacks.epochEnd(epoch, logs);
      if (model.stopTraining) break;
    }
    await callbacks.trainEnd(logs);
    return history;
  } finally {
    dispose(owned);
  }
}
