//! Reductions over x seen as `[outer, reduce, inner]`.
//!
//! The reduced axis is cut into blocks of `RB` (fixed by the TS side, never by the thread count):
//! one call writes `[outer, ceil(reduce / RB), inner]` partial results and the TS side reduces
//! the partials again until one block remains. Long sums therefore split into tasks, with a
//! summation order that does not depend on the number of threads.

use crate::math::{fmax, fmin};
use crate::par::{chunks, Params};
use crate::simd::*;
use crate::unary::CHUNK;

trait Red {
    type T: Copy;
    fn s(a: Self::T, b: Self::T) -> Self::T;
    fn v(a: v128, b: v128) -> v128;
}
macro_rules! red {
    ($name:ident, $t:ty, |$a:ident, $b:ident| $s:expr, $v:expr) => {
        struct $name;
        impl Red for $name {
            type T = $t;
            #[inline(always)]
            fn s($a: $t, $b: $t) -> $t {
                $s
            }
            #[inline(always)]
            fn v(a: v128, b: v128) -> v128 {
                $v(a, b)
            }
        }
    };
}
red!(SumF, f32, |a, b| a + b, f32x4_add);
red!(ProdF, f32, |a, b| a * b, f32x4_mul);
red!(MaxF, f32, |a, b| fmax(a, b), f32x4_max);
red!(MinF, f32, |a, b| fmin(a, b), f32x4_min);
red!(SumI, i32, |a, b| a.wrapping_add(b), i32x4_add);
red!(ProdI, i32, |a, b| a.wrapping_mul(b), i32x4_mul);
red!(MaxI, i32, |a, b| a.max(b), i32x4_max);
red!(MinI, i32, |a, b| a.min(b), i32x4_min);

#[inline(always)]
unsafe fn load<T>(p: *const T) -> v128 {
    v128_load(p as *const v128)
}

/// Reduces `n >= 1` contiguous values: 16 lanes in four registers, combined in a fixed order.
#[inline(always)]
unsafe fn contiguous<R: Red>(x: *const R::T, n: usize) -> R::T {
    let mut i;
    let mut acc = *x;
    if n >= 16 {
        let (mut a0, mut a1, mut a2, mut a3) = (load(x), load(x.add(4)), load(x.add(8)), load(x.add(12)));
        i = 16;
        while i + 16 <= n {
            a0 = R::v(a0, load(x.add(i)));
            a1 = R::v(a1, load(x.add(i + 4)));
            a2 = R::v(a2, load(x.add(i + 8)));
            a3 = R::v(a3, load(x.add(i + 12)));
            i += 16;
        }
        let v = R::v(R::v(a0, a1), R::v(a2, a3));
        let h = R::v(v, i32x4_shuffle::<2, 3, 0, 1>(v, v));
        let mut lanes = [acc; 4];
        v128_store(lanes.as_mut_ptr() as *mut v128, h);
        acc = R::s(lanes[0], lanes[1]);
    } else {
        i = 1;
    }
    while i < n {
        acc = R::s(acc, *x.add(i));
        i += 1;
    }
    acc
}

const COLS: usize = 1024;

unsafe fn run<R: Red>(p: &Params) {
    let (x, out) = (p.ptr::<R::T>(2), p.ptr::<R::T>(3));
    let (outer, red, inner, rb) = (p.u(4), p.u(5), p.u(6), p.u(7));
    let nq = chunks(red, rb);
    if inner == 1 {
        let segs = outer * nq;
        let per = (CHUNK / rb.min(red)).max(1);
        p.tasks(chunks(segs, per), |t| {
            for s in t * per..((t + 1) * per).min(segs) {
                let (o, q) = (s / nq, s % nq);
                let r0 = q * rb;
                let len = rb.min(red - r0);
                *out.add(s) = contiguous::<R>(x.add(o * red + r0), len);
            }
        });
        return;
    }
    // Rows of the block are folded into the output row one after another (vectorised across inner).
    let bands = chunks(inner, COLS);
    p.tasks(outer * nq * bands, |t| {
        let (s, b) = (t / bands, t % bands);
        let (o, q) = (s / nq, s % nq);
        let c0 = b * COLS;
        let w = COLS.min(inner - c0);
        let r0 = q * rb;
        let len = rb.min(red - r0);
        let dst = out.add(s * inner + c0);
        core::ptr::copy_nonoverlapping(x.add((o * red + r0) * inner + c0), dst, w);
        for r in 1..len {
            let src = x.add((o * red + r0 + r) * inner + c0);
            let mut i = 0;
            while i + 4 <= w {
                v128_store(dst.add(i) as *mut v128, R::v(load(dst.add(i)), load(src.add(i))));
                i += 4;
            }
            while i < w {
                *dst.add(i) = R::s(*dst.add(i), *src.add(i));
                i += 1;
            }
        }
    });
}

/// params: op (0 sum, 1 prod, 2 max, 3 min), dtype (0 f32, 1 i32), x, out, outer, reduce,
/// inner, block. Output `[outer, ceil(reduce / block), inner]`.
#[no_mangle]
pub unsafe extern "C" fn reduce(p: u32, _tid: u32) {
    let p = Params::new(p);
    match (p.u(1), p.u(0)) {
        (0, 0) => run::<SumF>(&p),
        (0, 1) => run::<ProdF>(&p),
        (0, 2) => run::<MaxF>(&p),
        (0, 3) => run::<MinF>(&p),
        (_, 0) => run::<SumI>(&p),
        (_, 1) => run::<ProdI>(&p),
        (_, 2) => run::<MaxI>(&p),
        _ => run::<MinI>(&p),
    }
}

/// Whether `v` replaces the current extremum `b`: strictly better, or the first NaN (NaN counts
/// as the extremum, as in torch). Ties keep the first index.
#[inline(always)]
fn better_f(v: f32, b: f32, max: bool) -> bool {
    (v != v && b == b) || (if max { v > b } else { v < b })
}

/// params: op (0 argmax, 1 argmin), dtype (0 f32, 1 i32), x, out (int32), outer, reduce, inner.
#[no_mangle]
pub unsafe extern "C" fn arg_reduce(p: u32, _tid: u32) {
    let p = Params::new(p);
    let (max, dt) = (p.u(0) == 0, p.u(1));
    let out = p.ptr::<i32>(3);
    let (outer, red, inner) = (p.u(4), p.u(5), p.u(6));
    let rows = outer * inner;
    let per = (CHUNK / red.max(1)).max(1);
    p.tasks(chunks(rows, per), |t| {
        for s in t * per..((t + 1) * per).min(rows) {
            let (o, i) = (s / inner, s % inner);
            let mut bi = 0usize;
            if dt == 0 {
                let x = p.ptr::<f32>(2).add(o * red * inner + i);
                let mut b = *x;
                for r in 1..red {
                    let v = *x.add(r * inner);
                    if better_f(v, b, max) {
                        b = v;
                        bi = r;
                    }
                }
            } else {
                let x = p.ptr::<i32>(2).add(o * red * inner + i);
                let mut b = *x;
                for r in 1..red {
                    let v = *x.add(r * inner);
                    if (max && v > b) || (!max && v < b) {
                        b = v;
                        bi = r;
                    }
                }
            }
            *out.add(s) = bi as i32;
        }
    });
}
