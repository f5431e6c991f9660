import { describe, expect, it } from 'vitest';
import type { LoadedDataset } from '@tessera/data';
import { judgeTargets, markdown, type TrainReport } from '../src/train/report.js';
import { SPECS, type RunResult } from '../src/train/specs.js';
import { runTessera } from '../src/train/tessera-run.js';
import { filterGradByTaps } from '../src/train/tfjs-run.js';

const result = (framework: string, model: RunResult['model'], trainRows: number, seconds: number[], accuracy: number | null): RunResult => ({
  framework, model, epochs: SPECS.find((s) => s.key === model)!.epochs, trainRows, testRows: 10000, epochSeconds: seconds, accuracy,
});

describe('bench train: targets and report', () => {
  it('judges accuracy only on the full training set and time against the faster PyTorch setting', () => {
    const results = [
      result('tessera-wasm-2t', 'small-cnn', 60000, [20, 22], 0.88),
      result('pytorch-1t', 'small-cnn', 60000, [30, 30], 0.87),
      result('pytorch-2t', 'small-cnn', 60000, [19, 21], 0.87),
      result('tessera-wasm-2t', 'mlp', 3000, [0.2, 0.2, 0.2], 0.8),
    ];
    const lines = judgeTargets(SPECS, results, 60000, 'tessera');
    const cnnAcc = lines.find((l) => l.text.startsWith('small CNN: test accuracy'))!;
    expect(cnnAcc).toMatchObject({ value: 0.88, met: true });
    const cnnTime = lines.find((l) => l.text.startsWith('small CNN: epoch time'))!;
    expect(cnnTime.text).toContain('pytorch-2t');
    expect(cnnTime.value).toBeCloseTo(21 / 20, 6);   // Tessera 21 s mean vs PyTorch's faster 20 s
    expect(cnnTime.met).toBe(false);
    const mlpAcc = lines.find((l) => l.text.startsWith('MLP 784-256-128-10: test accuracy'))!;
    expect(mlpAcc.met).toBeNull();
    expect(mlpAcc.why).toContain('3000 of 60000');
    const mlpTime = lines.find((l) => l.text.startsWith('MLP 784-256-128-10: epoch time'))!;
    expect(mlpTime).toMatchObject({ value: null, met: null, why: 'PyTorch did not run (see below)' });
    const lenet = lines.find((l) => l.text.startsWith('LeNet-5'))!;
    expect(lenet).toMatchObject({ value: null, met: null, why: 'the Tessera run did not complete' });
  });

  it('prints figures, ratios and what was not measured, with no figure for missing runs', () => {
    const results = [result('tessera-wasm-2t', 'mlp', 60000, [1, 1, 1], 0.86), result('tfjs-wasm', 'mlp', 60000, [4, 4, 4], 0.85)];
    const report: TrainReport = {
      date: '2026-01-01T00:00:00.000Z', machine: { cpu: 'cpu', cores: 2, node: '20', loadavg1m: { start: 1, end: 2 }, uptimeEnd: 'up' },
      env: { OPENBLAS_CORETYPE: null }, data: { dir: '/data', trainRows: 60000, testRows: 10000 }, results,
      notMeasured: [{ framework: 'pytorch', model: '*', reason: '/usr/bin/python3 cannot import torch' }],
      targets: judgeTargets(SPECS.filter((s) => s.key === 'mlp'), results, 60000, 'tessera'),
    };
    const md = markdown(report, SPECS);
    expect(md).toContain('| MLP 784-256-128-10 | tessera-wasm-2t | 60000 | 3 | 1.0, 1.0, 1.0 | 1.00 | 60000 | 0.8600 (10000) |');
    expect(md).toContain('- MLP 784-256-128-10: tessera-wasm-2t vs tfjs-wasm: 4.00x');
    expect(md).toContain('- MLP 784-256-128-10: test accuracy >= 0.855 after 3 epochs (Tessera): 0.8600 — met');
    expect(md).toMatch(/epoch time Tessera wasm \/ PyTorch .*: not measured — not judged \(PyTorch did not run \(see below\)\)/);
    expect(md).toContain('- pytorch: /usr/bin/python3 cannot import torch');
    expect(md).toContain('OPENBLAS_CORETYPE=(unset)');
  });
});

describe('bench train: runs', () => {
  it('the tfjs Conv2DBackpropFilter workaround equals tfjs-cpu\'s kernel', async () => {
    const tf = await import('@tensorflow/tfjs');
    await tf.setBackend('cpu');
    for (const [pad, k] of [['valid', 3], ['same', 5], ['same', 3]] as const) {
      const x = tf.randomNormal([2, 9, 8, 3], 0, 1, 'float32', 1) as import('@tensorflow/tfjs').Tensor4D;
      const oh = pad === 'same' ? 9 : 9 - k + 1, ow = pad === 'same' ? 8 : 8 - k + 1;
      const dy = tf.randomNormal([2, oh, ow, 4], 0, 1, 'float32', 2) as import('@tensorflow/tfjs').Tensor4D;
      const ours = filterGradByTaps(tf, x, dy, k, k, pad);
      const reference = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy },
        { strides: [1, 1], pad, dataFormat: 'NHWC', filterShape: [k, k, 3, 4] }) as import('@tensorflow/tfjs').Tensor;
      expect(ours.shape).toEqual([k, k, 3, 4]);
      const [a, b] = [await ours.data(), await reference.data()];
      for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i], 3);
      tf.dispose([x, dy, ours, reference]);
    }
  });

  it('trains a model on Tessera wasm and reports one time per epoch and a test accuracy', async () => {
    const n = 96;
    const x = new Uint8Array(n * 784);
    const y = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = i % 2;
      for (let p = 0; p < 784; p++) x[i * 784 + p] = (p < 392) === (i % 2 === 0) ? 200 : 20;
    }
    const data = { name: 't', x, y, shape: [n, 28, 28], classNames: ['a', 'b'], description: '', test: { x, y, shape: [n, 28, 28] } } as LoadedDataset;
    const mlp = SPECS.find((s) => s.key === 'mlp')!;
    const r = await runTessera(mlp, data, n, n, 1, 0);
    expect(r.framework).toBe('tessera-wasm-1t');
    expect(r.epochSeconds).toHaveLength(mlp.epochs);
    expect(r.epochSeconds.every((s) => s > 0)).toBe(true);
    expect(r.accuracy).toBeGreaterThan(0.9);
  });
});
