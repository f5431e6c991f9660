import { fail } from '@tessera/tensor';
import { Estimator, type AnyEstimator, type EstimatorJSON, type EstimatorType } from './core/estimator.js';
import { checkMatrixAsync, type Matrix, type MatrixLike } from './core/matrix.js';
import type { ClassLabel, LabelsLike } from './core/labels.js';
import { param, type ParamsOf } from './core/params.js';
import type { JsonValue } from './core/serialize.js';
import { estimatorFromJSON } from './registry.js';

export type Step = readonly [name: string, estimator: AnyEstimator];

const PARAMS = {
  steps: param.custom<readonly Step[]>([], 'Named steps: transformers, then a final estimator of any kind.', (v) => {
    if (!Array.isArray(v)) return 'must be an array of [name, estimator] pairs';
    const names = new Set<string>();
    for (const s of v) {
      if (!Array.isArray(s) || s.length !== 2 || typeof s[0] !== 'string' || !(s[1] instanceof Estimator)) return 'must be an array of [name, estimator] pairs';
      if (s[0].includes('__')) return `step name ${JSON.stringify(s[0])} must not contain "__"`;
      if (names.has(s[0])) return `step name ${JSON.stringify(s[0])} is used twice`;
      names.add(s[0]);
    }
    return undefined;
  }),
} as const;

interface State {
  readonly nFeaturesIn: number;
}

/**
 * Chains transformers and a final estimator (scikit-learn's `Pipeline`): `fit` fits each
 * transformer on the previous one's output, then the last step; prediction methods transform
 * and delegate to the last step. Nested parameters are addressed as `step__param`, so grid
 * search and cloning work through it.
 *
 * ```ts
 * const model = await new Pipeline({ steps: [['scale', new StandardScaler()], ['clf', new LogisticRegression()]] }).fit(X, y);
 * model.predict(XTest);
 * model.setParams({ clf__C: 10 });
 * ```
 */
export class Pipeline extends Estimator<typeof PARAMS, State> {
  constructor(params: Partial<ParamsOf<typeof PARAMS>> = {}) {
    super('Pipeline', PARAMS, params);
  }

  static override fromJSON<T extends Estimator>(this: new (params?: never) => T, json: EstimatorJSON | JsonValue): T {
    return Estimator.fromJSON.call(this as never, json, estimatorFromJSON) as T;
  }

  get estimatorType(): EstimatorType {
    const steps = this.params.steps;
    return steps.length > 0 ? steps[steps.length - 1][1].estimatorType : 'transformer';
  }

  get namedSteps(): Record<string, AnyEstimator> {
    return Object.fromEntries(this.params.steps.map(([n, e]) => [n, e]));
  }

  get classes_(): readonly ClassLabel[] {
    this.fitted('classes_');
    return (this.final('classes_') as unknown as { classes_: readonly ClassLabel[] }).classes_;
  }

  /** With `deep`, also every step's parameters as `step__param`. */
  override getParams(deep = false): ParamsOf<typeof PARAMS> & Record<string, unknown> {
    const out: Record<string, unknown> = { ...super.getParams() };
    if (deep) for (const [name, est] of this.params.steps) for (const [k, v] of Object.entries(est.getParams())) out[`${name}__${k}`] = v;
    return out as ParamsOf<typeof PARAMS> & Record<string, unknown>;
  }

  override setParams(updates: Record<string, unknown>): this {
    const own: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(updates)) {
      const cut = key.indexOf('__');
      if (cut < 0) { own[key] = value; continue; }
      const step = this.namedSteps[key.slice(0, cut)];
      if (!step) fail(`${this.estimatorName}.setParams`, `no step named ${JSON.stringify(key.slice(0, cut))} (steps: ${this.params.steps.map((s) => s[0]).join(', ')})`);
      step.setParams({ [key.slice(cut + 2)]: value });
    }
    return Object.keys(own).length > 0 ? super.setParams(own as never) : this;
  }

  /** Whether the final step has `method` (predict, predictProba, decisionFunction, transform, score). */
  supports(method: string): boolean {
    const steps = this.params.steps;
    return steps.length > 0 && typeof (steps[steps.length - 1][1] as unknown as Record<string, unknown>)[method] === 'function';
  }

  private final(method: string): AnyEstimator {
    const steps = this.params.steps;
    if (steps.length === 0) fail(`${this.estimatorName}.${method}`, 'the pipeline has no steps');
    return steps[steps.length - 1][1];
  }

  /** X through every step but the last. */
  private through(method: string, X: MatrixLike): MatrixLike {
    this.fitted(method);
    let x = X;
    for (const [name, est] of this.params.steps.slice(0, -1)) {
      if (!est.transform) fail(`${this.estimatorName}.${method}`, `step ${JSON.stringify(name)} (${est.estimatorName}) has no transform()`);
      x = est.transform(x);
    }
    return x;
  }

  async fit(X: MatrixLike, y?: LabelsLike): Promise<this> {
    const op = `${this.estimatorName}.fit`;
    const m = await checkMatrixAsync(op, X);
    const last = this.final('fit');
    let x: MatrixLike = m;
    for (const [name, est] of this.params.steps.slice(0, -1)) {
      if (!est.transform) fail(op, `step ${JSON.stringify(name)} (${est.estimatorName}) has no transform()`);
      await est.fit(x, y);
      x = est.transform(x);
    }
    await last.fit(x, y);
    this.state = { nFeaturesIn: m.cols };
    return this;
  }

  predict(X: MatrixLike): ArrayLike<ClassLabel> {
    const last = this.final('predict');
    if (!last.predict) fail(`${this.estimatorName}.predict`, `${last.estimatorName} has no predict()`);
    return last.predict(this.through('predict', X));
  }

  predictProba(X: MatrixLike): Matrix {
    const last = this.final('predictProba');
    if (!last.predictProba) fail(`${this.estimatorName}.predictProba`, `${last.estimatorName} has no predictProba()`);
    return last.predictProba(this.through('predictProba', X));
  }

  decisionFunction(X: MatrixLike): Matrix | Float64Array {
    const last = this.final('decisionFunction');
    if (!last.decisionFunction) fail(`${this.estimatorName}.decisionFunction`, `${last.estimatorName} has no decisionFunction()`);
    return last.decisionFunction(this.through('decisionFunction', X));
  }

  transform(X: MatrixLike): Matrix {
    const last = this.final('transform');
    if (!last.transform) fail(`${this.estimatorName}.transform`, `${last.estimatorName} has no transform()`);
    return last.transform(this.through('transform', X));
  }

  async fitTransform(X: MatrixLike, y?: LabelsLike): Promise<Matrix> {
    await this.fit(X, y);
    return this.transform(X);
  }

  score(X: MatrixLike, y?: LabelsLike): number {
    const last = this.final('score');
    if (!last.score) fail(`${this.estimatorName}.score`, `${last.estimatorName} has no score()`);
    return last.score(this.through('score', X), y);
  }
}
