//! Scalar elementary functions. `core` has no libm, so they are written here, in f64 and then
//! rounded to f32, so they are accurate to the last f32 bit or so. SIMD versions: vmath.rs.

use crate::simd::*;

const LN2_HI: f64 = 6.931_471_803_691_238_2e-1; // 0x3fe62e42fee00000: k * LN2_HI is exact
const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;
const LOG2E: f64 = 1.442_695_040_888_963_4;
const SQRT2: f64 = 1.414_213_562_373_095_1;
const FRAC_2_PI: f64 = 0.636_619_772_367_581_4;
// pi/2 split into pieces of 33 significant bits, so k * piece is exact for |k| < 2^20.
const PIO2_1: f64 = 1.570_796_326_734_125_6;
const PIO2_2: f64 = 6.077_100_506_506_192e-11;
const PIO2_3: f64 = 2.022_266_248_795_950_6e-21;
const FRAC_2_SQRT_PI: f64 = 1.128_379_167_095_512_6;

#[inline(always)]
pub fn floor64(x: f64) -> f64 {
    f64x2_extract_lane::<0>(f64x2_floor(f64x2_splat(x)))
}
#[inline(always)]
pub fn nearest64(x: f64) -> f64 {
    f64x2_extract_lane::<0>(f64x2_nearest(f64x2_splat(x)))
}
#[inline(always)]
pub fn abs64(x: f64) -> f64 {
    f64::from_bits(x.to_bits() & !(1u64 << 63))
}
#[inline(always)]
pub fn copysign64(mag: f64, sign: f64) -> f64 {
    f64::from_bits((mag.to_bits() & !(1u64 << 63)) | (sign.to_bits() & (1u64 << 63)))
}
#[inline(always)]
pub fn sqrt32(x: f32) -> f32 {
    f32x4_extract_lane::<0>(f32x4_sqrt(f32x4_splat(x)))
}
/// NaN-propagating maximum / minimum (wasm `f32.max` / `f32.min` semantics, like torch).
#[inline(always)]
pub fn fmax(a: f32, b: f32) -> f32 {
    f32x4_extract_lane::<0>(f32x4_max(f32x4_splat(a), f32x4_splat(b)))
}
#[inline(always)]
pub fn fmin(a: f32, b: f32) -> f32 {
    f32x4_extract_lane::<0>(f32x4_min(f32x4_splat(a), f32x4_splat(b)))
}

/// x * 2^k for any k, without overflowing the exponent of an intermediate.
fn ldexp64(x: f64, k: i32) -> f64 {
    let pow2 = |e: i32| f64::from_bits(((e + 1023) as u64) << 52);
    if k > 1023 {
        x * pow2(1023) * pow2(k - 1023)
    } else if k < -1022 {
        x * pow2(-1022) * pow2((k + 1022).max(-1022))
    } else {
        x * pow2(k)
    }
}

pub fn exp64(x: f64) -> f64 {
    if x != x {
        return x;
    }
    if x > 709.8 {
        return f64::INFINITY;
    }
    if x < -745.2 {
        return 0.0;
    }
    let k = nearest64(x * LOG2E);
    let r = (x - k * LN2_HI) - k * LN2_LO;
    // Taylor series to r^13 in nested form: |r| <= 0.347 leaves a truncation error below 1e-17.
    let mut p = 1.0;
    let mut n = 13.0;
    while n >= 1.0 {
        p = 1.0 + p * r / n;
        n -= 1.0;
    }
    ldexp64(p, k as i32)
}

pub fn expm1_64(x: f64) -> f64 {
    if abs64(x) < 0.35 {
        // Taylor series without the leading 1, so small x keeps its relative precision.
        let mut p = 0.0;
        let mut n = 15.0;
        while n >= 1.0 {
            p = (p + 1.0) * x / n;
            n -= 1.0;
        }
        p
    } else {
        exp64(x) - 1.0
    }
}

pub fn log64(x: f64) -> f64 {
    if x != x || x < 0.0 {
        return f64::NAN;
    }
    if x == 0.0 {
        return f64::NEG_INFINITY;
    }
    if x == f64::INFINITY {
        return x;
    }
    let mut bits = x.to_bits();
    let mut e = ((bits >> 52) & 0x7ff) as i64 - 1023;
    if e == -1023 {
        // Subnormal: normalise first.
        bits = (x * 18_014_398_509_481_984.0).to_bits(); // 2^54
        e = ((bits >> 52) & 0x7ff) as i64 - 1023 - 54;
    }
    let mut m = f64::from_bits((bits & ((1u64 << 52) - 1)) | (1023u64 << 52));
    if m > SQRT2 {
        m *= 0.5;
        e += 1;
    }
    // log(m) = 2 atanh(s), s = (m-1)/(m+1), |s| <= 0.1716: the odd series converges fast.
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    let mut p = 0.0;
    let mut k = 21.0;
    while k >= 3.0 {
        p = (p + 1.0 / k) * s2;
        k -= 2.0;
    }
    let ef = e as f64;
    ef * LN2_HI + (2.0 * s * (1.0 + p) + ef * LN2_LO)
}

pub fn log1p64(x: f64) -> f64 {
    let u = 1.0 + x;
    if u == 1.0 {
        x
    } else if u == f64::INFINITY {
        u
    } else {
        // Corrects the rounding of 1 + x (Goldberg's trick).
        log64(u) * (x / (u - 1.0))
    }
}

fn sin_poly(r: f64) -> f64 {
    let r2 = r * r;
    let mut p = 0.0;
    let mut n = 17.0;
    while n >= 3.0 {
        p = (1.0 - p) * r2 / (n * (n - 1.0));
        n -= 2.0;
    }
    r * (1.0 - p)
}

fn cos_poly(r: f64) -> f64 {
    let r2 = r * r;
    let mut p = 0.0;
    let mut n = 18.0;
    while n >= 2.0 {
        p = (1.0 - p) * r2 / (n * (n - 1.0));
        n -= 2.0;
    }
    1.0 - p
}

/// sin (quarter = 0) or cos (quarter = 1) after reducing by multiples of pi/2. The reduction is
/// exact for |x| < 2^20 * pi/2; beyond that the result stays in [-1, 1] but loses precision.
pub fn sincos64(x: f64, quarter: i64) -> f64 {
    if x != x || abs64(x) == f64::INFINITY {
        return f64::NAN;
    }
    let k = nearest64(x * FRAC_2_PI);
    let r = ((x - k * PIO2_1) - k * PIO2_2) - k * PIO2_3;
    let q = ((k - 4.0 * floor64(k * 0.25)) as i64 + quarter) & 3;
    match q {
        0 => sin_poly(r),
        1 => cos_poly(r),
        2 => -sin_poly(r),
        _ => -cos_poly(r),
    }
}

/// erf(x) = 2/sqrt(pi) e^{-x^2} sum_n (2x^2)^n x / (1*3*...*(2n+1)). Every term is positive, so
/// the sum has no cancellation; for |x| >= 4, erf rounds to +-1 in f32.
pub fn erf64(x: f64) -> f64 {
    if x != x {
        return x;
    }
    let a = abs64(x);
    if a >= 4.0 {
        return copysign64(1.0, x);
    }
    let x2 = a * a;
    let mut term = a;
    let mut sum = a;
    let mut n = 1.0;
    while term > sum * 1e-17 {
        term *= 2.0 * x2 / (2.0 * n + 1.0);
        sum += term;
        n += 1.0;
    }
    let r = FRAC_2_SQRT_PI * exp64(-x2) * sum;
    copysign64(if r > 1.0 { 1.0 } else { r }, x)
}

fn is_int64(y: f64) -> bool {
    floor64(y) == y
}
fn is_odd_int64(y: f64) -> bool {
    is_int64(y) && abs64(y) < 9.007_199_254_740_992e15 && floor64(y * 0.5) != y * 0.5
}

/// pow with C99 special cases (as torch): pow(x, 0) = 1 and pow(1, y) = 1 even for NaN.
pub fn pow32(x: f32, y: f32) -> f32 {
    if y == 2.0 {
        return x * x;
    }
    if y == 1.0 {
        return x;
    }
    if y == -1.0 {
        return 1.0 / x;
    }
    let (xd, yd) = (x as f64, y as f64);
    if yd == 0.0 || xd == 1.0 {
        return 1.0;
    }
    if xd != xd || yd != yd {
        return f32::NAN;
    }
    let ay = abs64(yd);
    let ax = abs64(xd);
    if ay == f64::INFINITY {
        return if ax == 1.0 {
            1.0
        } else if (ax < 1.0) == (yd > 0.0) {
            0.0
        } else {
            f32::INFINITY
        };
    }
    let odd = is_odd_int64(yd);
    if xd == 0.0 || ax == f64::INFINITY {
        // |x|^y is 0 or inf; the sign survives only for odd integer y.
        let zero_or_inf = if (xd == 0.0) == (yd > 0.0) { 0.0 } else { f64::INFINITY };
        return (if odd { copysign64(zero_or_inf, xd) } else { zero_or_inf }) as f32;
    }
    if xd < 0.0 && !is_int64(yd) {
        return f32::NAN;
    }
    let mag = exp64(yd * log64(ax));
    (if xd < 0.0 && odd { -mag } else { mag }) as f32
}

/// Integer power with wrapping multiplication; negative exponents truncate toward zero.
pub fn pow_i32(x: i32, y: i32) -> i32 {
    if y < 0 {
        return match x {
            1 => 1,
            -1 => {
                if y & 1 == 0 {
                    1
                } else {
                    -1
                }
            }
            _ => 0,
        };
    }
    let (mut base, mut e, mut acc) = (x, y as u32, 1i32);
    while e > 0 {
        if e & 1 == 1 {
            acc = acc.wrapping_mul(base);
        }
        base = base.wrapping_mul(base);
        e >>= 1;
    }
    acc
}
