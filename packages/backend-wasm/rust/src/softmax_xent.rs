//! Softmax cross-entropy of integer labels on logits: a classifier's loss and its gradient with
//! respect to the logits in one pass per row, instead of the log-softmax, one-hot product, sums
//! and softmax of the composed loss and its backward (about ten kernel calls per training step).

use crate::fused::{exp_sum, row_max};
use crate::math::log64;
use crate::par::Params;
use crate::simd::*;

/// params: logits, labels (i32), loss (one f32), grad (0: none), rows, classes, f32 scale,
/// accuracy (one f32; 0: none).
/// `loss = scale * sum over rows of (m + log(sum(exp(z - m))) - z[label])`, summed in f64 in
/// row order; `grad = scale * (exp(z - m) / sum - oneHot(label))`. A label outside the classes
/// adds nothing and gets a zero row. `accuracy` = (rows whose first arg-max is the label) / rows,
/// in f32 like the core's mean of the comparison. Runs on the calling thread alone: the logits
/// of a batch are small next to the layers that made them, and the loss cannot depend on a
/// task split.
#[no_mangle]
pub unsafe extern "C" fn softmax_xent(p: u32, _tid: u32) {
    let p = Params::new(p);
    let (z, labels, loss, grad) = (p.ptr::<f32>(0), p.ptr::<i32>(1), p.ptr::<f32>(2), p.ptr::<f32>(3));
    let (rows, n, scale, accuracy) = (p.u(4), p.u(5), p.f(6), p.ptr::<f32>(7));
    let mut total = 0f64;
    let mut hits = 0u32;
    for r in 0..rows {
        let zr = z.add(r * n);
        let label = *labels.add(r);
        let valid = label >= 0 && (label as usize) < n;
        let m = row_max(zr, n);
        if !accuracy.is_null() && valid {
            // The first arg-max, as the core's argmax picks among tied maxima.
            let mut first = 0;
            while first < n && *zr.add(first) != m {
                first += 1;
            }
            if first == label as usize {
                hits += 1;
            }
        }
        // The exps go straight into the gradient row, which is then scaled in place.
        let g = if grad.is_null() { grad } else { grad.add(r * n) };
        let sum = exp_sum(zr, n, m, g);
        if valid {
            total += m as f64 + log64(sum as f64) - *zr.add(label as usize) as f64;
        }
        if g.is_null() {
            continue;
        }
        let k = splat(if valid { scale / sum } else { 0.0 });
        let mut i = 0;
        while i + 4 <= n {
            st(g.add(i), f32x4_mul(ld(g.add(i)), k));
            i += 4;
        }
        while i < n {
            *g.add(i) = f32x4_extract_lane::<0>(f32x4_mul(splat(*g.add(i)), k));
            i += 1;
        }
        if valid {
            *g.add(label as usize) -= scale;
        }
    }
    *loss = (total * scale as f64) as f32;
    if !accuracy.is_null() {
        *accuracy = hits as f32 / rows as f32;
    }
}
