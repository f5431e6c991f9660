import { describeConformance } from '@tessera/conformance/vitest';
import { defaultFixturesDir, loadFixtures } from '@tessera/conformance/node';
import { metricsHandlers } from '@tessera/metrics/conformance';

const fixtures = loadFixtures(defaultFixturesDir()).filter((f) => f.suite === 'metrics');

describeConformance('metrics (scikit-learn 1.2.1)', { fixtures, handlers: metricsHandlers, backend: 'metrics' });
