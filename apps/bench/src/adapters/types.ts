/** The computations a kernel benchmark can ask an adapter for. */
export type ComputeKind = 'matmul' | 'conv2d' | 'conv2dGrad' | 'depthwiseConv2d' | 'maxPool' | 'add' | 'relu';
/**
 * Every kind of row: the computations, moving `n` floats host -> device (`upload`) and
 * device -> host (`readback`), and `firstRun`, one cold run of a computation on a fresh shape
 * (shader compilation included), which the harness times once with the adapter's own factory.
 */
export type OpKind = ComputeKind | 'upload' | 'readback' | 'firstRun';

export interface MatmulParams { readonly m: number; readonly k: number; readonly n: number }
/** NHWC input, HWIO filter (depthwise: [kh, kw, C, 1]), 'same' padding, stride 1 unless given. */
export interface ConvParams {
  readonly x: readonly [number, number, number, number];
  readonly filter: readonly [number, number, number, number];
  readonly stride?: number;
}
export interface PoolParams { readonly x: readonly [number, number, number, number]; readonly size: number }
export interface ElementwiseParams { readonly n: number }
export type FirstRunParams = { readonly [K in ComputeKind]: { readonly op: K; readonly params: OpParams[K] } }[ComputeKind];

export interface OpParams {
  matmul: MatmulParams;
  conv2d: ConvParams;
  conv2dGrad: ConvParams;
  depthwiseConv2d: ConvParams;
  maxPool: PoolParams;
  add: ElementwiseParams;
  relu: ElementwiseParams;
  upload: ElementwiseParams;
  readback: ElementwiseParams;
  firstRun: FirstRunParams;
}

/** A prepared benchmark: inputs are uploaded; `run` computes the op once and frees its outputs. */
export interface Runner {
  run(): void | Promise<void>;
  /** Untimed work before each run (e.g. computing fresh device data for a readback to read). */
  prepare?(): void | Promise<void>;
  dispose(): void;
  /** Shown next to the figure, e.g. how a missing kernel was worked around. */
  readonly note?: string;
  /** Sum of squares of every output, computed once outside the timing, to cross-check adapters. */
  checksum?(): Promise<number>;
}

export type OpFactory<K extends OpKind> = (params: OpParams[K]) => Runner | Promise<Runner>;

/** One backend or peer library. Each lives in its own module under src/adapters/. */
export interface Adapter {
  readonly id: string;
  readonly label: string;
  /** Loads the library/backend; throw `Unavailable` with the reason when it cannot run here. */
  init(): Promise<void>;
  /** Makes this adapter's backend the active one before its kernels are prepared and timed. */
  activate(): Promise<void>;
  readonly ops: { readonly [K in Exclude<OpKind, 'firstRun'>]?: OpFactory<K> };
  /** What the adapter runs on, when that matters for reading its figures (e.g. the GPU adapter). */
  device?(): string | undefined;
  dispose(): void | Promise<void>;
}

/** Thrown when something cannot be measured; the reason is printed instead of a figure. */
export class Unavailable extends Error {}
