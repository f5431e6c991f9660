import { describe, expect, it } from 'vitest';
import type { ConformanceReport } from '@tessera/conformance';
import { coverageMarkdown } from '../src/coverage.js';

const report = (results: Array<[string, string, 'passed' | 'failed' | 'skipped']>): ConformanceReport => ({
  backend: 'x',
  results: results.map(([suite, op, status]) => ({ suite, name: `${op}_case`, op, status, mismatches: [] })),
  passed: results.filter((r) => r[2] === 'passed').length,
  failed: results.filter((r) => r[2] === 'failed').length,
  skipped: results.filter((r) => r[2] === 'skipped').length,
});

describe('coverage table', () => {
  it('has one row per op and one column per backend, with failures in bold and skips listed with reasons', () => {
    const md = coverageMarkdown([
      { backend: 'js', report: report([['ops', 'add', 'passed'], ['ops', 'add', 'passed'], ['ops', 'pad', 'skipped']]) },
      { backend: 'gpu', report: report([['ops', 'add', 'passed'], ['ops', 'add', 'failed'], ['ops', 'pad', 'passed']]) },
      { backend: 'wasm', report: null, unavailable: 'no wasm here' },
    ], [{ suite: 'ops', case: 'pad_x', reason: 'why not' }], [{ suite: 'metrics', path: /^outputs\.a$/, reason: 'informative' }]);
    expect(md).toContain('| suite | op | js | gpu | wasm |');
    expect(md).toContain('| ops | add | 2/2 | **1/2 (1 failed)** | n/a |');
    expect(md).toContain('| ops | pad | 0/1 (1 skipped) | 1/1 | n/a |');
    expect(md).toContain('`wasm`: not available here (no wasm here)');
    expect(md).toContain('- ops / pad_x: why not');
    expect(md).toContain('`/^outputs\\.a$/`: informative');
  });
});
