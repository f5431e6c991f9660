import { afterAll, describe, expect, it, vi } from 'vitest';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const scratch = join(root, '.tessera-tmp');

/** The README's TypeScript examples, with the package imports pointed at the sources. */
function examples(): string[] {
  const text = readFileSync(join(root, 'README.md'), 'utf8');
  return [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]
    .replace(/'@tessera\/nn\/node'/g, JSON.stringify(join(root, 'src/node.ts')))
    .replace(/'@tessera\/nn'/g, JSON.stringify(join(root, 'src/index.ts'))));
}

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('README examples', () => {
  const blocks = examples();
  it('has the examples the docs promise', () => {
    expect(blocks.length).toBe(5);
  });
  blocks.forEach((code, i) => {
    it(`example ${i + 1} runs`, async () => {
      mkdirSync(scratch, { recursive: true });
      const file = join(scratch, `readme-${i + 1}.ts`);
      writeFileSync(file, code);
      const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
      try {
        await expect(import(/* @vite-ignore */ file)).resolves.toBeDefined();
      } finally {
        log.mockRestore();
      }
    });
  });
});
