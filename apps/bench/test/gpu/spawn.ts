import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ChildOutput {
  /** `KEY {json}` lines, by key. */
  readonly lines: Record<string, unknown>;
  readonly done: boolean;
  readonly exitCode: number | null;
  readonly stderr: string;
}

const appRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Runs a TypeScript script in a child Node process (tsx, workspace sources) and collects its report lines. */
export function runChild(script: string, timeoutMs: number): Promise<ChildOutput> {
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const env = { ...process.env, XDG_RUNTIME_DIR: mkdtempSync(join(tmpdir(), 'tessera-bench-xdg-')) };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsx, '--conditions=@tessera/source', script], { cwd: appRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const lines: Record<string, unknown> = {};
      let done = false;
      for (const line of out.split('\n')) {
        if (line === 'DONE') done = true;
        else if (/^[A-Z]+ [[{]/.test(line)) lines[line.slice(0, line.indexOf(' '))] = JSON.parse(line.slice(line.indexOf(' ') + 1));
      }
      resolve({ lines, done, exitCode: code, stderr: err.slice(-4000) });
    });
  });
}
