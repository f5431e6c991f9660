//! Philox4x32-10, bit-identical to packages/tensor/src/random/philox.ts.

use crate::par::{chunks, Params};
use crate::unary::CHUNK;

const M0: u64 = 0xd251_1f53;
const M1: u64 = 0xcd9e_8d57;
const W0: u32 = 0x9e37_79b9;
const W1: u32 = 0xbb67_ae85;

pub fn philox(key: [u32; 2], ctr: [u32; 4]) -> [u32; 4] {
    let [mut x0, mut x1, mut x2, mut x3] = ctr;
    let [mut k0, mut k1] = key;
    for round in 0..10 {
        if round > 0 {
            k0 = k0.wrapping_add(W0);
            k1 = k1.wrapping_add(W1);
        }
        let p0 = M0 * x0 as u64;
        let p1 = M1 * x2 as u64;
        let (hi0, lo0) = ((p0 >> 32) as u32, p0 as u32);
        let (hi1, lo1) = ((p1 >> 32) as u32, p1 as u32);
        x0 = hi1 ^ x1 ^ k0;
        x1 = lo1;
        x2 = hi0 ^ x3 ^ k1;
        x3 = lo0;
    }
    [x0, x1, x2, x3]
}

/// 128-bit counter + block (c0 least significant). Written with 32-bit carries: i128 shifts would
/// pull in compiler_builtins, which the threaded build cannot link.
fn advance(c: [u32; 4], block: u64) -> [u32; 4] {
    let mut out = [0u32; 4];
    let mut carry = 0u64;
    let add = [block as u32, (block >> 32) as u32, 0, 0];
    for i in 0..4 {
        let s = c[i] as u64 + add[i] as u64 + carry;
        out[i] = s as u32;
        carry = s >> 32;
    }
    out
}

/// params: out, n, key0, key1, counter0..3. Element i = (philox(key, counter + i/4)[i%4] >> 8) * 2^-24.
#[no_mangle]
pub unsafe extern "C" fn random_uniform(p: u32, _tid: u32) {
    let p = Params::new(p);
    let (out, n) = (p.ptr::<f32>(0), p.u(1));
    let key = [p.u(2) as u32, p.u(3) as u32];
    let ctr = [p.u(4) as u32, p.u(5) as u32, p.u(6) as u32, p.u(7) as u32];
    p.tasks(chunks(n, CHUNK), |t| {
        let s = t * CHUNK;
        let e = (s + CHUNK).min(n);
        let mut i = s;
        while i < e {
            let w = philox(key, advance(ctr, (i / 4) as u64));
            for j in 0..4.min(e - i) {
                *out.add(i + j) = (w[j] >> 8) as f32 * (1.0 / 16_777_216.0);
            }
            i += 4;
        }
    });
}
