//! Binary ops with broadcasting (`Backend.binary`; `where` is in select.rs). Op codes follow `BINARY_CODES`
//! in src/kernels/codes.ts: 0-6 arithmetic, 7-12 comparisons, 13-14 logical.

use crate::index::Walk;
use crate::math::*;
use crate::par::{chunks, Params};
use crate::simd::*;
use crate::unary::CHUNK;

/// A binary op on one element type: a scalar form and, when it has one, a four-lane form.
trait Bin {
    type T: Copy;
    type O: Copy;
    const VEC: bool = false;
    fn s(a: Self::T, b: Self::T) -> Self::O;
    #[inline(always)]
    fn v(_a: v128, _b: v128) -> v128 {
        zero()
    }
}

/// Stores four results of an op whose lanes are 32-bit values or masks.
trait Out: Copy {
    unsafe fn store4(p: *mut Self, v: v128);
}
impl Out for f32 {
    #[inline(always)]
    unsafe fn store4(p: *mut f32, v: v128) {
        st(p, v)
    }
}
impl Out for i32 {
    #[inline(always)]
    unsafe fn store4(p: *mut i32, v: v128) {
        sti(p, v)
    }
}
impl Out for u8 {
    #[inline(always)]
    unsafe fn store4(p: *mut u8, v: v128) {
        store_mask4(p, v)
    }
}

/// One run: `sa`, `sb` are the inner strides (1 contiguous, 0 broadcast, anything else strided).
#[inline(always)]
unsafe fn line<B: Bin>(a: *const B::T, sa: isize, b: *const B::T, sb: isize, o: *mut B::O, n: usize)
where
    B::O: Out,
{
    let mut i = 0;
    if B::VEC && core::mem::size_of::<B::T>() == 4 {
        let (af, bf) = (a as *const f32, b as *const f32);
        match (sa, sb) {
            (1, 1) => {
                while i + 4 <= n {
                    B::O::store4(o.add(i), B::v(ld(af.add(i)), ld(bf.add(i))));
                    i += 4;
                }
            }
            (1, 0) => {
                let bv = splat_ld(bf);
                while i + 4 <= n {
                    B::O::store4(o.add(i), B::v(ld(af.add(i)), bv));
                    i += 4;
                }
            }
            (0, 1) => {
                let av = splat_ld(af);
                while i + 4 <= n {
                    B::O::store4(o.add(i), B::v(av, ld(bf.add(i))));
                    i += 4;
                }
            }
            _ => {}
        }
    }
    while i < n {
        *o.add(i) = B::s(*a.offset(i as isize * sa), *b.offset(i as isize * sb));
        i += 1;
    }
}

unsafe fn run<B: Bin>(p: &Params, w: &Walk, start: usize, end: usize)
where
    B::O: Out,
{
    let (a, b, o) = (p.ptr::<B::T>(2), p.ptr::<B::T>(3), p.ptr::<B::O>(4));
    w.runs::<2>(start, end, |off, inner, pos, len| {
        line::<B>(a.offset(off[0]), inner[0], b.offset(off[1]), inner[1], o.add(pos), len);
    });
}

macro_rules! bin {
    ($name:ident, $t:ty, $o:ty, |$a:ident, $b:ident| $s:expr) => {
        struct $name;
        impl Bin for $name {
            type T = $t;
            type O = $o;
            #[inline(always)]
            fn s($a: $t, $b: $t) -> $o {
                $s
            }
        }
    };
    ($name:ident, $t:ty, $o:ty, |$a:ident, $b:ident| $s:expr, |$va:ident, $vb:ident| $v:expr) => {
        struct $name;
        impl Bin for $name {
            type T = $t;
            type O = $o;
            const VEC: bool = true;
            #[inline(always)]
            fn s($a: $t, $b: $t) -> $o {
                $s
            }
            #[inline(always)]
            fn v($va: v128, $vb: v128) -> v128 {
                $v
            }
        }
    };
}

bin!(AddF, f32, f32, |a, b| a + b, |a, b| f32x4_add(a, b));
bin!(SubF, f32, f32, |a, b| a - b, |a, b| f32x4_sub(a, b));
bin!(MulF, f32, f32, |a, b| a * b, |a, b| f32x4_mul(a, b));
bin!(DivF, f32, f32, |a, b| a / b, |a, b| f32x4_div(a, b));
bin!(PowF, f32, f32, |a, b| pow32(a, b));
bin!(MaxF, f32, f32, |a, b| fmax(a, b), |a, b| f32x4_max(a, b));
bin!(MinF, f32, f32, |a, b| fmin(a, b), |a, b| f32x4_min(a, b));
bin!(EqF, f32, u8, |a, b| (a == b) as u8, |a, b| f32x4_eq(a, b));
bin!(NeF, f32, u8, |a, b| (a != b) as u8, |a, b| f32x4_ne(a, b));
bin!(LtF, f32, u8, |a, b| (a < b) as u8, |a, b| f32x4_lt(a, b));
bin!(LeF, f32, u8, |a, b| (a <= b) as u8, |a, b| f32x4_le(a, b));
bin!(GtF, f32, u8, |a, b| (a > b) as u8, |a, b| f32x4_gt(a, b));
bin!(GeF, f32, u8, |a, b| (a >= b) as u8, |a, b| f32x4_ge(a, b));
bin!(AndF, f32, u8, |a, b| (a != 0.0 && b != 0.0) as u8);
bin!(OrF, f32, u8, |a, b| (a != 0.0 || b != 0.0) as u8);

/// Integer division rounds toward -infinity (floor division, as TensorFlow and NumPy do for
/// ints); dividing by zero gives 0 instead of trapping.
fn floor_div(a: i32, b: i32) -> i32 {
    if b == 0 {
        return 0;
    }
    let q = a.wrapping_div(b);
    if a.wrapping_rem(b) != 0 && ((a < 0) != (b < 0)) {
        q - 1
    } else {
        q
    }
}

bin!(AddI, i32, i32, |a, b| a.wrapping_add(b), |a, b| i32x4_add(a, b));
bin!(SubI, i32, i32, |a, b| a.wrapping_sub(b), |a, b| i32x4_sub(a, b));
bin!(MulI, i32, i32, |a, b| a.wrapping_mul(b), |a, b| i32x4_mul(a, b));
bin!(DivI, i32, i32, |a, b| floor_div(a, b));
bin!(PowI, i32, i32, |a, b| pow_i32(a, b));
bin!(MaxI, i32, i32, |a, b| a.max(b), |a, b| i32x4_max(a, b));
bin!(MinI, i32, i32, |a, b| a.min(b), |a, b| i32x4_min(a, b));
bin!(EqI, i32, u8, |a, b| (a == b) as u8, |a, b| i32x4_eq(a, b));
bin!(NeI, i32, u8, |a, b| (a != b) as u8, |a, b| i32x4_ne(a, b));
bin!(LtI, i32, u8, |a, b| (a < b) as u8, |a, b| i32x4_lt(a, b));
bin!(LeI, i32, u8, |a, b| (a <= b) as u8, |a, b| i32x4_le(a, b));
bin!(GtI, i32, u8, |a, b| (a > b) as u8, |a, b| i32x4_gt(a, b));
bin!(GeI, i32, u8, |a, b| (a >= b) as u8, |a, b| i32x4_ge(a, b));
bin!(AndI, i32, u8, |a, b| (a != 0 && b != 0) as u8);
bin!(OrI, i32, u8, |a, b| (a != 0 || b != 0) as u8);

// Bools are 0/1 bytes; arithmetic on them runs on the integer values and stores `!= 0`.
bin!(AddB, u8, u8, |a, b| ((a as i32 + b as i32) != 0) as u8);
bin!(SubB, u8, u8, |a, b| ((a as i32 - b as i32) != 0) as u8);
bin!(MulB, u8, u8, |a, b| a & b);
bin!(DivB, u8, u8, |a, b| (floor_div(a as i32, b as i32) != 0) as u8);
bin!(PowB, u8, u8, |a, b| (pow_i32(a as i32, b as i32) != 0) as u8);
bin!(MaxB, u8, u8, |a, b| a.max(b));
bin!(MinB, u8, u8, |a, b| a.min(b));
bin!(EqB, u8, u8, |a, b| (a == b) as u8);
bin!(NeB, u8, u8, |a, b| (a != b) as u8);
bin!(LtB, u8, u8, |a, b| (a < b) as u8);
bin!(LeB, u8, u8, |a, b| (a <= b) as u8);
bin!(GtB, u8, u8, |a, b| (a > b) as u8);
bin!(GeB, u8, u8, |a, b| (a >= b) as u8);
bin!(AndB, u8, u8, |a, b| (a != 0 && b != 0) as u8);
bin!(OrB, u8, u8, |a, b| (a != 0 || b != 0) as u8);

/// params: op, dtype of the operands (0 f32, 1 i32, 2 bool), a, b, out, rank, n, then the
/// shape and the stride lists of a and b (see index.rs).
#[no_mangle]
pub unsafe extern "C" fn binary(p: u32, _tid: u32) {
    let p = Params::new(p);
    let (op, dt, rank, n) = (p.u(0), p.u(1), p.u(5), p.u(6));
    let w = Walk::read(&p, rank, 2);
    p.tasks(chunks(n, CHUNK), |t| {
        let (s, e) = (t * CHUNK, ((t + 1) * CHUNK).min(n));
        macro_rules! go {
            ($($code:literal => $f:ident, $i:ident, $b:ident),*) => {
                match (dt, op) {
                    $((0, $code) => run::<$f>(&p, &w, s, e), (1, $code) => run::<$i>(&p, &w, s, e), (_, $code) => run::<$b>(&p, &w, s, e),)*
                    _ => {}
                }
            };
        }
        go!(0 => AddF, AddI, AddB, 1 => SubF, SubI, SubB, 2 => MulF, MulI, MulB, 3 => DivF, DivI, DivB,
            4 => PowF, PowI, PowB, 5 => MaxF, MaxI, MaxB, 6 => MinF, MinI, MinB, 7 => EqF, EqI, EqB,
            8 => NeF, NeI, NeB, 9 => LtF, LtI, LtB, 10 => LeF, LeI, LeB, 11 => GtF, GtI, GtB,
            12 => GeF, GeI, GeB, 13 => AndF, AndI, AndB, 14 => OrF, OrI, OrB);
    });
}
