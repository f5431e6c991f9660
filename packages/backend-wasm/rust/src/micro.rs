//! The 4x8 register-blocked micro-kernel of the GEMM and its tile store (with the epilogue).

use crate::gemm::{MR, NR};
use crate::simd::*;
use crate::vmath::{sigmoid_v, tanh_v};

#[inline(always)]
pub fn activate(v: v128, act: u32) -> v128 {
    match act {
        1 => f32x4_max(v, zero()),
        2 => f32x4_min(f32x4_max(v, zero()), splat(6.0)),
        3 => sigmoid_v(v),
        4 => tanh_v(v),
        _ => v,
    }
}

/// The 4x8 micro-kernel over `kc` steps of packed A (`[k][4]`) and packed B (`[k][8]`).
#[inline(always)]
pub unsafe fn micro(kc: usize, mut a: *const f32, mut b: *const f32) -> [v128; 8] {
    let (mut c0, mut c1, mut c2, mut c3) = (zero(), zero(), zero(), zero());
    let (mut c4, mut c5, mut c6, mut c7) = (zero(), zero(), zero(), zero());
    for _ in 0..kc {
        let b0 = ld(b);
        let b1 = ld(b.add(4));
        let a0 = splat_ld(a);
        c0 = f32x4_add(c0, f32x4_mul(a0, b0));
        c1 = f32x4_add(c1, f32x4_mul(a0, b1));
        let a1 = splat_ld(a.add(1));
        c2 = f32x4_add(c2, f32x4_mul(a1, b0));
        c3 = f32x4_add(c3, f32x4_mul(a1, b1));
        let a2 = splat_ld(a.add(2));
        c4 = f32x4_add(c4, f32x4_mul(a2, b0));
        c5 = f32x4_add(c5, f32x4_mul(a2, b1));
        let a3 = splat_ld(a.add(3));
        c6 = f32x4_add(c6, f32x4_mul(a3, b0));
        c7 = f32x4_add(c7, f32x4_mul(a3, b1));
        a = a.add(4);
        b = b.add(8);
    }
    [c0, c1, c2, c3, c4, c5, c6, c7]
}

/// The micro-kernel down one packed B panel: `rows` rows of packed A (4-row panels `[kc][4]`,
/// one after the other) times the `[kc][8]` panel `b`, each 4x8 tile stored at `c` (row stride
/// `ldc`, `cols` valid columns) through `store`. Kept out of line on purpose: as a small function
/// of its own, V8 keeps the 8 accumulators in registers and unrolls the K loop, which it does not
/// do once the loop is inlined into the large task functions (about 5% of GEMM time).
#[inline(never)]
pub unsafe fn panel(kc: usize, a: *const f32, rows: usize, b: *const f32, c: *mut f32, ldc: usize, cols: usize, first: bool, last: bool, bias: *const f32, act: u32) {
    let mut ip = 0;
    while ip < rows {
        let acc = micro(kc, a.add(ip * kc), b);
        store(c.add(ip * ldc), ldc, &acc, MR.min(rows - ip), cols, first, last, bias, act);
        ip += MR;
    }
}

/// Writes a tile: adds the previous K blocks' partial sums unless `first`, and on the `last`
/// block adds the bias and applies the activation. Edge tiles go through a small buffer.
#[inline(always)]
pub unsafe fn store(c: *mut f32, ldc: usize, acc: &[v128; 8], rows: usize, cols: usize, first: bool, last: bool, bias: *const f32, act: u32) {
    let (b0, b1) = if last && !bias.is_null() {
        if cols == NR {
            (ld(bias), ld(bias.add(4)))
        } else {
            let mut t = [0f32; NR];
            core::ptr::copy_nonoverlapping(bias, t.as_mut_ptr(), cols);
            (ld(t.as_ptr()), ld(t.as_ptr().add(4)))
        }
    } else {
        (zero(), zero())
    };
    if rows == MR && cols == NR {
        // Full tile: a loop of constant length, unrolled, so the accumulators stay in registers
        // instead of going through a stack array indexed by a variable row.
        for r in 0..MR {
            let row = c.add(r * ldc);
            let (mut v0, mut v1) = (acc[2 * r], acc[2 * r + 1]);
            if !first {
                v0 = f32x4_add(ld(row), v0);
                v1 = f32x4_add(ld(row.add(4)), v1);
            }
            if last {
                v0 = activate(f32x4_add(v0, b0), act);
                v1 = activate(f32x4_add(v1, b1), act);
            }
            st(row, v0);
            st(row.add(4), v1);
        }
        return;
    }
    for r in 0..rows {
        let row = c.add(r * ldc);
        let mut v0 = acc[2 * r];
        let mut v1 = acc[2 * r + 1];
        let full = cols == NR;
        let mut t = [0f32; NR];
        if !first {
            if full {
                v0 = f32x4_add(ld(row), v0);
                v1 = f32x4_add(ld(row.add(4)), v1);
            } else {
                core::ptr::copy_nonoverlapping(row, t.as_mut_ptr(), cols);
                v0 = f32x4_add(ld(t.as_ptr()), v0);
                v1 = f32x4_add(ld(t.as_ptr().add(4)), v1);
            }
        }
        if last {
            v0 = activate(f32x4_add(v0, b0), act);
            v1 = activate(f32x4_add(v1, b1), act);
        }
        if full {
            st(row, v0);
            st(row.add(4), v1);
        } else {
            st(t.as_mut_ptr(), v0);
            st(t.as_mut_ptr().add(4), v1);
            core::ptr::copy_nonoverlapping(t.as_ptr(), row, cols);
        }
    }
}

/// The 4x8 micro-kernel reading A through pointers instead of a packed panel: for each of `taps`
/// segments, 4 row pointers (4 output pixels' input channels at that filter tap, or zeros) each
/// give `c` contiguous values; B is the packed `[taps*c][8]` panel. Convolutions use it to read
/// the image in place.
#[inline(always)]
pub unsafe fn micro_indirect(rows: &[[*const f32; 4]], c: usize, mut b: *const f32) -> [v128; 8] {
    let (mut c0, mut c1, mut c2, mut c3) = (zero(), zero(), zero(), zero());
    let (mut c4, mut c5, mut c6, mut c7) = (zero(), zero(), zero(), zero());
    for r in rows {
        let (p0, p1, p2, p3) = (r[0], r[1], r[2], r[3]);
        for ch in 0..c {
            let b0 = ld(b);
            let b1 = ld(b.add(4));
            let a0 = splat_ld(p0.add(ch));
            c0 = f32x4_add(c0, f32x4_mul(a0, b0));
            c1 = f32x4_add(c1, f32x4_mul(a0, b1));
            let a1 = splat_ld(p1.add(ch));
            c2 = f32x4_add(c2, f32x4_mul(a1, b0));
            c3 = f32x4_add(c3, f32x4_mul(a1, b1));
            let a2 = splat_ld(p2.add(ch));
            c4 = f32x4_add(c4, f32x4_mul(a2, b0));
            c5 = f32x4_add(c5, f32x4_mul(a2, b1));
            let a3 = splat_ld(p3.add(ch));
            c6 = f32x4_add(c6, f32x4_mul(a3, b0));
            c7 = f32x4_add(c7, f32x4_mul(a3, b1));
            b = b.add(8);
        }
    }
    [c0, c1, c2, c3, c4, c5, c6, c7]
}
