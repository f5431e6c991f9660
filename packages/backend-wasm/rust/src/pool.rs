//! NHWC max and average pooling (gradients: pool_grad.rs).

use crate::geom::geom;
use crate::par::Params;
use crate::simd::*;

const GEOM: usize = 24;

/// Valid window range along one axis for output coordinate `o`.
#[inline(always)]
pub fn window(o: usize, stride: usize, pad: isize, k: usize, size: usize) -> (usize, usize) {
    let start = (o * stride) as isize - pad;
    let lo = start.max(0) as usize;
    let hi = ((start + k as isize).min(size as isize)).max(0) as usize;
    (lo, hi.max(lo))
}

#[inline(always)]
fn combine<const AVG: bool>(a: v128, b: v128) -> v128 {
    if AVG {
        f32x4_add(a, b)
    } else {
        f32x4_max(a, b)
    }
}

/// One output pixel: the window's cells are gathered as pointers once, then 16 channels at a
/// time are reduced in registers.
#[inline(always)]
unsafe fn pool_pixel<const AVG: bool>(o: *mut f32, cells: &[*const f32], c: usize) {
    let count = cells.len() as f32;
    let init = if AVG { zero() } else { splat(f32::NEG_INFINITY) };
    let finish = |v: v128| if AVG { if count > 0.0 { f32x4_div(v, splat(count)) } else { zero() } } else { v };
    let mut ch = 0;
    while ch + 16 <= c {
        let (mut a0, mut a1, mut a2, mut a3) = (init, init, init, init);
        for s in cells {
            let s = s.add(ch);
            a0 = combine::<AVG>(a0, ld(s));
            a1 = combine::<AVG>(a1, ld(s.add(4)));
            a2 = combine::<AVG>(a2, ld(s.add(8)));
            a3 = combine::<AVG>(a3, ld(s.add(12)));
        }
        st(o.add(ch), finish(a0));
        st(o.add(ch + 4), finish(a1));
        st(o.add(ch + 8), finish(a2));
        st(o.add(ch + 12), finish(a3));
        ch += 16;
    }
    while ch < c {
        let lanes = (c - ch).min(4);
        let mut a = init;
        for s in cells {
            let v = if lanes == 4 {
                ld(s.add(ch))
            } else {
                let mut t = [0f32; 4];
                core::ptr::copy_nonoverlapping(s.add(ch), t.as_mut_ptr(), lanes);
                ld(t.as_ptr())
            };
            a = combine::<AVG>(a, v);
        }
        let mut t = [0f32; 4];
        st(t.as_mut_ptr(), finish(a));
        core::ptr::copy_nonoverlapping(t.as_ptr(), o.add(ch), lanes);
        ch += lanes;
    }
}

/// A full window of exactly N cells (2x2, 3x3) and channels a multiple of 4: the cell loop
/// unrolls at compile time.
#[inline(always)]
unsafe fn pool_pixel_n<const AVG: bool, const N: usize>(o: *mut f32, cells: &[*const f32; 64], c: usize) {
    let mut ch = 0;
    while ch + 4 <= c {
        let mut a = ld(cells[0].add(ch));
        for i in 1..N {
            a = combine::<AVG>(a, ld(cells[i].add(ch)));
        }
        st(o.add(ch), if AVG { f32x4_div(a, splat(N as f32)) } else { a });
        ch += 4;
    }
}

/// params: x, out, avg (0 max, 1 average), geometry at slot 24 (dilations unused).
/// Padded cells are skipped: they never win a max and never count in an average.
#[no_mangle]
pub unsafe extern "C" fn pool(p: u32, _tid: u32) {
    let p = Params::new(p);
    if p.u(2) == 1 {
        pool_run::<true>(&p)
    } else {
        pool_run::<false>(&p)
    }
}

unsafe fn pool_run<const AVG: bool>(p: &Params) {
    let avg = AVG;
    let g = geom(p, GEOM);
    let batch = p.u(GEOM);
    let (x, out) = (p.ptr::<f32>(0), p.ptr::<f32>(1));
    let c = g.ic;
    let small = g.kh * g.kw <= 64;
    // Cell offsets from the window's top-left pixel, for windows fully inside the image.
    let mut off = [0usize; 64];
    if small {
        for ky in 0..g.kh {
            for kx in 0..g.kw {
                off[ky * g.kw + kx] = (ky * g.iw + kx) * c;
            }
        }
    }
    p.tasks(batch * g.oh, |t| {
        let (n, oy) = (t / g.oh, t % g.oh);
        let (y0, y1) = window(oy, g.sh, g.pt, g.kh, g.ih);
        let mut cells = [x as *const f32; 64];
        for ox in 0..g.ow {
            let (x0, x1) = window(ox, g.sw, g.pl, g.kw, g.iw);
            let o = out.add(((n * g.oh + oy) * g.ow + ox) * c);
            let src = |iy: usize, ix: usize| x.add(((n * g.ih + iy) * g.iw + ix) * c) as *const f32;
            if small {
                let mut nc = 0;
                if y1 - y0 == g.kh && x1 - x0 == g.kw {
                    let base = src(y0, x0);
                    nc = g.kh * g.kw;
                    for i in 0..nc {
                        cells[i] = base.add(off[i]);
                    }
                } else {
                    for iy in y0..y1 {
                        for ix in x0..x1 {
                            cells[nc] = src(iy, ix);
                            nc += 1;
                        }
                    }
                }
                if nc == 4 && c % 4 == 0 {
                    pool_pixel_n::<AVG, 4>(o, &cells, c);
                } else if nc == 9 && c % 4 == 0 {
                    pool_pixel_n::<AVG, 9>(o, &cells, c);
                } else {
                    pool_pixel::<AVG>(o, &cells[..nc], c);
                }
                continue;
            }
            // Large windows: one channel vector at a time, cells walked in place.
            let count = ((y1 - y0) * (x1 - x0)) as f32;
            for ch in 0..c {
                let mut acc = if avg { 0.0 } else { f32::NEG_INFINITY };
                for iy in y0..y1 {
                    for ix in x0..x1 {
                        let v = *src(iy, ix).add(ch);
                        acc = if avg { acc + v } else { crate::math::fmax(acc, v) };
                    }
                }
                *o.add(ch) = if avg { if count > 0.0 { acc / count } else { 0.0 } } else { acc };
            }
        }
    });
}
