import { parentPort } from 'node:worker_threads';
import { growForestTree, treeBuffers, type ForestJob, type TreeTask } from './forest-job.js';

/** Worker thread: receives one forest job, then grows the trees it is sent. */
let job: ForestJob | undefined;
parentPort?.on('message', (message: { type: 'job'; job: ForestJob } | { type: 'tree'; index: number; task: TreeTask }) => {
  if (message.type === 'job') { job = message.job; return; }
  try {
    if (!job) throw new Error('forest worker: no job');
    const tree = growForestTree(job, message.task);
    parentPort?.postMessage({ index: message.index, tree }, treeBuffers(tree));
  } catch (error) {
    parentPort?.postMessage({ index: message.index, error: error instanceof Error ? error.message : String(error) });
  }
});
