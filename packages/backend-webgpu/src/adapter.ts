/// <reference types="@webgpu/types" />
import { TesseraError } from '@tessera/tensor';

/** What the adapter and device offer, as reported by `backend.features`. */
export interface WebGPUFeatures {
  readonly adapter: {
    readonly vendor: string;
    readonly architecture: string;
    readonly device: string;
    readonly description: string;
    /** True for software adapters (SwiftShader, lavapipe/llvmpipe) and fallback adapters. */
    readonly cpu: boolean;
  };
  readonly shaderF16: boolean;
  readonly subgroups: boolean;
  readonly timestampQuery: boolean;
  /** Every feature name the device has. */
  readonly features: readonly string[];
  readonly limits: {
    readonly maxBufferSize: number;
    readonly maxStorageBufferBindingSize: number;
    readonly maxComputeWorkgroupStorageSize: number;
    readonly maxComputeInvocationsPerWorkgroup: number;
    readonly maxComputeWorkgroupsPerDimension: number;
    readonly maxStorageBuffersPerShaderStage: number;
  };
}

const CPU_ADAPTER = /swiftshader|llvmpipe|lavapipe|software|cpu/i;

export function describeDevice(device: GPUDevice, info: GPUAdapterInfo | undefined): WebGPUFeatures {
  const text = (v: string | undefined) => v ?? '';
  const adapterInfo = info ?? (device as GPUDevice & { adapterInfo?: GPUAdapterInfo }).adapterInfo;
  const vendor = text(adapterInfo?.vendor), architecture = text(adapterInfo?.architecture);
  const name = text(adapterInfo?.device), description = text(adapterInfo?.description);
  const fallback = Boolean((adapterInfo as { isFallbackAdapter?: boolean } | undefined)?.isFallbackAdapter);
  const features = [...device.features].map(String).sort();
  const l = device.limits;
  return {
    adapter: {
      vendor, architecture, device: name, description,
      cpu: fallback || CPU_ADAPTER.test(`${vendor} ${architecture} ${name} ${description}`),
    },
    shaderF16: device.features.has('shader-f16'),
    subgroups: device.features.has('subgroups'),
    timestampQuery: device.features.has('timestamp-query'),
    features,
    limits: {
      maxBufferSize: l.maxBufferSize,
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
      maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
      maxStorageBuffersPerShaderStage: l.maxStorageBuffersPerShaderStage,
    },
  };
}

let nodeGPU: Promise<GPU> | null = null;

/**
 * `navigator.gpu` in browsers; in Node, the optional `webgpu` package (Dawn), imported only
 * here and only when there is no `navigator.gpu`.
 */
export async function getGPU(): Promise<GPU> {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu) return nav.gpu;
  const isNode = typeof process !== 'undefined' && Boolean(process.versions?.node);
  if (!isNode) throw new TesseraError('createWebGPUBackend', 'WebGPU is not available: navigator.gpu is undefined');
  nodeGPU ??= (async () => {
    const name = 'webgpu';
    let mod: { create(options: string[]): GPU };
    try {
      mod = await import(/* @vite-ignore */ name) as typeof mod;
    } catch (error) {
      nodeGPU = null;
      throw new TesseraError('createWebGPUBackend',
        `in Node the optional peer dependency "webgpu" is needed (npm install webgpu): ${(error as Error).message}`);
    }
    return mod.create([]);
  })();
  return nodeGPU;
}

/** Requests a device with the adapter's larger buffer limits, and no optional features. */
export async function requestDevice(gpu: GPU, adapterOptions?: GPURequestAdapterOptions):
  Promise<{ device: GPUDevice; info: GPUAdapterInfo | undefined }> {
  const adapter = await gpu.requestAdapter(adapterOptions);
  if (!adapter) {
    throw new TesseraError('createWebGPUBackend',
      'no WebGPU adapter: in Node set VK_ICD_FILENAMES to a Vulkan driver (lavapipe or SwiftShader); in Chromium pass --enable-unsafe-webgpu where needed');
  }
  const l = adapter.limits;
  const device = await adapter.requestDevice({
    requiredLimits: {
      maxBufferSize: l.maxBufferSize,
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
      maxStorageBuffersPerShaderStage: l.maxStorageBuffersPerShaderStage,
    },
  });
  return { device, info: adapter.info };
}
