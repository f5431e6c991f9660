/**
 * Hyperparameter declarations. Each estimator declares its parameters once, with the default,
 * the documentation and the validation side by side; the constructor, `getParams`, `setParams`,
 * `clone` and serialization are all derived from that declaration.
 */
export interface ParamSpec<T> {
  readonly default: T;
  readonly doc: string;
  /** A description of what is wrong with `value`, or undefined when it is valid. */
  readonly check: (value: unknown) => string | undefined;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ParamSpecs = Readonly<Record<string, ParamSpec<any>>>;

/** The parameter object an estimator's specs describe. */
export type ParamsOf<S extends ParamSpecs> = { -readonly [K in keyof S]: S[K]['default'] };

interface Range { readonly min?: number; readonly max?: number; readonly exclusiveMin?: boolean; readonly exclusiveMax?: boolean }

function rangeProblem(v: number, r: Range): string | undefined {
  if (r.min !== undefined && (r.exclusiveMin ? v <= r.min : v < r.min)) return `must be ${r.exclusiveMin ? '>' : '>='} ${r.min}`;
  if (r.max !== undefined && (r.exclusiveMax ? v >= r.max : v > r.max)) return `must be ${r.exclusiveMax ? '<' : '<='} ${r.max}`;
  return undefined;
}

function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : typeof v === 'object' && v !== null ? JSON.stringify(v) ?? String(v) : String(v);
}

export const param = {
  number(def: number, doc: string, range: Range = {}): ParamSpec<number> {
    return { default: def, doc, check: (v) => (typeof v !== 'number' || !Number.isFinite(v) ? `must be a finite number, got ${show(v)}` : rangeProblem(v, range)) };
  },
  int(def: number, doc: string, range: Range = {}): ParamSpec<number> {
    return { default: def, doc, check: (v) => (typeof v !== 'number' || !Number.isInteger(v) ? `must be an integer, got ${show(v)}` : rangeProblem(v, range)) };
  },
  /** An integer, or null meaning "no limit" / "chosen automatically". */
  intOrNull(def: number | null, doc: string, range: Range = {}): ParamSpec<number | null> {
    return { default: def, doc, check: (v) => (v === null ? undefined : typeof v !== 'number' || !Number.isInteger(v) ? `must be an integer or null, got ${show(v)}` : rangeProblem(v, range)) };
  },
  bool(def: boolean, doc: string): ParamSpec<boolean> {
    return { default: def, doc, check: (v) => (typeof v === 'boolean' ? undefined : `must be true or false, got ${show(v)}`) };
  },
  oneOf<const T extends string>(def: T, values: readonly T[], doc: string): ParamSpec<T> {
    return { default: def, doc, check: (v) => (values.includes(v as T) ? undefined : `must be one of ${values.map(show).join(', ')}; got ${show(v)}`) };
  },
  /** A seed for the Philox generator; null draws a fresh seed at each fit. */
  seed(doc = 'Seed of the random number generator (null: a fresh random seed at each fit).'): ParamSpec<number | null> {
    return { default: null, doc, check: (v) => (v === null || (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) ? undefined : `must be a non-negative integer seed or null, got ${show(v)}`) };
  },
  custom<T>(def: T, doc: string, check: (v: unknown) => string | undefined): ParamSpec<T> {
    return { default: def, doc, check };
  },
};
