import { describe, expect, it } from 'vitest';
import { firstPerClass } from '../scripts/select-subset.js';

describe('Fashion-MNIST subset selection', () => {
  it('keeps the first rows of every class, in file order', () => {
    const labels = [2, 0, 1, 0, 2, 2, 1, 0, 1, 2];
    expect(Array.from(firstPerClass(labels, 3, 2))).toEqual([0, 1, 2, 3, 4, 6]);
    expect(Array.from(firstPerClass(labels, 3, 3))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('refuses classes that are too small or labels out of range', () => {
    expect(() => firstPerClass([0, 0, 1], 2, 2)).toThrow('firstPerClass: class 1 has only 1 rows, 2 wanted');
    expect(() => firstPerClass([0, 3], 2, 1)).toThrow('firstPerClass: label 3 at row 1 is not in [0, 2)');
  });
});
