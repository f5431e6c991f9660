//! The part of the convolutions that is not a GEMM: scattering an im2col-shaped gradient back
//! onto the image (strided input gradient). Forward, filter gradient and the stride-1 input
//! gradient are GEMMs with implicit im2col operands (see pack.rs).

use crate::geom::geom;
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
        let (n, y) = (t / g.ih, t % g.ih);
        for x in 0..g.iw {
            let d = dx.add(((n * g.ih + y) * g.iw + x) * g.ic);
            core::ptr::write_bytes(d, 0, g.ic);
            for ky in 0..g.kh {
                let oy = match tap_out(y, ky, g.sh, g.dh, g.pt, g.oh) {
                    Some(o) => o,
                    None => continue,
                };
                for kx in 0..g.kw {
                    let ox = match tap_out(x, kx, g.sw, g.dw, g.pl, g.ow) {
                        Some(o) => o,
                        None => continue,
                    };
                    let s = col.add(((n * g.oh + oy) * g.ow + ox) * kcol + (ky * g.kw + kx) * g.ic);
                    let mut c = 0;
                    while c + 4 <= g.ic {
                        st(d.add(c), f32x4_add(ld(d.add(c)), ld(s.add(c))));
                        c += 4;
                    }
                    while c < g.ic {
                        *d.add(c) += *s.add(c);
                        c += 1;
                    }
                }
            }
        }
    });
}

pub use self::tap_out as tap_reaching;
