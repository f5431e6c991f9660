//! 3x3 stride-1 convolution by Winograd's minimal filtering F(2x2, 3x3) (Lavin & Gray, 2016):
//! each 2x2 output tile takes 16 products per (input, output) channel pair instead of 36, so
//! the multiply-adds of the layer drop 2.25x; the transforms are additions.
//!
//! One dispatch, two phases (barrier between them):
//! 1. the filter transform `U = G g G^T` for every channel pair, written as the GEMM's packed B
//!    panels, one set per transform point xi (`[xi][panel][C][8]`);
//! 2. tasks of TB output tiles: the input transform `V = B^T d B` of their 4x4 input patches
//!    (as packed A panels, `[xi][quad][C][4]`), 16 products `M[xi] = V[xi] U[xi]` through the
//!    GEMM micro-kernel, then the output transform `Y = A^T M A` plus bias and activation.
//! Tiles and summation orders depend on the shapes only, so results do not depend on threads.
//! The TS side uses it for C and O multiples of 4 (one vector of channels at a time).

use crate::gemm::{MR, NR};
use crate::geom::geom;
use crate::micro::{activate, micro, store};
use crate::pack::zeros;
use crate::par::{chunks, Params};
use crate::simd::*;

const GEOM: usize = 24;
const DONE: usize = 42;
/// Output tiles per task (a multiple of 4, the micro-kernel's rows).
pub const TB: usize = 8;

/// params: x, w (HWIO 3x3), out, bias (0: none), activation, flip (1: the input gradient's
/// flipped, in/out-swapped filter), O, packed U (shared scratch), geometry at GEOM.
#[no_mangle]
pub unsafe extern "C" fn conv_winograd(p: u32, tid: u32) {
    forward_phases(&Params::new(p), tid, 2, TB, filter_transform, tile_block);
}

/// The dispatch of the forward Winograd kernels (this one and winograd4.rs): tasks of 4 input
/// channels of the filter transform, then tasks of `tb` tiles of `side` x `side` outputs.
#[inline(always)]
pub unsafe fn forward_phases(
    p: &Params,
    tid: u32,
    side: usize,
    tb: usize,
    filter: unsafe fn(&Params, usize, usize, usize, usize),
    block: unsafe fn(&Params, u32, usize, usize, usize, usize),
) {
    let g = geom(p, GEOM);
    let (c, o) = (g.ic, p.u(6));
    let tiles = p.u(GEOM) * chunks(g.oh, side) * chunks(g.ow, side);
    let counts = [chunks(c, 4), chunks(tiles, tb)];
    p.phases(&counts, DONE, |phase, t| {
        if phase == 0 {
            filter(p, c, o, t * 4, (t * 4 + 4).min(c));
        } else {
            block(p, tid, c, o, tiles, t * tb);
        }
    });
}

/// Tap (ky, kx) of the (ci, oi) 3x3 filter of an HWIO `w` with C inputs and O outputs; flipped
/// (the input gradient's filter): W[2-ky][2-kx][oi][ci] of a W with `c` outputs.
#[inline(always)]
pub unsafe fn filter_tap(w: *const f32, flip: bool, c: usize, o: usize, ci: usize, oi: usize, ky: usize, kx: usize) -> f32 {
    if flip { *w.add(((2 - ky) * 3 + 2 - kx) * o * c + oi * c + ci) } else { *w.add((ky * 3 + kx) * c * o + ci * o + oi) }
}

/// `U = G g G^T` for input channels [c0, c1) and every output channel, into the packed panels.
unsafe fn filter_transform(p: &Params, c: usize, o: usize, c0: usize, c1: usize) {
    let (w, u, flip) = (p.ptr::<f32>(1) as *const f32, p.ptr::<f32>(7), p.u(5) == 1);
    let panels = chunks(o, NR);
    for ci in c0..c1 {
        for oi in 0..panels * NR {
            let mut t = [0f32; 16];
            if oi < o {
                let tap = |ky: usize, kx: usize| filter_tap(w, flip, c, o, ci, oi, ky, kx);
                let mut gg = [[0f32; 3]; 4];
                for kx in 0..3 {
                    let (a, b, d) = (tap(0, kx), tap(1, kx), tap(2, kx));
                    gg[0][kx] = a;
                    gg[1][kx] = (a + b + d) * 0.5;
                    gg[2][kx] = (a - b + d) * 0.5;
                    gg[3][kx] = d;
                }
                for (i, r) in gg.iter().enumerate() {
                    t[4 * i] = r[0];
                    t[4 * i + 1] = (r[0] + r[1] + r[2]) * 0.5;
                    t[4 * i + 2] = (r[0] - r[1] + r[2]) * 0.5;
                    t[4 * i + 3] = r[2];
                }
            }
            for (xi, v) in t.iter().enumerate() {
                *u.add(((xi * panels + oi / NR) * c + ci) * NR + oi % NR) = *v;
            }
        }
    }
}

/// `B^T d B` of one 4x4 patch (rows of 4-channel vectors), in place: d[4i + j] becomes V[xi].
/// F(2x2, 3x3)'s input transform; with `FLIP_LAST` the last row of B^T is negated, which is
/// F(3x3, 2x2)'s patch transform (winograd_dw.rs).
#[inline(always)]
pub fn input_transform<const FLIP_LAST: bool>(d: &mut [v128; 16]) {
    let last = |b: v128, e: v128| if FLIP_LAST { f32x4_sub(e, b) } else { f32x4_sub(b, e) };
    for q in 0..4 {
        let (a, b, c, e) = (d[q], d[4 + q], d[8 + q], d[12 + q]);
        d[q] = f32x4_sub(a, c);
        d[4 + q] = f32x4_add(b, c);
        d[8 + q] = f32x4_sub(c, b);
        d[12 + q] = last(b, e);
    }
    for i in 0..4 {
        let r = &mut d[4 * i..4 * i + 4];
        let (a, b, c, e) = (r[0], r[1], r[2], r[3]);
        r[0] = f32x4_sub(a, c);
        r[1] = f32x4_add(b, c);
        r[2] = f32x4_sub(c, b);
        r[3] = last(b, e);
    }
}

/// Tiles [t0, t0 + TB): input transform, the 16 products, output transform.
unsafe fn tile_block(p: &Params, tid: u32, c: usize, o: usize, tiles: usize, t0: usize) {
    let g = geom(p, GEOM);
    let (x, out, bias, act) = (p.ptr::<f32>(0) as *const f32, p.ptr::<f32>(2), p.ptr::<f32>(3) as *const f32, p.u(4) as u32);
    let u = p.ptr::<f32>(7) as *const f32;
    let panels = chunks(o, NR);
    let o8 = panels * NR;
    const QUADS: usize = TB / MR;
    let v = p.scratch(tid) as *mut f32; // [xi][quad][C][4]
    let m = v.add(16 * TB * c); // [xi][tile][o8]
    let (th, tw) = (chunks(g.oh, 2), chunks(g.ow, 2));
    let origin = |t: usize| (t / (th * tw), (t / tw % th) * 2, (t % tw) * 2);

    // Input transform, four tiles at a time so that a 4x4 transpose turns their channel vectors
    // into the micro-kernel's [C][4] rows.
    for quad in 0..QUADS {
        // Where each of the four tiles' 16 patch pixels starts (the zero row outside the image or
        // past the last tile), so the channel loop below loads without bounds checks.
        let mut src = [[zeros(); 16]; MR];
        for (l, s) in src.iter_mut().enumerate() {
            let t = t0 + quad * MR + l;
            if t >= tiles {
                continue;
            }
            let (n, oy, ox) = origin(t);
            g.patch(n, oy, ox, 4, |k, px| s[k] = x.add(px * c));
        }
        let mut ch = 0;
        while ch < c {
            let mut vt = [[zero(); 16]; MR];
            for l in 0..MR {
                for i in 0..16 {
                    vt[l][i] = ld(src[l][i].add(ch));
                }
                input_transform::<false>(&mut vt[l]);
            }
            for xi in 0..16 {
                let (a, b, cc, e) = transpose4(vt[0][xi], vt[1][xi], vt[2][xi], vt[3][xi]);
                let dst = v.add(((xi * QUADS + quad) * c + ch) * MR);
                st(dst, a);
                st(dst.add(4), b);
                st(dst.add(8), cc);
                st(dst.add(12), e);
            }
            ch += 4;
        }
    }
    // M[xi] = V[xi] U[xi]: TB x o8 for each transform point.
    for xi in 0..16 {
        for panel in 0..panels {
            let bp = u.add((xi * panels + panel) * c * NR);
            for quad in 0..QUADS {
                let acc = micro(c, v.add((xi * QUADS + quad) * c * MR), bp);
                store(m.add((xi * TB + quad * MR) * o8 + panel * NR), o8, &acc, MR, NR, true, true, core::ptr::null(), 0);
            }
        }
    }
    // Y = A^T M A, plus bias and activation, for the tiles' pixels inside the output.
    // Pixels past the output's edge go to a junk row of the scratch, so the channel loop below
    // stores without bounds checks.
    let junk = m.add(16 * TB * o8);
    for l in 0..TB.min(tiles - t0) {
        let (n, oy, ox) = origin(t0 + l);
        let mut dst = [junk; 4];
        g.tile(n, oy, ox, 2, |k, px| dst[k] = out.add(px * o));
        let mut oc = 0;
        while oc < o {
            let mv = |xi: usize| ld(m.add((xi * TB + l) * o8 + oc));
            let mut r0 = [zero(); 4];
            let mut r1 = [zero(); 4];
            for j in 0..4 {
                let (a, b, cc, e) = (mv(j), mv(4 + j), mv(8 + j), mv(12 + j));
                r0[j] = f32x4_add(f32x4_add(a, b), cc);
                r1[j] = f32x4_sub(f32x4_sub(b, cc), e);
            }
            let bv = if bias.is_null() { zero() } else { ld(bias.add(oc)) };
            for (dy, r) in [r0, r1].iter().enumerate() {
                let y = [f32x4_add(f32x4_add(r[0], r[1]), r[2]), f32x4_sub(f32x4_sub(r[1], r[2]), r[3])];
                for (dx, val) in y.iter().enumerate() {
                    st(dst[2 * dy + dx].add(oc), activate(f32x4_add(*val, bv), act));
                }
            }
            oc += 4;
        }
    }
}
