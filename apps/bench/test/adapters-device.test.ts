import { createJsBackend } from '@tessera/backend-js';
import { describe, expect, it } from 'vitest';
import { tesseraAdapter } from '../src/adapters/tessera.js';
import { tfjsAdapter, type TfjsDeviceHooks } from '../src/adapters/tfjs.js';
import type { Adapter } from '../src/adapters/types.js';

// How an adapter for an asynchronous device waits: every run ends only after `settle` has
// finished (the device is done), uploads are forced onto the device, and readbacks read data
// computed untimed. Checked on CPU backends with recording hooks, so no GPU is needed.
const later = () => new Promise((resolve) => setTimeout(resolve, 5));

async function exercise(adapter: Adapter, events: string[], uploadEvents: string[]) {
  await adapter.init();
  await adapter.activate();
  const relu = await adapter.ops.relu!({ n: 8 });
  await relu.run();
  expect(events.splice(0)).toEqual(['settled']);
  relu.dispose();

  const upload = await adapter.ops.upload!({ n: 8 });
  await upload.run();
  expect(events.splice(0)).toEqual(uploadEvents);
  upload.dispose();

  const readback = await adapter.ops.readback!({ n: 8 });
  await readback.prepare!();
  expect(events.splice(0)).toEqual(['settled']);
  await readback.run();
  // The read waits for nothing else: the relu was computed and settled in prepare.
  expect(events.splice(0)).toEqual([]);
  readback.dispose();
  expect(adapter.device?.()).toBe('device D');
  await adapter.dispose();
}

describe('adapters of asynchronous devices', () => {
  it('Tessera: runs await settle, not a read', async () => {
    const events: string[] = [];
    const adapter = tesseraAdapter('t', 'T', () => createJsBackend(), {
      settle: async () => { await later(); events.push('settled'); },
      device: () => 'device D',
    });
    await exercise(adapter, events, ['settled']);
  });

  it('tfjs: runs await settle, and an upload is forced onto the device before it', async () => {
    const events: string[] = [];
    const hooks: TfjsDeviceHooks = {
      settle: async () => { await later(); events.push('settled'); },
      upload: (t) => { events.push(`uploaded ${t.size}`); },
      describe: () => 'device D',
    };
    const adapter = tfjsAdapter('f', 'F', 'cpu', () => import('@tensorflow/tfjs-backend-cpu'), hooks);
    await exercise(adapter, events, ['uploaded 8', 'settled']);
  });
});
