import { describe, expect, it } from 'vitest';
import { kernelSuite } from '../src/kernels.js';
import { selectRun } from '../src/select.js';

const keys = (s: { kernels: { key: string }[] }) => s.kernels.map((k) => k.key);

describe('what `pnpm bench kernels` runs', () => {
  it('defaults to the WASM set: Tessera wasm and js, tfjs-wasm, tfjs-cpu, on the kernel suite', () => {
    const s = selectRun({});
    expect(s.backend).toBe('wasm');
    expect(s.adapters).toEqual(['wasm-1t', 'wasm-2t', 'js', 'tfjs-wasm', 'tfjs-cpu']);
    expect(keys(s)).toEqual(kernelSuite().map((k) => k.key));
    expect(selectRun({ backend: 'wasm' })).toEqual(s);
  });

  it('--backend webgpu: Tessera and tfjs-backend-webgpu; first runs before the suite, upload and readback after it', () => {
    const s = selectRun({ backend: 'webgpu', quick: true });
    expect(s.adapters).toEqual(['webgpu', 'tfjs-webgpu']);
    expect(keys(s)).toEqual(['first-matmul', 'first-conv', ...kernelSuite(true).map((k) => k.key), 'upload', 'readback']);
    expect(s.kernels.find((k) => k.key === 'upload')!.params).toEqual({ n: 4096 });
    expect(selectRun({ backend: 'webgpu' }).kernels.find((k) => k.key === 'readback')!.params).toEqual({ n: 1 << 20 });
  });

  it('--adapters overrides the set; a WebGPU adapter among them brings the transfer rows', () => {
    expect(selectRun({ backend: 'webgpu', adapters: 'webgpu' }).adapters).toEqual(['webgpu']);
    expect(keys(selectRun({ adapters: 'wasm-1t,webgpu' }))).toContain('upload');
    expect(keys(selectRun({ adapters: 'wasm-1t,tfjs-wasm' }))).not.toContain('upload');
  });

  it('--kernels keeps suite order, so first runs stay first', () => {
    expect(keys(selectRun({ backend: 'webgpu', kernels: 'readback,conv,first-conv' }))).toEqual(['first-conv', 'conv', 'readback']);
  });

  it('unknown names are errors that list the known ones', () => {
    expect(() => selectRun({ backend: 'cuda' })).toThrow('unknown backend "cuda" (known: wasm, webgpu)');
    expect(() => selectRun({ adapters: 'wasm-1t,metal' })).toThrow(/^unknown adapter\(s\) metal \(known: wasm-1t, .*tfjs-webgpu\)$/);
    expect(() => selectRun({ kernels: 'upload' })).toThrow(/^unknown kernel\(s\) upload \(known: matmul-s, /);
  });
});
