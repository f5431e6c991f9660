//! Packed, register-blocked SIMD GEMM: C = act(A B + bias), batched.
//!
//! Two dispatches: `gemm_pack_b` packs all of B into 8-column panels (shared scratch), then
//! `gemm_compute` runs tasks of MC x NC output tiles; each task packs its A rows block by block
//! along K (KC at a time, in its own scratch) and runs the 4x8 micro-kernel (8 f32x4
//! accumulators: more spill registers in V8). The K block size depends only on K, so every
//! output element is summed in the same order whatever the thread count or tile split.

use crate::math::{sigmoid_v, tanh_v};
use crate::pack;
use crate::par::{chunks, Params};
use crate::simd::*;

pub const MR: usize = 4;
pub const NR: usize = 8;
/// Largest K block the TS side may choose (it picks one from K alone, never from the thread count).
pub const KC_MAX: usize = 512;

/// Convolution geometry of an implicit im2col operand.
pub struct Geom {
    pub ih: usize,
    pub iw: usize,
    pub ic: usize,
    pub oh: usize,
    pub ow: usize,
    pub kh: usize,
    pub kw: usize,
    pub sh: usize,
    pub sw: usize,
    pub dh: usize,
    pub dw: usize,
    pub pt: isize,
    pub pl: isize,
}

/// Argument slots (see src/kernels/gemm.ts, which fills them).
mod at {
    pub const M: usize = 0;
    pub const N: usize = 1;
    pub const K: usize = 2;
    pub const BATCH: usize = 3;
    pub const A_KIND: usize = 4;
    pub const A: usize = 5;
    pub const A_RS: usize = 6;
    pub const A_CS: usize = 7;
    pub const A_BS: usize = 8;
    pub const B_KIND: usize = 9;
    pub const B: usize = 10;
    pub const B_RS: usize = 11;
    pub const B_CS: usize = 12;
    pub const B_BS: usize = 13;
    pub const C: usize = 14;
    pub const LDC: usize = 15;
    pub const C_BS: usize = 16;
    pub const BIAS: usize = 17;
    pub const ACT: usize = 18;
    pub const PACKED: usize = 19;
    pub const KC: usize = 20;
    pub const MC: usize = 21;
    pub const NC: usize = 22;
    pub const B_COUNT: usize = 23;
    pub const GEOM: usize = 24;
}

pub unsafe fn geom(p: &Params, at: usize) -> Geom {
    Geom {
        ih: p.u(at + 1),
        iw: p.u(at + 2),
        ic: p.u(at + 3),
        oh: p.u(at + 4),
        ow: p.u(at + 5),
        kh: p.u(at + 6),
        kw: p.u(at + 7),
        sh: p.u(at + 8),
        sw: p.u(at + 9),
        dh: p.u(at + 10),
        dw: p.u(at + 11),
        pt: p.i(at + 12),
        pl: p.i(at + 13),
    }
}

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
unsafe fn micro(kc: usize, mut a: *const f32, mut b: *const f32) -> [v128; 8] {
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

/// Writes a tile: adds the previous K blocks' partial sums unless `first`, and on the `last`
/// block adds the bias and applies the activation. Edge tiles go through a small buffer.
#[inline(always)]
unsafe fn store(c: *mut f32, ldc: usize, acc: &[v128; 8], rows: usize, cols: usize, first: bool, last: bool, bias: *const f32, act: u32) {
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

/// Phase 1: pack B (all `B_COUNT` matrices) into panels `[panel][K][8]`. Tasks: 4 panels each.
#[no_mangle]
pub unsafe extern "C" fn gemm_pack_b(p: u32, _tid: u32) {
    let p = Params::new(p);
    let (n, k) = (p.u(at::N), p.u(at::K));
    let panels = chunks(n, NR);
    let count = p.u(at::B_COUNT);
    let packed = p.ptr::<f32>(at::PACKED);
    let per_b = panels * k * NR;
    const GROUP: usize = 4;
    let groups = chunks(panels, GROUP);
    let kind = p.u(at::B_KIND);
    let g = geom(&p, at::GEOM);
    p.tasks(count * groups, |t| {
        let (bb, grp) = (t / groups, t % groups);
        let b = p.ptr::<f32>(at::B).add(bb * p.u(at::B_BS));
        for panel in grp * GROUP..((grp + 1) * GROUP).min(panels) {
            let dst = packed.add(bb * per_b + panel * k * NR);
            if kind == 1 {
                pack::b_flipped(b, g.kh * g.kw, n, k / (g.kh * g.kw), panel * NR, dst);
            } else {
                pack::b_dense(b, p.u(at::B_RS), p.u(at::B_CS), k, n, panel * NR, dst);
            }
        }
    });
}

/// Phase 2: tasks of MC x NC output tiles per batch entry.
#[no_mangle]
pub unsafe extern "C" fn gemm_compute(p: u32, tid: u32) {
    let p = Params::new(p);
    let (m, n, k, batch) = (p.u(at::M), p.u(at::N), p.u(at::K), p.u(at::BATCH));
    let (mc_max, nc_max) = (p.u(at::MC), p.u(at::NC));
    let (mb, nb) = (chunks(m, mc_max), chunks(n, nc_max));
    let a_kind = p.u(at::A_KIND);
    let g = geom(&p, at::GEOM);
    let (ldc, act) = (p.u(at::LDC), p.u(at::ACT) as u32);
    let bias = p.ptr::<f32>(at::BIAS) as *const f32;
    let panels = chunks(n, NR);
    let per_b = panels * k * NR;
    let apack = p.scratch(tid) as *mut f32;
    let kc_block = p.u(at::KC).clamp(1, KC_MAX);
    p.tasks(batch * mb * nb, |t| {
        let (bt, rest) = (t / (mb * nb), t % (mb * nb));
        let (ib, jb) = (rest / nb, rest % nb);
        let (i0, j0) = (ib * mc_max, jb * nc_max);
        let mc = mc_max.min(m - i0);
        let mc_pad = chunks(mc, MR) * MR;
        let nc = nc_max.min(n - j0);
        let a = p.ptr::<f32>(at::A).add(bt * p.u(at::A_BS));
        let bsel = if p.u(at::B_COUNT) > 1 { bt } else { 0 };
        let bpacked = p.ptr::<f32>(at::PACKED).add(bsel * per_b);
        let c = p.ptr::<f32>(at::C).add(bt * p.u(at::C_BS));
        if k == 0 {
            let acc = [zero(); 8];
            let mut j = j0;
            while j < j0 + nc {
                let mut i = i0;
                while i < i0 + mc {
                    let bptr = if bias.is_null() { bias } else { bias.add(j) };
                    store(c.add(i * ldc + j), ldc, &acc, MR.min(m - i), NR.min(n - j), true, true, bptr, act);
                    i += MR;
                }
                j += NR;
            }
            return;
        }
        let mut k0 = 0;
        while k0 < k {
            let kc = kc_block.min(k - k0);
            match a_kind {
                1 => pack::a_im2col(&g, a, m, i0, mc_pad, k0, kc, apack),
                2 => pack::a_im2col_t(&g, a, m, i0, mc_pad, k0, kc, apack),
                _ => pack::a_dense(a, p.u(at::A_RS), p.u(at::A_CS), m, i0, mc_pad, k0, kc, apack),
            }
            let (first, last) = (k0 == 0, k0 + kc >= k);
            let mut j = j0;
            while j < j0 + nc {
                let bp = bpacked.add((j / NR) * k * NR + k0 * NR);
                let cols = NR.min(n - j);
                let bptr = if bias.is_null() { bias } else { bias.add(j) };
                let mut ip = 0;
                while ip < mc {
                    let acc = micro(kc, apack.add(ip * kc), bp);
                    let rows = MR.min(mc - ip);
                    store(c.add((i0 + ip) * ldc + j), ldc, &acc, rows, cols, first, last, bptr, act);
                    ip += MR;
                }
                j += NR;
            }
            k0 += kc;
        }
    });
}
