/** C Q for a symmetric [d, d] matrix C and a row-major [d, l] block Q. */
export function symmetricTimes(c: Float64Array, d: number, q: Float64Array, l: number): Float64Array {
  const out = new Float64Array(d * l);
  for (let i = 0; i < d; i++) {
    const oi = i * l;
    for (let j = 0; j < d; j++) {
      const cij = c[i * d + j];
      if (cij === 0) continue;
      const qj = j * l;
      for (let a = 0; a < l; a++) out[oi + a] += cij * q[qj + a];
    }
  }
  return out;
}

/** Orthonormal columns spanning those of a row-major [d, l] block (modified Gram-Schmidt, twice). */
export function orthonormalize(q: Float64Array, d: number, l: number): Float64Array {
  for (let pass = 0; pass < 2; pass++) {
    for (let a = 0; a < l; a++) {
      for (let b = 0; b < a; b++) {
        let dot = 0;
        for (let i = 0; i < d; i++) dot += q[i * l + a] * q[i * l + b];
        for (let i = 0; i < d; i++) q[i * l + a] -= dot * q[i * l + b];
      }
      let norm = 0;
      for (let i = 0; i < d; i++) norm += q[i * l + a] ** 2;
      norm = Math.sqrt(norm);
      // A direction that vanished (rank-deficient input) is replaced by a coordinate axis orthogonalized next pass.
      if (norm < 1e-300) { for (let i = 0; i < d; i++) q[i * l + a] = i === a % d ? 1 : 0; continue; }
      for (let i = 0; i < d; i++) q[i * l + a] /= norm;
    }
  }
  return q;
}
