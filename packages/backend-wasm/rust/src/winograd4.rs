//! 3x3 stride-1 convolution by Winograd's F(4x4, 3x3) (Lavin & Gray, 2016; interpolation points
//! 0, ±1, ±2 and infinity): a 4x4 output tile takes 36 products per (input, output) channel pair,
//! 2.25 per output pixel against F(2x2, 3x3)'s 4, so the GEMMs that dominate winograd.rs shrink
//! by 1.78x. The price is larger transform constants and so a larger float32 error; where it runs
//! instead of F(2x2, 3x3) is decided in src/kernels/winograd.ts.
//!
//! The dispatch is winograd.rs's with 36 transform points instead of 16: the filter transform
//! into packed B panels (`[xi][panel][C][8]`), then tasks of TB tiles that transform their 6x6
//! input patches into packed A panels, run the 36 GEMMs through the micro-kernel and transform
//! the products back, with bias and activation. Tasks depend on the shapes only (determinism).

use crate::gemm::{MR, NR};
use crate::geom::geom;
use crate::micro::{activate, micro, store};
use crate::pack::zeros;
use crate::par::{chunks, Params};
use crate::simd::*;
use crate::winograd::{filter_tap, forward_phases};

const GEOM: usize = 24;
/// Transform points of a 6x6 patch.
pub const P: usize = 36;
/// Output tiles per task (a multiple of 4, the micro-kernel's rows).
pub const TB: usize = 8;
/// Floats of padding after each transform point's block of the scratch: unpadded, the blocks of
/// 32 or 64 channels are a multiple of 1 KiB apart and the 36 loads or stores of one tile crowd a
/// few L1 sets.
pub const PAD: usize = 16;

/// params as conv_winograd's: x, w (HWIO 3x3), out, bias (0: none), activation, flip, O,
/// packed U (shared scratch), geometry at GEOM.
#[no_mangle]
pub unsafe extern "C" fn conv_winograd4(p: u32, tid: u32) {
    forward_phases(&Params::new(p), tid, 4, TB, filter_transform, tile_block);
}

/// One axis of `G g`: three taps to six points.
#[inline(always)]
fn filter_1d(a: f32, b: f32, d: f32) -> [f32; 6] {
    [a * 0.25, -(a + b + d) / 6.0, -(a - b + d) / 6.0, (a + 2.0 * b + 4.0 * d) / 24.0, (a - 2.0 * b + 4.0 * d) / 24.0, d]
}

/// `U = G g G^T` for input channels [c0, c1) and every output channel, into the packed panels.
unsafe fn filter_transform(p: &Params, c: usize, o: usize, c0: usize, c1: usize) {
    let (w, u, flip) = (p.ptr::<f32>(1) as *const f32, p.ptr::<f32>(7), p.u(5) == 1);
    let panels = chunks(o, NR);
    for ci in c0..c1 {
        for oi in 0..panels * NR {
            let mut t = [0f32; P];
            if oi < o {
                let tap = |ky: usize, kx: usize| filter_tap(w, flip, c, o, ci, oi, ky, kx);
                let mut gg = [[0f32; 3]; 6];
                for kx in 0..3 {
                    let col = filter_1d(tap(0, kx), tap(1, kx), tap(2, kx));
                    for i in 0..6 {
                        gg[i][kx] = col[i];
                    }
                }
                for (i, r) in gg.iter().enumerate() {
                    t[6 * i..6 * i + 6].copy_from_slice(&filter_1d(r[0], r[1], r[2]));
                }
            }
            for (xi, v) in t.iter().enumerate() {
                *u.add(((xi * panels + oi / NR) * c + ci) * NR + oi % NR) = *v;
            }
        }
    }
}

/// One axis of `B^T d`: six patch values to six points.
#[inline(always)]
fn input_1d(d: [v128; 6]) -> [v128; 6] {
    let (two, four, five) = (splat(2.0), splat(4.0), splat(5.0));
    let a = f32x4_sub(d[4], f32x4_mul(four, d[2]));
    let b = f32x4_sub(d[3], f32x4_mul(four, d[1]));
    let e = f32x4_sub(d[4], d[2]);
    let f = f32x4_mul(two, f32x4_sub(d[3], d[1]));
    [
        f32x4_add(f32x4_sub(f32x4_mul(four, d[0]), f32x4_mul(five, d[2])), d[4]),
        f32x4_add(a, b),
        f32x4_sub(a, b),
        f32x4_add(e, f),
        f32x4_sub(e, f),
        f32x4_add(f32x4_sub(f32x4_mul(four, d[1]), f32x4_mul(five, d[3])), d[5]),
    ]
}

/// One axis of `A^T m`: six points to four outputs.
#[inline(always)]
fn output_1d(m: [v128; 6]) -> [v128; 4] {
    let (s1, d1) = (f32x4_add(m[1], m[2]), f32x4_sub(m[1], m[2]));
    let (s2, d2) = (f32x4_add(m[3], m[4]), f32x4_sub(m[3], m[4]));
    [
        f32x4_add(f32x4_add(m[0], s1), s2),
        f32x4_add(d1, f32x4_mul(splat(2.0), d2)),
        f32x4_add(s1, f32x4_mul(splat(4.0), s2)),
        f32x4_add(f32x4_add(d1, f32x4_mul(splat(8.0), d2)), m[5]),
    ]
}

/// `B^T d B` of one 6x6 patch (row-major, 4-channel vectors), in place.
#[inline(always)]
pub fn input_transform(d: &mut [v128; P]) {
    for q in 0..6 {
        let col = input_1d([d[q], d[6 + q], d[12 + q], d[18 + q], d[24 + q], d[30 + q]]);
        for (i, v) in col.iter().enumerate() {
            d[6 * i + q] = *v;
        }
    }
    for i in 0..6 {
        let r = &mut d[6 * i..6 * i + 6];
        let row = input_1d([r[0], r[1], r[2], r[3], r[4], r[5]]);
        r.copy_from_slice(&row);
    }
}

/// Tiles [t0, t0 + TB): input transform, the 36 products, output transform.
unsafe fn tile_block(p: &Params, tid: u32, c: usize, o: usize, tiles: usize, t0: usize) {
    let g = geom(p, GEOM);
    let (x, out, bias, act) = (p.ptr::<f32>(0) as *const f32, p.ptr::<f32>(2), p.ptr::<f32>(3) as *const f32, p.u(4) as u32);
    let u = p.ptr::<f32>(7) as *const f32;
    let panels = chunks(o, NR);
    let o8 = panels * NR;
    const QUADS: usize = TB / MR;
    let (vs, ms) = (TB * c + PAD, TB * o8 + PAD);
    let v = p.scratch(tid) as *mut f32; // [xi][quad][C][4], xi blocks `vs` apart
    let m = v.add(P * vs); // [xi][tile][o8], xi blocks `ms` apart
    let junk = m.add(P * ms);
    let (th, tw) = (chunks(g.oh, 4), chunks(g.ow, 4));
    let origin = |t: usize| (t / (th * tw), (t / tw % th) * 4, (t % tw) * 4);

    // Input transform, four tiles at a time so that a 4x4 transpose turns their channel vectors
    // into the micro-kernel's [C][4] rows.
    for quad in 0..QUADS {
        // Where each tile's 36 patch pixels start (the zero row outside the image or past the
        // last tile), so the channel loop loads without bounds checks.
        let mut src = [[zeros(); P]; MR];
        for (l, s) in src.iter_mut().enumerate() {
            let t = t0 + quad * MR + l;
            if t >= tiles {
                continue;
            }
            let (n, oy, ox) = origin(t);
            g.patch(n, oy, ox, 6, |k, px| s[k] = x.add(px * c));
        }
        let mut ch = 0;
        while ch < c {
            let mut vt = [[zero(); P]; MR];
            for (l, d) in vt.iter_mut().enumerate() {
                for i in 0..P {
                    d[i] = ld(src[l][i].add(ch));
                }
                input_transform(d);
            }
            for xi in 0..P {
                let (a, b, cc, e) = transpose4(vt[0][xi], vt[1][xi], vt[2][xi], vt[3][xi]);
                let dst = v.add(xi * vs + (quad * c + ch) * MR);
                st(dst, a);
                st(dst.add(4), b);
                st(dst.add(8), cc);
                st(dst.add(12), e);
            }
            ch += 4;
        }
    }
    // M[xi] = V[xi] U[xi]: TB x o8 for each transform point.
    for xi in 0..P {
        for panel in 0..panels {
            let bp = u.add((xi * panels + panel) * c * NR);
            for quad in 0..QUADS {
                let acc = micro(c, v.add(xi * vs + quad * c * MR), bp);
                store(m.add(xi * ms + quad * MR * o8 + panel * NR), o8, &acc, MR, NR, true, true, core::ptr::null(), 0);
            }
        }
    }
    // Y = A^T M A, plus bias and activation, for the tiles' pixels inside the output; pixels past
    // the output's edge go to a junk row, so the channel loop stores without bounds checks.
    for l in 0..TB.min(tiles - t0) {
        let (n, oy, ox) = origin(t0 + l);
        let mut dst = [junk; 16];
        g.tile(n, oy, ox, 4, |k, px| dst[k] = out.add(px * o));
        let mut oc = 0;
        while oc < o {
            let mv = |xi: usize| ld(m.add(xi * ms + l * o8 + oc));
            let mut r = [[zero(); 6]; 4];
            for j in 0..6 {
                let y = output_1d([mv(j), mv(6 + j), mv(12 + j), mv(18 + j), mv(24 + j), mv(30 + j)]);
                for i in 0..4 {
                    r[i][j] = y[i];
                }
            }
            let bv = if bias.is_null() { zero() } else { ld(bias.add(oc)) };
            for (i, ri) in r.iter().enumerate() {
                let y = output_1d(*ri);
                for (j, val) in y.iter().enumerate() {
                    st(dst[4 * i + j].add(oc), activate(f32x4_add(*val, bv), act));
                }
            }
            oc += 4;
        }
    }
}
