import { ENGINE } from '../engine.js';
import { fail } from '../errors.js';
import { fromBuffer } from '../op.js';
import { assertShape, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import type { DType } from '../dtype.js';
import { fromTypedArray } from '../creation.js';
import {
  STREAM_UNIFORM, blocksUsed, philoxNormal, philoxTruncatedNormal, philoxUniform, philoxWords, seedToKey,
} from './philox.js';

/** A generator's position, enough to resume a run with exactly the same numbers. */
export interface GeneratorState {
  readonly seed: number;
  /** Counter blocks used so far. */
  readonly offset: number;
}

export interface UniformOptions {
  readonly minval?: number;
  readonly maxval?: number;
  /** float32 (default) or int32 (integers in [minval, maxval)). */
  readonly dtype?: DType;
}

export interface NormalOptions {
  readonly mean?: number;
  readonly stddev?: number;
}

function checkSeed(op: string, seed: number): void {
  if (!Number.isSafeInteger(seed)) fail(op, `seed must be a safe integer, got ${seed}`);
}

/**
 * A seeded stream of random numbers over the Philox counter space. Each draw takes the next
 * unused counter blocks, so the numbers depend only on the seed and the order of draws, never
 * on the backend. Host-side draws (`uniformValues`, `permutation`) come from the same stream.
 *
 * ```ts
 * const g = new Generator(42);
 * const w = g.normal([3, 4], { stddev: 0.1 });
 * const order = g.permutation(10);
 * ```
 */
export class Generator {
  readonly seed: number;
  private readonly key: [number, number];
  private offset = 0;

  constructor(seed: number) {
    checkSeed('Generator', seed);
    this.seed = seed;
    this.key = seedToKey(seed);
  }

  static fromState(state: GeneratorState): Generator {
    const g = new Generator(state.seed);
    g.state = state;
    return g;
  }

  get state(): GeneratorState {
    return { seed: this.seed, offset: this.offset };
  }

  set state(state: GeneratorState) {
    if (state.seed !== this.seed) fail('Generator', `state belongs to seed ${state.seed}, not ${this.seed}`);
    if (!Number.isSafeInteger(state.offset) || state.offset < 0) fail('Generator', `invalid state offset ${state.offset}`);
    this.offset = state.offset;
  }

  private take(blocks: number): number {
    const start = this.offset;
    this.offset += blocks;
    return start;
  }

  /** Float32 uniforms in [minval, maxval) on the host. */
  uniformValues(n: number, minval = 0, maxval = 1): Float32Array {
    return philoxUniform(this.key, this.take(blocksUsed('uniform', n)), n, minval, maxval);
  }

  normalValues(n: number, mean = 0, stddev = 1): Float32Array {
    return philoxNormal(this.key, this.take(blocksUsed('normal', n)), n, mean, stddev);
  }

  /** Integers in [0, maxExclusive) (max < 2^31). */
  randomInts(n: number, maxExclusive: number): Int32Array {
    if (!Number.isInteger(maxExclusive) || maxExclusive < 1 || maxExclusive > 2 ** 31) fail('randomInts', `maxExclusive must be an integer in [1, 2^31], got ${maxExclusive}`);
    const words = philoxWords(this.key, this.take(blocksUsed('integer', n)), n);
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = Math.floor((words[i] / 4294967296) * maxExclusive);
    return out;
  }

  /** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
  permutation(n: number): Int32Array {
    if (!Number.isInteger(n) || n < 0) fail('permutation', `n must be a non-negative integer, got ${n}`);
    const words = philoxWords(this.key, this.take(blocksUsed('integer', n)), n);
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor((words[i] / 4294967296) * (i + 1));
      const t = out[i]; out[i] = out[j]; out[j] = t;
    }
    return out;
  }

  /** A new generator whose seed is drawn from this one (for independent sub-streams). */
  fork(): Generator {
    const words = philoxWords(this.key, this.take(1), 2);
    return new Generator((words[0] % 2097152) * 4294967296 + words[1]);
  }

  uniform(shape: readonly number[], options: UniformOptions = {}): Tensor {
    const op = 'uniform';
    const s = assertShape(op, shape);
    const minval = options.minval ?? 0, maxval = options.maxval ?? 1;
    const dtype = options.dtype ?? 'float32';
    if (!Number.isFinite(minval) || !Number.isFinite(maxval) || minval >= maxval) {
      fail(op, `needs finite minval < maxval, got ${minval} and ${maxval}`);
    }
    const n = sizeOf(s);
    if (dtype === 'int32') {
      if (!Number.isInteger(minval) || !Number.isInteger(maxval)) fail(op, `int32 bounds must be integers, got ${minval} and ${maxval}`);
      const ints = this.randomInts(n, maxval - minval);
      for (let i = 0; i < n; i++) ints[i] += minval;
      return fromTypedArray(ints, s, 'int32');
    }
    if (dtype !== 'float32') fail(op, `dtype must be float32 or int32, got ${dtype}`);
    const backend = ENGINE.backend();
    if (backend.randomUniform && minval === 0 && maxval === 1) {
      // [0, 1) needs no affine step, so a backend kernel gives exactly the host's numbers.
      const start = this.take(blocksUsed('uniform', n));
      const counter = [start >>> 0, Math.floor(start / 4294967296) >>> 0, 0, STREAM_UNIFORM] as const;
      return fromBuffer(backend.randomUniform(n, this.key, counter), s, 'float32', backend);
    }
    return fromTypedArray(this.uniformValues(n, minval, maxval), s, 'float32');
  }

  normal(shape: readonly number[], options: NormalOptions = {}): Tensor {
    const s = assertShape('normal', shape);
    const { mean = 0, stddev = 1 } = options;
    if (!Number.isFinite(mean) || !(stddev >= 0)) fail('normal', `needs a finite mean and stddev >= 0, got ${mean} and ${stddev}`);
    return fromTypedArray(this.normalValues(sizeOf(s), mean, stddev), s, 'float32');
  }

  /** Normals re-drawn until within 2 standard deviations (tf.random.truncated_normal). */
  truncatedNormal(shape: readonly number[], options: NormalOptions = {}): Tensor {
    const s = assertShape('truncatedNormal', shape);
    const { mean = 0, stddev = 1 } = options;
    if (!Number.isFinite(mean) || !(stddev >= 0)) fail('truncatedNormal', `needs a finite mean and stddev >= 0, got ${mean} and ${stddev}`);
    const n = sizeOf(s);
    return fromTypedArray(philoxTruncatedNormal(this.key, this.take(blocksUsed('truncatedNormal', n)), n, mean, stddev), s, 'float32');
  }
}

const GLOBAL = Symbol.for('tessera.generator');
type GlobalHolder = Record<symbol, Generator | undefined>;

/** The process-wide generator used when no seed is given; `setSeed` makes it reproducible. */
export function globalGenerator(): Generator {
  const g = globalThis as unknown as GlobalHolder;
  g[GLOBAL] ??= new Generator(Math.floor(Math.random() * 2 ** 32));
  return g[GLOBAL]!;
}

/** Reseeds the global generator (like torch.manual_seed). */
export function setSeed(seed: number): void {
  checkSeed('setSeed', seed);
  (globalThis as unknown as GlobalHolder)[GLOBAL] = new Generator(seed);
}

const pick = (seed: number | undefined) => (seed === undefined ? globalGenerator() : new Generator(seed));

/**
 * Uniform random tensor. With a seed the result is the same on every call and every backend;
 * without one it comes from the global generator.
 *
 * ```ts
 * uniform([2, 3], { minval: -1, maxval: 1, seed: 7 });
 * ```
 */
export function uniform(shape: readonly number[], options: UniformOptions & { seed?: number } = {}): Tensor {
  return pick(options.seed).uniform(shape, options);
}

/** Normal random tensor (Box-Muller on the Philox stream). */
export function normal(shape: readonly number[], options: NormalOptions & { seed?: number } = {}): Tensor {
  return pick(options.seed).normal(shape, options);
}

/** Normal random tensor truncated at two standard deviations. */
export function truncatedNormal(shape: readonly number[], options: NormalOptions & { seed?: number } = {}): Tensor {
  return pick(options.seed).truncatedNormal(shape, options);
}
