/**
 * Python's `format(x, '.Nf')`: the exact binary value rounded half to even. `toFixed` differs
 * only on exact ties (0.125 → "0.13" in JavaScript, "0.12" in Python), which report tables of
 * small counts hit often (1/8, 3/8, ...).
 */
export function formatFixed(x: number, digits: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const rounded = x.toFixed(digits);
  // toFixed is exact, so a tie shows as "5" followed only by zeros in a longer expansion.
  const long = Math.abs(x).toFixed(Math.min(100, digits + 30));
  const tail = long.slice(long.length - 30);
  if (tail[0] !== '5' || !/^50*$/.test(tail)) return rounded;
  const truncated = long.slice(0, long.length - 30).replace(/\.$/, '');
  const lastDigit = Number(truncated[truncated.length - 1]);
  if (lastDigit % 2 === 1) return rounded; // toFixed rounded away from zero, onto the even digit
  return (x < 0 ? '-' : '') + truncated;
}

/** Python's `str()` of a number: integral floats keep ".0" when the value was a float. */
export function pythonNumber(x: number, isFloat: boolean): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (isFloat && Number.isInteger(x) && Math.abs(x) < 1e16) return `${x}.0`;
  return String(x);
}

/** Right-aligns in `width` code points, as Python's `{:>width}`. */
export function padStart(s: string, width: number): string {
  const len = [...s].length;
  return len >= width ? s : ' '.repeat(width - len) + s;
}
