//! Packing of the implicit im2col operand for single-channel images (the first layer of a
//! grey-scale net): the generic packers walk one channel per tap with bounds checks, which
//! costs more than the multiply-adds when K is only the filter taps. With stride 1, four
//! neighbouring output pixels read four consecutive input values at any tap, so a block is
//! packed with one vector load per tap (forward) or a 4x4 transpose per four pixels (filter
//! gradient). Edge pixels and padding take the scalar path.

use crate::gemm::MR;
use crate::geom::Geom;
use crate::simd::*;

/// Input value at tap t for output pixel i (0 in the padding).
#[inline(always)]
unsafe fn value(g: &Geom, x: *const f32, i: usize, t: usize) -> f32 {
    let ox = i % g.ow;
    let oy = (i / g.ow) % g.oh;
    let n = i / (g.ow * g.oh);
    let iy = (oy * g.sh) as isize - g.pt + ((t / g.kw) * g.dh) as isize;
    let ix = (ox * g.sw) as isize - g.pl + ((t % g.kw) * g.dw) as isize;
    if iy < 0 || ix < 0 || iy >= g.ih as isize || ix >= g.iw as isize {
        0.0
    } else {
        *x.add((n * g.ih + iy as usize) * g.iw + ix as usize)
    }
}

/// Address of pixel i's tap-0 input when the 4 pixels i..i+4 share an output row and every
/// tap of all four lies inside the image (stride 1), else None.
#[inline(always)]
unsafe fn row_of_four(g: &Geom, x: *const f32, m: usize, i: usize) -> Option<*const f32> {
    let ox = i % g.ow;
    if g.sw != 1 || i + MR > m || ox + MR > g.ow {
        return None;
    }
    let oy = (i / g.ow) % g.oh;
    let n = i / (g.ow * g.oh);
    let iy = (oy * g.sh) as isize - g.pt;
    let ix = ox as isize - g.pl;
    let span_y = ((g.kh - 1) * g.dh) as isize;
    let span_x = ((g.kw - 1) * g.dw) as isize + MR as isize - 1;
    if iy < 0 || ix < 0 || iy + span_y >= g.ih as isize || ix + span_x >= g.iw as isize {
        return None;
    }
    Some(x.add((n * g.ih + iy as usize) * g.iw + ix as usize))
}

/// Forward im2col block, C = 1: rows [i0, i0 + mc) are output pixels, the K = taps columns
/// (`kc == kh * kw`) are filter taps; `dst` is `[mc/4][taps][4]`.
pub unsafe fn a_im2col_c1(g: &Geom, x: *const f32, m: usize, i0: usize, mc: usize, kc: usize, dst: *mut f32) {
    let mut ip = 0;
    while ip < mc {
        let i = i0 + ip;
        let d = dst.add(ip * kc);
        if let Some(src) = row_of_four(g, x, m, i) {
            for t in 0..kc {
                let off = (t / g.kw) * g.dh * g.iw + (t % g.kw) * g.dw;
                st(d.add(4 * t), v128_load(src.add(off) as *const v128));
            }
        } else {
            for t in 0..kc {
                for j in 0..MR {
                    *d.add(4 * t + j) = if i + j < m { value(g, x, i + j, t) } else { 0.0 };
                }
            }
        }
        ip += MR;
    }
}

/// Filter-gradient block, C = 1: rows [i0, i0 + mc) are taps (M = taps), columns
/// [k0, k0 + kc) output pixels; `dst` is `[mc/4][kc][4]`.
pub unsafe fn a_im2col_t_c1(g: &Geom, x: *const f32, m: usize, i0: usize, mc: usize, k0: usize, kc: usize, dst: *mut f32) {
    let mut ip = 0;
    while ip < mc {
        let t0 = i0 + ip;
        let d = dst.add(ip * kc);
        let mut off = [0usize; MR];
        for j in 0..MR {
            let t = (t0 + j).min(m - 1);
            off[j] = (t / g.kw) * g.dh * g.iw + (t % g.kw) * g.dw;
        }
        let full = t0 + MR <= m;
        let mut k = 0;
        while k < kc {
            let i = k0 + k;
            if k + MR <= kc && full {
                if let Some(src) = row_of_four(g, x, usize::MAX, i) {
                    let (a, b, c, e) = transpose4(
                        v128_load(src.add(off[0]) as *const v128),
                        v128_load(src.add(off[1]) as *const v128),
                        v128_load(src.add(off[2]) as *const v128),
                        v128_load(src.add(off[3]) as *const v128),
                    );
                    st(d.add(4 * k), a);
                    st(d.add(4 * k + 4), b);
                    st(d.add(4 * k + 8), c);
                    st(d.add(4 * k + 12), e);
                    k += MR;
                    continue;
                }
            }
            for j in 0..MR {
                *d.add(4 * k + j) = if t0 + j < m { value(g, x, i, t0 + j) } else { 0.0 };
            }
            k += 1;
        }
        ip += MR;
    }
}
