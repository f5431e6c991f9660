import { beforeAll, expect, it } from 'vitest';
import { dispose, memory } from '@tessera/tensor';
import { toDataset, trainValTestSplit } from '../src/index.js';
import { loadDataset } from '../src/node.js';
import { useJsBackend } from './backend.js';

beforeAll(useJsBackend);

it('the README example runs as written', async () => {
  const iris = await loadDataset('iris');
  const [train, val, test] = trainValTestSplit(
    { x: { data: iris.x, shape: iris.shape }, y: iris.y }, [0.7, 0.2, 0.1], { seed: 0, stratify: iris.y });
  expect([train.y.length, val.y.length, test.y.length]).toEqual([105, 30, 15]);
  expect(train.x.shape).toEqual([105, 4]);
  for (const part of [train, val, test]) {
    const perClass = [0, 1, 2].map((c) => part.y.filter((v) => v === c).length);
    expect(perClass).toEqual(Array(3).fill(part.y.length / 3));
  }
  const start = memory().numTensors;
  const fashion = await loadDataset('fashion_mnist');
  let batches = 0;
  for await (const { xs, ys } of toDataset(fashion).shuffle({ seed: 1 }).batch(64).prefetch(2)) {
    if (batches === 0) expect([xs.shape, ys.dtype]).toEqual([[64, 28, 28, 1], 'int32']);
    batches += 1;
    dispose([xs, ys]);
  }
  expect(batches).toBe(79);
  expect(memory().numTensors).toBe(start);
});
