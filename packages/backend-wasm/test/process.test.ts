import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));

describe('in a Node process', () => {
  it('a program that never calls dispose() exits on its own once its work is done', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-wasm-'));
    const script = join(dir, 'main.mts');
    writeFileSync(script, `
      import { createWasmBackend } from ${JSON.stringify(entry)};
      const be = createWasmBackend({ threads: 2 });
      await be.ready();
      const x = { buffer: be.write(Float32Array.from([1, 4, 9, 16]), 'float32'), shape: [4], dtype: 'float32', size: 4 };
      console.log(JSON.stringify({ out: Array.from(be.readSync(be.unary('sqrt', x), 'float32', 4)), info: be.threadInfo() }));
    `);
    try {
      const r = spawnSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), '--conditions=@tessera/source', script],
        { encoding: 'utf8', timeout: 30_000 });
      expect(r.error).toBeUndefined();
      expect(r.status, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
      expect(out.out).toEqual([1, 2, 3, 4]);
      expect(out.info.threaded).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
