//! Filter gradient of a 3x3 stride-1 convolution with F(4x4, 3x3)'s transforms. The trilinear
//! form of the forward tile, `sum dy . A^T[(G g) . (B^T d)]`, differentiated in g gives each 4x4
//! dy tile's contribution `G^T [(A dy A^T) . (B^T d B)] G` with the 6x6 input patch d under it:
//! 36 products per channel pair for 16 dy pixels, 2.25 per pixel against F(3x3, 2x2)'s 4
//! (winograd_dw.rs). Summed over tiles first, that is 36 GEMMs `M[xi] = sum over tiles
//! X[xi] D[xi]` (K = the tiles) and one output transform at the end.
//!
//! The dispatch is winograd_dw.rs's: tile chunks adding into their own partial `M`
//! (`[chunk][xi][C][O8]`), then tasks of 4 input channels summing the partials in chunk order
//! and transforming. Chunks depend on the shapes only, so the sums do not depend on threads.

use crate::gemm::{MR, NR};
use crate::geom::geom;
use crate::micro::{micro, store};
use crate::par::{chunks, Params};
use crate::simd::*;
use crate::winograd4::{input_transform, P};
use crate::winograd_dw::filter_grad_phases;

const GEOM: usize = 24;
/// Tiles transformed at a time (the K of one micro-kernel pass). Smaller than winograd_dw.rs's:
/// with 36 points, 64 tiles of 32 + 64 channels would transform into more than the 1 MiB L2.
pub const SUB: usize = 32;
/// Padding (floats) after each transform point's block in the scratch: unpadded, the blocks of
/// 32 or 64 channels are a multiple of 4 KiB apart and the 36 stores of one transformed tile
/// share a few L1 sets.
pub const PAD: usize = 16;

/// params: x, dy, dW, O, partials (shared scratch), chunk length in tiles (a multiple of SUB),
/// geometry at GEOM (of the forward convolution: input x, output dy).
#[no_mangle]
pub unsafe extern "C" fn conv_winograd4_dw(p: u32, tid: u32) {
    filter_grad_phases(&Params::new(p), tid, 4, SUB, sub_block, finish);
}

/// One axis of `A dy`: four dy values to six points.
#[inline(always)]
fn dy_1d(a: [v128; 4]) -> [v128; 6] {
    let (p, q) = (f32x4_add(a[0], a[2]), f32x4_add(a[1], a[3]));
    let r = f32x4_add(a[0], f32x4_mul(splat(4.0), a[2]));
    let s = f32x4_add(f32x4_mul(splat(2.0), a[1]), f32x4_mul(splat(8.0), a[3]));
    [a[0], f32x4_add(p, q), f32x4_sub(p, q), f32x4_add(r, s), f32x4_sub(r, s), a[3]]
}

/// `A dy A^T` of a 4x4 dy tile (row-major channel vectors) into 36 points.
#[inline(always)]
fn dy_transform(t: &[v128; 16]) -> [v128; P] {
    let mut cols = [[zero(); 6]; 4];
    for (j, col) in cols.iter_mut().enumerate() {
        *col = dy_1d([t[j], t[4 + j], t[8 + j], t[12 + j]]);
    }
    let mut out = [zero(); P];
    for i in 0..6 {
        out[6 * i..6 * i + 6].copy_from_slice(&dy_1d([cols[0][i], cols[1][i], cols[2][i], cols[3][i]]));
    }
    out
}

/// One axis of `G^T m`: six points to three taps.
#[inline(always)]
fn grad_1d(m: [v128; 6]) -> [v128; 3] {
    let (s12, d12) = (f32x4_add(m[1], m[2]), f32x4_sub(m[2], m[1]));
    let (s34, d34) = (f32x4_add(m[3], m[4]), f32x4_sub(m[3], m[4]));
    let sixth = splat(1.0 / 6.0);
    [
        f32x4_add(f32x4_sub(f32x4_mul(splat(0.25), m[0]), f32x4_mul(sixth, s12)), f32x4_mul(splat(1.0 / 24.0), s34)),
        f32x4_add(f32x4_mul(sixth, d12), f32x4_mul(splat(1.0 / 12.0), d34)),
        f32x4_add(f32x4_mul(sixth, f32x4_sub(s34, s12)), m[5]),
    ]
}

/// Tiles [s, s + SUB) of chunk `ck`: transforms into this thread's scratch, then the products
/// added into the chunk's partial (`first`: the chunk's first block writes instead of adding).
unsafe fn sub_block(p: &Params, tid: u32, c: usize, o: usize, tiles: usize, ck: usize, s: usize, first: bool) {
    let g = geom(p, GEOM);
    let (x, dy) = (p.ptr::<f32>(0) as *const f32, p.ptr::<f32>(1) as *const f32);
    let o8 = chunks(o, NR) * NR;
    let (cq, op) = (c / 4, o8 / NR);
    let (xs, ds) = (c * SUB + PAD, o8 * SUB + PAD);
    let xp = p.scratch(tid) as *mut f32; // [xi][cq][SUB][4], xi blocks `xs` apart
    let dp = xp.add(P * xs); // [xi][op][SUB][8], xi blocks `ds` apart
    let part = (p.ptr::<f32>(4)).add(ck * P * c * o8); // [xi][C][O8]
    let (th, tw) = (chunks(g.oh, 4), chunks(g.ow, 4));
    let n = SUB.min(tiles - s);
    // A row of zeros stands in for pixels outside the image or dy and tiles past the last one,
    // so the channel loops below load without bounds checks.
    let zrow = dp.add(P * ds);
    for i in 0..c.max(o8) {
        *zrow.add(i) = 0.0;
    }
    for l in 0..SUB {
        let t = s + l;
        let (img, ty, tx) = (t / (th * tw), (t / tw) % th * 4, (t % tw) * 4);
        let mut src = [zrow as *const f32; P];
        let mut gsrc = [zrow as *const f32; 16];
        if l < n {
            g.patch(img, ty, tx, 6, |k, px| src[k] = x.add(px * c));
            g.tile(img, ty, tx, 4, |k, px| gsrc[k] = dy.add(px * o));
        }
        let mut ch = 0;
        while ch < c {
            let mut d = [zero(); P];
            for i in 0..P {
                d[i] = ld(src[i].add(ch));
            }
            input_transform(&mut d);
            for (xi, v) in d.iter().enumerate() {
                st(xp.add(xi * xs + ((ch / 4) * SUB + l) * 4), *v);
            }
            ch += 4;
        }
        let mut oc = 0;
        while oc < o8 {
            // Columns past O (up to the panel width) are zeros.
            let mut gt = [zero(); 16];
            if oc < o {
                for (v, gp) in gt.iter_mut().zip(gsrc.iter()) {
                    *v = ld(gp.add(oc));
                }
            }
            let e = dy_transform(&gt);
            for (xi, v) in e.iter().enumerate() {
                st(dp.add(xi * ds + ((oc / NR) * SUB + l) * NR + oc % NR), *v);
            }
            oc += 4;
        }
    }
    for xi in 0..P {
        for j in 0..op {
            let bp = dp.add(xi * ds + j * SUB * NR);
            for i in 0..cq {
                let acc = micro(SUB, xp.add(xi * xs + i * SUB * MR), bp);
                store(part.add((xi * c + i * MR) * o8 + j * NR), o8, &acc, MR, NR, first, true, core::ptr::null(), 0);
            }
        }
    }
}

/// Input channels [c0, c0 + 4): partials summed in chunk order, then `dW = G^T M G` (3x3).
unsafe fn finish(p: &Params, c: usize, o: usize, nchunks: usize, c0: usize) {
    let dw = p.ptr::<f32>(2);
    let parts = p.ptr::<f32>(4) as *const f32;
    let o8 = chunks(o, NR) * NR;
    for ci in c0..(c0 + 4).min(c) {
        let mut oc = 0;
        while oc < o {
            let mut m = [zero(); P];
            for ck in 0..nchunks {
                for (xi, v) in m.iter_mut().enumerate() {
                    *v = f32x4_add(*v, ld(parts.add(((ck * P + xi) * c + ci) * o8 + oc)));
                }
            }
            let mut r = [[zero(); 6]; 3];
            for j in 0..6 {
                let y = grad_1d([m[j], m[6 + j], m[12 + j], m[18 + j], m[24 + j], m[30 + j]]);
                for i in 0..3 {
                    r[i][j] = y[i];
                }
            }
            for (ky, ri) in r.iter().enumerate() {
                let y = grad_1d(*ri);
                for (kx, v) in y.iter().enumerate() {
                    st(dw.add(((ky * 3 + kx) * c + ci) * o + oc), *v);
                }
            }
            oc += 4;
        }
    }
}
