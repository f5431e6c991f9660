import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, makeImageDir, spawnCli, tempDir } from './helpers.js';

/** Exactly one line on stderr, starting with the command, and a non-zero exit code. */
async function fails(args: string[], pattern: RegExp): Promise<void> {
  const r = await cli(...args);
  expect(r.code, r.stderr.join('\n')).not.toBe(0);
  expect(r.stderr, r.stderr.join('\n')).toHaveLength(1);
  expect(r.stderr[0]).toMatch(pattern);
}

describe('bad input: one clear line and a non-zero exit code', () => {
  const root = tempDir();
  const data = makeImageDir(root);
  const out = join(root, 'keep.safetensors');
  const base = ['--dataset', data, '--backend', 'js', '--out', out];

  it('non-numeric and out-of-range options', async () => {
    await fails(['train', '--model', 'mlp', ...base, '--epochs', 'abc'], /^tessera: --epochs must be a number, got "abc"$|^tessera train: --epochs must be a number, got "abc"$/);
    await fails(['train', '--model', 'mlp', ...base, '--epochs', '2.5'], /--epochs must be a positive integer, got "2.5"$/);
    await fails(['train', '--model', 'mlp', ...base, '--batch-size', '0'], /--batch-size must be a positive integer, got "0"$/);
    await fails(['train', '--model', 'mlp', ...base, '--lr', '1e-3x'], /--lr must be a number, got "1e-3x"$/);
    await fails(['train', '--model', 'mlp', ...base, '--lr', '-1'], /--lr must be a positive number, got "-1"$/);
    await fails(['train', '--model', 'mlp', ...base, '--validation-split', '1'], /--validation-split must be in \[0, 1\), got "1"$/);
    await fails(['train', '--model', 'mlp', ...base, '--seed', 'x'], /--seed must be a number, got "x"$/);
    await fails(['train', '--model', 'mlp', ...base, '--optimizer', 'adamax'], /--optimizer must be one of sgd, .*adam.*, got "adamax"$/);
    await fails(['train', '--model', 'mlp', ...base, '--backend', 'cuda'], /--backend must be one of wasm, js, webgpu, got "cuda"$/);
    await fails(['predict', '--model', out, '--top', 'many', 'x.png'], /--top must be a number, got "many"$/);
  });

  it('unknown commands and options, missing arguments', async () => {
    await fails(['fit'], /^tessera: unknown command 'fit'/);
    await fails(['train', '--model', 'mlp', ...base, '--epoch', '3'], /^tessera: unknown option '--epoch'/);
    await fails(['train', '--dataset', data, '--backend', 'js', '--out', out], /^tessera train: --model is required/);
    await fails(['train', '--model', 'mlp', '--backend', 'js', '--out', out], /^tessera train: --dataset is required/);
    await fails(['predict', '--model', out], /^tessera: missing required argument 'inputs'/);
  });

  it('unknown model or dataset', async () => {
    await fails(['train', '--model', 'alexnet', ...base], /^tessera train: --model "alexnet" is neither a known model \(small-cnn, mlp, lenet5, .*\) nor an existing file$/);
    await fails(['train', '--model', 'mlp', '--dataset', 'cifar10', '--backend', 'js', '--out', out],
      /^tessera train: loadDataset: "cifar10" is neither a bundled dataset \(iris, .*\) nor an existing file or directory$/);
  });

  it('data and model shapes that do not fit', async () => {
    await fails(['train', '--model', 'small-cnn', '--dataset', 'iris', '--backend', 'js', '--out', out],
      /^tessera train: --model small-cnn needs image samples \[height, width, channels\] but dataset iris has samples of shape \[4\]$/);
    // A model config for 28x28 images against 12x12 data, and one with the wrong number of classes.
    const config = (inputShape: number[], units: number) => JSON.stringify({
      className: 'Sequential',
      config: { name: 'custom', layers: [
        { className: 'Flatten', config: { name: 'flatten', inputShape } },
        { className: 'Dense', config: { name: 'out', units, activation: 'softmax' } },
      ] },
    });
    const wrongInput = join(root, 'wrong-input.json');
    writeFileSync(wrongInput, config([28, 28, 1], 10));
    await fails(['train', '--model', wrongInput, ...base],
      /^tessera train: --model .*wrong-input\.json expects samples of shape \[28,28,1\] but dataset .*blocks has samples of shape \[12,12,1\]$/);
    const wrongClasses = join(root, 'wrong-classes.json');
    writeFileSync(wrongClasses, config([12, 12, 1], 4));
    await fails(['train', '--model', wrongClasses, ...base], /^tessera train: --model .*wrong-classes\.json outputs \[null,4\] but dataset .* has 10 classes/);
    // The same config with the right shapes trains.
    const right = join(root, 'right.json');
    writeFileSync(right, config([12, 12, 1], 10));
    const ok = await cli('train', '--model', right, ...base.slice(0, 4), '--out', join(root, 'right.safetensors'), '--epochs', '1', '--seed', '0');
    expect(ok.code).toBe(0);
  });

  it('unreadable or corrupt files', async () => {
    const notJson = join(root, 'model.json');
    writeFileSync(notJson, '{ "className": ');
    await fails(['train', '--model', notJson, ...base], /^tessera train: --model .*model\.json: not a JSON model config/);
    await fails(['eval', '--model', join(root, 'missing.safetensors'), '--backend', 'js'], /^tessera eval: --model .*missing\.safetensors: cannot read \(no such file\)$/);
    await fails(['eval', '--model', root, '--backend', 'js'], /^tessera eval: --model .*: cannot read \(is a directory\)$/);
    const truncated = join(root, 'truncated.safetensors');
    writeFileSync(truncated, new Uint8Array([1, 2, 3]));
    await fails(['predict', '--model', truncated, '--backend', 'js', 'x.png'], /^tessera predict: --model .*truncated\.safetensors: safetensors: file is 3 bytes, too short/);
    const badIdx = join(root, 'bad-idx');
    makeImageDir(badIdx);
    writeFileSync(join(badIdx, 'blocks', 't10k-labels-idx1-ubyte'), new Uint8Array([0, 0, 8, 1, 0, 0, 0, 30, 1]));
    await fails(['train', '--model', 'mlp', '--dataset', join(badIdx, 'blocks'), '--backend', 'js', '--out', out], /^tessera train: readIdx: .*t10k-labels-idx1-ubyte: truncated/);
  });

  it('predict inputs that do not fit the model', async () => {
    const model = join(root, 'small.safetensors');
    expect((await cli('train', '--model', 'mlp', ...base.slice(0, 4), '--out', model, '--epochs', '1', '--seed', '0')).code).toBe(0);
    const text = join(root, 'notes.txt');
    writeFileSync(text, 'hello');
    await fails(['predict', '--model', model, '--backend', 'js', text], /^tessera predict: .*notes\.txt: give \.png images or \.csv files of rows$/);
    const fakePng = join(root, 'fake.png');
    writeFileSync(fakePng, 'not a png');
    await fails(['predict', '--model', model, '--backend', 'js', fakePng], /^tessera predict: .*fake\.png: not a readable PNG/);
    const csv = join(root, 'short.csv');
    writeFileSync(csv, 'a,b,c\n1,2,3\n');
    await fails(['predict', '--model', model, '--backend', 'js', csv], /^tessera predict: .*short\.csv: rows have 3 columns but the model takes 144 features \(\[12,12,1\]\)/);
  });

  it('resume problems', async () => {
    const fresh = join(tempDir(), 'never.safetensors');
    await fails(['train', '--resume', '--backend', 'js', '--out', fresh], /^tessera train: --resume: no run to resume in .*never\.ckpt \(no run\.json\)$/);
    const run = join(root, 'run.safetensors');
    expect((await cli('train', '--model', 'mlp', ...base.slice(0, 4), '--out', run, '--epochs', '1', '--seed', '5')).code).toBe(0);
    await fails(['train', '--resume', '--backend', 'js', '--out', run, '--seed', '6', '--epochs', '2'],
      /^tessera train: --resume: seed 6 \(the run used 5\); a resumed run keeps its settings$/);
    await fails(['train', '--resume', '--backend', 'js', '--out', run], /^tessera train: --resume: the run has already trained 1 epochs; pass --epochs greater than that$/);
    await fails(['train', '--resume', '--force', '--backend', 'js', '--out', run], /--resume continues a run and --force starts a new one/);
  });

  it('nothing already saved is lost when a command fails', async () => {
    const keep = join(root, 'precious.safetensors');
    expect((await cli('train', '--model', 'mlp', ...base.slice(0, 4), '--out', keep, '--epochs', '1', '--seed', '0')).code).toBe(0);
    const files = ['precious.safetensors', 'precious.history.json', 'precious.history.svg', 'precious.ckpt/run.json', 'precious.ckpt/epoch-001.safetensors'];
    const before = files.map((f) => readFileSync(join(root, f)));
    await fails(['train', '--model', 'alexnet', ...base.slice(0, 4), '--out', keep, '--force'], /neither a known model/);
    await fails(['train', '--model', 'mlp', '--dataset', 'nope', '--backend', 'js', '--out', keep, '--force'], /neither a bundled dataset/);
    await fails(['train', '--model', 'small-cnn', '--dataset', 'iris', '--backend', 'js', '--out', keep, '--force'], /needs image samples/);
    await fails(['train', '--model', 'mlp', ...base.slice(0, 4), '--out', keep, '--epochs', 'x', '--force'], /--epochs must be a number/);
    await fails(['train', '--model', 'mlp', ...base.slice(0, 4), '--out', keep], /holds a run/);
    files.forEach((f, i) => expect(readFileSync(join(root, f)).equals(before[i]), f).toBe(true));
  });

  it('output paths that cannot be written are refused before training', async () => {
    await fails(['train', '--model', 'mlp', ...base.slice(0, 4), '--out', join(root, 'no-such-dir', 'm.safetensors')],
      /^tessera train: --out .*m\.safetensors: the directory .*no-such-dir does not exist$/);
    await fails(['train', '--model', 'mlp', ...base.slice(0, 4), '--out', join(root, 'm.bin')], /^tessera train: --out .*m\.bin must end in \.safetensors$/);
  });

  it('the real command exits non-zero with one line on stderr', async () => {
    const { done } = spawnCli(['train', '--model', 'mlp', '--dataset', data, '--epochs', 'ten', '--backend', 'js']);
    const r = await done;
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('tessera train: --epochs must be a number, got "ten"\n');
  });
});
