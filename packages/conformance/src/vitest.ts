import { beforeAll, describe, expect, it } from 'vitest';
import type { HandlerTable } from './context.js';
import type { FixtureFile } from './fixtures.js';
import { runCase, type RunOptions } from './runner.js';

export interface ConformanceTestOptions extends Omit<RunOptions, 'fixtures' | 'onResult'> {
  readonly fixtures: readonly FixtureFile[];
  readonly handlers: HandlerTable;
  /** Runs before the first case, e.g. `() => setBackend('wasm')`. */
  readonly setup?: () => unknown | Promise<unknown>;
}

/**
 * Registers one vitest test per fixture case, grouped by suite. A failing case fails with its
 * worst mismatch; skipped cases (deliberate, unsupported or without a handler) are reported as
 * skipped with their reason, never dropped.
 */
export function describeConformance(title: string, options: ConformanceTestOptions): void {
  describe(title, () => {
    if (options.setup) beforeAll(async () => { await options.setup?.(); });
    for (const file of options.fixtures) {
      describe(file.suite, () => {
        for (const c of file.cases) {
          if (options.filter && !options.filter(file.suite, c)) continue;
          it(c.name, async (ctx) => {
            const result = await runCase(file, c, { ...options, fixtures: options.fixtures });
            if (result.status === 'skipped') { ctx.skip(result.reason); return; }
            const detail = result.mismatches.map((m) => `${m.path}: ${m.message}`).join('\n') || result.reason;
            expect(result.status, detail).toBe('passed');
          });
        }
      });
    }
  });
}
