import { Generator, fail, full, globalGenerator, ones, zeros, type Tensor } from '@tessera/tensor';
import { computeFans } from './fans.js';
import { TRUNCATED_STD_FACTOR, TRUNCATION_SIGMAS } from './truncation.js';

export type InitializerName =
  | 'zeros' | 'ones' | 'constant' | 'randomUniform' | 'randomNormal' | 'varianceScaling'
  | 'glorotUniform' | 'glorotNormal' | 'glorotTruncatedNormal'
  | 'heUniform' | 'heNormal' | 'heTruncatedNormal'
  | 'lecunUniform' | 'lecunNormal' | 'lecunTruncatedNormal';

export interface InitializerConfig {
  readonly name: InitializerName;
  readonly [k: string]: unknown;
}

/** A name, a config object (`{ name: 'constant', value: 0.1 }`), or an initializer. */
export type InitializerIdentifier = InitializerName | InitializerConfig | Initializer;

/** Distribution statistics of an initializer for one weight shape, computed analytically. */
export interface InitializerStats {
  readonly distribution: 'uniform' | 'normal' | 'truncated_normal' | 'constant';
  readonly mean: number;
  readonly std: number;
  readonly variance: number;
  /** Uniform: values lie in [-limit, limit]. */
  readonly limit?: number;
  /** Truncated normal: stddev of the normal before truncation. */
  readonly underlyingStddev?: number;
  /** Truncated normal: values lie in [-bound, bound]. */
  readonly truncationBound?: number;
}

/**
 * Makes initial weight values. With a `seed` in its config it gives the same values on every
 * call; without one it draws from the generator it is given (the global one by default).
 */
export interface Initializer {
  readonly config: InitializerConfig;
  init(shape: readonly number[], generator?: Generator): Tensor;
  stats(shape: readonly number[]): InitializerStats;
}

export type FanMode = 'fanIn' | 'fanOut' | 'fanAvg';
export type ScalingDistribution = 'uniform' | 'normal' | 'truncatedNormal';

function pickGenerator(seed: unknown, generator: Generator | undefined): Generator {
  if (seed !== undefined && seed !== null) return new Generator(seed as number);
  return generator ?? globalGenerator();
}

function checkSeed(name: string, seed: unknown): void {
  if (seed !== undefined && seed !== null && !Number.isSafeInteger(seed)) fail(name, `seed must be a safe integer, got ${JSON.stringify(seed)}`);
}

function constantInit(config: InitializerConfig, value: number): Initializer {
  return {
    config,
    init: (shape) => (value === 0 ? zeros(shape) : value === 1 ? ones(shape) : full(shape, value)),
    stats: () => ({ distribution: 'constant', mean: value, std: 0, variance: 0 }),
  };
}

/**
 * Keras' VarianceScaling: variance `scale / n` with n the fan_in, fan_out or their average
 * (at least 1). 'uniform' draws U(-l, l) with l = sqrt(3 * variance); 'normal' draws
 * N(0, variance); 'truncatedNormal' draws a normal cut at two of its standard deviations whose
 * stddev is enlarged so that the truncated values still have the wanted variance.
 */
export function varianceScaling(options: { scale?: number; mode?: FanMode; distribution?: ScalingDistribution; seed?: number },
  name: InitializerName = 'varianceScaling'): Initializer {
  const scale = options.scale ?? 1;
  const mode = options.mode ?? 'fanIn';
  const distribution = options.distribution ?? 'truncatedNormal';
  if (!(scale > 0)) fail(name, `scale must be positive, got ${scale}`);
  if (!['fanIn', 'fanOut', 'fanAvg'].includes(mode)) fail(name, `mode must be fanIn, fanOut or fanAvg, got ${JSON.stringify(mode)}`);
  if (!['uniform', 'normal', 'truncatedNormal'].includes(distribution)) {
    fail(name, `distribution must be uniform, normal or truncatedNormal, got ${JSON.stringify(distribution)}`);
  }
  checkSeed(name, options.seed);
  const seedPart = options.seed === undefined ? {} : { seed: options.seed };
  const config: InitializerConfig = name === 'varianceScaling'
    ? { name, scale, mode, distribution, ...seedPart }
    : { name, ...seedPart };
  const stats = (shape: readonly number[]): InitializerStats => {
    const { fanIn, fanOut } = computeFans(shape);
    const n = mode === 'fanIn' ? fanIn : mode === 'fanOut' ? fanOut : (fanIn + fanOut) / 2;
    const variance = scale / Math.max(1, n);
    const std = Math.sqrt(variance);
    if (distribution === 'uniform') return { distribution: 'uniform', mean: 0, std, variance, limit: Math.sqrt(3 * variance) };
    if (distribution === 'normal') return { distribution: 'normal', mean: 0, std, variance };
    const underlyingStddev = std / TRUNCATED_STD_FACTOR;
    return {
      distribution: 'truncated_normal', mean: 0, std, variance,
      underlyingStddev, truncationBound: TRUNCATION_SIGMAS * underlyingStddev,
    };
  };
  return {
    config,
    stats,
    init(shape, generator) {
      const s = stats(shape);
      const g = pickGenerator(options.seed, generator);
      if (s.distribution === 'uniform') return g.uniform(shape, { minval: -s.limit!, maxval: s.limit! });
      if (s.distribution === 'normal') return g.normal(shape, { stddev: s.std });
      return g.truncatedNormal(shape, { stddev: s.underlyingStddev! });
    },
  };
}

const PRESETS: Readonly<Record<string, { scale: number; mode: FanMode; distribution: ScalingDistribution }>> = {
  glorotUniform: { scale: 1, mode: 'fanAvg', distribution: 'uniform' },
  /** Plain normal, as torch's xavier_normal_ (Keras' GlorotNormal is glorotTruncatedNormal). */
  glorotNormal: { scale: 1, mode: 'fanAvg', distribution: 'normal' },
  glorotTruncatedNormal: { scale: 1, mode: 'fanAvg', distribution: 'truncatedNormal' },
  heUniform: { scale: 2, mode: 'fanIn', distribution: 'uniform' },
  heNormal: { scale: 2, mode: 'fanIn', distribution: 'normal' },
  heTruncatedNormal: { scale: 2, mode: 'fanIn', distribution: 'truncatedNormal' },
  lecunUniform: { scale: 1, mode: 'fanIn', distribution: 'uniform' },
  lecunNormal: { scale: 1, mode: 'fanIn', distribution: 'normal' },
  lecunTruncatedNormal: { scale: 1, mode: 'fanIn', distribution: 'truncatedNormal' },
};

function randomUniform(config: Record<string, unknown>): Initializer {
  const minval = (config.minval as number | undefined) ?? -0.05, maxval = (config.maxval as number | undefined) ?? 0.05;
  if (!(minval < maxval)) fail('randomUniform', `needs minval < maxval, got ${minval} and ${maxval}`);
  checkSeed('randomUniform', config.seed);
  const width = maxval - minval;
  return {
    config: { name: 'randomUniform', minval, maxval, ...(config.seed === undefined ? {} : { seed: config.seed }) },
    init: (shape, g) => pickGenerator(config.seed, g).uniform(shape, { minval, maxval }),
    stats: () => ({ distribution: 'uniform', mean: (minval + maxval) / 2, std: width / Math.sqrt(12), variance: width * width / 12 }),
  };
}

function randomNormal(config: Record<string, unknown>): Initializer {
  const mean = (config.mean as number | undefined) ?? 0, stddev = (config.stddev as number | undefined) ?? 0.05;
  if (!(stddev >= 0)) fail('randomNormal', `stddev must be >= 0, got ${stddev}`);
  checkSeed('randomNormal', config.seed);
  return {
    config: { name: 'randomNormal', mean, stddev, ...(config.seed === undefined ? {} : { seed: config.seed }) },
    init: (shape, g) => pickGenerator(config.seed, g).normal(shape, { mean, stddev }),
    stats: () => ({ distribution: 'normal', mean, std: stddev, variance: stddev * stddev }),
  };
}

export const INITIALIZER_NAMES: readonly InitializerName[] = [
  'zeros', 'ones', 'constant', 'randomUniform', 'randomNormal', 'varianceScaling', ...Object.keys(PRESETS) as InitializerName[],
];

/** snake_case (Keras) spellings map to the camelCase names. */
function canonical(option: string, name: unknown): InitializerName {
  if (typeof name === 'string') {
    const camel = name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    const found = INITIALIZER_NAMES.find((n) => n === camel || n.toLowerCase() === camel.toLowerCase());
    if (found) return found;
  }
  return fail(option, `unknown initializer ${JSON.stringify(name)}; expected one of ${INITIALIZER_NAMES.join(', ')}`);
}

function isInitializer(value: unknown): value is Initializer {
  return typeof value === 'object' && value !== null && typeof (value as Initializer).init === 'function';
}

/**
 * Resolves an initializer identifier; `option` names the layer option in error messages.
 *
 * ```ts
 * getInitializer('heNormal').init([3, 3, 16, 32]);
 * getInitializer({ name: 'constant', value: 0.1 });
 * ```
 */
export function getInitializer(identifier: InitializerIdentifier, option = 'initializer'): Initializer {
  if (isInitializer(identifier)) return identifier;
  const config: Record<string, unknown> = typeof identifier === 'object' && identifier !== null ? { ...identifier } : { name: identifier };
  const name = canonical(option, config.name);
  switch (name) {
    case 'zeros': return constantInit({ name }, 0);
    case 'ones': return constantInit({ name }, 1);
    case 'constant': {
      const value = config.value ?? 0;
      if (typeof value !== 'number' || !Number.isFinite(value)) fail(option, `constant initializer value must be a finite number, got ${JSON.stringify(value)}`);
      return constantInit({ name, value }, value);
    }
    case 'randomUniform': return randomUniform(config);
    case 'randomNormal': return randomNormal(config);
    case 'varianceScaling':
      return varianceScaling(config as { scale?: number; mode?: FanMode; distribution?: ScalingDistribution; seed?: number });
    default:
      return varianceScaling({ ...PRESETS[name], seed: config.seed as number | undefined }, name);
  }
}

export function serializeInitializer(init: Initializer): InitializerIdentifier {
  return Object.keys(init.config).length === 1 ? init.config.name : init.config;
}
