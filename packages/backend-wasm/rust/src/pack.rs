//! Packing for the GEMM: A blocks become 4-row panels (`[k][4]`), B becomes 8-column panels
//! (`[k][8]`), both zero-padded at the edges, so the micro-kernel reads two plain streams.
//! Besides dense strided matrices, A can be read straight out of an NHWC image as its im2col
//! matrix (or that matrix transposed), so convolutions never materialise im2col.

use crate::gemm::{KC_MAX, MR, NR};
use crate::geom::Geom;
use crate::simd::*;

/// Zeros standing in for out-of-image rows and padding rows (one K block long).
static ZEROS: [f32; KC_MAX] = [0.0; KC_MAX];

#[inline(always)]
pub fn zeros() -> *const f32 {
    ZEROS.as_ptr()
}

/// Interleaves four rows of `len` contiguous floats into `dst[k][4]`.
#[inline(always)]
pub unsafe fn rows4(r: [*const f32; 4], len: usize, dst: *mut f32) {
    let mut k = 0;
    while k + 4 <= len {
        let (a, b, c, d) = transpose4(ld(r[0].add(k)), ld(r[1].add(k)), ld(r[2].add(k)), ld(r[3].add(k)));
        st(dst.add(4 * k), a);
        st(dst.add(4 * k + 4), b);
        st(dst.add(4 * k + 8), c);
        st(dst.add(4 * k + 12), d);
        k += 4;
    }
    while k < len {
        for j in 0..4 {
            *dst.add(4 * k + j) = *r[j].add(k);
        }
        k += 1;
    }
}

/// A dense A block: rows [i0, i0 + mc) (clipped to m), columns [k0, k0 + kc).
pub unsafe fn a_dense(a: *const f32, rs: usize, cs: usize, m: usize, i0: usize, mc: usize, k0: usize, kc: usize, dst: *mut f32) {
    let mut ip = 0;
    while ip < mc {
        let d = dst.add(ip * kc);
        let valid = m.saturating_sub(i0 + ip).min(MR);
        if cs == 1 {
            let mut r = [zeros(); 4];
            for j in 0..valid {
                r[j] = a.add((i0 + ip + j) * rs + k0);
            }
            rows4(r, kc, d);
        } else if rs == 1 && valid == MR {
            for k in 0..kc {
                st(d.add(4 * k), ld(a.add((k0 + k) * cs + i0 + ip)));
            }
        } else {
            for k in 0..kc {
                for j in 0..MR {
                    *d.add(4 * k + j) = if j < valid { *a.add((i0 + ip + j) * rs + (k0 + k) * cs) } else { 0.0 };
                }
            }
        }
        ip += MR;
    }
}

/// Start of output pixel `i` (n, oy, ox) in the input, before adding a tap offset: returns the
/// pixel's batch offset and its top-left input coordinates.
#[inline(always)]
fn pixel(g: &Geom, i: usize) -> (usize, isize, isize) {
    let ox = i % g.ow;
    let oy = (i / g.ow) % g.oh;
    let n = i / (g.ow * g.oh);
    (n * g.ih * g.iw * g.ic, (oy * g.sh) as isize - g.pt, (ox * g.sw) as isize - g.pl)
}

/// Address of input channel 0 of tap (ky, kx) for a pixel, or None in the zero padding.
#[inline(always)]
unsafe fn tap(g: &Geom, x: *const f32, px: (usize, isize, isize), ky: usize, kx: usize) -> Option<*const f32> {
    let iy = px.1 + (ky * g.dh) as isize;
    let ix = px.2 + (kx * g.dw) as isize;
    if iy < 0 || ix < 0 || iy >= g.ih as isize || ix >= g.iw as isize {
        None
    } else {
        Some(x.add(px.0 + (iy as usize * g.iw + ix as usize) * g.ic))
    }
}

/// For 4 output pixels starting at row `i`, the address of each filter tap's input channels
/// (zeros for padding and for rows past `m`): the A operand of `micro_indirect`.
pub unsafe fn tap_rows(g: &Geom, x: *const f32, m: usize, i: usize, rows: &mut [[*const f32; 4]]) {
    for r in 0..MR {
        let px = if i + r < m { Some(pixel(g, i + r)) } else { None };
        for (t, row) in rows.iter_mut().enumerate() {
            row[r] = match px {
                Some(p) => tap(g, x, p, t / g.kw, t % g.kw).unwrap_or(zeros()),
                None => zeros(),
            };
        }
    }
}

/// An im2col block: rows are output pixels, columns (ky, kx, c) taps of the NHWC input.
pub unsafe fn a_im2col(g: &Geom, x: *const f32, m: usize, i0: usize, mc: usize, k0: usize, kc: usize, dst: *mut f32) {
    let mut ip = 0;
    while ip < mc {
        let d = dst.add(ip * kc);
        let mut px = [None; 4];
        for j in 0..MR {
            if i0 + ip + j < m {
                px[j] = Some(pixel(g, i0 + ip + j));
            }
        }
        let mut k = k0;
        while k < k0 + kc {
            let t = k / g.ic;
            let c0 = k % g.ic;
            let len = (g.ic - c0).min(k0 + kc - k);
            let (ky, kx) = (t / g.kw, t % g.kw);
            let mut r = [zeros(); 4];
            for j in 0..MR {
                if let Some(p) = px[j] {
                    if let Some(src) = tap(g, x, p, ky, kx) {
                        r[j] = src.add(c0);
                    }
                }
            }
            rows4(r, len, d.add((k - k0) * 4));
            k += len;
        }
        ip += MR;
    }
}

/// The transposed im2col block: rows are (ky, kx, c) taps, columns output pixels. Used by the
/// filter gradient, whose reduction runs over pixels.
pub unsafe fn a_im2col_t(g: &Geom, x: *const f32, m: usize, i0: usize, mc: usize, k0: usize, kc: usize, dst: *mut f32) {
    let mut ip = 0;
    while ip < mc {
        let d = dst.add(ip * kc);
        let i = i0 + ip;
        if i + MR <= m && i % g.ic + MR <= g.ic {
            // Four channels of one tap: one vector per pixel, walked one output row at a time.
            tap_columns(g, x, i / g.ic, i % g.ic, k0, kc, d);
        } else {
            a_im2col_t_scalar(g, x, m, i, k0, kc, d);
        }
        ip += MR;
    }
}

/// Channels [c, c + 4) of tap t for pixels [k0, k0 + kc) into `d` (`[kc][4]`).
#[inline(always)]
unsafe fn tap_columns(g: &Geom, x: *const f32, t: usize, c: usize, k0: usize, kc: usize, d: *mut f32) {
    let (ky, kx) = (t / g.kw, t % g.kw);
    let mut k = 0;
    while k < kc {
        let pix = k0 + k;
        let ox = pix % g.ow;
        let oy = (pix / g.ow) % g.oh;
        let n = pix / (g.ow * g.oh);
        let run = (g.ow - ox).min(kc - k);
        let iy = (oy * g.sh) as isize - g.pt + (ky * g.dh) as isize;
        if iy < 0 || iy >= g.ih as isize {
            for r in 0..run {
                st(d.add(4 * (k + r)), zero());
            }
        } else {
            let row = x.add(((n * g.ih + iy as usize) * g.iw) * g.ic + c);
            let mut ix = (ox * g.sw) as isize - g.pl + (kx * g.dw) as isize;
            for r in 0..run {
                let v = if ix >= 0 && ix < g.iw as isize { ld(row.add(ix as usize * g.ic)) } else { zero() };
                st(d.add(4 * (k + r)), v);
                ix += g.sw as isize;
            }
        }
        k += run;
    }
}

/// Rows i..i+4 (any taps and channels, zeros past `m`) for pixels [k0, k0 + kc), one value at a time.
unsafe fn a_im2col_t_scalar(g: &Geom, x: *const f32, m: usize, i: usize, k0: usize, kc: usize, d: *mut f32) {
    let mut px = pixel(g, k0);
    let (mut ox, mut oy) = (k0 % g.ow, (k0 / g.ow) % g.oh);
    for k in 0..kc {
        for j in 0..MR {
            let row = i + j;
            let mut v = 0.0;
            if row < m {
                let (tj, cj) = (row / g.ic, row % g.ic);
                if let Some(s) = tap(g, x, px, tj / g.kw, tj % g.kw) {
                    v = *s.add(cj);
                }
            }
            *d.add(4 * k + j) = v;
        }
        // Step to the next pixel without dividing.
        ox += 1;
        px.2 += g.sw as isize;
        if ox == g.ow {
            ox = 0;
            oy += 1;
            px.2 = -g.pl;
            px.1 += g.sh as isize;
            if oy == g.oh {
                oy = 0;
                px = (px.0 + g.ih * g.iw * g.ic, -g.pt, -g.pl);
            }
        }
    }
}

/// Panels [p0, p1) of a dense B over rows [k0, k1) into `dst` (`[panel][K][8]`, K = `k`).
/// Row-major storage is walked row by row across the panels; other layouts panel by panel.
pub unsafe fn b_dense_rows(b: *const f32, rs: usize, cs: usize, k: usize, n: usize, k0: usize, k1: usize, p0: usize, p1: usize, dst: *mut f32) {
    if cs == 1 && p1 * NR <= n {
        for kk in k0..k1 {
            let s = b.add(kk * rs);
            for panel in p0..p1 {
                let d = dst.add((panel * k + kk) * NR);
                st(d, ld(s.add(panel * NR)));
                st(d.add(4), ld(s.add(panel * NR + 4)));
            }
        }
        return;
    }
    for panel in p0..p1 {
        b_dense(b.add(k0 * rs), rs, cs, k1 - k0, n, panel * NR, dst.add((panel * k + k0) * NR));
    }
}

/// One 8-column panel of a dense B over `k` rows.
pub unsafe fn b_dense(b: *const f32, rs: usize, cs: usize, k: usize, n: usize, j0: usize, dst: *mut f32) {
    let valid = n.saturating_sub(j0).min(NR);
    if cs == 1 && valid == NR {
        for kk in 0..k {
            let s = b.add(kk * rs + j0);
            st(dst.add(8 * kk), ld(s));
            st(dst.add(8 * kk + 4), ld(s.add(4)));
        }
    } else if rs == 1 && valid == NR {
        // Transposed storage: each column is contiguous along k; transpose 4x4 blocks.
        let col = |j: usize| b.add((j0 + j) * cs);
        let mut kk = 0;
        while kk + 4 <= k {
            for h in 0..2 {
                let (c0, c1, c2, c3) = (col(4 * h), col(4 * h + 1), col(4 * h + 2), col(4 * h + 3));
                let (r0, r1, r2, r3) = transpose4(ld(c0.add(kk)), ld(c1.add(kk)), ld(c2.add(kk)), ld(c3.add(kk)));
                st(dst.add(8 * kk + 4 * h), r0);
                st(dst.add(8 * (kk + 1) + 4 * h), r1);
                st(dst.add(8 * (kk + 2) + 4 * h), r2);
                st(dst.add(8 * (kk + 3) + 4 * h), r3);
            }
            kk += 4;
        }
        while kk < k {
            for j in 0..NR {
                *dst.add(8 * kk + j) = *col(j).add(kk);
            }
            kk += 1;
        }
    } else {
        for kk in 0..k {
            for j in 0..NR {
                *dst.add(8 * kk + j) = if j < valid { *b.add(kk * rs + (j0 + j) * cs) } else { 0.0 };
            }
        }
    }
}

/// One panel of the flipped filter the stride-1 input gradient multiplies by:
/// B[(t', o), c] = W[T-1-t', c, o] for an HWIO filter W with C inputs and O outputs.
pub unsafe fn b_flipped(w: *const f32, taps: usize, c: usize, o: usize, j0: usize, dst: *mut f32) {
    let valid = c.saturating_sub(j0).min(NR);
    for t in 0..taps {
        let base = w.add((taps - 1 - t) * c * o);
        for oo in 0..o {
            let d = dst.add(8 * (t * o + oo));
            for j in 0..NR {
                *d.add(j) = if j < valid { *base.add((j0 + j) * o + oo) } else { 0.0 };
            }
        }
    }
}
