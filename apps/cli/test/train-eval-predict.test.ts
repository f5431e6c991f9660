import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, filesIn, makeImageDir, syntheticImage, tempDir, writePng } from './helpers.js';

describe('train -> eval -> predict on the js backend', () => {
  const root = tempDir();
  const data = makeImageDir(root);
  const out = join(root, 'cnn.safetensors');

  it('trains the small CNN, printing a line per epoch, and writes model, checkpoints, history and plot', async () => {
    const r = await cli('train', '--model', 'small-cnn', '--dataset', data, '--epochs', '3', '--batch-size', '16',
      '--lr', '0.01', '--backend', 'js', '--seed', '3', '--out', out);
    expect(r.stderr).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.stdout[0]).toBe('backend js (requested)');
    const epochs = r.stdout.filter((l) => l.startsWith('epoch '));
    expect(epochs).toHaveLength(3);
    expect(epochs[2]).toMatch(/^epoch 3\/3 {2}loss \d\.\d{4} {2}accuracy \d\.\d{4} {2}val_loss \d\.\d{4} {2}val_accuracy \d\.\d{4} {2}\(\d+\.\ds\)$/);
    const test = r.stdout.find((l) => l.startsWith('test accuracy'))!;
    const accuracy = Number(/test accuracy (\S+)/.exec(test)![1]);
    expect(accuracy).toBeGreaterThan(0.9);   // the classes are separable blocks

    expect(filesIn(`${join(root, 'cnn')}.ckpt`)).toEqual(['epoch-001.safetensors', 'epoch-002.safetensors', 'epoch-003.safetensors', 'run.json']);
    const history = JSON.parse(readFileSync(join(root, 'cnn.history.json'), 'utf8'));
    expect(history.epoch).toEqual([0, 1, 2]);
    expect(Object.keys(history.history).sort()).toEqual(['accuracy', 'loss', 'val_accuracy', 'val_loss']);
    expect(history.history.loss).toHaveLength(3);
    expect(history.test.accuracy).toBeCloseTo(accuracy, 4);
    expect(history.settings).toMatchObject({ model: 'small-cnn', batchSize: 16, lr: 0.01, seed: 3 });
    const svg = readFileSync(join(root, 'cnn.history.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('accuracy');
    expect(svg).toContain('validation');
    expect(existsSync(out)).toBe(true);
  });

  it('eval reports the same test accuracy as train', async () => {
    const trained = JSON.parse(readFileSync(join(root, 'cnn.history.json'), 'utf8'));
    const r = await cli('eval', '--model', out, '--backend', 'js');
    expect(r.code).toBe(0);
    expect(r.stdout).toHaveLength(2);
    expect(r.stdout[0]).toBe('backend js (requested)');
    const m = /^loss (\S+) {2}accuracy (\S+) {2}\(30 test rows of blocks, the official test split\)$/.exec(r.stdout[1]);
    expect(m).not.toBeNull();
    expect(Number(m![2])).toBeCloseTo(trained.test.accuracy, 4);
    expect(Number(m![1])).toBeCloseTo(trained.test.loss, 4);
  });

  it('predict names a class and probabilities for PNG images and CSV rows', async () => {
    const pngs = [0, 1, 2].map((k) => {
      const path = join(root, `class-${k}.png`);
      writePng(path, syntheticImage(k, 500 + k));
      return path;
    });
    const csv = join(root, 'rows.csv');
    const header = Array.from({ length: 144 }, (_, i) => `p${i}`).join(',');
    writeFileSync(csv, `${header},label\n${[1, 2].map((k) => `${[...syntheticImage(k, 900 + k)].join(',')},${k}`).join('\n')}\n`);
    const r = await cli('predict', '--model', out, '--backend', 'js', '--top', '2', ...pngs, csv);
    expect(r.code).toBe(0);
    expect(r.stdout).toHaveLength(6);
    const parsed = r.stdout.slice(1).map((l) => /^(.+): (\S+) (\d\.\d{4}) {2}\((\S+) (\d\.\d{4})\)$/.exec(l));
    expect(parsed.every(Boolean)).toBe(true);
    expect(parsed.map((m) => m![1])).toEqual([...pngs, `${csv}:1`, `${csv}:2`]);
    // The IDX directory's classes are digit names; the blocks are classes 0, 1, 2.
    expect(parsed.map((m) => m![2])).toEqual(['0', '1', '2', '1', '2']);
    for (const m of parsed) {
      const [p1, p2] = [Number(m![3]), Number(m![5])];
      expect(p1).toBeGreaterThanOrEqual(p2);
      expect(p1 + p2).toBeLessThanOrEqual(1.0001);
    }
  });

  it('trains the MLP on a bundled CSV dataset and evaluates it on the same held-out rows', async () => {
    const mlpOut = join(root, 'iris.safetensors');
    const r = await cli('train', '--model', 'mlp', '--dataset', 'iris', '--epochs', '2', '--backend', 'js', '--seed', '1', '--out', mlpOut);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('dataset iris: 108 training, 12 validation, 30 test rows (test: a held-out 20% (stratified, seed 0))');
    const trained = JSON.parse(readFileSync(join(root, 'iris.history.json'), 'utf8'));
    const e = await cli('eval', '--model', mlpOut, '--backend', 'js');
    expect(e.code).toBe(0);
    expect(Number(/accuracy (\S+)/.exec(e.stdout[1])![1])).toBeCloseTo(trained.test.accuracy, 4);
    expect(e.stdout[1]).toContain('30 test rows of iris');
  });
});

describe('info', () => {
  it('lists every backend with its availability, and the default', async () => {
    const r = await cli('info');
    expect(r.code).toBe(0);
    expect(r.stdout[0]).toMatch(/^node \d+\.\d+\.\d+, \d+ cores$/);
    expect(r.stdout[1]).toMatch(/^js {6}available: /);
    expect(r.stdout.some((l) => /^wasm {4}(available: \d+ threads?|not available: )/.test(l))).toBe(true);
    expect(r.stdout.some((l) => /^webgpu {2}(available: adapter |not available: )/.test(l))).toBe(true);
    expect(r.stdout).toContain(`default backend: ${r.stdout.some((l) => l.startsWith('wasm    available')) ? 'wasm' : 'js'}`);
  });
});
