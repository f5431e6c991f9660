import { setBackend } from '@tessera/tensor';
import { createJsBackend } from '@tessera/backend-js';
import { describeConformance } from '@tessera/conformance/vitest';
import { defaultFixturesDir, loadFixtures } from '@tessera/conformance/node';
import { NN_SUITES, nnHandlers } from '../src/conformance.js';

const fixtures = loadFixtures(defaultFixturesDir()).filter((f) => (NN_SUITES as readonly string[]).includes(f.suite));

describeConformance('nn conformance (js backend)', {
  fixtures,
  handlers: nnHandlers,
  backend: 'js',
  setup: () => setBackend(createJsBackend()),
});
