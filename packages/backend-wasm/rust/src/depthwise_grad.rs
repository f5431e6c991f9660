//! Gradients of the depthwise convolution (filter `[taps, C*M]`, output channel `c*M + m`).

use crate::conv::gather_row;
use crate::depthwise::madd;
use crate::geom::geom;
use crate::par::{chunks, Params};
use crate::simd::*;

const GEOM: usize = 24;
const MULT: usize = 38;

/// Input gradient, gathered per input pixel so tasks (image rows) never write the same cell.
/// params: dy, filter, dx, geometry, multiplier.
#[no_mangle]
pub unsafe extern "C" fn depthwise_backprop_input(p: u32, _tid: u32) {
    let p = Params::new(p);
    let g = geom(&p, GEOM);
    let (batch, m) = (p.u(GEOM), p.u(MULT));
    let (dy, w, dx) = (p.ptr::<f32>(0), p.ptr::<f32>(1), p.ptr::<f32>(2));
    let oc = g.ic * m;
    p.tasks(batch * g.ih, |t| {
        let n = t / g.ih;
        gather_row(&g, dx, n, t % g.ih, |d, ky, kx, oy, ox| {
            let g_row = dy.add(((n * g.oh + oy) * g.ow + ox) * oc);
            let wt = w.add((ky * g.kw + kx) * oc);
            if m == 1 {
                madd(d, g_row, wt, g.ic, 1);
            } else {
                for ci in 0..g.ic {
                    let mut s = 0.0;
                    for mi in 0..m {
                        s += *g_row.add(ci * m + mi) * *wt.add(ci * m + mi);
                    }
                    *d.add(ci) += s;
                }
            }
        });
    });
}

const BAND: usize = 64;

/// Filter gradient. Tasks are (tap, band of 64 output channels); each sums over every output
/// pixel, one output row at a time into a per-thread row buffer, then into the result.
/// params: x, dy, dw, geometry, multiplier.
#[no_mangle]
pub unsafe extern "C" fn depthwise_backprop_filter(p: u32, tid: u32) {
    let p = Params::new(p);
    let g = geom(&p, GEOM);
    let (batch, m) = (p.u(GEOM), p.u(MULT));
    let (x, dy, dw) = (p.ptr::<f32>(0), p.ptr::<f32>(1), p.ptr::<f32>(2));
    let oc = g.ic * m;
    let bands = chunks(oc, BAND);
    let row = p.scratch(tid) as *mut f32;
    p.tasks(g.kh * g.kw * bands, |t| {
        let (tap, b) = (t / bands, t % bands);
        let (ky, kx) = (tap / g.kw, tap % g.kw);
        let c0 = b * BAND;
        let w = BAND.min(oc - c0);
        let dst = dw.add(tap * oc + c0);
        core::ptr::write_bytes(dst, 0, w);
        for n in 0..batch {
            for oy in 0..g.oh {
                let iy = (oy * g.sh + ky * g.dh) as isize - g.pt;
                if iy < 0 || iy >= g.ih as isize {
                    continue;
                }
                core::ptr::write_bytes(row, 0, w);
                for ox in 0..g.ow {
                    let ix = (ox * g.sw + kx * g.dw) as isize - g.pl;
                    if ix < 0 || ix >= g.iw as isize {
                        continue;
                    }
                    let xs = x.add(((n * g.ih + iy as usize) * g.iw + ix as usize) * g.ic);
                    let gs = dy.add(((n * g.oh + oy) * g.ow + ox) * oc + c0);
                    if m == 1 {
                        madd(row, xs.add(c0), gs, w, 1);
                    } else {
                        for i in 0..w {
                            *row.add(i) += *xs.add((c0 + i) / m) * *gs.add(i);
                        }
                    }
                }
                let mut i = 0;
                while i + 4 <= w {
                    st(dst.add(i), f32x4_add(ld(dst.add(i)), ld(row.add(i))));
                    i += 4;
                }
                while i < w {
                    *dst.add(i) += *row.add(i);
                    i += 1;
                }
            }
        }
    });
}
