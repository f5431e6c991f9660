import { describe, expect, it } from 'vitest';
import { runConformance, type FixtureFile } from '@tessera/conformance';
import { describeConformance } from '@tessera/conformance/vitest';
import { defaultFixturesDir, loadFixtures } from '@tessera/conformance/node';
import { optimizerHandlers } from '../src/conformance.js';
import { useJsBackend } from './backend.js';

// Every fixture file with at least one optimizer case runs; a case whose op has no handler is
// reported as skipped by the runner, never dropped.
const fixtures = loadFixtures(defaultFixturesDir()).filter((f) => f.cases.some((c) => c.op in optimizerHandlers));

describe('optimizer fixtures are found', () => {
  it('reads the shared optimizers suite', () => {
    const suite = fixtures.find((f) => f.suite === 'optimizers');
    expect(suite?.cases.length).toBeGreaterThanOrEqual(15);
  });
});

describeConformance('optimizers (js backend)', {
  fixtures, handlers: optimizerHandlers, backend: 'js',
  setup: useJsBackend,
});

// A fixture written here with other numbers, a 2-D parameter and expected values from an
// independent float64 loop: the handlers must take everything from the file.
function adamReference(p0: number[], grads: number[][], lr: number, b1: number, b2: number, eps: number) {
  const p = [...p0], m = p0.map(() => 0), v = p0.map(() => 0);
  const after: number[][] = [];
  grads.forEach((g, t0) => {
    const t = t0 + 1;
    for (let i = 0; i < p.length; i++) {
      m[i] = b1 * m[i] + (1 - b1) * g[i];
      v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
      p[i] -= (lr / (1 - b1 ** t)) * m[i] / (Math.sqrt(v[i]) / Math.sqrt(1 - b2 ** t) + eps);
    }
    after.push([...p]);
  });
  return { after, m, v };
}

describe('dropped-in fixture files', () => {
  const p0 = [0.5, -1.25, 2, 0.75, -0.5, 0.125];
  const grads = [[0.1, -0.2, 0.3, -0.4, 0.5, -0.6], [1, 0.5, -0.25, 0.125, 0, -2], [-0.3, 0.3, 0.9, -0.9, 0.01, 0.2]];
  const ref = adamReference(p0, grads, 0.05, 0.8, 0.99, 1e-6);
  const t = (data: number[]) => ({ shape: [2, 3], data });
  const file: FixtureFile = {
    suite: 'optimizers-extra', tolerance: { rtol: 1e-5, atol: 1e-6 },
    cases: [
      {
        name: 'adam_2d', op: 'adam', attrs: { lr: 0.05, betas: [0.8, 0.99], eps: 1e-6 },
        inputs: { params: t(p0), grads: grads.map(t) },
        outputs: { params_after_step: ref.after.map(t), final_state: { step: 3, exp_avg: t(ref.m), exp_avg_sq: t(ref.v) } },
      },
      {
        name: 'adam_2d_wrong_expectation', op: 'adam', attrs: { lr: 0.05, betas: [0.8, 0.99], eps: 1e-6 },
        inputs: { params: t(p0), grads: grads.map(t) },
        outputs: { params_after_step: ref.after.map((a) => t(a.map((x) => x + 1e-3))), final_state: { step: 3 } },
      },
      {
        name: 'maximize', op: 'sgd', attrs: { lr: 0.1, maximize: true },
        inputs: { params: t(p0), grads: grads.map(t) }, outputs: { params_after_step: [] },
      },
      {
        name: 'adagrad_lr_decay', op: 'adagrad', attrs: { lr: 0.1, lr_decay: 0.5 },
        inputs: { params: t(p0), grads: grads.map(t) },
        outputs: {
          params_after_step: (() => {
            const p = [...p0], sum = p0.map(() => 0), out: number[][] = [];
            grads.forEach((g, k) => {
              const clr = 0.1 / (1 + k * 0.5);
              for (let i = 0; i < p.length; i++) { sum[i] += g[i] * g[i]; p[i] -= clr * g[i] / (Math.sqrt(sum[i]) + 1e-10); }
              out.push([...p]);
            });
            return out.map(t);
          })(),
        },
      },
    ],
  };

  it('passes, fails and reports each case from the file alone', async () => {
    await useJsBackend();
    const report = await runConformance({ fixtures: [file], handlers: optimizerHandlers, backend: 'js' });
    const byName = Object.fromEntries(report.results.map((r) => [r.name, r]));
    expect(byName.adam_2d.status, byName.adam_2d.reason).toBe('passed');
    expect(byName.adagrad_lr_decay.status, byName.adagrad_lr_decay.reason).toBe('passed');
    expect(byName.adam_2d_wrong_expectation.status).toBe('failed');
    expect(byName.maximize.status).toBe('failed');
    expect(byName.maximize.reason).toContain('maximize=true is not supported');
  });
});
