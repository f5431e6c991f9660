import { setBackend, matmul, tensor } from '@tessera/tensor';
import { createWasmBackend } from '@tessera/backend-wasm';
import { KNeighborsClassifier } from '@tessera/ml';
import { fashion } from './classical/data.js';
const b = createWasmBackend({ warn: false });
await setBackend(b);
const f = fashion();
if (!('missing' in f)) {
  const A = tensor(Float32Array.from(f.XTest.data), [2000, 784]), B = tensor(Float32Array.from(f.XTrain.data), [10000, 784]);
  for (let r = 0; r < 2; r++) { const t0 = performance.now(); const c = matmul(A, B, { transposeB: true }); c.dataSync(); console.log('matmul', (performance.now() - t0).toFixed(0)); c.dispose(); }
  const m = await new KNeighborsClassifier({ nNeighbors: 5 }).fit(f.XTrain, f.yTrain);
  for (let r = 0; r < 2; r++) { const t0 = performance.now(); m.predict(f.XTest); console.log('predict', (performance.now() - t0).toFixed(0)); }
}
b.dispose();
