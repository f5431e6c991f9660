//! Compute kernels of `@tessera/backend-wasm`.
//!
//! Every export takes `(params, tid)`: `params` is the byte offset of a block of u32 words the
//! TypeScript side filled in (see `par.rs` for the shared header), `tid` the calling thread's
//! index. Kernels never allocate: buffers, scratch space and stacks all belong to the TS arena.
//! The crate is `no_std` because the threaded build (`+atomics,+bulk-memory`, imported shared
//! memory) cannot link Rust's prebuilt `std` for wasm32.
#![no_std]

mod conv;
mod depthwise;
mod depthwise_grad;
mod elementwise;
mod filter_grad_c1;
mod fused;
mod gemm;
mod geom;
mod index;
mod math;
mod micro;
mod pack;
mod pack_c1;
mod par;
mod pool;
mod pool_grad;
mod pool_tiled;
mod random;
mod reduce;
mod select;
mod simd;
mod softmax_xent;
mod strided;
mod train;
mod unary;
mod winograd;
mod winograd4;
mod winograd4_dw;
mod winograd_dw;
mod vmath;

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
