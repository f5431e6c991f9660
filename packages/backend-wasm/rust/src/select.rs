//! `where(cond, a, b)` with broadcasting, for 4-byte and 1-byte elements.

use crate::index::Walk;
use crate::par::{chunks, Params};
use crate::simd::*;
use crate::unary::CHUNK;

/// params: element bytes (1 or 4), cond, a, b, out, rank, n, then shape and the strides of
/// cond, a and b.
#[no_mangle]
pub unsafe extern "C" fn select(p: u32, _tid: u32) {
    let p = Params::new(p);
    let (bytes, rank, n) = (p.u(0), p.u(5), p.u(6));
    let w = Walk::read(&p, rank, 3);
    let c = p.ptr::<u8>(1);
    p.tasks(chunks(n, CHUNK), |t| {
        let (s, e) = (t * CHUNK, ((t + 1) * CHUNK).min(n));
        if bytes == 4 {
            let (a, b, o) = (p.ptr::<u32>(2), p.ptr::<u32>(3), p.ptr::<u32>(4));
            w.runs::<3>(s, e, |off, st, pos, len| {
                let (c, a, b, o) = (c.offset(off[0]), a.offset(off[1]), b.offset(off[2]), o.add(pos));
                let mut i = 0;
                if st[0] == 1 && st[1] == 1 && st[2] == 1 {
                    while i + 4 <= len {
                        let m = i32x4_ne(load_bytes4(c.add(i)), zero());
                        let v = v128_bitselect(v128_load(a.add(i) as *const v128), v128_load(b.add(i) as *const v128), m);
                        v128_store(o.add(i) as *mut v128, v);
                        i += 4;
                    }
                }
                while i < len {
                    let ii = i as isize;
                    *o.add(i) = if *c.offset(ii * st[0]) != 0 { *a.offset(ii * st[1]) } else { *b.offset(ii * st[2]) };
                    i += 1;
                }
            });
        } else {
            let (a, b, o) = (p.ptr::<u8>(2), p.ptr::<u8>(3), p.ptr::<u8>(4));
            w.runs::<3>(s, e, |off, st, pos, len| {
                let (c, a, b, o) = (c.offset(off[0]), a.offset(off[1]), b.offset(off[2]), o.add(pos));
                for i in 0..len {
                    let ii = i as isize;
                    *o.add(i) = if *c.offset(ii * st[0]) != 0 { *a.offset(ii * st[1]) } else { *b.offset(ii * st[2]) };
                }
            });
        }
    });
}
