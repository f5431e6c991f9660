//! Gradients of NHWC max and average pooling.

use crate::conv::gather_row;
use crate::geom::geom;
use crate::par::{chunks, Params};
use crate::pool::window;
use crate::simd::*;

const GEOM: usize = 24;

const BAND: usize = 16;

/// Max-pool gradient: each dy goes to the first maximum of its window (row-major scan), and
/// overlapping windows add up. Tasks are (image, band of 16 channels), so no two tasks write
/// the same cell and the accumulation order is fixed. params: dy, x, dx, geometry.
#[no_mangle]
pub unsafe extern "C" fn max_pool_backprop(p: u32, _tid: u32) {
    let p = Params::new(p);
    let g = geom(&p, GEOM);
    let batch = p.u(GEOM);
    let (dy, x, dx) = (p.ptr::<f32>(0), p.ptr::<f32>(1), p.ptr::<f32>(2));
    let c = g.ic;
    let bands = chunks(c, BAND);
    p.tasks(batch * bands, |t| {
        let (n, b) = (t / bands, t % bands);
        let c0 = b * BAND;
        let w = BAND.min(c - c0);
        let img = (n * g.ih * g.iw) * c;
        for cell in 0..g.ih * g.iw {
            core::ptr::write_bytes(dx.add(img + cell * c + c0), 0, w);
        }
        for oy in 0..g.oh {
            let (y0, y1) = window(oy, g.sh, g.pt, g.kh, g.ih);
            for ox in 0..g.ow {
                let (x0, x1) = window(ox, g.sw, g.pl, g.kw, g.iw);
                if y0 == y1 || x0 == x1 {
                    continue;
                }
                let gsrc = dy.add(((n * g.oh + oy) * g.ow + ox) * c);
                let mut ch = c0;
                while ch < c0 + w {
                    if ch + 4 <= c0 + w {
                        let first = (y0 * g.iw + x0) as i32;
                        let mut best = ld(x.add(img + first as usize * c + ch));
                        let mut at = i32x4_splat(first);
                        for iy in y0..y1 {
                            for ix in x0..x1 {
                                let cell = iy * g.iw + ix;
                                let v = ld(x.add(img + cell * c + ch));
                                let win = f32x4_gt(v, best);
                                best = v128_bitselect(v, best, win);
                                at = v128_bitselect(i32x4_splat(cell as i32), at, win);
                            }
                        }
                        let mut cells = [0i32; 4];
                        v128_store(cells.as_mut_ptr() as *mut v128, at);
                        for l in 0..4 {
                            *dx.add(img + cells[l] as usize * c + ch + l) += *gsrc.add(ch + l);
                        }
                        ch += 4;
                    } else {
                        let mut at = y0 * g.iw + x0;
                        let mut best = *x.add(img + at * c + ch);
                        for iy in y0..y1 {
                            for ix in x0..x1 {
                                let cell = iy * g.iw + ix;
                                let v = *x.add(img + cell * c + ch);
                                if v > best {
                                    best = v;
                                    at = cell;
                                }
                            }
                        }
                        *dx.add(img + at * c + ch) += *gsrc.add(ch);
                        ch += 1;
                    }
                }
            }
        }
    });
}

/// Average-pool gradient, gathered per input pixel: dx = sum over windows containing the pixel
/// of dy / (non-padded cells of that window). params: dy, dx, geometry. Tasks are image rows.
#[no_mangle]
pub unsafe extern "C" fn avg_pool_backprop(p: u32, _tid: u32) {
    let p = Params::new(p);
    let g = geom(&p, GEOM);
    let batch = p.u(GEOM);
    let (dy, dx) = (p.ptr::<f32>(0), p.ptr::<f32>(1));
    let c = g.ic;
    p.tasks(batch * g.ih, |t| {
        let n = t / g.ih;
        gather_row(&g, dx, n, t % g.ih, |d, _, _, oy, ox| {
            let (y0, y1) = window(oy, g.sh, g.pt, g.kh, g.ih);
            let (x0, x1) = window(ox, g.sw, g.pl, g.kw, g.iw);
            let inv = splat(1.0 / ((y1 - y0) * (x1 - x0)) as f32);
            let s = dy.add(((n * g.oh + oy) * g.ow + ox) * c);
            let mut ch = 0;
            while ch + 4 <= c {
                st(d.add(ch), f32x4_add(ld(d.add(ch)), f32x4_mul(ld(s.add(ch)), inv)));
                ch += 4;
            }
            while ch < c {
                *d.add(ch) += *s.add(ch) * f32x4_extract_lane::<0>(inv);
                ch += 1;
            }
        });
    });
}
