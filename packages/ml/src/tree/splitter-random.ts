/**
 * The random stream scikit-learn's tree splitters draw their feature order from, reproduced so
 * that a tree grown with `randomState: s` visits features in the order scikit-learn's does with
 * `random_state=s` and so breaks ties between equally good splits the same way.
 *
 * scikit-learn seeds the splitter with `RandomState(s).randint(0, 2**31 - 1)` (MT19937, the
 * legacy masked bounded draw) and then steps a 32-bit xorshift (`rand_r`) per draw.
 */
const RAND_R_MAX = 0x7fffffff;

/** First 32-bit output of MT19937 seeded by init_genrand(seed), then more on demand. */
class Mt19937 {
  private readonly mt = new Uint32Array(624);
  private index = 624;

  constructor(seed: number) {
    this.mt[0] = seed >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = this.mt[i - 1] ^ (this.mt[i - 1] >>> 30);
      // 1812433253 * prev, kept exact in 32 bits by splitting the multiplier.
      this.mt[i] = ((((prev & 0xffff0000) >>> 16) * 1812433253) << 16) + (prev & 0x0000ffff) * 1812433253 + i;
    }
  }

  next(): number {
    const mt = this.mt;
    if (this.index >= 624) {
      for (let k = 0; k < 624; k++) {
        const y = (mt[k] & 0x80000000) | (mt[(k + 1) % 624] & 0x7fffffff);
        mt[k] = mt[(k + 397) % 624] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.index = 0;
    }
    let y = mt[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }
}

/** `numpy.random.RandomState(seed).randint(0, 2**31 - 1)`: the splitter's starting state. */
export function splitterSeed(seed: number): number {
  const mt = new Mt19937(seed);
  for (;;) {
    const v = mt.next() & RAND_R_MAX;
    if (v <= RAND_R_MAX - 1) return v;
  }
}

/** scikit-learn's `rand_r` xorshift stream and its `rand_int(low, high)`. */
export class SplitterRandom {
  private state: number;

  constructor(seed: number) {
    this.state = splitterSeed(seed) >>> 0;
  }

  private next(): number {
    let s = this.state === 0 ? 1 : this.state;
    s = (s ^ (s << 13)) >>> 0;
    s = (s ^ (s >>> 17)) >>> 0;
    s = (s ^ (s << 5)) >>> 0;
    this.state = s;
    return s % (RAND_R_MAX + 1);
  }

  /** An integer in [low, high). */
  int(low: number, high: number): number {
    return low + (this.next() % (high - low));
  }
}
