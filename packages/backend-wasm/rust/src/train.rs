//! Fused elementwise kernels of a training step: the backward of the fused activations and the
//! Adam update. Each one replaces a chain of elementwise passes with one, and performs the same
//! float32 operations in the same order as the core's reference decomposition, so results are
//! bit for bit those of the chain (the Adam update's moments with subnormal values flushed to
//! zero: see `flush`).

use crate::par::{chunks, Params};
use crate::simd::*;
use crate::unary::CHUNK;

/// Runs `f` over `n` elements in fixed chunks (the task split depends on `n` only): `f(start, len)`.
#[inline(always)]
unsafe fn over(p: &Params, n: usize, mut f: impl FnMut(usize, usize)) {
    p.tasks(chunks(n, CHUNK), |t| {
        let s = t * CHUNK;
        f(s, CHUNK.min(n - s));
    });
}

/// Lane-wise `v` over `len` floats, the tail one lane at a time through the same function.
#[inline(always)]
unsafe fn zip2(a: *const f32, b: *const f32, o: *mut f32, len: usize, f: impl Fn(v128, v128) -> v128) {
    let mut i = 0;
    while i + 4 <= len {
        st(o.add(i), f(ld(a.add(i)), ld(b.add(i))));
        i += 4;
    }
    while i < len {
        *o.add(i) = f32x4_extract_lane::<0>(f(splat(*a.add(i)), splat(*b.add(i))));
        i += 1;
    }
}

/// 1.0 where the mask lane is set, else 0.0 (a bool cast to float32).
#[inline(always)]
fn ones(mask: v128) -> v128 {
    v128_and(mask, splat(1.0))
}

/// params: dy, y, out, n, activation (1 relu, 2 relu6, 3 sigmoid, 4 tanh).
#[no_mangle]
pub unsafe extern "C" fn activation_grad(p: u32, _tid: u32) {
    let p = Params::new(p);
    let (dy, y, out, n, act) = (p.ptr::<f32>(0), p.ptr::<f32>(1), p.ptr::<f32>(2), p.u(3), p.u(4));
    over(&p, n, |s, len| {
        let (d, yy, o) = (dy.add(s), y.add(s), out.add(s));
        match act {
            1 => zip2(d, yy, o, len, |g, v| f32x4_mul(g, ones(f32x4_gt(v, zero())))),
            2 => zip2(d, yy, o, len, |g, v| f32x4_mul(g, ones(v128_and(f32x4_gt(v, zero()), f32x4_lt(v, splat(6.0)))))),
            3 => zip2(d, yy, o, len, |g, v| f32x4_mul(g, f32x4_mul(v, f32x4_sub(splat(1.0), v)))),
            _ => zip2(d, yy, o, len, |g, v| f32x4_mul(g, f32x4_sub(splat(1.0), f32x4_mul(v, v)))),
        }
    });
}

/// Subnormal lanes to zero. A weight whose gradient stays zero (an input pixel that is always
/// blank) has its first moment shrink by beta1 every step into the subnormal range, where every
/// float operation on it takes a slow microcode path: by the third epoch of the MLP benchmark
/// the Adam update ran six times slower. Flushed, the moment reaches zero at once.
#[inline(always)]
fn flush(x: v128) -> v128 {
    // `andnot` of "below the smallest normal", so NaN and infinities pass through unchanged.
    v128_andnot(x, f32x4_lt(f32x4_abs(x), splat(f32::MIN_POSITIVE)))
}

/// params: param, grad, m, v, vmax (0: none), out param, out m, out v, out vmax, n, then f32
/// beta1, 1 - beta1, beta2, 1 - beta2, epsilon, step size, correction2.
#[no_mangle]
pub unsafe extern "C" fn adam_step(p: u32, _tid: u32) {
    let p = Params::new(p);
    let (pa, g, m, v, vmax) = (p.ptr::<f32>(0), p.ptr::<f32>(1), p.ptr::<f32>(2), p.ptr::<f32>(3), p.ptr::<f32>(4));
    let (po, mo, vo, vmo, n) = (p.ptr::<f32>(5), p.ptr::<f32>(6), p.ptr::<f32>(7), p.ptr::<f32>(8), p.u(9));
    let (b1, ob1, b2, ob2) = (splat(p.f(10)), splat(p.f(11)), splat(p.f(12)), splat(p.f(13)));
    let (eps, step, c2) = (splat(p.f(14)), splat(p.f(15)), splat(p.f(16)));
    let ams = !vmax.is_null();
    let lanes = |i: usize, k: usize| {
        // One group of up to 4 elements; short groups go through a zero-padded buffer.
        let load = |q: *const f32| {
            if k == 4 {
                ld(q.add(i))
            } else {
                let mut t = [0f32; 4];
                core::ptr::copy_nonoverlapping(q.add(i), t.as_mut_ptr(), k);
                ld(t.as_ptr())
            }
        };
        let store = |q: *mut f32, x: v128| {
            if k == 4 {
                st(q.add(i), x)
            } else {
                let mut t = [0f32; 4];
                st(t.as_mut_ptr(), x);
                core::ptr::copy_nonoverlapping(t.as_ptr(), q.add(i), k);
            }
        };
        let gv = load(g);
        let m1 = flush(f32x4_add(f32x4_mul(load(m), b1), f32x4_mul(gv, ob1)));
        let v1 = flush(f32x4_add(f32x4_mul(load(v), b2), f32x4_mul(f32x4_mul(gv, gv), ob2)));
        let second = if ams { f32x4_max(load(vmax), v1) } else { v1 };
        let denom = f32x4_add(f32x4_div(f32x4_sqrt(second), c2), eps);
        store(po, f32x4_sub(load(pa), f32x4_mul(f32x4_div(m1, denom), step)));
        store(mo, m1);
        store(vo, v1);
        if ams {
            store(vmo, second);
        }
    };
    over(&p, n, |s, len| {
        let mut i = s;
        while i < s + len {
            let k = (s + len - i).min(4);
            lanes(i, k);
            i += k;
        }
    });
}
