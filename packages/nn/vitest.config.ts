import { project } from '../../vitest.shared.js';

export default project('nn', { testTimeout: 120_000 });
