export { cpuVulkanDrivers, withCpuVulkanDriver } from './drivers.js';
