/**
 * Independent float64 reference of the torch.optim update rules, one element at a time,
 * written from the torch documentation's pseudo-code (not from the implementation under test).
 */
export interface RefConfig {
  readonly name: 'sgd' | 'adagrad' | 'rmsprop' | 'adam' | 'adamw';
  readonly lr: number;
  readonly momentum?: number;
  readonly dampening?: number;
  readonly nesterov?: boolean;
  readonly weightDecay?: number;
  readonly initialAccumulatorValue?: number;
  readonly epsilon?: number;
  readonly rho?: number;
  readonly centered?: boolean;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly amsgrad?: boolean;
}

/** One step on one parameter vector; `state` is updated in place; returns the new parameters. */
export function refStep(c: RefConfig, p: number[], g0: number[], state: Record<string, number[]>, t: number, lr = c.lr): number[] {
  const wd = c.weightDecay ?? (c.name === 'adamw' ? 0.01 : 0);
  const out = [...p];
  const slot = (name: string, init: number) => (state[name] ??= p.map(() => init));
  // torch: the momentum buffer starts as a copy of the first (decayed) gradient.
  const freshBuffer = !state.momentum_buffer;
  for (let i = 0; i < p.length; i++) {
    let g = g0[i];
    if (wd !== 0 && c.name !== 'adamw') g += wd * p[i];
    switch (c.name) {
      case 'sgd': {
        const mom = c.momentum ?? 0;
        if (mom !== 0) {
          const buf = slot('momentum_buffer', 0);
          buf[i] = freshBuffer ? g : mom * buf[i] + (1 - (c.dampening ?? 0)) * g;
          g = c.nesterov ? g + mom * buf[i] : buf[i];
        }
        out[i] = p[i] - lr * g;
        break;
      }
      case 'adagrad': {
        const sum = slot('sum', c.initialAccumulatorValue ?? 0);
        sum[i] += g * g;
        out[i] = p[i] - lr * g / (Math.sqrt(sum[i]) + (c.epsilon ?? 1e-10));
        break;
      }
      case 'rmsprop': {
        const rho = c.rho ?? 0.99;
        const sq = slot('square_avg', 0);
        sq[i] = rho * sq[i] + (1 - rho) * g * g;
        let avg = sq[i];
        if (c.centered) {
          const ga = slot('grad_avg', 0);
          ga[i] = rho * ga[i] + (1 - rho) * g;
          avg -= ga[i] * ga[i];
        }
        const step = g / (Math.sqrt(avg) + (c.epsilon ?? 1e-8));
        if ((c.momentum ?? 0) > 0) {
          const buf = slot('momentum_buffer', 0);
          buf[i] = c.momentum! * buf[i] + step;
          out[i] = p[i] - lr * buf[i];
        } else {
          out[i] = p[i] - lr * step;
        }
        break;
      }
      case 'adam':
      case 'adamw': {
        const b1 = c.beta1 ?? 0.9, b2 = c.beta2 ?? 0.999, eps = c.epsilon ?? 1e-8;
        let pi = p[i];
        if (c.name === 'adamw') pi *= 1 - lr * wd;
        const m = slot('exp_avg', 0), v = slot('exp_avg_sq', 0);
        m[i] = b1 * m[i] + (1 - b1) * g;
        v[i] = b2 * v[i] + (1 - b2) * g * g;
        let second = v[i];
        if (c.amsgrad) {
          const vmax = slot('max_exp_avg_sq', 0);
          vmax[i] = Math.max(vmax[i], v[i]);
          second = vmax[i];
        }
        const mHat = m[i] / (1 - b1 ** t);
        const vHat = second / (1 - b2 ** t);
        out[i] = pi - lr * mHat / (Math.sqrt(vHat) + eps);
        break;
      }
    }
  }
  return out;
}

/** Deterministic pseudo-random values in [-1, 1) (a small LCG; independent of the core's RNG). */
export function values(n: number, seed: number): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return Math.fround((s / 2 ** 32) * 2 - 1);
  });
}

export function expectClose(got: ArrayLike<number>, want: readonly number[], rtol = 1e-5, atol = 1e-6): void {
  if (got.length !== want.length) throw new Error(`length ${got.length} != ${want.length}`);
  for (let i = 0; i < want.length; i++) {
    if (!(Math.abs(got[i] - want[i]) <= atol + rtol * Math.abs(want[i]))) {
      throw new Error(`element ${i}: got ${got[i]}, want ${want[i]}`);
    }
  }
}
