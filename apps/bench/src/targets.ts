/** The performance targets of the issues (3: WASM backend, 4: WebGPU backend), as ratios measured in the same run. */
export interface Target {
  readonly issue: number;
  readonly text: string;
  readonly kernel: string;
  /** Speed-up of `ours` over `base`: base median / ours median. */
  readonly ours: string;
  readonly base: string;
  readonly min: number;
}

export const TARGETS: readonly Target[] = [
  { issue: 3, text: 'matmul 1024, 1 thread: >= 1.25x tfjs-backend-wasm', kernel: 'matmul-l', ours: 'wasm-1t', base: 'tfjs-wasm', min: 1.25 },
  { issue: 3, text: 'matmul 1024, 2 threads: >= 1.8x our 1-thread figure', kernel: 'matmul-l', ours: 'wasm-2t', base: 'wasm-1t', min: 1.8 },
  { issue: 3, text: 'conv2d forward, 2 threads: >= 1.8x our 1-thread figure', kernel: 'conv', ours: 'wasm-2t', base: 'wasm-1t', min: 1.8 },
  { issue: 3, text: 'conv2d forward, 1 thread: >= 1.2x tfjs-backend-wasm', kernel: 'conv', ours: 'wasm-1t', base: 'tfjs-wasm', min: 1.2 },
  { issue: 3, text: 'conv2d forward+backward, 2 threads: >= 20x tfjs-backend-wasm', kernel: 'conv-grad', ours: 'wasm-2t', base: 'tfjs-wasm', min: 20 },
  { issue: 3, text: 'conv2d forward+backward, 1 thread: >= 20x tfjs-backend-wasm', kernel: 'conv-grad', ours: 'wasm-1t', base: 'tfjs-wasm', min: 20 },
  { issue: 3, text: 'add, 1 thread: >= 0.9x tfjs-backend-wasm', kernel: 'add', ours: 'wasm-1t', base: 'tfjs-wasm', min: 0.9 },
  { issue: 3, text: 'relu, 1 thread: >= 0.9x tfjs-backend-wasm', kernel: 'relu', ours: 'wasm-1t', base: 'tfjs-wasm', min: 0.9 },
  // Issue 4: on the same adapter and GPUDevice (a CPU adapter's figures only rank implementations).
  { issue: 4, text: 'matmul 1024, WebGPU: >= 1.5x tfjs-backend-webgpu on the same device', kernel: 'matmul-l', ours: 'webgpu', base: 'tfjs-webgpu', min: 1.5 },
  { issue: 4, text: 'conv2d forward, WebGPU: >= 1.5x tfjs-backend-webgpu on the same device', kernel: 'conv', ours: 'webgpu', base: 'tfjs-webgpu', min: 1.5 },
];

/** Ratio columns of the report: [ours, base]. */
export const RATIOS: readonly (readonly [string, string])[] = [
  ['wasm-1t', 'tfjs-wasm'], ['wasm-2t', 'tfjs-wasm'], ['wasm-2t', 'wasm-1t'], ['wasm-1t', 'tfjs-cpu'], ['wasm-1t', 'js'],
  ['webgpu', 'tfjs-webgpu'],
];
