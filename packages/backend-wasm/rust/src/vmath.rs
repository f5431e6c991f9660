//! SIMD f32 elementary functions for the hot paths (softmax, sigmoid, tanh, exp).

use crate::simd::*;

/// e^x for four lanes, within about 2 ulp; subnormal results are kept, overflow gives inf.
#[inline(always)]
pub fn exp_v(x: v128) -> v128 {
    // pmax/pmin keep a NaN in their first operand.
    let x = f32x4_pmin(f32x4_pmax(x, splat(-104.0)), splat(89.0));
    let k = f32x4_nearest(f32x4_mul(x, splat(core::f32::consts::LOG2_E)));
    // ln 2 = 0.693359375 - 2.12194440e-4; k * 0.693359375 is exact for |k| <= 256.
    let r = f32x4_sub(f32x4_sub(x, f32x4_mul(k, splat(0.693_359_375))), f32x4_mul(k, splat(-2.121_944_4e-4)));
    // Taylor series to r^7; |r| <= 0.35 leaves a truncation error of 5e-9.
    let mut p = splat(1.0 / 5040.0);
    p = f32x4_add(f32x4_mul(p, r), splat(1.0 / 720.0));
    p = f32x4_add(f32x4_mul(p, r), splat(1.0 / 120.0));
    p = f32x4_add(f32x4_mul(p, r), splat(1.0 / 24.0));
    p = f32x4_add(f32x4_mul(p, r), splat(1.0 / 6.0));
    p = f32x4_add(f32x4_mul(p, r), splat(0.5));
    p = f32x4_add(f32x4_mul(p, r), splat(1.0));
    p = f32x4_add(f32x4_mul(p, r), splat(1.0));
    // Scale by 2^k in two steps so that k in [-150, 129] never leaves the normal exponent range.
    let ki = i32x4_trunc_sat_f32x4(k);
    let k1 = i32x4_shr(ki, 1);
    let k2 = i32x4_sub(ki, k1);
    let s1 = i32x4_shl(i32x4_add(k1, i32x4_splat(127)), 23);
    let s2 = i32x4_shl(i32x4_add(k2, i32x4_splat(127)), 23);
    f32x4_mul(f32x4_mul(p, s1), s2)
}

/// 1 / (1 + e^-x) without overflow: e^-|x| is always <= 1.
#[inline(always)]
pub fn sigmoid_v(x: v128) -> v128 {
    let e = exp_v(f32x4_neg(f32x4_abs(x)));
    let r = f32x4_div(splat(1.0), f32x4_add(splat(1.0), e));
    v128_bitselect(r, f32x4_mul(e, r), f32x4_ge(x, zero()))
}

/// tanh: an odd Taylor polynomial near 0 (where 1 - e^{-2|x|} would cancel), else
/// (1 - e^{-2|x|}) / (1 + e^{-2|x|}) with the sign of x.
#[inline(always)]
pub fn tanh_v(x: v128) -> v128 {
    let a = f32x4_abs(x);
    let x2 = f32x4_mul(x, x);
    let mut p = splat(6_404_582.0 / 10_854_718_875.0);
    p = f32x4_add(f32x4_mul(p, x2), splat(-929_569.0 / 638_512_875.0));
    p = f32x4_add(f32x4_mul(p, x2), splat(21_844.0 / 6_081_075.0));
    p = f32x4_add(f32x4_mul(p, x2), splat(-1_382.0 / 155_925.0));
    p = f32x4_add(f32x4_mul(p, x2), splat(62.0 / 2_835.0));
    p = f32x4_add(f32x4_mul(p, x2), splat(-17.0 / 315.0));
    p = f32x4_add(f32x4_mul(p, x2), splat(2.0 / 15.0));
    p = f32x4_add(f32x4_mul(p, x2), splat(-1.0 / 3.0));
    let small = f32x4_add(x, f32x4_mul(f32x4_mul(p, x2), x));
    let t = exp_v(f32x4_mul(a, splat(-2.0)));
    let big = f32x4_div(f32x4_sub(splat(1.0), t), f32x4_add(splat(1.0), t));
    let sign = v128_and(x, i32x4_splat(i32::MIN));
    let big = v128_or(big, sign);
    v128_bitselect(small, big, f32x4_lt(a, splat(0.55)))
}
