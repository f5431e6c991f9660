import { compareValue, isTensorLike, resolveValue, type Mismatch } from './compare.js';
import { CaseContext, UnsupportedCase, type HandlerTable } from './context.js';
import type { FixtureCase, FixtureFile } from './fixtures.js';
import { DELIBERATE_SKIPS, IGNORED_PATHS, findSkip, ignoredPathMatcher, type DeliberateSkip, type IgnoredPath } from './skips.js';

export type CaseStatus = 'passed' | 'failed' | 'skipped';

export interface CaseResult {
  readonly suite: string;
  readonly name: string;
  readonly op: string;
  readonly status: CaseStatus;
  /** Why a case was skipped, or the first mismatch / error of a failed one. */
  readonly reason?: string;
  readonly mismatches: readonly Mismatch[];
  /** Largest numeric |got - want| among the mismatches. */
  readonly worstError?: number;
}

export interface ConformanceReport {
  readonly backend: string;
  readonly results: readonly CaseResult[];
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

export interface RunOptions {
  readonly fixtures: readonly FixtureFile[];
  readonly handlers: HandlerTable;
  /** Name of the implementation under test, for backend-specific skips and the report. */
  readonly backend?: string;
  readonly skips?: readonly DeliberateSkip[];
  readonly ignored?: readonly IgnoredPath[];
  /** Run only the cases for which this returns true (others are not counted at all). */
  readonly filter?: (suite: string, c: FixtureCase) => boolean;
  readonly onResult?: (result: CaseResult) => void;
}

function disposeAll(value: unknown, seen = new Set<unknown>()): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (isTensorLike(value) && typeof (value as { dispose?: unknown }).dispose === 'function') {
    (value as unknown as { dispose(): void }).dispose();
    return;
  }
  if (Array.isArray(value)) value.forEach((v) => disposeAll(v, seen));
  else if (!ArrayBuffer.isView(value) && !(value instanceof Error)) Object.values(value).forEach((v) => disposeAll(v, seen));
}

/** Runs one case: handler, then every expected output and gradient compared within tolerance. */
export async function runCase(file: FixtureFile, c: FixtureCase, options: RunOptions): Promise<CaseResult> {
  const base = { suite: file.suite, name: c.name, op: c.op };
  const skip = findSkip(options.skips ?? DELIBERATE_SKIPS, file.suite, c.name, options.backend ?? '');
  if (skip) return { ...base, status: 'skipped', reason: skip.reason, mismatches: [] };
  // `suite/op` first: the same op name can mean different things in two suites (pad, crop).
  const handler = options.handlers[`${file.suite}/${c.op}`] ?? options.handlers[c.op];
  if (!handler) return { ...base, status: 'skipped', reason: `no handler for op "${c.op}"`, mismatches: [] };

  const ctx = new CaseContext(file, c);
  let produced: { outputs: Readonly<Record<string, unknown>>; grads?: Readonly<Record<string, unknown>> } | undefined;
  try {
    produced = await handler(ctx);
    const tol = c.tolerance ?? file.tolerance;
    const ignored = ignoredPathMatcher(options.ignored ?? IGNORED_PATHS, file.suite, c.name);
    const mismatches: Mismatch[] = [];
    const check = async (kind: 'outputs' | 'grads', expected: Readonly<Record<string, unknown>>,
      got: Readonly<Record<string, unknown>> | undefined) => {
      for (const [key, want] of Object.entries(expected)) {
        const path = `${kind}.${key}`;
        if (ignored(path)) continue;
        if (!got || !(key in got)) { mismatches.push({ path, message: 'not produced' }); continue; }
        // An `error` output holding a message means the reference refused the input: any Error
        // raised by the implementation matches (the wording is the reference's own).
        if (kind === 'outputs' && key === 'error' && typeof want === 'string') {
          if (!(got[key] instanceof Error)) mismatches.push({ path, message: `expected a refusal (${want}), got a value` });
          continue;
        }
        mismatches.push(...compareValue(await resolveValue(got[key]), want, tol, path, ignored));
      }
    };
    await check('outputs', c.outputs, produced.outputs);
    if (c.grads && Object.keys(c.grads).length > 0) await check('grads', c.grads, produced.grads);
    if (mismatches.length === 0) return { ...base, status: 'passed', mismatches };
    const numeric = mismatches.map((m) => m.error ?? 0);
    return {
      ...base, status: 'failed', mismatches,
      reason: `${mismatches[0].path}: ${mismatches[0].message}`,
      worstError: Math.max(...numeric),
    };
  } catch (error) {
    // By name too, so a package can signal it without importing this one at run time.
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof UnsupportedCase || (error instanceof Error && error.name === 'UnsupportedCase')) {
      return { ...base, status: 'skipped', reason: message, mismatches: [] };
    }
    return { ...base, status: 'failed', reason: `threw: ${message}`, mismatches: [] };
  } finally {
    if (produced) { disposeAll(produced.outputs); disposeAll(produced.grads); }
    for (const t of ctx.created) t.dispose();
  }
}

/** Runs every case of every fixture file through the handlers, one at a time. */
export async function runConformance(options: RunOptions): Promise<ConformanceReport> {
  const results: CaseResult[] = [];
  for (const file of options.fixtures) {
    for (const c of file.cases) {
      if (options.filter && !options.filter(file.suite, c)) continue;
      const result = await runCase(file, c, options);
      results.push(result);
      options.onResult?.(result);
    }
  }
  const count = (s: CaseStatus) => results.filter((r) => r.status === s).length;
  return { backend: options.backend ?? '', results, passed: count('passed'), failed: count('failed'), skipped: count('skipped') };
}

/** One line per failing case, then `N passed, M failed, K skipped`. */
export function formatReport(report: ConformanceReport, options: { showSkipped?: boolean } = {}): string {
  const lines: string[] = [];
  for (const r of report.results) {
    if (r.status === 'failed') {
      const worst = r.worstError !== undefined && r.worstError > 0 ? ` (worst error ${r.worstError.toPrecision(3)})` : '';
      lines.push(`FAIL ${r.suite} ${r.name}: ${r.reason}${worst}`);
    } else if (r.status === 'skipped' && options.showSkipped) {
      lines.push(`SKIP ${r.suite} ${r.name}: ${r.reason}`);
    }
  }
  lines.push(`${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped`);
  return lines.join('\n');
}
