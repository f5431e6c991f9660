import { fail, Generator } from '@tessera/tensor';
import { decodeValue, encodeValue, type EstimatorReviver, type JsonValue } from './serialize.js';
import type { ParamSpecs, ParamsOf } from './params.js';
import type { MatrixLike, Matrix } from './matrix.js';
import type { ClassLabel, LabelsLike } from './labels.js';

export type EstimatorType = 'classifier' | 'regressor' | 'transformer' | 'clusterer';

/** What `toJSON()` returns and `fromJSON()` reads. */
export interface EstimatorJSON {
  readonly estimator: string;
  readonly format: 1;
  readonly params: JsonValue;
  /** Fitted state, or null for an unfitted estimator. */
  readonly state: JsonValue;
}

/**
 * The base of every estimator. Subclasses declare their hyperparameters (a `ParamSpecs` object)
 * and keep everything `fit` learns in one state object; the base derives the constructor's
 * validation, `getParams` / `setParams`, `clone`, `toJSON` / `fromJSON` and the "not fitted"
 * error from those two. Fitted attributes are exposed with a trailing underscore (`coef_`,
 * `classes_`), as in scikit-learn.
 */
export abstract class Estimator<S extends ParamSpecs = ParamSpecs, State extends object = object> {
  abstract readonly estimatorType: EstimatorType;
  protected params: ParamsOf<S>;
  protected state: State | undefined = undefined;

  protected constructor(readonly estimatorName: string, readonly paramSpecs: S, params: Partial<ParamsOf<S>> = {}) {
    const values = {} as ParamsOf<S>;
    for (const key of Object.keys(paramSpecs) as (keyof S & string)[]) values[key] = paramSpecs[key].default;
    this.params = values;
    this.assign(estimatorName, params as Record<string, unknown>);
  }

  private assign(op: string, updates: Record<string, unknown>): void {
    if (typeof updates !== 'object' || updates === null) fail(op, `parameters must be an object, got ${String(updates)}`);
    for (const [key, value] of Object.entries(updates)) {
      if (value === undefined) continue;
      const spec = this.paramSpecs[key];
      if (!spec) fail(op, `unknown parameter "${key}"; valid parameters: ${Object.keys(this.paramSpecs).join(', ')}`);
      const problem = spec.check(value);
      if (problem) fail(`${this.estimatorName}.${key}`, problem);
      (this.params as Record<string, unknown>)[key] = value;
    }
    this.checkParams();
  }

  /** Checks between parameters (e.g. minSamplesLeaf vs minSamplesSplit); throws on a bad combination. */
  protected checkParams(): void {}

  /** The hyperparameters, as a new object (enough to rebuild an equivalent unfitted estimator). */
  getParams(): ParamsOf<S> {
    return { ...this.params };
  }

  /** Updates hyperparameters (validated); returns the estimator. Fitted state is kept until the next fit. */
  setParams(updates: Partial<ParamsOf<S>> & Record<string, unknown>): this {
    this.assign(`${this.estimatorName}.setParams`, updates);
    return this;
  }

  /** A new, unfitted estimator with the same hyperparameters (nested estimators are cloned too). */
  clone(): this {
    const params: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this.getParams())) params[k] = cloneParam(v);
    const Ctor = this.constructor as new (p: Record<string, unknown>) => this;
    return new Ctor(params);
  }

  get isFitted(): boolean {
    return this.state !== undefined;
  }

  /** The fitted state, or a clear error naming the method called too early. */
  protected fitted(method: string): State {
    if (this.state === undefined) fail(`${this.estimatorName}.${method}`, `this ${this.estimatorName} is not fitted yet; call fit() first`);
    return this.state;
  }

  /** A Philox generator seeded by `randomState` (a fresh seed when it is null). */
  protected generator(): Generator {
    const seed = (this.params as Record<string, unknown>).randomState;
    return new Generator(typeof seed === 'number' ? seed : Math.floor(Math.random() * 2 ** 32));
  }

  toJSON(): EstimatorJSON {
    return { estimator: this.estimatorName, format: 1, params: encodeValue(this.params), state: encodeValue(this.state) };
  }

  /**
   * Rebuilds an estimator of this class from `toJSON()` output.
   *
   * ```ts
   * const copy = KNeighborsClassifier.fromJSON(JSON.parse(JSON.stringify(model)));
   * ```
   */
  static fromJSON<T extends Estimator>(this: new (params?: never) => T, json: EstimatorJSON | JsonValue, revive?: EstimatorReviver): T {
    const j = json as EstimatorJSON;
    if (typeof j !== 'object' || j === null || typeof j.estimator !== 'string') fail('fromJSON', 'expected the output of an estimator\'s toJSON()');
    if (j.format !== 1) fail('fromJSON', `unknown format ${JSON.stringify(j.format)}`);
    const Ctor = this as unknown as new (params: unknown) => T;
    const estimator = new Ctor(decodeValue(j.params, revive));
    if (estimator.estimatorName !== j.estimator) fail('fromJSON', `JSON of a ${j.estimator} cannot load as a ${estimator.estimatorName}`);
    (estimator as unknown as { state: unknown }).state = j.state === null ? undefined : decodeValue(j.state, revive);
    return estimator;
  }
}

function cloneParam(v: unknown): unknown {
  if (v instanceof Estimator) return v.clone();
  if (Array.isArray(v)) return v.map(cloneParam);
  return v;
}

/** A classifier: predicted labels, class probabilities and accuracy. */
export interface Classifier {
  readonly estimatorType: 'classifier';
  fit(X: MatrixLike, y: LabelsLike): Promise<this>;
  predict(X: MatrixLike): ClassLabel[];
  predictProba?(X: MatrixLike): Matrix;
  decisionFunction?(X: MatrixLike): Matrix;
  score(X: MatrixLike, y: LabelsLike): number;
  readonly classes_: readonly ClassLabel[];
}

export interface Regressor {
  readonly estimatorType: 'regressor';
  fit(X: MatrixLike, y: LabelsLike): Promise<this>;
  predict(X: MatrixLike): Float64Array;
  score(X: MatrixLike, y: LabelsLike): number;
}

export interface Transformer {
  fit(X: MatrixLike, y?: LabelsLike): Promise<this>;
  transform(X: MatrixLike): Matrix;
  fitTransform(X: MatrixLike, y?: LabelsLike): Promise<Matrix>;
}

/** Any estimator, as the model-selection helpers and Pipeline see it. */
export type AnyEstimator = Estimator & {
  fit(X: MatrixLike, y?: LabelsLike): Promise<unknown>;
  predict?(X: MatrixLike): ArrayLike<ClassLabel>;
  predictProba?(X: MatrixLike): Matrix;
  decisionFunction?(X: MatrixLike): Matrix | Float64Array;
  transform?(X: MatrixLike): Matrix;
  score?(X: MatrixLike, y?: LabelsLike): number;
};
