import { describe, expect, it } from 'vitest';
import { formatReport, runConformance } from '../src/runner.js';
import { UnsupportedCase, type HandlerTable } from '../src/context.js';
import type { FixtureFile } from '../src/fixtures.js';

// Cases whose inputs are plain numbers, so the runner is exercised without any backend.
const file: FixtureFile = {
  suite: 'arith', tolerance: { rtol: 0, atol: 1e-9 },
  cases: [
    { name: 'double_ok', op: 'double', inputs: { v: 2 }, outputs: { output: 4 } },
    { name: 'double_bad', op: 'double', inputs: { v: 3 }, outputs: { output: 7 } },
    { name: 'half_missing_handler', op: 'half', inputs: { v: 3 }, outputs: { output: 1.5 } },
    { name: 'unsupported', op: 'refuse', inputs: {}, outputs: { output: 0 } },
    { name: 'throws', op: 'explode', inputs: {}, outputs: { output: 0 } },
    { name: 'skipped_by_list', op: 'double', inputs: { v: 1 }, outputs: { output: 99 } },
    { name: 'tolerance_override', op: 'double', inputs: { v: 1 }, outputs: { output: 2.1 }, tolerance: { rtol: 0, atol: 0.2 } },
  ],
};

const handlers: HandlerTable = {
  double: (ctx) => ({ outputs: { output: 2 * (ctx.input('v') as number) } }),
  refuse: () => { throw new UnsupportedCase('this implementation has no such op'); },
  explode: () => { throw new Error('kaboom'); },
};

describe('runConformance', () => {
  it('counts passed, failed and skipped cases and says why', async () => {
    const report = await runConformance({
      fixtures: [file], handlers, backend: 'test',
      skips: [{ suite: 'arith', case: 'skipped_by_list', reason: 'deliberate' }],
    });
    const status = Object.fromEntries(report.results.map((r) => [r.name, r.status]));
    expect(status).toEqual({
      double_ok: 'passed', double_bad: 'failed', half_missing_handler: 'skipped', unsupported: 'skipped',
      throws: 'failed', skipped_by_list: 'skipped', tolerance_override: 'passed',
    });
    expect([report.passed, report.failed, report.skipped]).toEqual([2, 2, 3]);
    const byName = (n: string) => report.results.find((r) => r.name === n)!;
    expect(byName('half_missing_handler').reason).toBe('no handler for op "half"');
    expect(byName('throws').reason).toBe('threw: kaboom');
    expect(byName('double_bad').worstError).toBeCloseTo(1);
    const text = formatReport(report);
    expect(text.split('\n').at(-1)).toBe('2 passed, 2 failed, 3 skipped');
    expect(text).toMatch(/^FAIL arith double_bad: outputs\.output/m);
  });

  it('restricts backend-specific skips to that backend', async () => {
    const skips = [{ suite: 'arith', case: /^double_bad$/, backends: ['other'], reason: 'only on other' }];
    const report = await runConformance({ fixtures: [file], handlers, backend: 'test', skips, filter: (_, c) => c.name === 'double_bad' });
    expect(report.failed).toBe(1);
  });
});

describe('handler scoping', () => {
  it('prefers a suite/op handler over a bare op handler', async () => {
    const other: FixtureFile = { ...file, suite: 'other', cases: [file.cases[0]] };
    const scopedHandlers: HandlerTable = {
      'arith/double': (ctx) => ({ outputs: { output: 2 * (ctx.input('v') as number) } }),
      double: () => ({ outputs: { output: -1 } }),
    };
    const report = await runConformance({ fixtures: [{ ...file, cases: [file.cases[0]] }, other], handlers: scopedHandlers });
    expect(report.results.map((r) => r.status)).toEqual(['passed', 'failed']);
  });
});

describe('unsupported cases', () => {
  it('counts an error named UnsupportedCase as a skip, without the class', async () => {
    const named: HandlerTable = {
      double: () => { const e = new Error('no such option'); e.name = 'UnsupportedCase'; throw e; },
    };
    const report = await runConformance({ fixtures: [{ ...file, cases: [file.cases[0]] }], handlers: named });
    expect(report.results[0]).toMatchObject({ status: 'skipped', reason: 'no such option' });
  });
});

describe('refusals', () => {
  it('matches an error message in the fixture with any Error the implementation raised', async () => {
    const refuse: FixtureFile = {
      suite: 'refuse', tolerance: { rtol: 0, atol: 0 },
      cases: [
        { name: 'refused', op: 'split', inputs: { ok: false }, outputs: { error: 'n_splits too large' } },
        { name: 'not_refused', op: 'split', inputs: { ok: true }, outputs: { error: 'n_splits too large' } },
      ],
    };
    const handlers: HandlerTable = { split: (ctx) => ({ outputs: { error: ctx.input('ok') ? 3 : new Error('too many splits') } }) };
    const report = await runConformance({ fixtures: [refuse], handlers });
    expect(report.results.map((r) => r.status)).toEqual(['passed', 'failed']);
  });
});
