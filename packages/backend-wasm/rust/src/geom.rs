//! The convolution / pooling geometry the TS side writes at argument slot 24 (batch, input
//! height, width and channels, output height and width, kernel, strides, dilations, pads).

use crate::par::Params;

/// Convolution geometry of an implicit im2col operand.
pub struct Geom {
    pub ih: usize,
    pub iw: usize,
    pub ic: usize,
    pub oh: usize,
    pub ow: usize,
    pub kh: usize,
    pub kw: usize,
    pub sh: usize,
    pub sw: usize,
    pub dh: usize,
    pub dw: usize,
    pub pt: isize,
    pub pl: isize,
}

pub unsafe fn geom(p: &Params, at: usize) -> Geom {
    Geom {
        ih: p.u(at + 1),
        iw: p.u(at + 2),
        ic: p.u(at + 3),
        oh: p.u(at + 4),
        ow: p.u(at + 5),
        kh: p.u(at + 6),
        kw: p.u(at + 7),
        sh: p.u(at + 8),
        sw: p.u(at + 9),
        dh: p.u(at + 10),
        dw: p.u(at + 11),
        pt: p.i(at + 12),
        pl: p.i(at + 13),
    }
}

impl Geom {
    /// Calls `f(k, pixel)` for each of the `side` x `side` input pixels under a Winograd patch
    /// whose top-left output position is (oy, ox) in image n, with k = side * row + column and
    /// `pixel` the input pixel's index; pixels in the padding are skipped.
    #[inline(always)]
    pub fn patch(&self, n: usize, oy: usize, ox: usize, side: usize, mut f: impl FnMut(usize, usize)) {
        for r in 0..side {
            let iy = (oy + r) as isize - self.pt;
            if iy < 0 || iy >= self.ih as isize {
                continue;
            }
            let row = (n * self.ih + iy as usize) * self.iw;
            for q in 0..side {
                let ix = (ox + q) as isize - self.pl;
                if ix >= 0 && ix < self.iw as isize {
                    f(side * r + q, row + ix as usize);
                }
            }
        }
    }

    /// Calls `f(k, pixel)` for each of the `side` x `side` output pixels of a tile at (oy, ox)
    /// in image n that lie inside the output (k = side * row + column).
    #[inline(always)]
    pub fn tile(&self, n: usize, oy: usize, ox: usize, side: usize, mut f: impl FnMut(usize, usize)) {
        for k in 0..side * side {
            let (yy, xx) = (oy + k / side, ox + k % side);
            if yy < self.oh && xx < self.ow {
                f(k, (n * self.oh + yy) * self.ow + xx);
            }
        }
    }
}
