//! Direct NHWC depthwise convolution (gradients: depthwise_grad.rs). Filter `[KH, KW, C, M]` is, flattened,
//! `[taps, C*M]`: output channel `c*M + m` reads input channel c.

use crate::geom::geom;
use crate::par::Params;
use crate::simd::*;

const GEOM: usize = 24;
const MULT: usize = 38;

/// acc[oc] += x[oc / m] * w[oc] over `oc` in 0..c*m.
#[inline(always)]
pub unsafe fn madd(acc: *mut f32, x: *const f32, w: *const f32, c: usize, m: usize) {
    if m == 1 {
        let mut i = 0;
        while i + 4 <= c {
            st(acc.add(i), f32x4_add(ld(acc.add(i)), f32x4_mul(ld(x.add(i)), ld(w.add(i)))));
            i += 4;
        }
        while i < c {
            *acc.add(i) += *x.add(i) * *w.add(i);
            i += 1;
        }
    } else {
        for ci in 0..c {
            let xv = *x.add(ci);
            for mi in 0..m {
                *acc.add(ci * m + mi) += xv * *w.add(ci * m + mi);
            }
        }
    }
}

/// Valid filter taps [k0, k1) along one axis for output coordinate `o`.
#[inline(always)]
fn taps(o: usize, stride: usize, dil: usize, pad: isize, k: usize, size: usize) -> (usize, usize) {
    let start = (o * stride) as isize - pad;
    let mut k0 = 0;
    while k0 < k && start + ((k0 * dil) as isize) < 0 {
        k0 += 1;
    }
    let mut k1 = k;
    while k1 > k0 && start + (((k1 - 1) * dil) as isize) >= size as isize {
        k1 -= 1;
    }
    (k0, k1)
}

/// One output pixel with multiplier 1: 16 channels at a time in four registers across all taps,
/// so each tap costs two loads and a multiply-add per vector instead of a read-modify-write.
#[inline(always)]
unsafe fn pixel_m1(o: *mut f32, rows: &[*const f32; 16], wrows: &[*const f32; 16], nt: usize, c: usize) {
    let mut ch = 0;
    while ch + 16 <= c {
        let (mut a0, mut a1, mut a2, mut a3) = (zero(), zero(), zero(), zero());
        for t in 0..nt {
            let (x, w) = (rows[t].add(ch), wrows[t].add(ch));
            a0 = f32x4_add(a0, f32x4_mul(ld(x), ld(w)));
            a1 = f32x4_add(a1, f32x4_mul(ld(x.add(4)), ld(w.add(4))));
            a2 = f32x4_add(a2, f32x4_mul(ld(x.add(8)), ld(w.add(8))));
            a3 = f32x4_add(a3, f32x4_mul(ld(x.add(12)), ld(w.add(12))));
        }
        st(o.add(ch), a0);
        st(o.add(ch + 4), a1);
        st(o.add(ch + 8), a2);
        st(o.add(ch + 12), a3);
        ch += 16;
    }
    while ch + 4 <= c {
        let mut a = zero();
        for t in 0..nt {
            a = f32x4_add(a, f32x4_mul(ld(rows[t].add(ch)), ld(wrows[t].add(ch))));
        }
        st(o.add(ch), a);
        ch += 4;
    }
    while ch < c {
        let mut a = 0.0;
        for t in 0..nt {
            a += *rows[t].add(ch) * *wrows[t].add(ch);
        }
        *o.add(ch) = a;
        ch += 1;
    }
}

/// params: x, filter, out, then geometry at slot 24 and the multiplier at slot 38.
#[no_mangle]
pub unsafe extern "C" fn depthwise(p: u32, _tid: u32) {
    let p = Params::new(p);
    let g = geom(&p, GEOM);
    let (batch, m) = (p.u(GEOM), p.u(MULT));
    let (x, w, out) = (p.ptr::<f32>(0), p.ptr::<f32>(1), p.ptr::<f32>(2));
    let oc = g.ic * m;
    // Windows of up to 16 taps go through the register path (3x3, 4x4, 1x16...).
    let fast = m == 1 && g.kh * g.kw <= 16;
    // Offsets of every tap from the window's top-left input pixel, and of its weights: interior
    // pixels (the full window inside the image) need no per-pixel address arithmetic.
    let mut xoff = [0usize; 16];
    let mut woff = [0usize; 16];
    if fast {
        for ky in 0..g.kh {
            for kx in 0..g.kw {
                let t = ky * g.kw + kx;
                xoff[t] = (ky * g.dh * g.iw + kx * g.dw) * g.ic;
                woff[t] = t * oc;
            }
        }
    }
    let full = g.kh * g.kw;
    p.tasks(batch * g.oh, |t| {
        let (n, oy) = (t / g.oh, t % g.oh);
        let (ky0, ky1) = taps(oy, g.sh, g.dh, g.pt, g.kh, g.ih);
        let mut rows = [x as *const f32; 16];
        let mut wrows = [w as *const f32; 16];
        for ox in 0..g.ow {
            let o = out.add(((n * g.oh + oy) * g.ow + ox) * oc);
            let (kx0, kx1) = taps(ox, g.sw, g.dw, g.pl, g.kw, g.iw);
            if fast {
                let mut nt = 0;
                if ky1 - ky0 == g.kh && kx1 - kx0 == g.kw {
                    let iy = (oy * g.sh) as isize - g.pt;
                    let ix = (ox * g.sw) as isize - g.pl;
                    let base = x.add(((n * g.ih + iy as usize) * g.iw + ix as usize) * g.ic) as *const f32;
                    for t in 0..full {
                        rows[t] = base.add(xoff[t]);
                        wrows[t] = w.add(woff[t]);
                    }
                    nt = full;
                } else {
                    for ky in ky0..ky1 {
                        let iy = (oy * g.sh + ky * g.dh) as isize - g.pt;
                        for kx in kx0..kx1 {
                            let ix = (ox * g.sw + kx * g.dw) as isize - g.pl;
                            rows[nt] = x.add(((n * g.ih + iy as usize) * g.iw + ix as usize) * g.ic);
                            wrows[nt] = w.add((ky * g.kw + kx) * oc);
                            nt += 1;
                        }
                    }
                }
                pixel_m1(o, &rows, &wrows, nt, g.ic);
                continue;
            }
            core::ptr::write_bytes(o, 0, oc);
            for ky in ky0..ky1 {
                let iy = (oy * g.sh + ky * g.dh) as isize - g.pt;
                for kx in kx0..kx1 {
                    let ix = (ox * g.sw + kx * g.dw) as isize - g.pl;
                    let xs = x.add(((n * g.ih + iy as usize) * g.iw + ix as usize) * g.ic);
                    madd(o, xs, w.add((ky * g.kw + kx) * oc), g.ic, m);
                }
            }
        }
    });
}
