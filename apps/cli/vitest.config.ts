import { project } from '../../vitest.shared.js';
export default project('cli', { testTimeout: 240_000 });
