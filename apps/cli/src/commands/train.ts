import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { dispose, globalGenerator, setSeed, type Tensor } from '@tessera/tensor';
import { parameterCounts, type Callback, type Model } from '@tessera/nn';
import { toTensors } from '@tessera/data/node';
import { OPTIMIZER_NAMES } from '@tessera/optim';
import { activateBackend, BACKEND_NAMES } from '../backends.js';
import { loadData, splitRows, type PreparedData } from '../data.js';
import { UsageError } from '../errors.js';
import { writeHistory } from '../history.js';
import type { CliIo } from '../io.js';
import { loadModelWithData, saveModelWithData, type DataInfo } from '../model-file.js';
import { checkModelFitsData, resolveModel } from '../models/resolve.js';
import { choice, fraction, nonNegativeInt, positiveInt, positiveNumber } from '../options.js';
import { checkWritable, ensureDirectory, trainPaths, type TrainPaths } from '../paths.js';
import { progressReporter } from '../progress-bar.js';
import {
  checkpointName, readRunState, RUN_FILE, settingConflicts, writeRunState,
  type HistoryJson, type RunSettings, type RunState,
} from '../run-state.js';

/** Option values as commander hands them over: text, parsed and checked here. */
export interface TrainOptions {
  model?: string; dataset?: string; epochs?: string; batchSize?: string; optimizer?: string; lr?: string;
  backend?: string; threads?: string; seed?: string; out?: string; validationSplit?: string; testSplit?: string;
  resume?: boolean; force?: boolean; checkpointDir?: string; history?: string; plot?: string;
}

export const TRAIN_DEFAULTS = { epochs: 10, batchSize: 32, optimizer: 'adam', lr: 1e-3, validationSplit: 0.1, testSplit: 0.2, out: 'model.safetensors' };

interface Plan {
  readonly settings: RunSettings;
  readonly epochs: number;
  readonly paths: TrainPaths;
  /** The run being resumed, or null for a new run. */
  readonly resumed: RunState | null;
}

/** Everything the user typed is checked here, before a backend starts or a file is touched. */
async function plan(o: TrainOptions): Promise<Plan> {
  const given: Partial<RunSettings> = {
    model: o.model,
    dataset: o.dataset,
    batchSize: o.batchSize === undefined ? undefined : positiveInt('--batch-size', o.batchSize, 0),
    optimizer: choice('--optimizer', o.optimizer, OPTIMIZER_NAMES),
    lr: o.lr === undefined ? undefined : positiveNumber('--lr', o.lr, 0),
    validationSplit: o.validationSplit === undefined ? undefined : fraction('--validation-split', o.validationSplit, 0),
    testSplit: o.testSplit === undefined ? undefined : fraction('--test-split', o.testSplit, 0),
    seed: o.seed === undefined ? undefined : nonNegativeInt('--seed', o.seed, 0),
  };
  const epochsGiven = o.epochs === undefined ? undefined : positiveInt('--epochs', o.epochs, 0);
  if (o.resume && o.force) throw new UsageError('--resume continues a run and --force starts a new one: give one of them');
  const paths = trainPaths(o.out ?? TRAIN_DEFAULTS.out, o);
  if (!paths.out.toLowerCase().endsWith('.safetensors')) throw new UsageError(`--out ${paths.out} must end in .safetensors`);
  await checkWritable('--out', paths.out);
  await checkWritable('--history', paths.history);
  await checkWritable('--plot', paths.plot);
  const saved = await readRunState(paths.checkpointDir);
  if (o.resume) {
    if (!saved) throw new UsageError(`--resume: no run to resume in ${paths.checkpointDir} (no ${RUN_FILE})`);
    const conflicts = settingConflicts(saved.settings, given);
    if (conflicts.length) throw new UsageError(`--resume: ${conflicts.join(', ')}; a resumed run keeps its settings`);
    const epochs = epochsGiven ?? saved.epochs;
    if (epochs <= saved.epochsDone) throw new UsageError(`--resume: the run has already trained ${saved.epochsDone} epochs; pass --epochs greater than that`);
    return { settings: saved.settings, epochs, paths, resumed: saved };
  }
  if (saved && !o.force) {
    throw new UsageError(`${paths.checkpointDir} holds a run (${saved.settings.model} on ${saved.settings.dataset}, ${saved.epochsDone} epochs done): pass --resume to continue it or --force to start again`);
  }
  if (!given.model) throw new UsageError('--model is required (a model name or a JSON config file)');
  if (!given.dataset) throw new UsageError('--dataset is required (a bundled dataset name, an IDX directory or a CSV file)');
  const settings: RunSettings = {
    model: given.model,
    dataset: given.dataset,
    batchSize: given.batchSize ?? TRAIN_DEFAULTS.batchSize,
    optimizer: given.optimizer ?? TRAIN_DEFAULTS.optimizer,
    lr: given.lr ?? TRAIN_DEFAULTS.lr,
    validationSplit: given.validationSplit ?? TRAIN_DEFAULTS.validationSplit,
    testSplit: given.testSplit ?? TRAIN_DEFAULTS.testSplit,
    // An unseeded run still gets a seed, printed and stored, so it can be resumed exactly.
    seed: given.seed ?? Math.floor(Math.random() * 2 ** 31),
  };
  return { settings, epochs: epochsGiven ?? TRAIN_DEFAULTS.epochs, paths, resumed: null };
}

/** Removes a previous run's checkpoints (only for --force, after every check passed). */
async function clearCheckpoints(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => n === RUN_FILE || /^epoch-\d+\.safetensors$/.test(n)).map((n) => unlink(join(dir, n))));
}

function dataInfo(settings: RunSettings, data: PreparedData): DataInfo {
  return { dataset: settings.dataset, testSplit: settings.testSplit, classNames: data.classNames, inputShape: data.inputShape, pixels: data.pixels };
}

/** Saves the model and the run state after every epoch; the state is written last. */
function checkpointer(p: Plan, model: Model, info: DataInfo, history: HistoryJson): Callback {
  return {
    onEpochEnd: async (epoch, logs) => {
      history.epoch.push(epoch);
      for (const [k, v] of Object.entries(logs)) (history.history[k] ??= []).push(v);
      const name = checkpointName(epoch + 1);
      await saveModelWithData(model, join(p.paths.checkpointDir, name), info);
      await writeRunState(p.paths.checkpointDir, {
        format: 'tessera-cli-run', version: 1, settings: p.settings, epochsDone: epoch + 1, epochs: p.epochs,
        checkpoint: name, history, generator: globalGenerator().state,
      });
    },
  };
}

/**
 * `tessera train`: loads the data, builds (or resumes) the model, trains it with a progress bar
 * and a checkpoint per epoch, evaluates it on the test rows, and writes the model, the history
 * JSON and the loss/accuracy plot.
 */
export async function train(o: TrainOptions, io: CliIo): Promise<void> {
  const p = await plan(o);
  const backendName = choice('--backend', o.backend, BACKEND_NAMES);
  const threads = o.threads === undefined ? undefined : positiveInt('--threads', o.threads, 1);
  const { settings } = p;
  const active = await activateBackend(backendName, threads);
  const owned: Tensor[] = [];
  let model: Model | null = null;
  try {
    io.out(active.description);
    const data = await loadData(settings.dataset, settings.testSplit);
    const input = { inputShape: data.inputShape, numClasses: data.classNames.length };
    const [fitRows, valRows] = settings.validationSplit > 0
      ? splitRows(data.train, [1 - settings.validationSplit, settings.validationSplit], settings.seed)
      : [data.train, null];
    if (p.resumed) {
      model = (await loadModelWithData(join(p.paths.checkpointDir, p.resumed.checkpoint), '--resume')).model;
      checkModelFitsData(settings.model, model, input, settings.dataset);
      if (!model.compiled) throw new UsageError(`--resume: checkpoint ${p.resumed.checkpoint} has no optimizer state`);
      // The saved state belongs to the generator setSeed(seed) made; a fresh process has another.
      setSeed(settings.seed);
      globalGenerator().state = p.resumed.generator;
    } else {
      setSeed(settings.seed);
      model = await resolveModel(settings.model, input, settings.dataset);
      model.compile({ optimizer: { name: settings.optimizer, learningRate: settings.lr }, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    }
    const counts = parameterCounts(model);
    io.out(`model ${settings.model}: ${counts.total.toLocaleString('en-US')} parameters (${counts.trainable.toLocaleString('en-US')} trainable)`);
    io.out(`dataset ${data.name}: ${fitRows.y.length} training, ${valRows?.y.length ?? 0} validation, ${data.test.y.length} test rows (test: ${data.testSource})`);
    io.out(`${settings.optimizer} lr ${settings.lr}, batch size ${settings.batchSize}, seed ${settings.seed}, `
      + `${p.resumed ? `resuming after epoch ${p.resumed.epochsDone} of ${p.epochs}` : `${p.epochs} epochs`}; checkpoints in ${p.paths.checkpointDir}`);

    await ensureDirectory('--checkpoint-dir', p.paths.checkpointDir);
    if (!p.resumed) await clearCheckpoints(p.paths.checkpointDir);
    const fit = toTensors(fitRows);
    owned.push(fit.xs, fit.ys);
    const val = valRows ? toTensors(valRows) : null;
    if (val) owned.push(val.xs, val.ys);
    const history: HistoryJson = p.resumed ? structuredClone(p.resumed.history) : { epoch: [], history: {} };
    const info = dataInfo(settings, data);
    const reporter = progressReporter(io);
    try {
      await model.fit(fit.xs, fit.ys, {
        epochs: p.epochs, initialEpoch: p.resumed?.epochsDone ?? 0, batchSize: settings.batchSize, shuffle: true, seed: settings.seed,
        validationData: val ? [val.xs, val.ys] : undefined,
        callbacks: [reporter.callback, checkpointer(p, model, info, history)],
      });
    } finally {
      reporter.stop();
    }

    const test = toTensors(data.test);
    owned.push(test.xs, test.ys);
    const result = await model.evaluate(test.xs, test.ys, { batchSize: 256 });
    io.out(`test accuracy ${result.accuracy.toFixed(4)}  test loss ${result.loss.toFixed(4)}  (${data.test.y.length} rows)`);

    await saveModelWithData(model, p.paths.out, info);
    await writeHistory(p.paths, history, { test: result, settings, backend: active.name }, `${settings.model} on ${data.name}`);
    io.out(`saved ${p.paths.out}, ${p.paths.history}, ${p.paths.plot}`);
  } finally {
    dispose(owned);
    model?.dispose();
    active.dispose();
  }
}
