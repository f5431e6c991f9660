"""Derives the Chebyshev coefficients used by src/kernels/erf.ts.

erf(x) = x * P(x^2)               for |x| < 2, P interpolated on t = x^2 in [0, 4]
erf(x) = 1 - exp(-x^2) * Q(x)     for 2 <= x < 6, Q = erfcx interpolated on [2, 6]
Both are interpolated at Chebyshev points from 40-digit mpmath values; the script prints the
coefficients and the largest absolute error against mpmath on a dense grid.

Run: python3 packages/backend-js/scripts/fit-erf.py   (needs numpy and mpmath)
"""
import mpmath as mp
import numpy as np
from numpy.polynomial import chebyshev as C

mp.mp.dps = 40
DEGREE = 12


def p_of_s(s):
    t = 2 * (s + 1)  # s in [-1, 1] -> t in [0, 4]
    if t == 0:
        return float(2 / mp.sqrt(mp.pi))
    x = mp.sqrt(t)
    return float(mp.erf(x) / x)


def q_of_s(s):
    x = mp.mpf(4 + 2 * s)  # s in [-1, 1] -> x in [2, 6]
    return float(mp.erfc(x) * mp.exp(x * x))


p = C.chebinterpolate(np.vectorize(p_of_s), DEGREE)
q = C.chebinterpolate(np.vectorize(q_of_s), DEGREE)

xs = np.linspace(0, 6, 6001)
approx = np.where(xs < 2, xs * C.chebval(xs * xs / 2 - 1, p), 1 - np.exp(-xs * xs) * C.chebval((xs - 4) / 2, q))
ref = np.array([float(mp.erf(x)) for x in xs])
print('// max abs error on [0, 6]:', np.max(np.abs(approx - ref)))
for name, c in (('ERF_SMALL', p), ('ERFCX_LARGE', q)):
    print(f'const {name} = [')
    for v in c:
        print(f'  {float(v)!r},')
    print('];')
