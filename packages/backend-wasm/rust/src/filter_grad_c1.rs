//! Filter gradient of a convolution whose input has one channel (a network's first layer on grey
//! images): dW[tap, o] = sum over output pixels of x[the pixel's tap] * dy[pixel, o]. As a GEMM its
//! M is only the tap count and its B (dy, the largest operand) would be packed just to be read
//! once; here each task reads a fixed chunk of dy's rows in place, one tap at a time with the
//! output channels' sums in registers, and writes its partial dW to its own row of a
//! `[chunks, taps * O]` buffer; `sum_rows` then adds the rows in chunk order, so the result does
//! not depend on the thread count. Only for output channels in groups of 16: with fewer per pass
//! over the pixels (LeNet's 6), the passes cost more than the GEMM's packing.

use crate::geom::{geom, Geom};
use crate::par::{chunks, Params};
use crate::simd::*;

const GEOM: usize = 24;
/// Output pixels per task (src/kernels/filter-grad-c1.ts sizes the partials from it).
const PIXELS: usize = 1024;

/// Sums over pixels [p0, p1) of x[tap] * dy[pixel, c0 .. c0 + 4N], written to `out`.
#[inline(always)]
unsafe fn tap_sums<const N: usize>(g: &Geom, x: *const f32, dy: *const f32, o: usize, c0: usize,
    p0: usize, p1: usize, ky: usize, kx: usize, out: *mut f32) {
    let mut acc = [zero(); N];
    let (mut ox, mut oy, mut n) = (p0 % g.ow, (p0 / g.ow) % g.oh, p0 / (g.ow * g.oh));
    for q in p0..p1 {
        let iy = (oy * g.sh + ky * g.dh) as isize - g.pt;
        let ix = (ox * g.sw + kx * g.dw) as isize - g.pl;
        if iy >= 0 && ix >= 0 && (iy as usize) < g.ih && (ix as usize) < g.iw {
            let xv = splat(*x.add((n * g.ih + iy as usize) * g.iw + ix as usize));
            let d = dy.add(q * o + c0);
            for v in 0..N {
                acc[v] = f32x4_add(acc[v], f32x4_mul(xv, ld(d.add(4 * v))));
            }
        }
        ox += 1;
        if ox == g.ow {
            ox = 0;
            oy += 1;
            if oy == g.oh {
                oy = 0;
                n += 1;
            }
        }
    }
    for v in 0..N {
        st(out.add(c0 + 4 * v), acc[v]);
    }
}

/// params: x, dy, partials `[chunks, taps * O]`, O (a multiple of 16), batch and geometry at GEOM.
#[no_mangle]
pub unsafe extern "C" fn filter_grad_c1(p: u32, _tid: u32) {
    let p = Params::new(p);
    let (x, dy, part, o) = (p.ptr::<f32>(0), p.ptr::<f32>(1), p.ptr::<f32>(2), p.u(3));
    let g = geom(&p, GEOM);
    let pixels = p.u(GEOM) * g.oh * g.ow;
    let taps = g.kh * g.kw;
    p.tasks(chunks(pixels, PIXELS), |t| {
        let (p0, p1) = (t * PIXELS, ((t + 1) * PIXELS).min(pixels));
        for ky in 0..g.kh {
            for kx in 0..g.kw {
                let out = part.add((t * taps + ky * g.kw + kx) * o);
                let mut c0 = 0;
                while c0 + 32 <= o {
                    tap_sums::<8>(&g, x, dy, o, c0, p0, p1, ky, kx, out);
                    c0 += 32;
                }
                if c0 < o {
                    tap_sums::<4>(&g, x, dy, o, c0, p0, p1, ky, kx, out);
                }
            }
        }
    });
}

/// params: src `[rows, cols]`, dst `[cols]`, rows, cols: dst = the rows' sum, added in row order.
#[no_mangle]
pub unsafe extern "C" fn sum_rows(p: u32, _tid: u32) {
    let p = Params::new(p);
    let (src, dst, rows, cols) = (p.ptr::<f32>(0), p.ptr::<f32>(1), p.u(2), p.u(3));
    p.tasks(chunks(cols, 256), |t| {
        for c in t * 256..((t + 1) * 256).min(cols) {
            let mut s = 0f32;
            for r in 0..rows {
                s += *src.add(r * cols + c);
            }
            *dst.add(c) = s;
        }
    });
}
