import type { WebGPUBackend } from '../../src/index.js';

export interface CaseContext {
  readonly backend: WebGPUBackend;
  /** A second backend on the same device using the other matmul family. */
  readonly tiled: WebGPUBackend;
}

export interface GPUCase {
  readonly suite: string;
  readonly name: string;
  readonly run: (ctx: CaseContext) => Promise<void>;
}

export function defineCases(suite: string, cases: Record<string, (ctx: CaseContext) => Promise<void>>): GPUCase[] {
  return Object.entries(cases).map(([name, run]) => ({ suite, name, run }));
}
