//! The parameter block shared by every kernel and the task loop that splits work over threads.
//!
//! Word 0 is the task counter (zeroed by the TS side before each dispatch), words 1 and 2 the
//! scratch base and per-thread scratch stride in bytes, word 3 is reserved, and kernel arguments
//! start at word `ARG`. Work is cut into tasks whose boundaries never depend on the
//! number of threads, and every output element is produced by exactly one task, so results are
//! bit-identical for any thread count; which thread takes which task does not matter.

use core::sync::atomic::{AtomicU32, Ordering};

pub const ARG: usize = 4;

#[derive(Clone, Copy)]
pub struct Params(*mut u32);

impl Params {
    #[inline(always)]
    pub unsafe fn new(p: u32) -> Params {
        Params(p as usize as *mut u32)
    }
    /// Kernel argument `i` as an unsigned size or offset.
    #[inline(always)]
    pub unsafe fn u(&self, i: usize) -> usize {
        *self.0.add(ARG + i) as usize
    }
    /// Kernel argument `i` as a signed integer (pads, strides).
    #[inline(always)]
    pub unsafe fn i(&self, i: usize) -> isize {
        *self.0.add(ARG + i) as i32 as isize
    }
    #[inline(always)]
    pub unsafe fn f(&self, i: usize) -> f32 {
        f32::from_bits(*self.0.add(ARG + i))
    }
    #[inline(always)]
    pub unsafe fn ptr<T>(&self, i: usize) -> *mut T {
        *self.0.add(ARG + i) as usize as *mut T
    }
    /// A list of `n` signed words starting at argument `i`.
    #[inline(always)]
    pub unsafe fn list(&self, i: usize) -> *const i32 {
        self.0.add(ARG + i) as *const i32
    }
    /// This thread's private scratch area.
    #[inline(always)]
    pub unsafe fn scratch(&self, tid: u32) -> *mut u8 {
        let base = *self.0.add(1) as usize;
        let stride = *self.0.add(2) as usize;
        (base + stride * tid as usize) as *mut u8
    }
    #[inline(always)]
    unsafe fn next(&self) -> usize {
        (*(self.0 as *const AtomicU32)).fetch_add(1, Ordering::Relaxed) as usize
    }
    /// Runs `f(t)` for tasks `t` in `0..n` that this thread claims.
    #[inline(always)]
    pub unsafe fn tasks(&self, n: usize, mut f: impl FnMut(usize)) {
        loop {
            let t = self.next();
            if t >= n {
                break;
            }
            f(t);
        }
    }
}

impl Params {
    /// A dispatch of several phases: `counts[i]` tasks of phase i, numbered after those of the
    /// earlier phases and taken from the one task counter. A task of phase i > 0 waits until all
    /// of phase i - 1 are done; done counts live at argument words `done..done + counts.len() - 1`.
    /// Every claimed task of an earlier phase is already running, so the wait always ends.
    #[inline(always)]
    pub unsafe fn phases(&self, counts: &[usize], done: usize, mut f: impl FnMut(usize, usize)) {
        let total: usize = counts.iter().sum();
        loop {
            let mut t = self.next();
            if t >= total {
                break;
            }
            let mut phase = 0;
            while t >= counts[phase] {
                t -= counts[phase];
                phase += 1;
            }
            if phase > 0 {
                let prev = &*(self.0.add(ARG + done + phase - 1) as *const AtomicU32);
                while (prev.load(Ordering::Acquire) as usize) < counts[phase - 1] {
                    core::hint::spin_loop();
                }
            }
            f(phase, t);
            if phase + 1 < counts.len() {
                (*(self.0.add(ARG + done + phase) as *const AtomicU32)).fetch_add(1, Ordering::Release);
            }
        }
    }
}

/// Number of tasks of `chunk` items covering `n` items.
#[inline(always)]
pub fn chunks(n: usize, chunk: usize) -> usize {
    (n + chunk - 1) / chunk
}
