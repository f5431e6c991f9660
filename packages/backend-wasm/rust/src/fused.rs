//! Row softmax / log-softmax and inference batch norm.

use crate::math::log64;
use crate::vmath::exp_v;
use crate::par::{chunks, Params};
use crate::simd::*;
use crate::unary::CHUNK;

pub(crate) unsafe fn row_max(x: *const f32, n: usize) -> f32 {
    let mut i = 0;
    let mut m = f32::NEG_INFINITY;
    if n >= 4 {
        let mut v = ld(x);
        i = 4;
        while i + 4 <= n {
            v = f32x4_max(v, ld(x.add(i)));
            i += 4;
        }
        m = hmax(v);
    }
    while i < n {
        m = crate::math::fmax(m, *x.add(i));
        i += 1;
    }
    m
}

/// Sum of exp(x - m) over a row of n, storing each exp at `out` unless it is null. The sum's
/// order (four lane sums, then the tail) is what softmax and the cross-entropy rely on.
#[inline(always)]
pub(crate) unsafe fn exp_sum(x: *const f32, n: usize, m: f32, out: *mut f32) -> f32 {
    let mv = splat(m);
    let mut acc = zero();
    let mut i = 0;
    while i + 4 <= n {
        let e = exp_v(f32x4_sub(ld(x.add(i)), mv));
        if !out.is_null() {
            st(out.add(i), e);
        }
        acc = f32x4_add(acc, e);
        i += 4;
    }
    let mut sum = hsum(acc);
    while i < n {
        let e = f32x4_extract_lane::<0>(exp_v(splat(*x.add(i) - m)));
        if !out.is_null() {
            *out.add(i) = e;
        }
        sum += e;
        i += 1;
    }
    sum
}

/// params: x, out, rows, n, log (0 softmax, 1 log-softmax). Subtracts the row max first, so
/// large logits never overflow.
#[no_mangle]
pub unsafe extern "C" fn softmax(p: u32, _tid: u32) {
    let p = Params::new(p);
    let (x, out, rows, n, log) = (p.ptr::<f32>(0), p.ptr::<f32>(1), p.u(2), p.u(3), p.u(4) == 1);
    let per = (CHUNK / n.max(1)).max(1);
    p.tasks(chunks(rows, per), |t| {
        for r in t * per..((t + 1) * per).min(rows) {
            let (xr, o) = (x.add(r * n), out.add(r * n));
            let m = row_max(xr, n);
            let mv = splat(m);
            let sum = exp_sum(xr, n, m, if log { core::ptr::null_mut() } else { o });
            if log {
                let ls = log64(sum as f64) as f32;
                let lv = splat(ls);
                let mut i = 0;
                while i + 4 <= n {
                    st(o.add(i), f32x4_sub(f32x4_sub(ld(xr.add(i)), mv), lv));
                    i += 4;
                }
                while i < n {
                    *o.add(i) = (*xr.add(i) - m) - ls;
                    i += 1;
                }
            } else {
                let sv = splat(sum);
                let mut i = 0;
                while i + 4 <= n {
                    st(o.add(i), f32x4_div(ld(o.add(i)), sv));
                    i += 4;
                }
                while i < n {
                    *o.add(i) /= sum;
                    i += 1;
                }
            }
        }
    });
}

/// params: x, mean, variance, scale (0 = none), offset (0 = none), out, size, channels, epsilon.
/// `(x - mean) * (1 / sqrt(variance + epsilon)) * scale + offset` per channel (last axis); the
/// per-channel factors go to this thread's scratch once per task.
#[no_mangle]
pub unsafe extern "C" fn batch_norm(p: u32, tid: u32) {
    let p = Params::new(p);
    let (x, mean, var) = (p.ptr::<f32>(0), p.ptr::<f32>(1), p.ptr::<f32>(2));
    let (scale, offset, out) = (p.ptr::<f32>(3), p.ptr::<f32>(4), p.ptr::<f32>(5));
    let (size, c, eps) = (p.u(6), p.u(7), p.f(8));
    let rows = size / c;
    let per = (CHUNK / c).max(1);
    let s = p.scratch(tid) as *mut f32;
    let (inv, sc, off) = (s, s.add(c), s.add(2 * c));
    p.tasks(chunks(rows, per), |t| {
        for ch in 0..c {
            *inv.add(ch) = 1.0 / crate::math::sqrt32(*var.add(ch) + eps);
            *sc.add(ch) = if scale.is_null() { 1.0 } else { *scale.add(ch) };
            *off.add(ch) = if offset.is_null() { 0.0 } else { *offset.add(ch) };
        }
        for r in t * per..((t + 1) * per).min(rows) {
            let (xr, o) = (x.add(r * c), out.add(r * c));
            let mut ch = 0;
            while ch + 4 <= c {
                let v = f32x4_mul(f32x4_sub(ld(xr.add(ch)), ld(mean.add(ch))), ld(inv.add(ch)));
                st(o.add(ch), f32x4_add(f32x4_mul(v, ld(sc.add(ch))), ld(off.add(ch))));
                ch += 4;
            }
            while ch < c {
                *o.add(ch) = (*xr.add(ch) - *mean.add(ch)) * *inv.add(ch) * *sc.add(ch) + *off.add(ch);
                ch += 1;
            }
        }
    });
}
