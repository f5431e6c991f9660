//! Strided copies: one kernel serves transpose, slice (negative strides too), tile (stride 0
//! axes), pad (a strided destination) and broadcasting copies.

use crate::index::Walk;
use crate::par::{chunks, Params};
use crate::simd::*;
use crate::unary::CHUNK;

#[inline(always)]
unsafe fn line<T: Copy>(s: *const T, ss: isize, d: *mut T, ds: isize, n: usize) {
    if ss == 1 && ds == 1 {
        core::ptr::copy_nonoverlapping(s, d, n);
    } else if ss == 0 && ds == 1 {
        let v = *s;
        for i in 0..n {
            *d.add(i) = v;
        }
    } else {
        for i in 0..n {
            *d.offset(i as isize * ds) = *s.offset(i as isize * ss);
        }
    }
}

/// 4-byte elements where the source's innermost stride is `cs` and the second-innermost axis is
/// contiguous in the source: copy 4x4 tiles through a register transpose instead of gathering.
unsafe fn tiles(src: *const f32, cs: isize, dst: *mut f32, ds: isize, rows: usize, i0: usize, i1: usize, cols: usize) {
    let mut i = i0;
    while i + 4 <= i1 {
        let mut j = 0;
        while j + 4 <= cols {
            let s = src.offset(i as isize + j as isize * cs);
            let (a, b, c, d) = transpose4(ld(s), ld(s.offset(cs)), ld(s.offset(2 * cs)), ld(s.offset(3 * cs)));
            let o = dst.offset(i as isize * ds + j as isize);
            st(o, a);
            st(o.offset(ds), b);
            st(o.offset(2 * ds), c);
            st(o.offset(3 * ds), d);
            j += 4;
        }
        for r in i..i + 4 {
            for jj in j..cols {
                *dst.offset(r as isize * ds + jj as isize) = *src.offset(r as isize + jj as isize * cs);
            }
        }
        i += 4;
    }
    for r in i..i1.min(rows) {
        for jj in 0..cols {
            *dst.offset(r as isize * ds + jj as isize) = *src.offset(r as isize + jj as isize * cs);
        }
    }
}

const TILE_ROWS: usize = 32;

/// params: element bytes, src, dst, rank, n (iteration size), src offset, dst offset, then the
/// shape, source strides and destination strides (elements).
#[no_mangle]
pub unsafe extern "C" fn strided_copy(p: u32, _tid: u32) {
    let p = Params::new(p);
    let (bytes, rank, n, so, dof) = (p.u(0), p.u(3), p.u(4), p.i(5), p.i(6));
    let w = Walk::read(&p, rank, 2);
    let r = rank;
    let tiled = bytes == 4 && r >= 2 && w.strides[0][r - 2] == 1 && w.strides[1][r - 1] == 1 && w.strides[0][r - 1] != 1;
    if tiled {
        let (src, dst) = (p.ptr::<f32>(1).offset(so), p.ptr::<f32>(2).offset(dof));
        let (rows, cols) = (w.shape[r - 2], w.shape[r - 1]);
        let blocks = chunks(rows, TILE_ROWS);
        let outer = n / (rows * cols);
        let (cs, ds) = (w.strides[0][r - 1], w.strides[1][r - 2]);
        // Offsets of the leading axes come from a walk over a view with the last two axes dropped.
        let lead = Walk { rank: r - 1, shape: w.shape, strides: w.strides };
        p.tasks(outer * blocks, |t| {
            let (o, b) = (t / blocks, t % blocks);
            let off = if r > 2 { lead.row_offsets::<2>(o) } else { [0, 0] };
            let i0 = b * TILE_ROWS;
            tiles(src.offset(off[0]), cs, dst.offset(off[1]), ds, rows, i0, (i0 + TILE_ROWS).min(rows), cols);
        });
        return;
    }
    p.tasks(chunks(n, CHUNK), |t| {
        let (s, e) = (t * CHUNK, ((t + 1) * CHUNK).min(n));
        if bytes == 4 {
            let (src, dst) = (p.ptr::<u32>(1).offset(so), p.ptr::<u32>(2).offset(dof));
            w.runs::<2>(s, e, |off, st, _, len| line(src.offset(off[0]), st[0], dst.offset(off[1]), st[1], len));
        } else {
            let (src, dst) = (p.ptr::<u8>(1).offset(so), p.ptr::<u8>(2).offset(dof));
            w.runs::<2>(s, e, |off, st, _, len| line(src.offset(off[0]), st[0], dst.offset(off[1]), st[1], len));
        }
    });
}

/// params: element bytes, src, dst, rows, src row length, dst row length, dst column offset
/// (elements). Copies one concat input into its column band of the output.
#[no_mangle]
pub unsafe extern "C" fn concat_copy(p: u32, _tid: u32) {
    let p = Params::new(p);
    let b = p.u(0);
    let (rows, sr, dr, off) = (p.u(3), p.u(4) * b, p.u(5) * b, p.u(6) * b);
    let (src, dst) = (p.ptr::<u8>(1), p.ptr::<u8>(2));
    let per = (CHUNK * 4 / sr.max(1)).max(1);
    p.tasks(chunks(rows, per), |t| {
        for r in t * per..((t + 1) * per).min(rows) {
            core::ptr::copy_nonoverlapping(src.add(r * sr), dst.add(r * dr + off), sr);
        }
    });
}

/// params: element bytes, x, indices, out, outer, axis size, inner, m. Rows whose index is out of
/// range are zero-filled (the core validates indices; this keeps a bad one from reading memory).
#[no_mangle]
pub unsafe extern "C" fn gather(p: u32, _tid: u32) {
    let p = Params::new(p);
    let b = p.u(0);
    let (x, idx, out) = (p.ptr::<u8>(1), p.ptr::<i32>(2), p.ptr::<u8>(3));
    let (outer, axis, inner, m) = (p.u(4), p.u(5), p.u(6) * b, p.u(7));
    let rows = outer * m;
    let per = (CHUNK * 4 / inner.max(1)).max(1);
    p.tasks(chunks(rows, per), |t| {
        for r in t * per..((t + 1) * per).min(rows) {
            let (o, j) = (r / m, r % m);
            let k = *idx.add(j);
            let d = out.add(r * inner);
            if k >= 0 && (k as usize) < axis {
                core::ptr::copy_nonoverlapping(x.add((o * axis + k as usize) * inner), d, inner);
            } else {
                core::ptr::write_bytes(d, 0, inner);
            }
        }
    });
}

const SCATTER_COLS: usize = 1024;

/// params: dtype (0 f32, 1 i32), updates, indices, out, outer, size, inner, m.
/// out[o, idx[j], i] += updates[o, j, i], in increasing j; tasks own disjoint (o, column) bands.
#[no_mangle]
pub unsafe extern "C" fn scatter_add(p: u32, _tid: u32) {
    let p = Params::new(p);
    let dt = p.u(0);
    let (upd, idx, out) = (p.ptr::<f32>(1), p.ptr::<i32>(2), p.ptr::<f32>(3));
    let (outer, size, inner, m) = (p.u(4), p.u(5), p.u(6), p.u(7));
    let bands = chunks(inner, SCATTER_COLS);
    p.tasks(outer * bands, |t| {
        let (o, bnd) = (t / bands, t % bands);
        let c0 = bnd * SCATTER_COLS;
        let w = SCATTER_COLS.min(inner - c0);
        for s in 0..size {
            core::ptr::write_bytes(out.add((o * size + s) * inner + c0), 0, w);
        }
        for j in 0..m {
            let k = *idx.add(j);
            if k < 0 || k as usize >= size {
                continue;
            }
            let src = upd.add((o * m + j) * inner + c0);
            let dst = out.add((o * size + k as usize) * inner + c0);
            let mut i = 0;
            if dt == 0 {
                while i + 4 <= w {
                    st(dst.add(i), f32x4_add(ld(dst.add(i)), ld(src.add(i))));
                    i += 4;
                }
                while i < w {
                    *dst.add(i) += *src.add(i);
                    i += 1;
                }
            } else {
                let (si, di) = (src as *const i32, dst as *mut i32);
                while i < w {
                    *di.add(i) = (*di.add(i)).wrapping_add(*si.add(i));
                    i += 1;
                }
            }
        }
    });
}
