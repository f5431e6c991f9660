import { defineProject } from 'vitest/config';

/**
 * One project definition for every package, so that tests import workspace packages from
 * their TypeScript sources (the `@tessera/source` export condition) and never need a build.
 */
export function project(name: string, overrides: { testTimeout?: number; include?: string[] } = {}) {
  return defineProject({
    resolve: { conditions: ['@tessera/source', 'module', 'node', 'import', 'default'] },
    ssr: { resolve: { conditions: ['@tessera/source', 'module', 'node', 'import', 'default'] } },
    test: {
      name,
      environment: 'node',
      include: overrides.include ?? ['test/**/*.test.ts'],
      testTimeout: overrides.testTimeout ?? 60_000,
    },
  });
}
