//! The part of the convolutions that is not a GEMM: scattering an im2col-shaped gradient back
//! onto the image (strided input gradient). Forward, filter gradient and the stride-1 input
//! gradient are GEMMs with implicit im2col operands (see pack.rs).

use crate::geom::{geom, Geom};
use crate::par::Params;
use crate::simd::*;

const GEOM: usize = 24;

/// Taps (k, o) of one axis that reach input coordinate `y`: o * stride + k * dilation - pad == y.
#[inline(always)]
pub fn tap_out(y: usize, k: usize, stride: usize, dil: usize, pad: isize, out: usize) -> Option<usize> {
    let v = y as isize + pad - (k * dil) as isize;
    if v < 0 || v % stride as isize != 0 {
        return None;
    }
    let o = (v / stride as isize) as usize;
    if o < out {
        Some(o)
    } else {
        None
    }
}

/// The gather form of a backward pass over input row `y` of image `n`: zeroes each pixel of the
/// row in `dx` (`ic` channels) and calls `f(pixel, ky, kx, oy, ox)` for every filter tap and
/// output pixel whose window reads it. Tasks owning whole input rows never write the same cell.
#[inline(always)]
pub unsafe fn gather_row(g: &Geom, dx: *mut f32, n: usize, y: usize, mut f: impl FnMut(*mut f32, usize, usize, usize, usize)) {
    for x in 0..g.iw {
        let d = dx.add(((n * g.ih + y) * g.iw + x) * g.ic);
        core::ptr::write_bytes(d, 0, g.ic);
        for ky in 0..g.kh {
            let oy = match tap_out(y, ky, g.sh, g.dh, g.pt, g.oh) {
                Some(o) => o,
                None => continue,
            };
            for kx in 0..g.kw {
                if let Some(ox) = tap_out(x, kx, g.sw, g.dw, g.pl, g.ow) {
                    f(d, ky, kx, oy, ox);
                }
            }
        }
    }
}

/// params: col `[N*OH*OW, KH*KW*C]`, dx `[N, H, W, C]`, geometry at slot 24 (batch, H, W, C,
/// OH, OW, KH, KW, SH, SW, DH, DW, PT, PL). dx = sum over taps, in tap order; tasks are image rows.
#[no_mangle]
pub unsafe extern "C" fn col2im(p: u32, _tid: u32) {
    let p = Params::new(p);
    let g = geom(&p, GEOM);
    let batch = p.u(GEOM);
    let (col, dx) = (p.ptr::<f32>(0), p.ptr::<f32>(1));
    let kcol = g.kh * g.kw * g.ic;
    p.tasks(batch * g.ih, |t| {
        gather_row(&g, dx, t / g.ih, t % g.ih, |d, ky, kx, oy, ox| {
            let s = col.add(((t / g.ih * g.oh + oy) * g.ow + ox) * kcol + (ky * g.kw + kx) * g.ic);
            let mut c = 0;
            while c + 4 <= g.ic {
                st(d.add(c), f32x4_add(ld(d.add(c)), ld(s.add(c))));
                c += 4;
            }
            while c < g.ic {
                *d.add(c) += *s.add(c);
                c += 1;
            }
        });
    });
}

