//! Walking an N-d index space as contiguous runs of the innermost axis.
//!
//! Operands are described by per-axis element strides (0 for a broadcast axis, negative for a
//! reversed one). The TS side merges adjacent axes first, so the innermost run is as long as
//! possible and ranks stay small.

use crate::par::Params;

pub const MAX_RANK: usize = 16;
/// Argument slots of the shape and of up to four stride lists.
pub const SHAPE_AT: usize = 12;
pub const STRIDES_AT: [usize; 4] = [28, 44, 60, 76];

pub struct Walk {
    pub rank: usize,
    pub shape: [usize; MAX_RANK],
    pub strides: [[isize; MAX_RANK]; 4],
}

impl Walk {
    /// Reads the rank, shape and `n` stride lists from the parameter block.
    pub unsafe fn read(p: &Params, rank: usize, n: usize) -> Walk {
        let mut w = Walk { rank, shape: [1; MAX_RANK], strides: [[0; MAX_RANK]; 4] };
        let shape = p.list(SHAPE_AT);
        for d in 0..rank {
            w.shape[d] = *shape.add(d) as usize;
        }
        for k in 0..n {
            let s = p.list(STRIDES_AT[k]);
            for d in 0..rank {
                w.strides[k][d] = *s.add(d) as isize;
            }
        }
        w
    }

    #[inline(always)]
    pub fn inner(&self) -> usize {
        self.shape[self.rank - 1]
    }

    /// Element offsets of operand `k` for the start of `row` (an index over all axes but the last).
    #[inline(always)]
    pub fn row_offsets<const N: usize>(&self, mut row: usize) -> [isize; N] {
        let mut off = [0isize; N];
        let mut d = self.rank - 1;
        while d > 0 {
            d -= 1;
            let n = self.shape[d];
            let i = row % n;
            row /= n;
            for k in 0..N {
                off[k] += i as isize * self.strides[k][d];
            }
        }
        off
    }

    /// Calls `f(offsets at the run start, inner strides, flat output index, run length)` for each
    /// run of the innermost axis inside the flat output range [start, end).
    #[inline(always)]
    pub fn runs<const N: usize>(&self, start: usize, end: usize, mut f: impl FnMut([isize; N], [isize; N], usize, usize)) {
        let inner = self.inner();
        let mut inner_strides = [0isize; N];
        for k in 0..N {
            inner_strides[k] = self.strides[k][self.rank - 1];
        }
        let mut pos = start;
        while pos < end {
            let row = pos / inner;
            let col = pos % inner;
            let len = (inner - col).min(end - pos);
            let mut off = self.row_offsets::<N>(row);
            for k in 0..N {
                off[k] += col as isize * inner_strides[k];
            }
            f(off, inner_strides, pos, len);
            pos += len;
        }
    }
}
