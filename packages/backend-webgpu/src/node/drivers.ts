import { existsSync } from 'node:fs';

/**
 * CPU Vulkan drivers for WebGPU in Node, fastest first: lavapipe from Mesa 25
 * (bookworm-backports), then the SwiftShader that Debian's chromium package ships. Dawn refuses
 * Mesa 22's lavapipe (no adapter), so callers try the next candidate when one gives none.
 * `TESSERA_VK_ICD` forces one driver file.
 */
export function cpuVulkanDrivers(): string[] {
  if (process.env.TESSERA_VK_ICD) return [process.env.TESSERA_VK_ICD];
  return ['/usr/share/vulkan/icd.d/lvp_icd.json', '/usr/lib/chromium/vk_swiftshader_icd.json'].filter((f) => existsSync(f));
}

/**
 * Runs `create` with each CPU driver in turn (unless VK_ICD_FILENAMES is already set) until one
 * succeeds; the Vulkan loader reads VK_ICD_FILENAMES whenever Dawn creates an instance.
 */
export async function withCpuVulkanDriver<T>(create: () => Promise<T>): Promise<T> {
  if (process.env.VK_ICD_FILENAMES) return create();
  const candidates = cpuVulkanDrivers();
  let lastError: unknown = new Error('no CPU Vulkan driver found (install chromium, or mesa-vulkan-drivers 25 from bookworm-backports)');
  for (const icd of candidates) {
    process.env.VK_ICD_FILENAMES = icd;
    try {
      return await create();
    } catch (error) {
      lastError = error;
    }
  }
  delete process.env.VK_ICD_FILENAMES;
  throw lastError;
}
