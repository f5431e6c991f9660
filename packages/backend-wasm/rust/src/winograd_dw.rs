//! Filter gradient of a 3x3 stride-1 convolution by Winograd's F(3x3, 2x2): the 3x3 gradient
//! is a correlation of the input with dy, so each 2x2 tile of dy and the 4x4 input patch under
//! it contribute `A^T [(G g G^T) . (B^T d B)] A` (16 products per channel pair instead of 36).
//! Summed over tiles first, that is 16 GEMMs `M[xi] = sum over tiles X[xi] D[xi]` of C x O
//! outputs with K = the tiles, and one output transform at the end.
//!
//! One dispatch, two phases:
//! 1. tasks of tile chunks: transform the chunk's input patches (packed A panels, `[k][4]` per
//!    channel quad) and dy tiles (packed B panels, `[k][8]`) SUB tiles at a time, and add their
//!    products into the chunk's partial `M` (`[chunk][xi][C][O8]`);
//! 2. tasks of 4 input channels: sum the partials in chunk order, then `dW = A^T M A`.
//! Chunks depend on the shapes only, so the sums do not depend on the thread count.

use crate::gemm::{MR, NR};
use crate::geom::geom;
use crate::micro::{micro, store};
use crate::par::{chunks, Params};
use crate::winograd::input_transform;
use crate::simd::*;

const GEOM: usize = 24;
const DONE: usize = 42;
/// Tiles transformed at a time (the K of one micro-kernel pass).
pub const SUB: usize = 64;
/// Padding (floats) after each transform point's block in the scratch (see `sub_block`).
pub const PAD: usize = 16;

/// params: x, dy, dW, O, partials (shared scratch), chunk length in tiles (a multiple of SUB),
/// geometry at GEOM (of the forward convolution: input x, output dy).
#[no_mangle]
pub unsafe extern "C" fn conv_winograd_dw(p: u32, tid: u32) {
    filter_grad_phases(&Params::new(p), tid, 2, SUB, sub_block, finish);
}

/// The dispatch of the Winograd filter gradients (this one and winograd4_dw.rs): tasks of tile
/// chunks (`side` x `side` dy tiles, `sub` at a time), then tasks of 4 input channels.
#[inline(always)]
pub unsafe fn filter_grad_phases(
    p: &Params,
    tid: u32,
    side: usize,
    sub: usize,
    block: unsafe fn(&Params, u32, usize, usize, usize, usize, usize, bool),
    finish: unsafe fn(&Params, usize, usize, usize, usize),
) {
    let g = geom(p, GEOM);
    let (c, o, chunk) = (g.ic, p.u(3), p.u(5));
    let tiles = p.u(GEOM) * chunks(g.oh, side) * chunks(g.ow, side);
    let nchunks = chunks(tiles, chunk);
    let counts = [nchunks, chunks(c, 4)];
    p.phases(&counts, DONE, |phase, t| {
        if phase == 0 {
            let t0 = t * chunk;
            let mut s = t0;
            while s < (t0 + chunk).min(tiles) {
                block(p, tid, c, o, tiles, t, s, s == t0);
                s += sub;
            }
        } else {
            finish(p, c, o, nchunks, t * 4);
        }
    });
}

/// `G g G^T` of a 2x2 tile of channel vectors (row-major g0 g1 / g2 g3) into 16 points.
#[inline(always)]
fn tile_transform(t: [v128; 4]) -> [v128; 16] {
    let half = splat(0.5);
    let expand = |a: v128, b: v128| [a, f32x4_mul(f32x4_add(a, b), half), f32x4_mul(f32x4_sub(a, b), half), b];
    let (c0, c1) = (expand(t[0], t[2]), expand(t[1], t[3]));
    let mut out = [zero(); 16];
    for i in 0..4 {
        let r = expand(c0[i], c1[i]);
        out[4 * i..4 * i + 4].copy_from_slice(&r);
    }
    out
}

/// Tiles [s, s + SUB) of chunk `ck`: transforms into this thread's scratch, then the products
/// added into the chunk's partial (`first`: the chunk's first block writes instead of adding).
unsafe fn sub_block(p: &Params, tid: u32, c: usize, o: usize, tiles: usize, ck: usize, s: usize, first: bool) {
    let g = geom(p, GEOM);
    let (x, dy) = (p.ptr::<f32>(0) as *const f32, p.ptr::<f32>(1) as *const f32);
    let o8 = chunks(o, NR) * NR;
    let (cq, op) = (c / 4, o8 / NR);
    // Each transform point's block is padded by one cache line: unpadded, the blocks are a
    // multiple of 4 KiB apart, so the 16 stores of one transformed patch all fall in the same L1
    // set (more lines than its ways) and the transforms ran several times slower.
    let (xs, ds) = (c * SUB + PAD, o8 * SUB + PAD);
    let xp = p.scratch(tid) as *mut f32; // [xi][cq][SUB][4], xi blocks `xs` apart
    let dp = xp.add(16 * xs); // [xi][op][SUB][8], xi blocks `ds` apart
    let part = (p.ptr::<f32>(4)).add(ck * 16 * c * o8); // [xi][C][O8]
    let (th, tw) = (chunks(g.oh, 2), chunks(g.ow, 2));
    let n = SUB.min(tiles - s);
    // A row of zeros stands in for pixels outside the image and tiles past the last one, so the
    // channel loops below load without bounds checks.
    let zrow = dp.add(16 * ds);
    for i in 0..c.max(o8) {
        *zrow.add(i) = 0.0;
    }
    for l in 0..SUB {
        let t = s + l;
        let (img, ty, tx) = (t / (th * tw), (t / tw) % th * 2, (t % tw) * 2);
        let mut src = [zrow as *const f32; 16];
        let mut gsrc = [zrow as *const f32; 4];
        if l < n {
            g.patch(img, ty, tx, 4, |k, px| src[k] = x.add(px * c));
            g.tile(img, ty, tx, 2, |k, px| gsrc[k] = dy.add(px * o));
        }
        let mut ch = 0;
        while ch < c {
            let mut d = [zero(); 16];
            for i in 0..16 {
                d[i] = ld(src[i].add(ch));
            }
            input_transform::<true>(&mut d);
            for (xi, v) in d.iter().enumerate() {
                st(xp.add(xi * xs + ((ch / 4) * SUB + l) * 4), *v);
            }
            ch += 4;
        }
        let mut oc = 0;
        while oc < o8 {
            // Columns past O (up to the panel width) are zeros.
            let gt = if oc < o { [ld(gsrc[0].add(oc)), ld(gsrc[1].add(oc)), ld(gsrc[2].add(oc)), ld(gsrc[3].add(oc))] } else { [zero(); 4] };
            let e = tile_transform(gt);
            for (xi, v) in e.iter().enumerate() {
                st(dp.add(xi * ds + ((oc / NR) * SUB + l) * NR + oc % NR), *v);
            }
            oc += 4;
        }
    }
    for xi in 0..16 {
        for j in 0..op {
            let bp = dp.add(xi * ds + j * SUB * NR);
            for i in 0..cq {
                let acc = micro(SUB, xp.add(xi * xs + i * SUB * MR), bp);
                store(part.add((xi * c + i * MR) * o8 + j * NR), o8, &acc, MR, NR, first, true, core::ptr::null(), 0);
            }
        }
    }
}

/// Input channels [c0, c0 + 4): partials summed in chunk order, then `dW = A^T M A` (3x3).
unsafe fn finish(p: &Params, c: usize, o: usize, nchunks: usize, c0: usize) {
    let dw = p.ptr::<f32>(2);
    let parts = p.ptr::<f32>(4) as *const f32;
    let o8 = chunks(o, NR) * NR;
    for ci in c0..(c0 + 4).min(c) {
        let mut oc = 0;
        while oc < o {
            let mut m = [zero(); 16];
            for ck in 0..nchunks {
                for (xi, v) in m.iter_mut().enumerate() {
                    *v = f32x4_add(*v, ld(parts.add(((ck * 16 + xi) * c + ci) * o8 + oc)));
                }
            }
            // A^T = [[1, 1, 1, 0], [0, 1, -1, 0], [0, 1, 1, 1]], over rows then columns.
            let rows = |a: v128, b: v128, cc: v128, e: v128| [f32x4_add(f32x4_add(a, b), cc), f32x4_sub(b, cc), f32x4_add(f32x4_add(b, cc), e)];
            let mut r = [[zero(); 4]; 3];
            for j in 0..4 {
                let y = rows(m[j], m[4 + j], m[8 + j], m[12 + j]);
                for i in 0..3 {
                    r[i][j] = y[i];
                }
            }
            for (ky, ri) in r.iter().enumerate() {
                let y = rows(ri[0], ri[1], ri[2], ri[3]);
                for (kx, v) in y.iter().enumerate() {
                    st(dw.add(((ky * 3 + kx) * c + ci) * o + oc), *v);
                }
            }
            oc += 4;
        }
    }
}
