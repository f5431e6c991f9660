//! Elementwise functions of one operand (`Backend.unary`) and dtype casts.
//! Op codes follow `UNARY_CODES` in src/kernels/codes.ts.

use crate::math::*;
use crate::vmath::*;
use crate::par::{chunks, Params};
use crate::simd::*;

pub const CHUNK: usize = 16384;

/// Applies a four-lane function to `n` floats; the tail goes through the same function one lane at a time.
#[inline(always)]
unsafe fn map_v(x: *const f32, o: *mut f32, n: usize, f: impl Fn(v128) -> v128) {
    let mut i = 0;
    while i + 8 <= n {
        let a = f(ld(x.add(i)));
        let b = f(ld(x.add(i + 4)));
        st(o.add(i), a);
        st(o.add(i + 4), b);
        i += 8;
    }
    while i < n {
        *o.add(i) = f32x4_extract_lane::<0>(f(splat(*x.add(i))));
        i += 1;
    }
}

#[inline(always)]
unsafe fn map_s(x: *const f32, o: *mut f32, n: usize, f: impl Fn(f32) -> f32) {
    for i in 0..n {
        *o.add(i) = f(*x.add(i));
    }
}

#[inline(always)]
fn sign_v(x: v128) -> v128 {
    let pos = f32x4_gt(x, zero());
    let neg = f32x4_lt(x, zero());
    v128_bitselect(splat(1.0), v128_bitselect(splat(-1.0), x, neg), pos)
}

/// One f32 op over a contiguous run.
pub unsafe fn unary_f32(op: u32, x: *const f32, o: *mut f32, n: usize) {
    match op {
        0 => map_v(x, o, n, |v| f32x4_neg(v)),
        1 => map_v(x, o, n, |v| f32x4_abs(v)),
        2 => map_v(x, o, n, sign_v),
        3 => map_v(x, o, n, |v| f32x4_mul(v, v)),
        4 => map_v(x, o, n, |v| f32x4_div(splat(1.0), v)),
        5 => map_v(x, o, n, exp_v),
        6 => map_s(x, o, n, |v| expm1_64(v as f64) as f32),
        7 => map_s(x, o, n, |v| log64(v as f64) as f32),
        8 => map_s(x, o, n, |v| log1p64(v as f64) as f32),
        9 => map_v(x, o, n, |v| f32x4_sqrt(v)),
        10 => map_v(x, o, n, |v| f32x4_div(splat(1.0), f32x4_sqrt(v))),
        11 => map_s(x, o, n, |v| sincos64(v as f64, 0) as f32),
        12 => map_s(x, o, n, |v| sincos64(v as f64, 1) as f32),
        13 => map_v(x, o, n, tanh_v),
        14 => map_v(x, o, n, sigmoid_v),
        15 => map_s(x, o, n, |v| erf64(v as f64) as f32),
        16 => map_v(x, o, n, |v| f32x4_floor(v)),
        17 => map_v(x, o, n, |v| f32x4_ceil(v)),
        18 => map_v(x, o, n, |v| f32x4_nearest(v)), // round half to even, as wasm's f32.nearest
        19 => map_v(x, o, n, |v| f32x4_max(v, zero())),
        _ => {}
    }
}

unsafe fn unary_i32(op: u32, x: *const i32, o: *mut i32, n: usize) {
    let xf = x as *const f32;
    let of = o as *mut f32;
    match op {
        0 => map_v(xf, of, n, |v| i32x4_neg(v)),
        1 => map_v(xf, of, n, |v| i32x4_abs(v)),
        2 => map_v(xf, of, n, |v| i32x4_sub(i32x4_gt(zero(), v), i32x4_gt(v, zero()))),
        3 => map_v(xf, of, n, |v| i32x4_mul(v, v)),
        16 | 17 | 18 => core::ptr::copy(x, o, n),
        19 => map_v(xf, of, n, |v| i32x4_max(v, zero())),
        _ => {
            // Other functions of an int run in f32 and truncate back, as a cast would.
            for i in 0..n {
                let mut v = *x.add(i) as f32;
                unary_f32(op, &v, &mut v, 1);
                *o.add(i) = v as i32;
            }
        }
    }
}

unsafe fn unary_u8(op: u32, x: *const u8, o: *mut u8, n: usize) {
    for i in 0..n {
        let mut v = *x.add(i) as f32;
        unary_f32(op, &v, &mut v, 1);
        *o.add(i) = (v != 0.0) as u8;
    }
}

/// params: op, dtype (0 f32, 1 i32, 2 bool), x, out, n. Op 20 is logicalNot (bool output).
#[no_mangle]
pub unsafe extern "C" fn unary(p: u32, _tid: u32) {
    let p = Params::new(p);
    let (op, dt, n) = (p.u(0) as u32, p.u(1), p.u(4));
    p.tasks(chunks(n, CHUNK), |t| {
        let s = t * CHUNK;
        let len = CHUNK.min(n - s);
        if op == 20 {
            let o = p.ptr::<u8>(3).add(s);
            match dt {
                2 => {
                    let x = p.ptr::<u8>(2).add(s);
                    for i in 0..len {
                        *o.add(i) = (*x.add(i) == 0) as u8;
                    }
                }
                1 => {
                    let x = p.ptr::<i32>(2).add(s);
                    for i in 0..len {
                        *o.add(i) = (*x.add(i) == 0) as u8;
                    }
                }
                _ => {
                    let x = p.ptr::<f32>(2).add(s);
                    for i in 0..len {
                        *o.add(i) = (*x.add(i) == 0.0) as u8;
                    }
                }
            }
            return;
        }
        match dt {
            0 => unary_f32(op, p.ptr::<f32>(2).add(s), p.ptr::<f32>(3).add(s), len),
            1 => unary_i32(op, p.ptr::<i32>(2).add(s), p.ptr::<i32>(3).add(s), len),
            _ => unary_u8(op, p.ptr::<u8>(2).add(s), p.ptr::<u8>(3).add(s), len),
        }
    });
}

/// params: from dtype, to dtype, x, out, n. f32 -> i32 truncates toward zero, saturates, NaN -> 0.
#[no_mangle]
pub unsafe extern "C" fn cast(p: u32, _tid: u32) {
    let p = Params::new(p);
    let (from, to, n) = (p.u(0), p.u(1), p.u(4));
    p.tasks(chunks(n, CHUNK), |t| {
        let s = t * CHUNK;
        let len = CHUNK.min(n - s);
        match (from, to) {
            (0, 1) => map_v(p.ptr::<f32>(2).add(s), p.ptr::<f32>(3).add(s), len, |v| i32x4_trunc_sat_f32x4(v)),
            (1, 0) => map_v(p.ptr::<f32>(2).add(s), p.ptr::<f32>(3).add(s), len, |v| f32x4_convert_i32x4(v)),
            (0, 2) => {
                let (x, o) = (p.ptr::<f32>(2).add(s), p.ptr::<u8>(3).add(s));
                for i in 0..len {
                    *o.add(i) = (*x.add(i) != 0.0) as u8;
                }
            }
            (1, 2) => {
                let (x, o) = (p.ptr::<i32>(2).add(s), p.ptr::<u8>(3).add(s));
                for i in 0..len {
                    *o.add(i) = (*x.add(i) != 0) as u8;
                }
            }
            (2, 0) => {
                let (x, o) = (p.ptr::<u8>(2).add(s), p.ptr::<f32>(3).add(s));
                for i in 0..len {
                    *o.add(i) = *x.add(i) as f32;
                }
            }
            (2, 1) => {
                let (x, o) = (p.ptr::<u8>(2).add(s), p.ptr::<i32>(3).add(s));
                for i in 0..len {
                    *o.add(i) = *x.add(i) as i32;
                }
            }
            (2, 2) => core::ptr::copy(p.ptr::<u8>(2).add(s), p.ptr::<u8>(3).add(s), len),
            _ => core::ptr::copy(p.ptr::<u32>(2).add(s), p.ptr::<u32>(3).add(s), len),
        }
    });
}

/// params: element bytes (1 or 4), bits of the value, out, n.
#[no_mangle]
pub unsafe extern "C" fn fill(p: u32, _tid: u32) {
    let p = Params::new(p);
    let (bytes, bits, n) = (p.u(0), p.u(1) as u32, p.u(3));
    p.tasks(chunks(n, CHUNK), |t| {
        let s = t * CHUNK;
        let len = CHUNK.min(n - s);
        if bytes == 1 {
            core::ptr::write_bytes(p.ptr::<u8>(2).add(s), bits as u8, len);
        } else {
            let o = p.ptr::<u32>(2).add(s);
            let v = u32x4_splat(bits);
            let mut i = 0;
            while i + 4 <= len {
                v128_store(o.add(i) as *mut v128, v);
                i += 4;
            }
            while i < len {
                *o.add(i) = bits;
                i += 1;
            }
        }
    });
}
