import { project } from '../../vitest.shared.js';

export default project('ml', { testTimeout: 120_000 });
