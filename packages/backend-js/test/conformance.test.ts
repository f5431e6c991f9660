import { setBackend } from '@tessera/tensor';
import { OP_SUITES, opHandlers } from '@tessera/conformance';
import { defaultFixturesDir, loadFixtures } from '@tessera/conformance/node';
import { describeConformance } from '@tessera/conformance/vitest';
import { createJsBackend } from '../src/index.js';

const fixtures = loadFixtures(defaultFixturesDir()).filter((f) => (OP_SUITES as readonly string[]).includes(f.suite));

describeConformance('backend-js conformance', {
  fixtures, handlers: opHandlers, backend: 'js', setup: () => setBackend(createJsBackend()),
});
