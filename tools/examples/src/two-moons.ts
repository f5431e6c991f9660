import { getBackend, memory, setBackend } from '@tessera/tensor';
import { createJsBackend } from '@tessera/backend-js';
import { trainMoons } from './moons.js';

// Trains a small MLP on the two-moons problem with nothing but the tensor core's autograd and
// prints the loss curve and the held-out accuracy.
await setBackend(createJsBackend());
const started = performance.now();
const result = await trainMoons({
  seed: 7, epochs: 300,
  onEpoch: (epoch, loss) => { if (epoch % 50 === 0 || epoch === 1) console.log(`epoch ${String(epoch).padStart(3)}  loss ${loss.toFixed(4)}`); },
});
const seconds = (performance.now() - started) / 1000;
console.log(`backend ${getBackend()}: train accuracy ${(100 * result.trainAccuracy).toFixed(1)}%, `
  + `test accuracy ${(100 * result.testAccuracy).toFixed(1)}% in ${seconds.toFixed(1)} s (${memory().numTensors} tensors live)`);
