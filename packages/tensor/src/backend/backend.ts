import type { DType, TypedArray } from '../dtype.js';

/**
 * What a backend receives for each operand: its buffer plus the shape and dtype the core
 * tracks. Buffers are always dense, row-major and contiguous; views (reshape) share a buffer.
 */
export interface TensorInfo<B extends object = object> {
  readonly buffer: B;
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly size: number;
}

/** Elementwise functions of one operand. Output shape = input shape. */
export type UnaryOp =
  | 'neg' | 'abs' | 'sign' | 'square' | 'reciprocal'
  | 'exp' | 'expm1' | 'log' | 'log1p' | 'sqrt' | 'rsqrt'
  | 'sin' | 'cos' | 'tanh' | 'sigmoid' | 'erf'
  | 'floor' | 'ceil' | 'round' | 'relu'
  | 'logicalNot';

export const UNARY_OPS: readonly UnaryOp[] = [
  'neg', 'abs', 'sign', 'square', 'reciprocal',
  'exp', 'expm1', 'log', 'log1p', 'sqrt', 'rsqrt',
  'sin', 'cos', 'tanh', 'sigmoid', 'erf',
  'floor', 'ceil', 'round', 'relu',
  'logicalNot',
];

/** Arithmetic binary ops; both operands arrive with the output dtype. */
export type ArithmeticOp = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum';
/** Comparison and logical ops; operands share one dtype, the output is `bool`. */
export type CompareOp = 'equal' | 'notEqual' | 'less' | 'lessEqual' | 'greater' | 'greaterEqual' | 'logicalAnd' | 'logicalOr';
export type BinaryOp = ArithmeticOp | CompareOp;

export const BINARY_OPS: readonly BinaryOp[] = [
  'add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum',
  'equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual', 'logicalAnd', 'logicalOr',
];

export type ReduceOp = 'sum' | 'prod' | 'max' | 'min';
export type ArgReduceOp = 'argmax' | 'argmin';

/**
 * Reductions see their input as `[outer, reduce, inner]` (the core merges adjacent axes and
 * transposes first when the reduced axes are not adjacent). Output: `[outer, inner]`.
 */
export interface ReduceLayout {
  readonly outer: number;
  readonly reduce: number;
  readonly inner: number;
}

/** Activations that fused kernels can apply to their result. */
export type FusedActivation = 'linear' | 'relu' | 'relu6' | 'sigmoid' | 'tanh';

/**
 * Geometry of a 2-D convolution, fully resolved by the core (NHWC input, HWIO filter).
 * `pad*` are the zero-padding amounts before/after each spatial axis.
 */
export interface Conv2DInfo {
  readonly batch: number;
  readonly inHeight: number;
  readonly inWidth: number;
  readonly inChannels: number;
  readonly outHeight: number;
  readonly outWidth: number;
  /** conv2d: filter out channels; depthwise: inChannels * channelMultiplier. */
  readonly outChannels: number;
  readonly filterHeight: number;
  readonly filterWidth: number;
  readonly strideHeight: number;
  readonly strideWidth: number;
  readonly dilationHeight: number;
  readonly dilationWidth: number;
  readonly padTop: number;
  readonly padBottom: number;
  readonly padLeft: number;
  readonly padRight: number;
  /** Only meaningful for depthwise convolution (1 for conv2d). */
  readonly channelMultiplier: number;
}

/** Geometry of a 2-D pooling window (NHWC), resolved by the core. */
export interface Pool2DInfo {
  readonly batch: number;
  readonly inHeight: number;
  readonly inWidth: number;
  readonly channels: number;
  readonly outHeight: number;
  readonly outWidth: number;
  readonly windowHeight: number;
  readonly windowWidth: number;
  readonly strideHeight: number;
  readonly strideWidth: number;
  readonly padTop: number;
  readonly padBottom: number;
  readonly padLeft: number;
  readonly padRight: number;
}

/**
 * Scalars of one Adam step at step t (1-based), as the optimizer computes them:
 * `stepSize = lr / (1 - beta1^t)`, `correction2 = sqrt(1 - beta2^t)`.
 */
export interface AdamStepOptions {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly stepSize: number;
  readonly correction2: number;
}

/** The buffers `softmaxCrossEntropy` returns: the scalar loss and, when asked for, the gradient and the accuracy. */
export interface SoftmaxCrossEntropyResult<B extends object = object> {
  readonly loss: B;
  readonly grad: B | null;
  readonly accuracy: B | null;
}

/** The new buffers of one Adam step (`vmax` only for AMSGrad). */
export interface AdamStepResult<B extends object = object> {
  readonly param: B;
  readonly m: B;
  readonly v: B;
  readonly vmax: B | null;
}

export interface MatmulKernelOptions {
  readonly transposeA: boolean;
  readonly transposeB: boolean;
}

/**
 * The primitives a backend implements. The core validates every argument (shapes, dtypes,
 * axes, attributes) before calling any of these, so a backend may assume well-formed input.
 * Every method that returns `B` returns a NEW buffer owned by the caller; inputs are never
 * modified. Optional methods are fused kernels: the core has a reference decomposition for
 * each and uses it when the backend does not provide the method.
 *
 * Dtype rules the core guarantees: `binary` arithmetic ops receive both operands in the
 * output dtype, never bool (the core promotes bool to int32), and `div` only float32 (true
 * division); comparison/logical ops receive operands of one shared dtype and return `bool`.
 * `unary` returns the input dtype except `logicalNot` (bool); the real-valued functions (exp,
 * expm1, log, log1p, sqrt, rsqrt, sin, cos, tanh, sigmoid, erf, reciprocal) only ever receive
 * float32, while neg, abs, sign, square, relu, floor, ceil, round may receive int32.
 * Reductions receive float32 or int32 and return that dtype. Float work is float32.
 */
export interface Backend<B extends object = object> {
  readonly name: string;

  /** Resolves once the backend can run kernels (WASM compiled, GPU device acquired). */
  ready(): Promise<void>;

  // ---- memory -------------------------------------------------------------------------------
  /** Copies `values` into a new buffer. */
  write(values: TypedArray, dtype: DType): B;
  /** A new buffer of `size` elements all equal to `value`. */
  fill(size: number, value: number, dtype: DType): B;
  /** Reads a buffer back; the result is a fresh typed array the caller owns. */
  read(buffer: B, dtype: DType, size: number): Promise<TypedArray>;
  /** Synchronous read, for backends that can serve it (not WebGPU). */
  readSync?(buffer: B, dtype: DType, size: number): TypedArray;
  /**
   * Synchronous read into `into` (the dtype's array type, `size` long), without the fresh array
   * `readSync` allocates: for callers that read large results into the same place repeatedly.
   */
  readSyncInto?(buffer: B, dtype: DType, size: number, into: TypedArray): void;
  /** Releases a buffer. Called exactly once per buffer. */
  free(buffer: B): void;
  /** Backend-specific memory figures beyond what the core counts (pool sizes, heap). */
  memoryInfo?(): Record<string, number>;
  /** Releases every resource (devices, workers). The backend is unusable afterwards. */
  dispose(): void;

  // ---- elementwise --------------------------------------------------------------------------
  unary(op: UnaryOp, x: TensorInfo<B>): B;
  /**
   * `a` and `b` have the output's rank (the core prepends 1s) and broadcast to `outShape`
   * with NumPy rules (a dimension of 1 repeats).
   */
  binary(op: BinaryOp, a: TensorInfo<B>, b: TensorInfo<B>, outShape: readonly number[]): B;
  /** `cond` is bool; `cond`, `a`, `b` have the output's rank and broadcast to `outShape`. */
  where(cond: TensorInfo<B>, a: TensorInfo<B>, b: TensorInfo<B>, outShape: readonly number[]): B;
  cast(x: TensorInfo<B>, dtype: DType): B;

  // ---- reductions ---------------------------------------------------------------------------
  reduce(op: ReduceOp, x: TensorInfo<B>, layout: ReduceLayout): B;
  /** Index (int32) of the first extremum along the reduced axis. */
  argReduce(op: ArgReduceOp, x: TensorInfo<B>, layout: ReduceLayout): B;

  // ---- movement -----------------------------------------------------------------------------
  transpose(x: TensorInfo<B>, perm: readonly number[]): B;
  /**
   * out[i0, i1, ...] = x[begin0 + i0*strides0, begin1 + i1*strides1, ...] for every index of
   * `outShape`. Strides may be negative (reversal); every read is in bounds.
   */
  slice(x: TensorInfo<B>, begin: readonly number[], strides: readonly number[], outShape: readonly number[]): B;
  /** Inputs agree on every axis but `axis`. */
  concat(xs: readonly TensorInfo<B>[], axis: number, outShape: readonly number[]): B;
  /** Constant padding: `paddings[d] = [before, after]`, all >= 0. */
  pad(x: TensorInfo<B>, paddings: readonly (readonly [number, number])[], value: number): B;
  /**
   * x seen as `[outer, layout.reduce (= axis size), inner]`; `indices` is int32 of length m with
   * values in [0, axis size). Output `[outer, m, inner]`.
   */
  gather(x: TensorInfo<B>, indices: TensorInfo<B>, layout: ReduceLayout): B;
  /**
   * The adjoint of gather: `updates` is `[outer, m, inner]`, `indices` int32 of length m.
   * Output `[outer, size, inner]` with out[o, indices[j], i] += updates[o, j, i], summed in
   * increasing j so results are deterministic.
   */
  scatterAdd(updates: TensorInfo<B>, indices: TensorInfo<B>, outer: number, size: number, inner: number): B;
  /** out[i] = x[i mod x.shape] over `outShape = x.shape * reps`. */
  tile(x: TensorInfo<B>, reps: readonly number[]): B;

  // ---- linear algebra -----------------------------------------------------------------------
  /**
   * Batched matmul. `a` is `[batchA, M, K]` (`[batchA, K, M]` when transposeA), `b` is
   * `[batchB, K, N]` (`[batchB, N, K]` when transposeB). batchA and batchB are each either 1 or
   * the output batch (a batch of 1 repeats). Output `[batch, M, N]`, float32.
   */
  matmul(a: TensorInfo<B>, b: TensorInfo<B>, options: MatmulKernelOptions): B;
  /** matmul, then `+ bias` (broadcast over the last axis, length N), then `activation`. */
  fusedMatmul?(a: TensorInfo<B>, b: TensorInfo<B>, options: MatmulKernelOptions & {
    readonly bias?: TensorInfo<B>;
    readonly activation: FusedActivation;
  }): B;

  // ---- convolution and pooling (NHWC, HWIO) -------------------------------------------------
  conv2d(x: TensorInfo<B>, filter: TensorInfo<B>, conv: Conv2DInfo): B;
  /** Gradient of conv2d with respect to its input: dy `[N, outH, outW, O]` -> `[N, H, W, C]`. */
  conv2dBackpropInput(dy: TensorInfo<B>, filter: TensorInfo<B>, conv: Conv2DInfo): B;
  /** Gradient of conv2d with respect to its filter: -> `[kh, kw, C, O]`. */
  conv2dBackpropFilter(x: TensorInfo<B>, dy: TensorInfo<B>, conv: Conv2DInfo): B;
  /** conv2d, then `+ bias` (length O), then `activation`. */
  fusedConv2d?(x: TensorInfo<B>, filter: TensorInfo<B>, conv: Conv2DInfo, options: {
    readonly bias?: TensorInfo<B>;
    readonly activation: FusedActivation;
  }): B;
  /** filter `[kh, kw, C, M]`; output channel `c * M + m`. */
  depthwiseConv2d(x: TensorInfo<B>, filter: TensorInfo<B>, conv: Conv2DInfo): B;
  depthwiseConv2dBackpropInput(dy: TensorInfo<B>, filter: TensorInfo<B>, conv: Conv2DInfo): B;
  depthwiseConv2dBackpropFilter(x: TensorInfo<B>, dy: TensorInfo<B>, conv: Conv2DInfo): B;

  /** Padded cells never win (they act as -Infinity). */
  maxPool(x: TensorInfo<B>, pool: Pool2DInfo): B;
  /** Routes each dy to the first maximum of its window in `x`; overlapping windows add up. */
  maxPoolBackprop(dy: TensorInfo<B>, x: TensorInfo<B>, pool: Pool2DInfo): B;
  /** Divides by the number of non-padded cells of each window (TensorFlow semantics). */
  avgPool(x: TensorInfo<B>, pool: Pool2DInfo): B;
  avgPoolBackprop(dy: TensorInfo<B>, pool: Pool2DInfo): B;

  // ---- optional fused kernels ---------------------------------------------------------------
  /** Softmax over the last axis of x seen as `[outer, n]`. */
  softmax?(x: TensorInfo<B>, outer: number, n: number): B;
  /** Log-softmax over the last axis of x seen as `[outer, n]`. */
  logSoftmax?(x: TensorInfo<B>, outer: number, n: number): B;
  /**
   * `(x - mean) * rsqrt(variance + epsilon) * scale + offset`, with mean, variance, scale and
   * offset of length C broadcast over the last axis of x (C = x.shape[rank-1]).
   */
  batchNorm?(x: TensorInfo<B>, mean: TensorInfo<B>, variance: TensorInfo<B>,
    scale: TensorInfo<B> | null, offset: TensorInfo<B> | null, epsilon: number): B;
  /**
   * Float32 uniforms in [0, 1) from the core's Philox stream (see random/philox.ts): element i
   * is `(philox(key, counter + floor(i/4))[i % 4] >>> 8) * 2^-24`. Must be bit-identical to the
   * core's generator.
   */
  randomUniform?(size: number, key: readonly [number, number], counter: readonly [number, number, number, number]): B;

  // ---- optional fused training kernels ------------------------------------------------------
  /**
   * The backward of a fused activation from its output y (float32, same shape as dy), computed
   * exactly as the reference `activationBackward` does, in float32: relu `dy * (y > 0 ? 1 : 0)`,
   * relu6 `dy * (0 < y < 6 ? 1 : 0)`, sigmoid `dy * (y * (1 - y))`, tanh `dy * (1 - y * y)`.
   * Never called with 'linear'.
   */
  activationGrad?(dy: TensorInfo<B>, y: TensorInfo<B>, activation: FusedActivation): B;
  /**
   * One Adam step over float32 tensors of one shape, elementwise and in this order (each
   * operation rounded to float32, the scalars given as float32):
   * `m' = m*beta1 + g*(1-beta1); v' = v*beta2 + (g*g)*(1-beta2); s = vmax ? max(vmax, v') : v';
   * param' = param - (m' / (sqrt(s)/correction2 + epsilon)) * stepSize`; `vmax' = s`.
   * A kernel may flush m' and v' to zero where they are subnormal (below 1.1755e-38; NaN and
   * infinities pass) before using them: weights with zero gradients otherwise keep subnormal
   * moments, on which CPUs take a slow path. Returns new buffers; the inputs are unchanged.
   */
  adamStep?(param: TensorInfo<B>, grad: TensorInfo<B>, m: TensorInfo<B>, v: TensorInfo<B>, vmax: TensorInfo<B> | null,
    options: AdamStepOptions): AdamStepResult<B>;
  /**
   * `adamStep` with its results written over param, m, v (and vmax) instead of into new buffers,
   * the same values bit for bit. The core calls it only for buffers no other tensor shares (the
   * optimizer's variables), so nothing else can observe the change.
   */
  adamStepInPlace?(param: TensorInfo<B>, grad: TensorInfo<B>, m: TensorInfo<B>, v: TensorInfo<B>, vmax: TensorInfo<B> | null,
    options: AdamStepOptions): void;
  /**
   * Softmax cross-entropy of int32 labels `[rows]` on float32 logits `[rows, classes]`:
   * `loss` is a float32 scalar, `scale * sum over rows of (log(sum(exp(z))) - z[label])`, and
   * `grad` (only when `withGrad`) is `scale * (softmax(z) - oneHot(label))`, `[rows, classes]`.
   * Rows whose label is outside `[0, classes)` add 0 and get a zero gradient row. Computed in
   * float32 with the row max subtracted first; agrees with the core's decomposition to rounding.
   * `accuracy` (only when `withAccuracy`) is a float32 scalar, the number of rows whose first
   * arg-max is the label divided by `rows` in float32: bit for bit the core's
   * `mean(cast(equal(argmax(z), label)))` on finite logits.
   */
  softmaxCrossEntropy?(logits: TensorInfo<B>, labels: TensorInfo<B>, rows: number, classes: number, scale: number,
    withGrad: boolean, withAccuracy: boolean): SoftmaxCrossEntropyResult<B>;
}

/** The primitive (non-optional) method names, for coverage tables and conformance reports. */
export const PRIMITIVES = [
  'write', 'fill', 'read', 'free', 'unary', 'binary', 'where', 'cast', 'reduce', 'argReduce',
  'transpose', 'slice', 'concat', 'pad', 'gather', 'scatterAdd', 'tile', 'matmul',
  'conv2d', 'conv2dBackpropInput', 'conv2dBackpropFilter',
  'depthwiseConv2d', 'depthwiseConv2dBackpropInput', 'depthwiseConv2dBackpropFilter',
  'maxPool', 'maxPoolBackprop', 'avgPool', 'avgPoolBackprop',
] as const satisfies readonly (keyof Backend)[];

export const FUSED_KERNELS = [
  'readSync', 'readSyncInto', 'fusedMatmul', 'fusedConv2d', 'softmax', 'logSoftmax', 'batchNorm', 'randomUniform',
] as const satisfies readonly (keyof Backend)[];

/**
 * Optional kernels that only speed up training (the backward of fused activations, the Adam
 * update). The core's decompositions are what the reference backend runs.
 */
export const TRAINING_KERNELS = ['activationGrad', 'adamStep', 'adamStepInPlace', 'softmaxCrossEntropy'] as const satisfies readonly (keyof Backend)[];
