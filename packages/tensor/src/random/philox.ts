/**
 * Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011): a
 * counter-based generator. Output block = philox(key, counter) with a 64-bit key and a 128-bit
 * counter, so any element of any stream can be computed independently, on any backend, in any
 * order. That is what makes a seed give the same numbers on every backend.
 */

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** Writes the high and low 32 bits of the 64-bit product a*b into out[0], out[1]. */
function mulhilo(a: number, b: number, out: Uint32Array, at: number): void {
  // Split into 16-bit halves: every partial product stays below 2^32, exact in a double.
  const al = a & 0xffff, ah = a >>> 16, bl = b & 0xffff, bh = b >>> 16;
  const ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  out[at] = (hh + Math.floor(lh / 65536) + Math.floor(hl / 65536) + Math.floor(mid / 65536)) >>> 0;
  out[at + 1] = Math.imul(a, b) >>> 0;
}

const scratch = new Uint32Array(4);

/**
 * One Philox4x32-10 block. Writes 4 uint32 words into `out` at `offset`.
 * `c0..c3` is the counter (c0 least significant), `k0, k1` the key.
 */
export function philox4x32(
  k0: number, k1: number, c0: number, c1: number, c2: number, c3: number,
  out: Uint32Array, offset = 0,
): void {
  let x0 = c0 >>> 0, x1 = c1 >>> 0, x2 = c2 >>> 0, x3 = c3 >>> 0;
  let key0 = k0 >>> 0, key1 = k1 >>> 0;
  for (let round = 0; round < 10; round++) {
    if (round > 0) {
      key0 = (key0 + W0) >>> 0;
      key1 = (key1 + W1) >>> 0;
    }
    mulhilo(M0, x0, scratch, 0); // hi0, lo0
    mulhilo(M1, x2, scratch, 2); // hi1, lo1
    const y0 = (scratch[2] ^ x1 ^ key0) >>> 0;
    const y1 = scratch[3];
    const y2 = (scratch[0] ^ x3 ^ key1) >>> 0;
    const y3 = scratch[1];
    x0 = y0; x1 = y1; x2 = y2; x3 = y3;
  }
  out[offset] = x0; out[offset + 1] = x1; out[offset + 2] = x2; out[offset + 3] = x3;
}

/** Streams: the 4th counter word separates distributions so they never share blocks. */
export const STREAM_UNIFORM = 0;
export const STREAM_NORMAL = 1;
export const STREAM_TRUNCATED = 2;
export const STREAM_INTEGER = 3;

const TWO_POW_32 = 4294967296;
const TWO_POW_MINUS_24 = 1 / 16777216;

/** 24 random bits as a float32-exact uniform in [0, 1). */
export function wordToUniform(word: number): number {
  return (word >>> 8) * TWO_POW_MINUS_24;
}

/** Splits a seed (any safe integer) into the two 32-bit key words. */
export function seedToKey(seed: number): [number, number] {
  return [seed >>> 0, Math.floor(seed / TWO_POW_32) >>> 0];
}

function counterWords(block: number): [number, number] {
  return [block >>> 0, Math.floor(block / TWO_POW_32) >>> 0];
}

/**
 * Uniforms in [min, max): element i comes from block `start + floor(i/4)`, word `i % 4`, of
 * the uniform stream.
 */
export function philoxUniform(key: readonly [number, number], start: number, n: number,
  min = 0, max = 1, out = new Float32Array(n)): Float32Array {
  const words = new Uint32Array(4);
  const span = max - min;
  for (let i = 0; i < n; i += 4) {
    const [c0, c1] = counterWords(start + i / 4);
    philox4x32(key[0], key[1], c0, c1, 0, STREAM_UNIFORM, words);
    const m = Math.min(4, n - i);
    for (let j = 0; j < m; j++) out[i + j] = min + wordToUniform(words[j]) * span;
  }
  return out;
}

/** Box-Muller on two words: u1 in (0, 1] so the log is finite. */
function boxMuller(w0: number, w1: number, sine: boolean): number {
  const u1 = ((w0 >>> 8) + 1) * TWO_POW_MINUS_24;
  const u2 = (w1 >>> 8) * TWO_POW_MINUS_24;
  const r = Math.sqrt(-2 * Math.log(u1));
  const theta = 2 * Math.PI * u2;
  return sine ? r * Math.sin(theta) : r * Math.cos(theta);
}

/**
 * Normals: elements 2k and 2k+1 are the cosine and sine halves of one Box-Muller pair drawn from
 * block `start + k` of the normal stream.
 */
export function philoxNormal(key: readonly [number, number], start: number, n: number,
  mean = 0, stddev = 1, out = new Float32Array(n)): Float32Array {
  const words = new Uint32Array(4);
  for (let i = 0; i < n; i += 2) {
    const [c0, c1] = counterWords(start + i / 2);
    philox4x32(key[0], key[1], c0, c1, 0, STREAM_NORMAL, words);
    out[i] = mean + stddev * boxMuller(words[0], words[1], false);
    if (i + 1 < n) out[i + 1] = mean + stddev * boxMuller(words[0], words[1], true);
  }
  return out;
}

/** Attempts before giving up on one truncated-normal element; 0.0455^64 never happens. */
const MAX_ATTEMPTS = 64;

/**
 * Normals truncated to |z| <= 2 standard deviations (TensorFlow's truncated_normal): element i
 * tries counters (start + i, attempt) of the truncated stream until a draw lands inside.
 */
export function philoxTruncatedNormal(key: readonly [number, number], start: number, n: number,
  mean = 0, stddev = 1, out = new Float32Array(n)): Float32Array {
  const words = new Uint32Array(4);
  for (let i = 0; i < n; i++) {
    const [c0, c1] = counterWords(start + i);
    let z = 0;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      philox4x32(key[0], key[1], c0, c1, attempt, STREAM_TRUNCATED, words);
      const candidate = boxMuller(words[0], words[1], false);
      if (Math.abs(candidate) <= 2) { z = candidate; break; }
    }
    out[i] = mean + stddev * z;
  }
  return out;
}

/** Blocks of the counter space a draw of n elements uses, per distribution. */
export function blocksUsed(kind: 'uniform' | 'normal' | 'truncatedNormal' | 'integer', n: number): number {
  switch (kind) {
    case 'uniform': return Math.ceil(n / 4);
    case 'normal': return Math.ceil(n / 2);
    case 'truncatedNormal': return n;
    case 'integer': return Math.ceil(n / 4);
  }
}

/** Raw uint32 words of the integer stream (shuffles, sampling with replacement). */
export function philoxWords(key: readonly [number, number], start: number, n: number): Uint32Array {
  const out = new Uint32Array(Math.ceil(n / 4) * 4);
  for (let i = 0; i < n; i += 4) {
    const [c0, c1] = counterWords(start + i / 4);
    philox4x32(key[0], key[1], c0, c1, 0, STREAM_INTEGER, out, i);
  }
  return out.subarray(0, n);
}
