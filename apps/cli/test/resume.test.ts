import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, filesIn, makeImageDir, spawnCli, tempDir, tensorBytes } from './helpers.js';

const common = (data: string) => ['--model', 'small-cnn', '--dataset', data, '--batch-size', '16', '--lr', '0.01', '--backend', 'js', '--seed', '11'];

function expectSameTensors(a: string, b: string): void {
  const x = tensorBytes(a);
  const y = tensorBytes(b);
  expect([...y.keys()].sort()).toEqual([...x.keys()].sort());
  // Optimizer slots (Adam's exp_avg, exp_avg_sq) are in the files too, so they must match as well.
  expect([...x.keys()].some((k) => k.startsWith('optimizer/'))).toBe(true);
  for (const [name, bytes] of x) expect(y.get(name)!.equals(bytes), name).toBe(true);
}

describe('--resume', () => {
  const root = tempDir();
  const data = makeImageDir(root);
  const full = join(root, 'full.safetensors');

  it('a run stopped after epoch 1 and resumed to epoch 3 ends with exactly the weights of an uninterrupted run', async () => {
    const a = await cli('train', ...common(data), '--epochs', '3', '--out', full);
    expect(a.code).toBe(0);
    const part = join(root, 'part.safetensors');
    const b1 = await cli('train', ...common(data), '--epochs', '1', '--out', part);
    expect(b1.code).toBe(0);
    // Settings come from the run; only the epoch count is given.
    const b2 = await cli('train', '--resume', '--epochs', '3', '--backend', 'js', '--out', part);
    expect(b2.stderr).toEqual([]);
    expect(b2.code).toBe(0);
    expect(b2.stdout.some((l) => l.includes('resuming after epoch 1 of 3'))).toBe(true);
    expect(b2.stdout.filter((l) => l.startsWith('epoch '))).toEqual([expect.stringMatching(/^epoch 2\/3 /), expect.stringMatching(/^epoch 3\/3 /)]);
    expectSameTensors(full, part);
    const h1 = JSON.parse(readFileSync(join(root, 'full.history.json'), 'utf8'));
    const h2 = JSON.parse(readFileSync(join(root, 'part.history.json'), 'utf8'));
    expect(h2.epoch).toEqual([0, 1, 2]);
    expect(h2.history).toEqual(h1.history);
    expect(h2.test).toEqual(h1.test);
  });

  it('a process killed during training resumes from its last checkpoint to the same weights', async () => {
    // Enough rows that an epoch takes a good fraction of a second, so the kill lands mid-run.
    const big = makeImageDir(tempDir(), 600, 30);
    const out = join(root, 'killed.safetensors');
    const ckpt = join(root, 'killed.ckpt');
    const run = spawnCli(['train', ...common(big), '--epochs', '6', '--out', out]);
    // Kill (SIGKILL: no cleanup of any kind) as soon as the second checkpoint is recorded.
    const deadline = Date.now() + 120_000;
    let done = 0;
    while (Date.now() < deadline) {
      if (existsSync(join(ckpt, 'run.json'))) {
        try { done = JSON.parse(readFileSync(join(ckpt, 'run.json'), 'utf8')).epochsDone; } catch { done = 0; }
        if (done >= 2) break;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    run.child.kill('SIGKILL');
    const result = await run.done;
    expect(result.signal).toBe('SIGKILL');
    expect(existsSync(out)).toBe(false);          // it really was interrupted before the end
    const state = JSON.parse(readFileSync(join(ckpt, 'run.json'), 'utf8'));
    expect(state.epochsDone).toBeGreaterThanOrEqual(2);
    expect(state.epochsDone).toBeLessThan(6);
    expect(existsSync(join(ckpt, state.checkpoint))).toBe(true);

    // Resumed in a fresh process, as a user would: nothing carries over but the files.
    const resumed = await spawnCli(['train', '--resume', '--backend', 'js', '--out', out]).done;
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`resuming after epoch ${state.epochsDone} of 6`);
    const reference = join(root, 'reference.safetensors');
    expect((await cli('train', ...common(big), '--epochs', '6', '--out', reference)).code).toBe(0);
    expectSameTensors(reference, out);
  });

  it('a checkpoint that cannot be written stops the run with one line and keeps the last good checkpoint', async () => {
    const out = join(root, 'blocked.safetensors');
    const ckpt = join(root, 'blocked.ckpt');
    expect((await cli('train', ...common(data), '--epochs', '1', '--out', out)).code).toBe(0);
    const before = readFileSync(out);
    const stateBefore = readFileSync(join(ckpt, 'run.json'), 'utf8');
    // A directory where epoch 2's checkpoint file must go makes its rename fail.
    mkdirSync(join(ckpt, 'epoch-002.safetensors'));
    const r = await cli('train', '--resume', '--epochs', '3', '--backend', 'js', '--out', out);
    expect(r.code).not.toBe(0);
    const errors = r.stderr;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^tessera train: /);
    expect(readFileSync(join(ckpt, 'run.json'), 'utf8')).toBe(stateBefore);
    expect(readFileSync(out).equals(before)).toBe(true);
    // No temporary files are left behind, and the recorded checkpoint still loads.
    expect(readdirSync(ckpt).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(readdirSync(root).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    const e = await cli('eval', '--model', join(ckpt, 'epoch-001.safetensors'), '--backend', 'js');
    expect(e.code).toBe(0);
    expect(filesIn(ckpt)).toEqual(['epoch-001.safetensors', 'epoch-002.safetensors', 'run.json']);
  });

  it('refuses to overwrite a run without --force, and --force starts again', async () => {
    const out = join(root, 'again.safetensors');
    expect((await cli('train', ...common(data), '--epochs', '2', '--out', out)).code).toBe(0);
    const saved = readFileSync(join(root, 'again.ckpt', 'epoch-002.safetensors'));
    const r = await cli('train', ...common(data), '--epochs', '1', '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual([`tessera train: ${join(root, 'again.ckpt')} holds a run (small-cnn on ${data}, 2 epochs done): pass --resume to continue it or --force to start again`]);
    expect(readFileSync(join(root, 'again.ckpt', 'epoch-002.safetensors')).equals(saved)).toBe(true);
    const f = await cli('train', ...common(data), '--epochs', '1', '--out', out, '--force');
    expect(f.code).toBe(0);
    expect(filesIn(join(root, 'again.ckpt'))).toEqual(['epoch-001.safetensors', 'run.json']);
  });
});
