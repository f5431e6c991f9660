//! Thin wrappers over `core::arch::wasm32` that read better in the kernels.

pub use core::arch::wasm32::*;

#[inline(always)]
pub unsafe fn ld(p: *const f32) -> v128 {
    v128_load(p as *const v128)
}
#[inline(always)]
pub unsafe fn st(p: *mut f32, v: v128) {
    v128_store(p as *mut v128, v)
}
#[inline(always)]
pub unsafe fn sti(p: *mut i32, v: v128) {
    v128_store(p as *mut v128, v)
}
#[inline(always)]
pub unsafe fn splat_ld(p: *const f32) -> v128 {
    v128_load32_splat(p as *const u32)
}
#[inline(always)]
pub fn splat(x: f32) -> v128 {
    f32x4_splat(x)
}
#[inline(always)]
pub fn zero() -> v128 {
    f32x4_splat(0.0)
}

/// Writes the low lane of each 32-bit mask lane as one byte (0 or 1) at `p`.
#[inline(always)]
pub unsafe fn store_mask4(p: *mut u8, mask: v128) {
    let ones = v128_and(mask, i32x4_splat(1));
    let h = i16x8_narrow_i32x4(ones, ones);
    let b = u8x16_narrow_i16x8(h, h);
    v128_store32_lane::<0>(b, p as *mut u32);
}

/// Loads 4 bytes and widens them to four i32 lanes.
#[inline(always)]
pub unsafe fn load_bytes4(p: *const u8) -> v128 {
    let v = v128_load32_zero(p as *const u32);
    u32x4_extend_low_u16x8(u16x8_extend_low_u8x16(v))
}

/// 4x4 transpose of 32-bit lanes.
#[inline(always)]
pub fn transpose4(r0: v128, r1: v128, r2: v128, r3: v128) -> (v128, v128, v128, v128) {
    let t0 = i32x4_shuffle::<0, 4, 1, 5>(r0, r1);
    let t1 = i32x4_shuffle::<2, 6, 3, 7>(r0, r1);
    let t2 = i32x4_shuffle::<0, 4, 1, 5>(r2, r3);
    let t3 = i32x4_shuffle::<2, 6, 3, 7>(r2, r3);
    (
        i32x4_shuffle::<0, 1, 4, 5>(t0, t2),
        i32x4_shuffle::<2, 3, 6, 7>(t0, t2),
        i32x4_shuffle::<0, 1, 4, 5>(t1, t3),
        i32x4_shuffle::<2, 3, 6, 7>(t1, t3),
    )
}

/// Sum of the four lanes in a fixed order ((l0 + l2) + (l1 + l3)).
#[inline(always)]
pub fn hsum(v: v128) -> f32 {
    let s = f32x4_add(v, i32x4_shuffle::<2, 3, 0, 1>(v, v));
    f32x4_extract_lane::<0>(s) + f32x4_extract_lane::<1>(s)
}
#[inline(always)]
pub fn hmax(v: v128) -> f32 {
    let s = f32x4_max(v, i32x4_shuffle::<2, 3, 0, 1>(v, v));
    let a = f32x4_extract_lane::<0>(s);
    let b = f32x4_extract_lane::<1>(s);
    crate::math::fmax(a, b)
}
