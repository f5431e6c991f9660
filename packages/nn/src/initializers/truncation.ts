/**
 * Constants of the normal distribution truncated at +-2 standard deviations, the cut used by
 * `Generator.truncatedNormal` (as tf.random.truncated_normal), computed rather than copied.
 */

/** erf by its Maclaurin series; exact to double precision for |x| <= 3, where it is used. */
function erfSeries(x: number): number {
  let sum = 0;
  let term = x;
  for (let n = 0; n < 80; n++) {
    sum += term / (2 * n + 1);
    term *= (-x * x) / (n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

/** Truncation point in standard deviations of the underlying normal. */
export const TRUNCATION_SIGMAS = 2;

/**
 * Standard deviation of N(0, 1) truncated to [-2, 2]: sqrt(1 - 2 b phi(b) / (Phi(b) - Phi(-b)))
 * with b = 2. About 0.8796; Keras divides the wanted std by it to get the underlying stddev.
 */
export const TRUNCATED_STD_FACTOR = (() => {
  const b = TRUNCATION_SIGMAS;
  const density = Math.exp(-(b * b) / 2) / Math.sqrt(2 * Math.PI);
  const mass = erfSeries(b / Math.SQRT2);
  return Math.sqrt(1 - (2 * b * density) / mass);
})();
