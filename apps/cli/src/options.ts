import { UsageError } from './errors.js';

/** Strict number parsing for command-line options: the whole text must be a number. */
function number(option: string, text: string): number {
  const trimmed = String(text).trim();
  const value = trimmed === '' ? Number.NaN : Number(trimmed);
  if (!Number.isFinite(value)) throw new UsageError(`${option} must be a number, got "${text}"`);
  return value;
}

export function positiveInt(option: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = number(option, text);
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`${option} must be a positive integer, got "${text}"`);
  return value;
}

export function nonNegativeInt(option: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = number(option, text);
  if (!Number.isSafeInteger(value) || value < 0) throw new UsageError(`${option} must be a non-negative integer, got "${text}"`);
  return value;
}

export function positiveNumber(option: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = number(option, text);
  if (!(value > 0)) throw new UsageError(`${option} must be a positive number, got "${text}"`);
  return value;
}

/** A fraction in [0, 1). */
export function fraction(option: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = number(option, text);
  if (!(value >= 0 && value < 1)) throw new UsageError(`${option} must be in [0, 1), got "${text}"`);
  return value;
}

export function choice<T extends string>(option: string, text: string | undefined, choices: readonly T[], fallback: T): T;
export function choice<T extends string>(option: string, text: string | undefined, choices: readonly T[]): T | undefined;
export function choice<T extends string>(option: string, text: string | undefined, choices: readonly T[], fallback?: T): T | undefined {
  if (text === undefined) return fallback;
  const value = text.trim().toLowerCase() as T;
  if (!choices.includes(value)) throw new UsageError(`${option} must be one of ${choices.join(', ')}, got "${text}"`);
  return value;
}
