import { setBackend } from '@tessera/tensor';
import { createJsBackend } from '@tessera/backend-js';
import { describeConformance } from '@tessera/conformance/vitest';
import { defaultFixturesDir, loadFixtures } from '@tessera/conformance/node';
import { classicalHandlers, CLASSICAL_SUITES } from '../src/conformance.js';

const fixtures = loadFixtures(defaultFixturesDir()).filter((f) => CLASSICAL_SUITES.includes(f.suite));

describeConformance('@tessera/ml classical suite', {
  fixtures, handlers: classicalHandlers, backend: 'js',
  setup: () => setBackend(createJsBackend()),
});
