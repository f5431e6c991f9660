/**
 * Runs `pnpm bench kernels --backend webgpu --quick`'s selection through the harness in a child
 * process and prints `REPORT {json}`, then `DONE`. Dawn rarely crashes at process exit after the
 * device is destroyed; the parent test judges the printed report, so such a crash after DONE
 * cannot fail it, while one before it does.
 */
import { runSuite } from '../../src/run.js';
import { selectRun } from '../../src/select.js';

const { adapters, kernels } = selectRun({ backend: 'webgpu', quick: true });
const report = await runSuite({
  suite: 'kernels', kernels, adapters,
  measure: { budgetMs: 5, minReps: 2, maxReps: 3, warmupMs: 1, slowMs: 3000, rounds: 2 },
});
console.log(`REPORT ${JSON.stringify(report)}`);
console.log('DONE');
