import type { NetData } from '../page/train-step.js';
import { convDwRef, convGeometry, convRef, poolBackpropRef, poolGeometry, poolRef } from './reference.js';

/** The same network and SGD in float64 loops, gradients derived by hand. */
export function trainReference(d: NetData, steps: number, lr: number) {
  const B = d.batch;
  const conv = convGeometry(B, 8, 8, 1, 4, 3, 3);
  const pool = poolGeometry(B, 6, 6, 4, 2, 2, 2, 2);
  let [w1, b1, w2, b2] = [d.w1, d.b1, d.w2, d.b2].map((a) => Float64Array.from(a));
  const x = Float32Array.from(d.x);
  const losses: number[] = [];
  let firstGrads: number[][] = [];
  for (let step = 0; step < steps; step++) {
    const z = convRef(x, Float32Array.from(w1), conv).map((v, k) => v + b1[k % 4]);
    const r = z.map((v) => Math.max(v, 0));
    const h = poolRef(Float32Array.from(r), pool, 'max');
    const logits = new Float64Array(B * 3);
    for (let b = 0; b < B; b++) for (let j = 0; j < 3; j++) {
      let acc = b2[j];
      for (let k = 0; k < 36; k++) acc += h[b * 36 + k] * w2[k * 3 + j];
      logits[b * 3 + j] = acc;
    }
    let loss = 0;
    const dlogits = new Float64Array(B * 3);
    for (let b = 0; b < B; b++) {
      const row = logits.subarray(b * 3, b * 3 + 3);
      const m = Math.max(...row);
      const s = row.reduce((acc, v) => acc + Math.exp(v - m), 0);
      loss -= row[d.labels[b]] - m - Math.log(s);
      for (let j = 0; j < 3; j++) dlogits[b * 3 + j] = (Math.exp(row[j] - m) / s - +(j === d.labels[b])) / B;
    }
    losses.push(loss / B);
    const gw2 = new Float64Array(108), gb2 = new Float64Array(3), dh = new Float64Array(B * 36);
    for (let b = 0; b < B; b++) for (let j = 0; j < 3; j++) {
      gb2[j] += dlogits[b * 3 + j];
      for (let k = 0; k < 36; k++) { gw2[k * 3 + j] += h[b * 36 + k] * dlogits[b * 3 + j]; dh[b * 36 + k] += w2[k * 3 + j] * dlogits[b * 3 + j]; }
    }
    const dr = poolBackpropRef(Float32Array.from(dh), Float32Array.from(r), pool, 'max');
    const dz = dr.map((v, k) => (z[k] > 0 ? v : 0));
    const gw1 = convDwRef(x, Float32Array.from(dz), conv);
    const gb1 = new Float64Array(4);
    dz.forEach((v, k) => { gb1[k % 4] += v; });
    if (step === 0) firstGrads = [gw1, gb1, gw2, gb2].map((g) => Array.from(g));
    w1 = w1.map((v, k) => v - lr * gw1[k]); b1 = b1.map((v, k) => v - lr * gb1[k]);
    w2 = w2.map((v, k) => v - lr * gw2[k]); b2 = b2.map((v, k) => v - lr * gb2[k]);
  }
  return { losses, firstGrads, finalParams: [w1, b1, w2, b2].map((p) => Array.from(p)) };
}
