/**
 * The worker program, as source text: it runs as a Node `eval` worker or from a Blob URL in
 * browsers, so it works the same from TypeScript sources (tests), from dist/, and from bundles,
 * without a separate worker file to resolve.
 *
 * A worker instantiates the threaded module on the shared memory with its own stack, then loops:
 * wait for the generation word to change, try to join the job (a compare-exchange on the state
 * word, which fails once the caller has closed the job), run the kernel with its thread id, and
 * leave. A worker that wakes late simply finds the job closed; the caller never waits for a
 * worker that has not joined. See pool.ts for the control-block layout.
 */
export const CTRL = {
  GEN: 0,
  STATE: 16,
  FN: 32,
  PARAMS: 33,
  ERROR: 34,
  JOINS: 35, // jobs joined by workers, for threadInfo()
  LIMIT: 48,
  EXIT: 64, // EXIT + tid
  WORDS: 128,
} as const;

/** Spin iterations before a worker sleeps in Atomics.wait: about 20-50 microseconds. */
const SPIN = 20000;

const body = `
'use strict';
const C = ${JSON.stringify(CTRL)};
function start(msg, post) {
  const { module, memory, tid, stackTop, ctrl, names } = msg;
  let ex;
  try {
    ex = new WebAssembly.Instance(module, { env: { memory } }).exports;
    ex.__stack_pointer.value = stackTop;
  } catch (error) {
    post({ type: 'error', message: String(error && error.message || error) });
    return;
  }
  const fns = names.map((n) => ex[n]);
  const c = new Int32Array(memory.buffer, ctrl, C.WORDS);
  post({ type: 'ready', tid });
  let seen = Atomics.load(c, C.GEN);
  for (;;) {
    let g = Atomics.load(c, C.GEN);
    for (let s = 0; g === seen && s < ${SPIN}; s++) g = Atomics.load(c, C.GEN);
    if (g === seen) { Atomics.wait(c, C.GEN, seen); continue; }
    seen = g;
    if (Atomics.load(c, C.EXIT + tid) !== 0) break;
    if (tid > Atomics.load(c, C.LIMIT)) continue;
    const tag = (g & 0x7fff) << 17;
    let st = Atomics.load(c, C.STATE);
    let joined = false;
    while ((st & ~0x1ffff) === tag && (st & 0x10000) === 0) {
      const prev = Atomics.compareExchange(c, C.STATE, st, st + 1);
      if (prev === st) { joined = true; break; }
      st = prev;
    }
    if (!joined) continue;
    Atomics.add(c, C.JOINS, 1);
    try {
      fns[Atomics.load(c, C.FN)](Atomics.load(c, C.PARAMS), tid);
    } catch (error) {
      Atomics.store(c, C.ERROR, 1);
    }
    const after = Atomics.sub(c, C.STATE, 1) - 1;
    if ((after & 0xffff) === 0) Atomics.notify(c, C.STATE);
  }
  post({ type: 'exit', tid });
}
`;

export const nodeWorkerSource = `${body}
const { parentPort } = require('node:worker_threads');
parentPort.once('message', (msg) => start(msg, (m) => parentPort.postMessage(m)));
`;

export const browserWorkerSource = `${body}
self.onmessage = (e) => { self.onmessage = null; start(e.data, (m) => self.postMessage(m)); };
`;
