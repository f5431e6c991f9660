import { fail } from '@tessera/tensor';

/** How per-class scores are combined; `null` returns one score per label. */
export type Average = 'binary' | 'micro' | 'macro' | 'weighted' | null;

/**
 * The value of a score whose denominator is 0. 'warn' behaves as 0 (scikit-learn also warns;
 * Tessera stays silent). NaN, as in scikit-learn 1.3+, marks the score undefined and leaves it
 * out of averages.
 */
export type ZeroDivision = 'warn' | 0 | 1 | number;

export function zeroDivisionValue(op: string, zeroDivision: ZeroDivision | undefined): number {
  const z = zeroDivision ?? 'warn';
  if (z === 'warn' || z === 0) return 0;
  if (z === 1) return 1;
  if (typeof z === 'number' && Number.isNaN(z)) return Number.NaN;
  return fail(op, `zeroDivision must be 'warn', 0, 1 or NaN, got ${JSON.stringify(z)}`);
}

export function checkAverage(op: string, average: unknown, allowed: readonly (string | null)[]): void {
  if (!allowed.includes(average as string | null)) {
    const names = allowed.map((a) => (a === null ? 'null' : `'${a}'`)).join(', ');
    fail(op, `average must be one of ${names}, got ${average === undefined ? 'undefined' : JSON.stringify(average)}`);
  }
}

/** num / den elementwise, `zero` where den is 0 (scikit-learn's `_prf_divide`). */
export function divide(num: ArrayLike<number>, den: ArrayLike<number>, zero: number): Float64Array {
  const out = new Float64Array(num.length);
  for (let i = 0; i < num.length; i++) out[i] = den[i] === 0 ? zero : num[i] / den[i];
  return out;
}

/**
 * `np.average(values, weights)`, leaving out NaN entries (they only occur for a NaN
 * zeroDivision, where scikit-learn 1.3 does the same). NaN when nothing is left.
 */
export function average(values: ArrayLike<number>, weights?: ArrayLike<number>): number {
  let sum = 0;
  let wsum = 0;
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i])) continue;
    const w = weights ? weights[i] : 1;
    sum += w * values[i];
    wsum += w;
  }
  return wsum === 0 ? Number.NaN : sum / wsum;
}

export function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}
