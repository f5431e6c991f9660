import { beforeAll } from 'vitest';
import { setBackend, type Tensor } from '@tessera/tensor';
import { createJsBackend } from '@tessera/backend-js';
import { loadFixtures, defaultFixturesDir } from '@tessera/conformance/node';
import type { FixtureCase } from '@tessera/conformance';

/** Every test file runs on the reference JS backend. */
export function useJsBackend(): void {
  beforeAll(async () => {
    await setBackend(createJsBackend());
  });
}

export async function values(t: Tensor): Promise<number[]> {
  return Array.from(await t.data());
}

export async function maxAbsDiff(a: Tensor, b: Tensor): Promise<number> {
  const x = await a.data(), y = await b.data();
  if (x.length !== y.length) throw new Error(`sizes differ: ${x.length} vs ${y.length}`);
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  return m;
}

/** Cases of one shared fixture suite. */
export function fixtureCases(suite: string): FixtureCase[] {
  const file = loadFixtures(defaultFixturesDir()).find((f) => f.suite === suite);
  if (!file) throw new Error(`no fixture suite ${suite}`);
  return [...file.cases];
}

/** A fixture tensor's flat values. */
export function fixtureData(raw: unknown): number[] {
  const t = raw as { data: (number | string)[] };
  return t.data.map(Number);
}

export function fixtureShape(raw: unknown): number[] {
  return [...(raw as { shape: number[] }).shape];
}
