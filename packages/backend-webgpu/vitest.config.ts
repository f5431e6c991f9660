import { project } from '../../vitest.shared.js';

export default project('backend-webgpu', { testTimeout: 300_000 });
