//! Max-pool gradient when the windows tile the image (stride equal to the window, the usual
//! 2x2 / 2 pooling): every input cell lies in at most one window, so each window writes its
//! cells directly (dy to the first maximum, zero elsewhere) and only the cells no window covers
//! are cleared. One read of x and dy and one write of dx, all in 4-lane vectors.

use crate::geom::geom;
use crate::par::Params;
use crate::pool::window;
use crate::simd::*;

const GEOM: usize = 24;

/// First input row of output row `oy`'s band; bands partition [0, ih) in order.
#[inline(always)]
fn band_start(oy: usize, oh: usize, stride: usize, pad: isize, ih: usize) -> usize {
    if oy == 0 {
        0
    } else if oy >= oh {
        ih
    } else {
        ((oy * stride) as isize - pad).clamp(0, ih as isize) as usize
    }
}

/// One window: `cells` are the window's cells in row-major order. The first maximum of each
/// lane receives `0 + dy` (exactly what accumulating into a zeroed gradient gives), the others 0.
#[inline(always)]
unsafe fn window_grad(x: *const f32, dx: *mut f32, cells: &[usize], dy: *const f32, c: usize) {
    let n = cells.len();
    let mut ch = 0;
    while ch + 4 <= c {
        let mut best = ld(x.add(cells[0] + ch));
        let mut at = i32x4_splat(0);
        for i in 1..n {
            let v = ld(x.add(cells[i] + ch));
            let win = f32x4_gt(v, best);
            best = v128_bitselect(v, best, win);
            at = v128_bitselect(i32x4_splat(i as i32), at, win);
        }
        let g = f32x4_add(zero(), ld(dy.add(ch)));
        for i in 0..n {
            st(dx.add(cells[i] + ch), v128_and(g, i32x4_eq(at, i32x4_splat(i as i32))));
        }
        ch += 4;
    }
    while ch < c {
        let mut at = 0;
        let mut best = *x.add(cells[0] + ch);
        for i in 1..n {
            let v = *x.add(cells[i] + ch);
            if v > best {
                best = v;
                at = i;
            }
        }
        for i in 0..n {
            *dx.add(cells[i] + ch) = if i == at { 0.0 + *dy.add(ch) } else { 0.0 };
        }
        ch += 1;
    }
}

/// params: dy, x, dx, geometry at slot 24 (stride == window on both axes, at most 64 cells).
/// Tasks are (image, output row): each owns the band of input rows its windows start in.
#[no_mangle]
pub unsafe extern "C" fn max_pool_backprop_tiled(p: u32, _tid: u32) {
    let p = Params::new(p);
    let g = geom(&p, GEOM);
    let batch = p.u(GEOM);
    let (dy, x, dx) = (p.ptr::<f32>(0) as *const f32, p.ptr::<f32>(1) as *const f32, p.ptr::<f32>(2));
    let c = g.ic;
    let row = g.iw * c;
    // Columns [cx0, cx1) are covered by this row's windows (they are contiguous: stride == window).
    // (Windows lying wholly in explicit padding are empty and may start past the image.)
    let cx0 = window(0, g.sw, g.pl, g.kw, g.iw).0.min(g.iw);
    let cx1 = window(g.ow.max(1) - 1, g.sw, g.pl, g.kw, g.iw).1.clamp(cx0, g.iw);
    p.tasks(batch * g.oh, |t| {
        let (n, oy) = (t / g.oh, t % g.oh);
        let img = n * g.ih * row;
        let (r0, r1) = (band_start(oy, g.oh, g.sh, g.pt, g.ih), band_start(oy + 1, g.oh, g.sh, g.pt, g.ih));
        let (y0, y1) = window(oy, g.sh, g.pt, g.kh, g.ih);
        for r in r0..r1 {
            let d = dx.add(img + r * row);
            if r < y0 || r >= y1 {
                core::ptr::write_bytes(d, 0, row);
            } else {
                core::ptr::write_bytes(d, 0, cx0 * c);
                core::ptr::write_bytes(d.add(cx1 * c), 0, (g.iw - cx1) * c);
            }
        }
        let mut cells = [0usize; 64];
        for ox in 0..g.ow {
            let (x0, x1) = window(ox, g.sw, g.pl, g.kw, g.iw);
            let mut nc = 0;
            for iy in y0..y1 {
                for ix in x0..x1 {
                    cells[nc] = img + iy * row + ix * c;
                    nc += 1;
                }
            }
            if nc > 0 {
                window_grad(x, dx, &cells[..nc], dy.add(((n * g.oh + oy) * g.ow + ox) * c), c);
            }
        }
    });
}
