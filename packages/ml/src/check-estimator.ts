import { Generator, TesseraError } from '@tessera/tensor';
import { Estimator, type AnyEstimator } from './core/estimator.js';
import { Matrix, type MatrixLike } from './core/matrix.js';
import type { LabelsLike } from './core/labels.js';
import { LabelEncoder } from './preprocessing/label-encoder.js';
import { estimatorFromJSON } from './registry.js';

export interface CheckEstimatorOptions {
  /** Training data; by default a small seeded dataset suited to the estimator's type. */
  readonly X?: MatrixLike;
  readonly y?: LabelsLike;
}

/** Which checks ran, for the caller's own reporting. */
export interface CheckReport {
  readonly estimator: string;
  readonly checks: string[];
}

class CheckFailure extends Error {
  constructor(estimator: string, check: string, detail: string) {
    super(`checkEstimator(${estimator}): ${check}: ${detail}`);
    this.name = 'CheckFailure';
  }
}

/** Three separated Gaussian blobs (classification) or a noisy linear target (regression), seeded. */
export function checkData(kind: string, n = 60, d = 4): { X: Matrix; y: number[] } {
  const g = new Generator(7);
  const noise = g.normalValues(n * d);
  const X = new Float64Array(n * d), y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    y.push(c);
    for (let j = 0; j < d; j++) X[i * d + j] = noise[i * d + j] + (j % 3 === c ? 3 : 0);
  }
  if (kind === 'regressor') for (let i = 0; i < n; i++) y[i] = X[i * d] * 2 - X[i * d + 1] + 0.5 + 0.1 * noise[(i * 7) % (n * d)];
  return { X: new Matrix(X, n, d), y };
}

/** Every output an estimator can give on X, as plain numbers/strings for exact comparison. */
function outputs(est: AnyEstimator, X: MatrixLike): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const plain = (v: unknown) => (v instanceof Matrix ? Array.from(v.data) : Array.from(v as ArrayLike<unknown>));
  if (has(est, 'predict')) out.predict = plain(est.predict?.(X));
  if (has(est, 'predictProba')) out.predictProba = plain(est.predictProba?.(X));
  if (has(est, 'decisionFunction')) out.decisionFunction = plain(est.decisionFunction?.(X));
  if (has(est, 'transform')) out.transform = plain(est.transform?.(X));
  return out;
}

/** Whether the estimator offers a method (meta-estimators answer for the estimator they wrap). */
function has(est: AnyEstimator, method: 'predict' | 'predictProba' | 'decisionFunction' | 'transform' | 'score'): boolean {
  const supports = (est as { supports?: (m: string) => boolean }).supports;
  return typeof est[method] === 'function' && (typeof supports !== 'function' || supports.call(est, method));
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Parameters with nested estimators reduced to their own parameters (not their fitted state). */
function paramsOf(v: unknown): unknown {
  if (v instanceof Estimator) return { estimator: v.estimatorName, params: paramsOf(v.getParams()) };
  if (Array.isArray(v)) return v.map(paramsOf);
  if (typeof v === 'object' && v !== null && !ArrayBuffer.isView(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, paramsOf(x)]));
  return v;
}

async function expectError(name: string, check: string, f: () => unknown, pattern?: RegExp): Promise<void> {
  try {
    await f();
  } catch (error) {
    if (!(error instanceof TesseraError)) throw new CheckFailure(name, check, `threw ${String(error)} instead of a TesseraError`);
    if (pattern && !pattern.test(error.message)) throw new CheckFailure(name, check, `message "${error.message}" does not match ${pattern}`);
    return;
  }
  throw new CheckFailure(name, check, 'did not throw');
}

/**
 * The estimator contract, checked against one estimator (scikit-learn's `check_estimator`):
 * declared parameters and their validation, `fit` returning the estimator, the "not fitted"
 * error, cloning from `getParams`, a JSON round trip giving identical outputs, determinism
 * with a seed, and clear errors for NaN, empty data and a wrong feature count. Throws on the
 * first violation; returns the list of checks that ran.
 *
 * ```ts
 * await checkEstimator(() => new KNeighborsClassifier({ nNeighbors: 3 }));
 * ```
 */
export async function checkEstimator(make: () => AnyEstimator | LabelEncoder, options: CheckEstimatorOptions = {}): Promise<CheckReport> {
  const made = make();
  if (made instanceof LabelEncoder) return checkLabelEncoder(made);
  const est = made;
  const name = est.estimatorName;
  const checks: string[] = [];
  const pass = (c: string) => checks.push(c);
  const fail = (c: string, d: string): never => { throw new CheckFailure(name, c, d); };

  // Parameters: declared, defaulted, validated.
  const params = est.getParams() as Record<string, unknown>;
  if (!same(Object.keys(params).sort(), Object.keys(est.paramSpecs).sort())) fail('getParams', 'keys differ from the declared parameters');
  await expectError(name, 'unknown parameter', () => est.clone().setParams({ notAParameter: 1 } as never), /unknown parameter/);
  for (const [key, spec] of Object.entries(est.paramSpecs)) {
    if (spec.check(spec.default) !== undefined) fail('defaults', `default of ${key} fails its own validation`);
    if (typeof spec.doc !== 'string' || spec.doc.length === 0) fail('defaults', `${key} has no documentation`);
  }
  await expectError(name, 'invalid parameter value', () => est.clone().setParams({ [Object.keys(est.paramSpecs)[0] ?? 'x']: Symbol('bad') } as never));
  pass('parameters');

  const kind = est.estimatorType;
  const data = options.X ? { X: Matrix.from(options.X), y: options.y as LabelsLike } : checkData(kind);
  const supervised = kind === 'classifier' || kind === 'regressor';
  const y = supervised ? data.y : undefined;
  const seeded = 'randomState' in est.paramSpecs;
  if (seeded) est.setParams({ randomState: 0 } as never);

  if (has(est, 'predict')) await expectError(name, 'predict before fit', () => est.predict?.(data.X), /not fitted/);
  else if (has(est, 'transform')) await expectError(name, 'transform before fit', () => est.transform?.(data.X), /not fitted/);
  if (est.isFitted) fail('fitted state', 'isFitted is true before fit');
  pass('not fitted error');

  const returned = await est.fit(data.X, y);
  if (returned !== est) fail('fit', 'did not return the estimator');
  if (!est.isFitted) fail('fitted state', 'isFitted is false after fit');
  pass('fit returns the estimator');

  const out = outputs(est, data.X);
  const n = data.X.rows;
  if (out.predict && (out.predict as unknown[]).length !== n) fail('predict', `gave ${(out.predict as unknown[]).length} values for ${n} rows`);
  if (kind === 'classifier' && out.predictProba) {
    const p = out.predictProba as number[], k = p.length / n;
    for (let i = 0; i < n; i++) {
      const s = p.slice(i * k, i * k + k).reduce((a, b) => a + b, 0);
      if (Math.abs(s - 1) > 1e-9) fail('predictProba', `row ${i} sums to ${s}`);
    }
  }
  if (has(est, 'score')) {
    const s = supervised ? est.score?.(data.X, y) : est.score?.(data.X);
    if (typeof s !== 'number' || !Number.isFinite(s)) fail('score', `is ${s}`);
  }
  pass('outputs');

  const clone = est.clone();
  if (clone.isFitted) fail('clone', 'a clone is fitted');
  if (!same(paramsOf(clone.getParams()), paramsOf(est.getParams()))) fail('clone', 'parameters differ');
  const Ctor = est.constructor as new (p: unknown) => AnyEstimator;
  const rebuilt = new Ctor(est.getParams());
  await rebuilt.fit(data.X, y);
  if (seeded || !('randomState' in est.paramSpecs)) {
    if (!same(outputs(rebuilt, data.X), out)) fail('clone via getParams', 'refit gives different outputs');
  }
  pass('clone via getParams');
  pass(seeded ? 'determinism with a seed' : 'determinism');

  const copy = estimatorFromJSON(JSON.parse(JSON.stringify(est))) as AnyEstimator;
  if (copy.constructor !== est.constructor) fail('fromJSON', `rebuilt a ${copy.estimatorName}`);
  if (!same(paramsOf(copy.getParams()), paramsOf(est.getParams()))) fail('fromJSON', 'parameters differ after the round trip');
  if (!same(outputs(copy, data.X), out)) fail('fromJSON', 'outputs differ after the round trip');
  const unfitted = estimatorFromJSON(JSON.parse(JSON.stringify(est.clone())));
  if (unfitted.isFitted) fail('fromJSON', 'an unfitted estimator came back fitted');
  pass('serialization round trip');

  const withNaN = Matrix.from(data.X.toArray().map((r, i) => (i === 1 ? r.map((v, j) => (j === 0 ? Number.NaN : v)) : r)));
  await expectError(name, 'NaN in X (fit)', () => est.clone().fit(withNaN, y), /NaN/);
  if (has(est, 'predict')) await expectError(name, 'NaN in X (predict)', () => est.predict?.(withNaN), /NaN/);
  await expectError(name, 'empty X', () => est.clone().fit([], supervised ? [] : undefined), /empty/);
  const narrow = Matrix.from(data.X.toArray().map((r) => r.slice(0, -1)));
  const method = has(est, 'predict') ? 'predict' : 'transform';
  await expectError(name, 'wrong feature count', () => (est[method] as (x: MatrixLike) => unknown).call(est, narrow), /features/);
  if (supervised) await expectError(name, 'y of the wrong length', () => est.clone().fit(data.X, (data.y as number[]).slice(1)), /samples/);
  pass('errors on bad input');
  return { estimator: name, checks };
}

async function checkLabelEncoder(est: LabelEncoder): Promise<CheckReport> {
  const name = est.estimatorName;
  const checks: string[] = [];
  await expectError(name, 'unknown parameter', () => est.clone().setParams({ notAParameter: 1 } as never), /unknown parameter/);
  await expectError(name, 'transform before fit', () => est.transform(['a']), /not fitted/);
  if ((await est.fit(['b', 'a', 'b'])) !== est) throw new CheckFailure(name, 'fit', 'did not return the estimator');
  const copy = estimatorFromJSON(JSON.parse(JSON.stringify(est))) as LabelEncoder;
  if (!same(Array.from(copy.transform(['a', 'b'])), Array.from(est.transform(['a', 'b'])))) throw new CheckFailure(name, 'fromJSON', 'outputs differ');
  await expectError(name, 'unknown label', () => est.transform(['c']), /not one of the classes/);
  await expectError(name, 'empty y', () => est.clone().fit([]), /empty/);
  checks.push('fit returns the estimator', 'serialization round trip', 'errors on bad input');
  return { estimator: name, checks };
}
