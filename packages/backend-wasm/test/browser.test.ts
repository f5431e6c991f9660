// Loads the backend in headless Chromium from its TypeScript sources (transpiled on request by a
// tiny server), once from a cross-origin-isolated page (threads through Blob-URL Web Workers,
// the page's main thread spinning instead of Atomics.wait) and once from a plain page (the
// single-thread fallback with its one-line diagnostic).
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const page = (threads: number) => `<!doctype html><meta charset="utf-8">
<script type="importmap">{"imports": {"@tessera/tensor": "./packages/tensor/src/index.js"}}</script>
<script type="module">
  const warnings = [];
  const warn = console.warn;
  console.warn = (...args) => { warnings.push(args.join(' ')); warn(...args); };
  try {
    const { createWasmBackend } = await import('./packages/backend-wasm/src/index.js');
    const be = createWasmBackend({ threads: ${threads}, alwaysParallel: true });
    await be.ready();
    const m = 203, k = 301, n = 149;
    const a = Float32Array.from({ length: m * k }, (_, i) => ((i * 7) % 13) / 13 - 0.5);
    const b = Float32Array.from({ length: k * n }, (_, i) => ((i * 5) % 11) / 11 - 0.5);
    const t = (v, shape) => ({ buffer: be.write(v, 'float32'), shape, dtype: 'float32', size: v.length });
    // Several sizeable jobs, so a worker that was asleep has time to wake up and join one.
    const ta = t(a, [1, m, k]), tb = t(b, [1, k, n]);
    let out;
    for (let r = 0; r < 5; r++) out = be.readSync(be.matmul(ta, tb, { transposeA: false, transposeB: false }), 'float32', m * n);
    let maxErr = 0;
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let q = 0; q < k; q++) s += a[i * k + q] * b[q * n + j];
      maxErr = Math.max(maxErr, Math.abs(s - out[i * n + j]));
    }
    const x = t(Float32Array.from({ length: 100000 }, (_, i) => i % 7), [100000]);
    const sum = be.readSync(be.reduce('sum', x, { outer: 1, reduce: 100000, inner: 1 }), 'float32', 1)[0];
    window.__result = { maxErr, sum, info: be.threadInfo(), diagnostics: be.diagnostics, warnings,
      isolated: globalThis.crossOriginIsolated };
    be.dispose();
  } catch (error) {
    window.__result = { error: String(error && error.stack || error) };
  }
</script>`;

function serve(): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const [, mode, ...rest] = url.pathname.split('/');
    const headers: Record<string, string> = mode === 'isolated'
      ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } : {};
    const path = normalize(join(root, ...rest));
    if (!path.startsWith(root)) { res.writeHead(403).end(); return; }
    if (rest.join('/') === 'index.html') {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/html' }).end(page(2));
      return;
    }
    const tsPath = path.replace(/\.js$/, '.ts');
    if (extname(path) === '.js' && !existsSync(path) && existsSync(tsPath)) {
      const js = ts.transpileModule(readFileSync(tsPath, 'utf8'), {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
      }).outputText;
      res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript' }).end(js);
      return;
    }
    if (extname(path) === '.wasm' && existsSync(path)) {
      res.writeHead(200, { ...headers, 'Content-Type': 'application/wasm' }).end(readFileSync(path));
      return;
    }
    res.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

let server: Server;
let browser: Browser;
beforeAll(async () => {
  server = await serve();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-quic', '--no-sandbox', '--headless=new'],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  server?.close();
});

async function load(mode: 'isolated' | 'plain') {
  const context = await browser.newContext();
  const p = await context.newPage();
  const { port } = server.address() as AddressInfo;
  await p.goto(`http://127.0.0.1:${port}/${mode}/index.html`);
  await p.waitForFunction(() => (window as { __result?: unknown }).__result !== undefined, null, { timeout: 60_000 });
  const result = await p.evaluate(() => (window as unknown as { __result: Record<string, unknown> }).__result);
  await context.close();
  return result as { error?: string; maxErr: number; sum: number; isolated: boolean; diagnostics: string[]; warnings: string[];
    info: { threads: number; threaded: boolean; workerJoins: number } };
}

describe('in a browser (headless Chromium)', () => {
  it('a cross-origin-isolated page runs the threaded build on Web Workers', async () => {
    const r = await load('isolated');
    expect(r.error).toBeUndefined();
    expect(r.isolated).toBe(true);
    expect(r.info).toMatchObject({ threads: 2, threaded: true });
    expect(r.info.workerJoins).toBeGreaterThan(0);
    expect(r.maxErr).toBeLessThan(1e-4);
    expect(r.sum).toBe(299995);
    expect(r.warnings).toEqual([]);
  }, 90_000);

  it('a page without COOP/COEP falls back to one thread with a one-line diagnostic', async () => {
    const r = await load('plain');
    expect(r.error).toBeUndefined();
    expect(r.isolated).toBe(false);
    expect(r.info).toMatchObject({ threads: 1, threaded: false, workerJoins: 0 });
    expect(r.maxErr).toBeLessThan(1e-4);
    expect(r.sum).toBe(299995);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/^@tessera\/backend-wasm: .*cross-origin isolated.*; using the single-thread build$/);
  }, 90_000);
});
