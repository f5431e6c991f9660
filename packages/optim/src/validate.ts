import { fail } from '@tessera/tensor';

export interface RangeRule {
  /** Inclusive lower bound. */
  readonly min?: number;
  /** Exclusive lower bound. */
  readonly above?: number;
  /** Inclusive upper bound. */
  readonly max?: number;
  /** Exclusive upper bound. */
  readonly below?: number;
  readonly integer?: boolean;
}

function describeRule(rule: RangeRule): string {
  const parts: string[] = [];
  if (rule.integer) parts.push('an integer');
  else parts.push('a finite number');
  const lo = rule.min !== undefined ? `[${rule.min}` : rule.above !== undefined ? `(${rule.above}` : undefined;
  const hi = rule.max !== undefined ? `${rule.max}]` : rule.below !== undefined ? `${rule.below})` : undefined;
  if (lo && hi) parts.push(`in ${lo}, ${hi}`);
  else if (rule.min !== undefined) parts.push(`>= ${rule.min}`);
  else if (rule.above !== undefined) parts.push(`> ${rule.above}`);
  else if (rule.max !== undefined) parts.push(`<= ${rule.max}`);
  else if (rule.below !== undefined) parts.push(`< ${rule.below}`);
  return parts.join(' ');
}

function show(value: unknown): string {
  return typeof value === 'number' ? String(value) : JSON.stringify(value) ?? String(value);
}

/** Checks one numeric hyperparameter; the error names the owner, the option and the value. */
export function checkNumber(owner: string, option: string, value: unknown, rule: RangeRule = {}): number {
  const ok = typeof value === 'number' && Number.isFinite(value)
    && (!rule.integer || Number.isInteger(value))
    && (rule.min === undefined || value >= rule.min)
    && (rule.above === undefined || value > rule.above)
    && (rule.max === undefined || value <= rule.max)
    && (rule.below === undefined || value < rule.below);
  if (!ok) fail(owner, `${option} must be ${describeRule(rule)}, got ${show(value)}`);
  return value as number;
}

export function checkBoolean(owner: string, option: string, value: unknown): boolean {
  if (typeof value !== 'boolean') fail(owner, `${option} must be true or false, got ${show(value)}`);
  return value;
}

/** Rejects option names the owner does not know (a typo such as `lr` must not be ignored silently). */
export function checkKnownKeys(owner: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if ((options as Record<string, unknown>)[key] === undefined) continue;
    if (!known.includes(key)) fail(owner, `unknown option "${key}" (known: ${known.join(', ')})`);
  }
}
