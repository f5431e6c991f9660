import { cpuVulkanDrivers } from '../../src/node/drivers.js';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ChildResult { id: string; ok: boolean; skipped?: boolean; ms?: number; message?: string }

export interface ChildRun {
  readonly icd: string;
  readonly adapter: string;
  readonly results: Map<string, ChildResult>;
  readonly done: boolean;
  readonly exitCode: number | null;
  readonly stderr: string;
  /** Other `KEY {json}` lines the child printed (MEMORY, ...). */
  readonly extra: Record<string, unknown>;
}

/** Vulkan drivers to try, fastest first (see src/node/drivers.ts). */
export const icdCandidates = cpuVulkanDrivers;

const here = dirname(fileURLToPath(import.meta.url));

function runOnce(icd: string, script: string, args: string[], timeoutMs: number): Promise<ChildRun & { noAdapter: boolean }> {
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const env = { ...process.env, VK_ICD_FILENAMES: icd, XDG_RUNTIME_DIR: mkdtempSync(join(tmpdir(), 'tessera-xdg-')) };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsx, '--conditions=@tessera/source', script, ...args],
      { cwd: join(here, '..', '..'), env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const results = new Map<string, ChildResult>();
      let adapter = '', done = false, noAdapter = false;
      const extra: Record<string, unknown> = {};
      for (const line of out.split('\n')) {
        if (line.startsWith('RESULT ')) { const r = JSON.parse(line.slice(7)) as ChildResult; results.set(r.id, r); }
        else if (line.startsWith('ADAPTER ')) adapter = line.slice(8);
        else if (line.startsWith('NOADAPTER ')) noAdapter = true;
        else if (line === 'DONE') done = true;
        else if (/^[A-Z]+ [[{]/.test(line)) extra[line.slice(0, line.indexOf(' '))] = JSON.parse(line.slice(line.indexOf(' ') + 1));
      }
      resolve({ icd, adapter, results, done, exitCode: code, stderr: err.slice(-4000), noAdapter, extra });
    });
  });
}

/** Runs `script` on the first Vulkan driver that yields an adapter. */
export async function runGPUChild(script: string, args: string[], timeoutMs: number): Promise<ChildRun> {
  const candidates = icdCandidates();
  let last: ChildRun | null = null;
  for (const icd of candidates) {
    const run = await runOnce(icd, script, args, timeoutMs);
    if (!run.noAdapter) return run;
    last = run;
  }
  return last ?? { icd: 'none', adapter: '', results: new Map(), done: false, exitCode: null, extra: {},
    stderr: 'no Vulkan driver found: install chromium (SwiftShader) or mesa-vulkan-drivers from bookworm-backports' };
}

export const CHILD_SCRIPT = join(here, 'child.ts');
export const CONFORMANCE_SCRIPT = join(here, 'conformance-child.ts');
