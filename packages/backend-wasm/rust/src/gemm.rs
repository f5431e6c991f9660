//! Packed, register-blocked SIMD GEMM: C = act(A B + bias), batched.
//!
//! One dispatch of two phases: tasks pack all of B into 8-column panels (shared scratch), then
//! tasks of MC x NC output tiles run; each task packs its A rows block by block
//! along K (KC at a time, in its own scratch) and runs the 4x8 micro-kernel (8 f32x4
//! accumulators: more spill registers in V8). The K block size depends only on K, so every
//! output element is summed in the same order whatever the thread count or tile split.
//!
//! Split-K (a small output and a long K, like a filter gradient summed over every pixel): K is
//! cut into fixed chunks, each task writes one chunk's partial product, and a last phase
//! adds the partials in chunk order (a third phase). Chunks depend on K only, so this too is
//! thread-independent.

use crate::geom::geom;
use crate::micro::{activate, micro_indirect, panel, store};
use crate::pack;
use crate::pack_c1;
use crate::par::{chunks, Params};
use crate::simd::*;

pub const MR: usize = 4;
pub const NR: usize = 8;
/// Largest K block the TS side may choose (it picks one from K alone, never from the thread count).
pub const KC_MAX: usize = 512;
/// Filters with up to this many taps read the image in place (`micro_indirect`).
pub const MAX_TAPS: usize = 64;

/// Argument slots (see src/kernels/gemm.ts, which fills them).
mod at {
    pub const M: usize = 0;
    pub const N: usize = 1;
    pub const K: usize = 2;
    pub const BATCH: usize = 3;
    pub const A_KIND: usize = 4;
    pub const A: usize = 5;
    pub const A_RS: usize = 6;
    pub const A_CS: usize = 7;
    pub const A_BS: usize = 8;
    pub const B_KIND: usize = 9;
    pub const B: usize = 10;
    pub const B_RS: usize = 11;
    pub const B_CS: usize = 12;
    pub const B_BS: usize = 13;
    pub const C: usize = 14;
    pub const LDC: usize = 15;
    pub const C_BS: usize = 16;
    pub const BIAS: usize = 17;
    pub const ACT: usize = 18;
    pub const PACKED: usize = 19;
    pub const KC: usize = 20;
    pub const MC: usize = 21;
    pub const NC: usize = 22;
    pub const B_COUNT: usize = 23;
    pub const GEOM: usize = 24;
    /// K chunk of a split-K GEMM (0: off) and its partial-sum buffer `[chunks][M][N]`.
    pub const SPLIT_K: usize = 40;
    pub const PARTIALS: usize = 41;
    /// Done counters of the first two phases (zeroed by the TS side).
    pub const DONE: usize = 42;
}

/// Tasks of phase 1: pack B (all `B_COUNT` matrices) into panels `[panel][K][8]`, up to
/// PACK_GROUP panels over up to PACK_ROWS rows of K each; a dense row-major B is copied row by
/// row across the task's panels, so each source row is read once (not once per panel) and in
/// long runs: narrow groups read a few lines per row at a row stride the hardware prefetcher does
/// not follow, which made packing a 1024x1024 B cost as much as 6% of the GEMM.
const PACK_GROUP: usize = 64;
const PACK_ROWS: usize = 64;

unsafe fn pack_tasks(p: &Params) -> usize {
    let (n, k) = (p.u(at::N), p.u(at::K));
    if k == 0 {
        return 0;
    }
    let kparts = if p.u(at::B_KIND) == 1 { 1 } else { chunks(k, PACK_ROWS) };
    p.u(at::B_COUNT) * chunks(chunks(n, NR), PACK_GROUP) * kparts
}

unsafe fn pack_task(p: &Params, t: usize) {
    let (n, k) = (p.u(at::N), p.u(at::K));
    let panels = chunks(n, NR);
    let packed = p.ptr::<f32>(at::PACKED);
    let per_b = panels * k * NR;
    let groups = chunks(panels, PACK_GROUP);
    let kind = p.u(at::B_KIND);
    // The flipped filter is packed per panel over all of K (it is small).
    let kparts = if kind == 1 { 1 } else { chunks(k, PACK_ROWS) };
    let (bb, rest) = (t / (groups * kparts), t % (groups * kparts));
    let (grp, kp) = (rest / kparts, rest % kparts);
    let b = p.ptr::<f32>(at::B).add(bb * p.u(at::B_BS));
    let (p0, p1) = (grp * PACK_GROUP, ((grp + 1) * PACK_GROUP).min(panels));
    let dst = packed.add(bb * per_b);
    if kind == 1 {
        let g = geom(p, at::GEOM);
        for panel in p0..p1 {
            pack::b_flipped(b, g.kh * g.kw, n, k / (g.kh * g.kw), panel * NR, dst.add(panel * k * NR));
        }
    } else {
        let (k0, k1) = (kp * PACK_ROWS, ((kp + 1) * PACK_ROWS).min(k));
        pack::b_dense_rows(b, p.u(at::B_RS), p.u(at::B_CS), k, n, k0, k1, p0, p1, dst);
    }
}

/// Phase 2: tasks of MC x NC output tiles per batch entry (and per K chunk when split).
unsafe fn compute_tasks(p: &Params) -> usize {
    let (m, n, k) = (p.u(at::M), p.u(at::N), p.u(at::K));
    let split = p.u(at::SPLIT_K);
    let nsplit = if split > 0 { chunks(k, split) } else { 1 };
    p.u(at::BATCH) * nsplit * chunks(m, p.u(at::MC)) * chunks(n, p.u(at::NC))
}

unsafe fn compute_task(p: &Params, tid: u32, t: usize) {
    let (m, n, k) = (p.u(at::M), p.u(at::N), p.u(at::K));
    let (mc_max, nc_max) = (p.u(at::MC), p.u(at::NC));
    let (mb, nb) = (chunks(m, mc_max), chunks(n, nc_max));
    let a_kind = p.u(at::A_KIND);
    let g = geom(p, at::GEOM);
    let split = p.u(at::SPLIT_K);
    let nsplit = if split > 0 { chunks(k, split) } else { 1 };
    let (ldc, act) = if split > 0 { (n, 0) } else { (p.u(at::LDC), p.u(at::ACT) as u32) };
    let bias = if split > 0 { core::ptr::null() } else { p.ptr::<f32>(at::BIAS) as *const f32 };
    let panels = chunks(n, NR);
    let per_b = panels * k * NR;
    let apack = p.scratch(tid) as *mut f32;
    let kc_block = p.u(at::KC).clamp(1, KC_MAX);
    // Implicit im2col read in place (no packing): each output row's K range is taps x channels.
    let taps = g.kh * g.kw;
    // Single-channel images pack their taps with vector loads instead (pack_c1.rs).
    let c1 = a_kind != 0 && g.ic == 1 && (a_kind == 2 || taps <= KC_MAX);
    let indirect = a_kind == 1 && split == 0 && !c1 && g.ic <= KC_MAX && taps <= MAX_TAPS;
    {
        let (bt, rest) = (t / (nsplit * mb * nb), t % (nsplit * mb * nb));
        let (chunk, rest) = (rest / (mb * nb), rest % (mb * nb));
        let (ib, jb) = (rest / nb, rest % nb);
        let (i0, j0) = (ib * mc_max, jb * nc_max);
        let mc = mc_max.min(m - i0);
        let mc_pad = chunks(mc, MR) * MR;
        let nc = nc_max.min(n - j0);
        let a = p.ptr::<f32>(at::A).add(bt * p.u(at::A_BS));
        let bsel = if p.u(at::B_COUNT) > 1 { bt } else { 0 };
        let bpacked = p.ptr::<f32>(at::PACKED).add(bsel * per_b);
        let c = if split > 0 {
            p.ptr::<f32>(at::PARTIALS).add(chunk * m * n)
        } else {
            p.ptr::<f32>(at::C).add(bt * p.u(at::C_BS))
        };
        let (k_lo, k_hi) = if split > 0 { (chunk * split, ((chunk + 1) * split).min(k)) } else { (0, k) };
        if k == 0 {
            let acc = [zero(); 8];
            let mut j = j0;
            while j < j0 + nc {
                let mut i = i0;
                while i < i0 + mc {
                    let bptr = if bias.is_null() { bias } else { bias.add(j) };
                    store(c.add(i * ldc + j), ldc, &acc, MR.min(m - i), NR.min(n - j), true, true, bptr, act);
                    i += MR;
                }
                j += NR;
            }
            return;
        }
        if indirect {
            let mut rows = [[pack::zeros(); 4]; MAX_TAPS];
            let mut ip = 0;
            while ip < mc {
                pack::tap_rows(&g, a, m, i0 + ip, &mut rows[..taps]);
                let nrows = MR.min(mc - ip);
                let mut j = j0;
                while j < j0 + nc {
                    let acc = micro_indirect(&rows[..taps], g.ic, bpacked.add((j / NR) * k * NR));
                    let bptr = if bias.is_null() { bias } else { bias.add(j) };
                    store(c.add((i0 + ip) * ldc + j), ldc, &acc, nrows, NR.min(n - j), true, true, bptr, act);
                    j += NR;
                }
                ip += MR;
            }
            return;
        }
        let mut k0 = k_lo;
        while k0 < k_hi {
            let kc = kc_block.min(k_hi - k0);
            match a_kind {
                1 if c1 => pack_c1::a_im2col_c1(&g, a, m, i0, mc_pad, kc, apack),
                1 => pack::a_im2col(&g, a, m, i0, mc_pad, k0, kc, apack),
                2 if c1 => pack_c1::a_im2col_t_c1(&g, a, m, i0, mc_pad, k0, kc, apack),
                2 => pack::a_im2col_t(&g, a, m, i0, mc_pad, k0, kc, apack),
                _ => pack::a_dense(a, p.u(at::A_RS), p.u(at::A_CS), m, i0, mc_pad, k0, kc, apack),
            }
            let (first, last) = (k0 == k_lo, k0 + kc >= k_hi);
            let mut j = j0;
            while j < j0 + nc {
                let bp = bpacked.add((j / NR) * k * NR + k0 * NR);
                let cols = NR.min(n - j);
                let bptr = if bias.is_null() { bias } else { bias.add(j) };
                panel(kc, apack, mc, bp, c.add(i0 * ldc + j), ldc, cols, first, last, bptr, act);
                j += NR;
            }
            k0 += kc;
        }
    }
}

/// Phase 3 of a split-K GEMM: C = act(sum of the partials in chunk order + bias). Tasks are
/// blocks of SUM_ROWS rows.
const SUM_ROWS: usize = 16;

unsafe fn sum_tasks(p: &Params) -> usize {
    if p.u(at::SPLIT_K) > 0 { chunks(p.u(at::M), SUM_ROWS) } else { 0 }
}

unsafe fn sum_task(p: &Params, t: usize) {
    let (m, n, k, split) = (p.u(at::M), p.u(at::N), p.u(at::K), p.u(at::SPLIT_K));
    let nsplit = chunks(k, split);
    let (c, ldc, act) = (p.ptr::<f32>(at::C), p.u(at::LDC), p.u(at::ACT) as u32);
    let bias = p.ptr::<f32>(at::BIAS) as *const f32;
    let parts = p.ptr::<f32>(at::PARTIALS) as *const f32;
    {
        for i in t * SUM_ROWS..((t + 1) * SUM_ROWS).min(m) {
            let dst = c.add(i * ldc);
            let mut j = 0;
            while j < n {
                let lanes = (n - j).min(4);
                let load = |q: *const f32| {
                    if lanes == 4 {
                        ld(q)
                    } else {
                        let mut t = [0f32; 4];
                        core::ptr::copy_nonoverlapping(q, t.as_mut_ptr(), lanes);
                        ld(t.as_ptr())
                    }
                };
                let mut v = load(parts.add(i * n + j));
                for s in 1..nsplit {
                    v = f32x4_add(v, load(parts.add((s * m + i) * n + j)));
                }
                if !bias.is_null() {
                    v = f32x4_add(v, load(bias.add(j)));
                }
                v = activate(v, act);
                if lanes == 4 {
                    st(dst.add(j), v);
                } else {
                    let mut t = [0f32; 4];
                    st(t.as_mut_ptr(), v);
                    core::ptr::copy_nonoverlapping(t.as_ptr(), dst.add(j), lanes);
                }
                j += 4;
            }
        }
    }
}

/// The whole GEMM in one dispatch: its phases' tasks are numbered one after the other, and a task
/// starts only when every task of the previous phase has finished (a barrier on a done counter),
/// so threads that join late still help and never wait for a phase they could have worked on.
#[no_mangle]
pub unsafe extern "C" fn gemm(p: u32, tid: u32) {
    let p = Params::new(p);
    let counts = [pack_tasks(&p), compute_tasks(&p), sum_tasks(&p)];
    p.phases(&counts, at::DONE, |phase, t| match phase {
        0 => pack_task(&p, t),
        1 => compute_task(&p, tid, t),
        _ => sum_task(&p, t),
    });
}
