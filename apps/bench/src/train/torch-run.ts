import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchData, RunResult, TrainSpec } from './specs.js';

export const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./torch_train.py', import.meta.url));

/** Why PyTorch cannot run here, or null when Debian's python3-torch is importable. */
export async function torchUnavailable(): Promise<string | null> {
  if (!existsSync(PYTHON)) return `${PYTHON} does not exist`;
  const { code, stderr } = await run(['-c', 'import torch']);
  return code === 0 ? null : `${PYTHON} cannot import torch (install Debian's python3-torch): ${stderr.trim().split('\n').pop()}`;
}

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(PYTHON, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', (error) => resolve({ code: -1, stdout, stderr: error.message }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Trains one model with PyTorch in a child process (same machine, same run), `threads` intra-op threads. */
export async function runTorch(spec: TrainSpec, data: BenchData, threads: number, seed: number): Promise<RunResult> {
  const args = {
    model: spec.key, epochs: spec.epochs, batchSize: spec.batchSize, lr: spec.lr, threads, seed,
    dataDir: data.dir, ...data.files, limit: data.limit, testLimit: data.testLimit,
  };
  const { code, stdout, stderr } = await run([SCRIPT, JSON.stringify(args)]);
  if (code !== 0) throw new Error(`PyTorch exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' ')}`);
  const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as { epoch?: number; seconds?: number; accuracy?: number; torch?: string; threads?: number });
  const last = lines[lines.length - 1];
  return {
    framework: `pytorch-${threads}t`, model: spec.key, epochs: spec.epochs, trainRows: data.limit, testRows: data.testLimit,
    epochSeconds: lines.filter((l) => l.seconds !== undefined).map((l) => l.seconds!), accuracy: last.accuracy ?? null,
    note: `torch ${last.torch}, ${last.threads} threads, OPENBLAS_CORETYPE=${process.env.OPENBLAS_CORETYPE ?? '(unset)'}`,
  };
}
