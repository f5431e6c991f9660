import { dispose, Generator } from '@tessera/tensor';

/**
 * The generator of one epoch of a seeded shuffle: a sub-seed drawn from Philox block `epoch`
 * of the stream of `seed` (`Generator.fromState({ seed, offset: epoch }).fork()`). Every epoch
 * is independent of how many were run before, so a resumed run reproduces epoch k exactly.
 */
export function epochGenerator(seed: number, epoch: number): Generator {
  return Generator.fromState({ seed, offset: epoch }).fork();
}

/** `base` reordered by a uniform permutation drawn from `g` (output i = base[perm[i]]). */
export function permuteOrder(base: Int32Array, g: Generator): Int32Array {
  const perm = g.permutation(base.length);
  const out = new Int32Array(base.length);
  for (let i = 0; i < out.length; i++) out[i] = base[perm[i]];
  return out;
}

/**
 * Buffered shuffle of a stream. The buffer is filled with the first `bufferSize` elements;
 * then each incoming element replaces buffer[j], j drawn uniformly from the buffer with
 * `g.randomInts(1, length)`, and the replaced element is emitted. When the input ends, the
 * buffer is drained the same way (buffer[j] emitted, the last element moved into its place).
 * With `bufferSize` >= the number of elements this is a uniform random permutation.
 */
export async function* bufferShuffle<T>(inner: AsyncIterable<T>, bufferSize: number, g: Generator): AsyncGenerator<T> {
  const buffer: T[] = [];
  const draw = () => g.randomInts(1, buffer.length)[0];
  try {
    for await (const x of inner) {
      if (buffer.length < bufferSize) {
        buffer.push(x);
        continue;
      }
      const j = draw();
      const out = buffer[j];
      buffer[j] = x;
      yield out;
    }
    while (buffer.length > 0) {
      const j = draw();
      const out = buffer[j];
      buffer[j] = buffer[buffer.length - 1];
      buffer.pop();
      yield out;
    }
  } finally {
    // The consumer stopped early: elements still buffered were never handed out.
    dispose(buffer.splice(0));
  }
}
