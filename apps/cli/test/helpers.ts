import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { PNG } from 'pngjs';
import { encodeIdx } from '@tessera/data';
import { decodeSafetensors } from '@tessera/nn';
import { runCli } from '../src/cli.js';
import { memoryIo } from '../src/io.js';

export const APP_DIR = resolve(import.meta.dirname, '..');

export function tempDir(prefix = 'tessera-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Runs the CLI in this process; returns the exit code and the lines written. */
export async function cli(...argv: string[]): Promise<{ code: number; stdout: string[]; stderr: string[] }> {
  const io = memoryIo();
  const code = await runCli(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

/**
 * A 12x12 image of class k (0..2): a bright 4x4 block at a class-specific place, with seeded
 * noise, so a small CNN learns it in a few epochs.
 */
export function syntheticImage(k: number, i: number): Uint8Array {
  const img = new Uint8Array(144);
  let s = (i * 7919 + k * 104729 + 1) >>> 0;
  const rand = () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
  for (let p = 0; p < 144; p++) img[p] = Math.floor(rand() * 60);
  const [r0, c0] = [[1, 1], [7, 7], [1, 7]][k];
  for (let r = r0; r < r0 + 4; r++) for (let c = c0; c < c0 + 4; c++) img[r * 12 + c] = 200 + Math.floor(rand() * 55);
  return img;
}

/** An MNIST-style IDX directory of 12x12 images in 3 classes (train 90, test 30), uncompressed. */
export function makeImageDir(root: string, train = 90, test = 30): string {
  const dir = join(root, 'blocks');
  mkdirSync(dir, { recursive: true });
  const write = (images: string, labels: string, n: number, offset: number) => {
    const data = new Uint8Array(n * 144);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = i % 3;
      data.set(syntheticImage(i % 3, i + offset), i * 144);
    }
    writeFileSync(join(dir, images), encodeIdx({ dtype: 'uint8', shape: [n, 12, 12], data }));
    writeFileSync(join(dir, labels), encodeIdx({ dtype: 'uint8', shape: [n], data: y }));
  };
  write('train-images-idx3-ubyte', 'train-labels-idx1-ubyte', train, 0);
  write('t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte', test, 10_000);
  return dir;
}

export function writePng(path: string, gray: Uint8Array, size = 12): void {
  const png = new PNG({ width: size, height: size });
  for (let p = 0; p < size * size; p++) {
    png.data[4 * p] = png.data[4 * p + 1] = png.data[4 * p + 2] = gray[p];
    png.data[4 * p + 3] = 255;
  }
  writeFileSync(path, PNG.sync.write(png));
}

/** Every tensor of a safetensors file (weights and optimizer slots) by name, as bytes. */
export function tensorBytes(path: string): Map<string, Buffer> {
  const file = decodeSafetensors(new Uint8Array(readFileSync(path)));
  return new Map([...file.tensors].map(([k, t]) => [k, Buffer.from(t.bytes)]));
}

export function filesIn(dir: string): string[] {
  return readdirSync(dir).sort();
}

/** The built-free command as a user runs it (tsx on the sources), in a child process. */
export function spawnCli(args: string[]): { child: ReturnType<typeof spawn>; done: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> } {
  // node with tsx's loader, not the tsx binary: that one runs node as a child, which a kill would orphan.
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@tessera/source', join(APP_DIR, 'src/main.ts'), ...args], {
    cwd: APP_DIR, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => { stdout += d; });
  child.stderr!.on('data', (d) => { stderr += d; });
  const done = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((res) => {
    child.on('close', (code, signal) => res({ code, signal, stdout, stderr }));
  });
  return { child, done };
}
