import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OP_SUITES } from '@tessera/conformance';
import { defaultFixturesDir, loadFixtures } from '@tessera/conformance/node';
import { build } from 'esbuild';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectClose, randoms } from './harness/assert.js';
import { trainReference } from './harness/train-reference.js';
import type { NetData, TrainResult } from './page/train-step.js';

// Headless Chromium (Debian's, never a downloaded browser) loads the backend from a page served
// on 127.0.0.1 and runs a subset of the conformance cases plus training steps of a small conv
// net on its WebGPU adapter (SwiftShader).
const CHROMIUM = '/usr/bin/chromium';
const PICK: Record<string, (name: string, k: number) => boolean> = {
  matmul: () => true, conv2d: (_, k) => k < 8, softmax: () => true, sum: () => true, max: (_, k) => k < 4,
};

const fixtures = loadFixtures(defaultFixturesDir())
  .filter((f) => (OP_SUITES as readonly string[]).includes(f.suite))
  .map((f) => {
    const seen: Record<string, number> = {};
    return { ...f, cases: f.cases.filter((c) => { const k = (seen[c.op] = (seen[c.op] ?? -1) + 1); return PICK[c.op]?.(c.name, k) ?? false; }) };
  })
  .filter((f) => f.cases.length > 0);

const net: NetData = {
  batch: 4, x: Array.from(randoms(256, 1, 0, 1)), labels: [0, 1, 2, 1],
  w1: Array.from(randoms(36, 2, -0.5, 0.5)), b1: [0.01, 0, -0.01, 0.02],
  w2: Array.from(randoms(108, 3, -0.3, 0.3)), b2: [0, 0, 0],
};
const STEPS = 5, LR = 0.5;

interface PageResult {
  error?: string;
  adapter: { vendor: string; architecture: string; cpu: boolean };
  cases: { id: string; status: string; reason: string }[];
  training: TrainResult;
  liveTensors: number;
  inUseBytes: number;
}

let server: Server;
let browser: BrowserContext;
let result: PageResult;
const profile = mkdtempSync(join(tmpdir(), 'tessera-chromium-'));

beforeAll(async () => {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('./page/page-main.ts', import.meta.url))],
    bundle: true, format: 'esm', platform: 'browser', target: 'es2022', write: false,
    conditions: ['@tessera/source'], logLevel: 'silent',
  });
  const files: Record<string, [string, string]> = {
    '/': ['text/html', '<!doctype html><meta charset="utf-8"><script type="module" src="/main.js"></script>'],
    '/main.js': ['text/javascript', bundle.outputFiles[0].text],
    '/input.json': ['application/json', JSON.stringify({ fixtures, net, steps: STEPS, lr: LR })],
  };
  server = createServer((req, res) => {
    const file = files[req.url ?? ''];
    if (!file) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': file[0] }).end(file[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  // A fresh profile directory per run (Playwright passes it as --user-data-dir).
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true,
    args: ['--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-quic', '--no-sandbox', '--disable-gpu-sandbox', '--headless=new', '--enable-unsafe-webgpu'],
  });
  const page = await browser.newPage();
  const logs: string[] = [];
  page.on('console', (m) => logs.push(m.text()));
  page.on('pageerror', (e) => logs.push(e.message));
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForFunction(() => (window as { __tessera?: unknown }).__tessera !== undefined, null, { timeout: 240_000 });
  result = await page.evaluate(() => (window as { __tessera?: unknown }).__tessera) as PageResult;
  if (result.error) result.error += `\npage log:\n${logs.join('\n')}`;
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
  rmSync(profile, { recursive: true, force: true });
});

describe('webgpu in headless Chromium', () => {
  it('created the backend on the page adapter', () => {
    expect(result.error).toBeUndefined();
    // Chromium hides the description; vendor and architecture name SwiftShader.
    expect(`${result.adapter.vendor} ${result.adapter.architecture}`).toMatch(/swiftshader/i);
    expect(result.adapter.cpu).toBe(true);
  });

  it('passes the conformance subset (matmul, conv2d with gradients, softmax, reductions)', () => {
    expect(result.cases.length).toBe(fixtures.reduce((n, f) => n + f.cases.length, 0));
    const bad = result.cases.filter((c) => c.status !== 'passed');
    expect(bad, JSON.stringify(bad, null, 1)).toEqual([]);
  });

  it('trains a small conv net: first-step gradients, losses and parameters match float64 loops', () => {
    const want = trainReference(net, STEPS, LR);
    const got = result.training;
    want.firstGrads.forEach((g, k) => expectClose(got.firstGrads[k], g, `grad ${k}`, { rtol: 1e-4, atol: 1e-5 }));
    expectClose(got.losses, want.losses, 'losses', { rtol: 1e-4, atol: 1e-5 });
    want.finalParams.forEach((p, k) => expectClose(got.finalParams[k], p, `param ${k}`, { rtol: 1e-4, atol: 1e-5 }));
    expect(got.losses[STEPS - 1]).toBeLessThan(got.losses[0]);
  });

  it('leaves no live tensors or in-use buffers behind', () => {
    expect([result.liveTensors, result.inUseBytes]).toEqual([0, 0]);
  });
});
