/** The fixture file format (see shared/fixtures/README.md). Everything is read from the files. */

export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
}

/** A tensor as stored in a fixture: flat row-major data; non-finite floats as strings. */
export interface FixtureTensor {
  readonly shape: readonly number[];
  readonly data: readonly (number | string)[];
  readonly dtype?: 'float32' | 'int32' | 'bool';
}

export interface FixtureCase {
  readonly name: string;
  readonly op: string;
  readonly attrs?: Readonly<Record<string, unknown>>;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly outputs: Readonly<Record<string, unknown>>;
  readonly grads?: Readonly<Record<string, unknown>>;
  readonly tolerance?: Tolerance;
}

export interface FixtureFile {
  readonly suite: string;
  readonly reference?: string;
  readonly tolerance: Tolerance;
  readonly notes?: readonly string[];
  readonly cases: readonly FixtureCase[];
  /** Where the file came from, for reports. */
  readonly source?: string;
}

export function isFixtureTensor(value: unknown): value is FixtureTensor {
  return typeof value === 'object' && value !== null && Array.isArray((value as FixtureTensor).shape)
    && Array.isArray((value as FixtureTensor).data);
}

/** Decodes `"NaN"`, `"Infinity"`, `"-Infinity"` and `null` (metric scalars) to numbers. */
export function decodeNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value === null) return Number.NaN;
  if (value === 'NaN') return Number.NaN;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  if (typeof value === 'boolean') return value ? 1 : 0;
  throw new Error(`fixture: not a number: ${JSON.stringify(value)}`);
}

export function decodeData(t: FixtureTensor): number[] {
  return t.data.map(decodeNumber);
}

/** Validates the parts of a parsed JSON document the runner relies on. */
export function asFixtureFile(json: unknown, source: string): FixtureFile {
  const file = json as FixtureFile;
  const problem = (what: string) => new Error(`fixture ${source}: ${what}`);
  if (typeof json !== 'object' || json === null) throw problem('not a JSON object');
  if (typeof file.suite !== 'string') throw problem('missing "suite"');
  if (!file.tolerance || typeof file.tolerance.rtol !== 'number' || typeof file.tolerance.atol !== 'number') {
    throw problem('missing "tolerance" {rtol, atol}');
  }
  if (!Array.isArray(file.cases)) throw problem('missing "cases" array');
  file.cases.forEach((c, i) => {
    if (typeof c.name !== 'string' || typeof c.op !== 'string') throw problem(`case ${i} lacks "name" or "op"`);
    if (typeof c.inputs !== 'object' || typeof c.outputs !== 'object') throw problem(`case ${c.name} lacks inputs/outputs`);
  });
  return { ...file, source };
}
