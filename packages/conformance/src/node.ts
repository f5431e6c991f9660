import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { asFixtureFile, type FixtureFile } from './fixtures.js';

/** Reads every `*.json` fixture file of a directory (sorted by name), or one file. */
export function loadFixtures(path: string): FixtureFile[] {
  const full = resolve(path);
  if (!existsSync(full)) throw new Error(`conformance: no fixture file or directory at ${full}`);
  const files = full.endsWith('.json') ? [full]
    : readdirSync(full).filter((f) => f.endsWith('.json')).sort().map((f) => join(full, f));
  return files.map((f) => {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(f, 'utf8'));
    } catch (error) {
      throw new Error(`conformance: ${f} is not valid JSON (${(error as Error).message})`);
    }
    return asFixtureFile(json, f);
  });
}

/**
 * The shared fixtures directory: `$TESSERA_FIXTURES`, else `../shared/fixtures` beside the
 * repository root (the folder holding pnpm-workspace.yaml), searched upwards from `from`.
 */
export function defaultFixturesDir(from: string = process.cwd()): string {
  if (process.env.TESSERA_FIXTURES) return resolve(process.env.TESSERA_FIXTURES);
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return join(dir, '..', 'shared', 'fixtures');
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`conformance: no pnpm-workspace.yaml above ${from}; set TESSERA_FIXTURES`);
    dir = parent;
  }
}

/** `../shared/datasets` beside the repository root, like `defaultFixturesDir`. */
export function defaultDatasetsDir(from: string = process.cwd()): string {
  return join(defaultFixturesDir(from), '..', 'datasets');
}
