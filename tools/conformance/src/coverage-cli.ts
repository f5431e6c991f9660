import { writeFileSync, renameSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { memory, setBackend } from '@tessera/tensor';
import { DELIBERATE_SKIPS, IGNORED_PATHS, opHandlers, runConformance } from '@tessera/conformance';
import { defaultFixturesDir, loadFixtures } from '@tessera/conformance/node';
import { BACKENDS, loadHandlers } from './backends.js';
import { coverageMarkdown, type BackendRun } from './coverage.js';

// Runs the conformance suite on every backend this machine can create and writes docs/coverage.md.
const fixturesDir = defaultFixturesDir();
const fixtures = loadFixtures(fixturesDir);
const handlers = { ...opHandlers, ...await loadHandlers() };
const runs: BackendRun[] = [];
for (const [name, create] of Object.entries(BACKENDS)) {
  try {
    await setBackend(await create({}));
  } catch (error) {
    runs.push({ backend: name, report: null, unavailable: (error as Error).message.split('\n')[0] });
    continue;
  }
  const report = await runConformance({ fixtures, handlers, backend: name });
  console.log(`${name}: ${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped (${memory().numTensors} tensors live)`);
  runs.push({ backend: name, report });
}
const out = process.argv[2] ?? fileURLToPath(new URL('../../../docs/coverage.md', import.meta.url));
writeFileSync(`${out}.tmp`, coverageMarkdown(runs, DELIBERATE_SKIPS, IGNORED_PATHS));
renameSync(`${out}.tmp`, out);
console.log(`wrote ${out}`);
