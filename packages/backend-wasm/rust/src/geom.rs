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
