import { runConformance } from '@tessera/conformance';
import { describeConformance } from '@tessera/conformance/vitest';
import { defaultFixturesDir, loadFixtures } from '@tessera/conformance/node';
import { metricsHandlers } from '@tessera/metrics/conformance';
import { expect, it } from 'vitest';

const fixtures = loadFixtures(defaultFixturesDir()).filter((f) => f.suite === 'metrics');

describeConformance('metrics (scikit-learn 1.2.1)', { fixtures, handlers: metricsHandlers, backend: 'metrics' });

it('runs every metrics case, none skipped', async () => {
  expect(fixtures).toHaveLength(1);
  const report = await runConformance({ fixtures, handlers: metricsHandlers, backend: 'metrics' });
  expect(report.results.length).toBe(fixtures[0].cases.length);
  expect(report.skipped).toBe(0);
  expect(report.failed).toBe(0);
});
