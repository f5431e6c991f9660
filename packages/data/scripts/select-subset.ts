/**
 * The rows kept in a stratified subset: the first `perClass` rows of every class, in file order
 * (the official files are already shuffled, so this is a fair and reproducible sample).
 */
export function firstPerClass(labels: ArrayLike<number>, numClasses: number, perClass: number): Int32Array {
  const taken = new Array<number>(numClasses).fill(0);
  const rows: number[] = [];
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    if (!(Number.isInteger(c) && c >= 0 && c < numClasses)) throw new Error(`firstPerClass: label ${c} at row ${i} is not in [0, ${numClasses})`);
    if (taken[c] < perClass) {
      taken[c] += 1;
      rows.push(i);
    }
  }
  const short = taken.findIndex((t) => t < perClass);
  if (short >= 0) throw new Error(`firstPerClass: class ${short} has only ${taken[short]} rows, ${perClass} wanted`);
  return Int32Array.from(rows);
}
