import { tensor, type DType, type Tensor } from '@tessera/tensor';
import { decodeData, isFixtureTensor, type FixtureCase, type FixtureFile } from './fixtures.js';

/**
 * Thrown by a handler for a case the implementation under test does not support. Any error whose
 * `name` is 'UnsupportedCase' counts the same, so handler modules need no runtime import.
 */
export class UnsupportedCase extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'UnsupportedCase';
  }
}

/** What a handler sees of one fixture case. Tensors it creates are disposed after the case. */
export class CaseContext {
  readonly created: Tensor[] = [];

  constructor(readonly file: FixtureFile, readonly fixture: FixtureCase) {}

  get attrs(): Readonly<Record<string, unknown>> {
    return this.fixture.attrs ?? {};
  }

  hasAttr(name: string): boolean {
    return this.attrs[name] !== undefined && this.attrs[name] !== null;
  }

  attr<T>(name: string, fallback?: T): T {
    const value = this.attrs[name];
    if (value === undefined || value === null) {
      if (fallback !== undefined) return fallback;
      throw new Error(`case ${this.fixture.name}: attribute "${name}" missing`);
    }
    return value as T;
  }

  has(name: string): boolean {
    return name in this.fixture.inputs;
  }

  /** The raw JSON of an input. */
  input(name: string): unknown {
    if (!(name in this.fixture.inputs)) throw new Error(`case ${this.fixture.name}: input "${name}" missing`);
    return this.fixture.inputs[name];
  }

  /** An input decoded to numbers (a fixture tensor's data, or a plain list). */
  numbers(name: string): number[] {
    const raw = this.input(name);
    if (isFixtureTensor(raw)) return decodeData(raw);
    if (Array.isArray(raw)) return raw.map(Number);
    if (typeof raw === 'number') return [raw];
    throw new Error(`case ${this.fixture.name}: input "${name}" is not numeric`);
  }

  shapeOf(name: string): number[] {
    const raw = this.input(name);
    if (!isFixtureTensor(raw)) throw new Error(`case ${this.fixture.name}: input "${name}" is not a tensor`);
    return [...raw.shape];
  }

  /** An input as a tensor on the active backend (float32 unless the fixture says otherwise). */
  tensor(name: string): Tensor {
    const raw = this.input(name);
    if (!isFixtureTensor(raw)) throw new Error(`case ${this.fixture.name}: input "${name}" is not a tensor`);
    const dtype: DType = raw.dtype ?? 'float32';
    const t = tensor(decodeData(raw), [...raw.shape], dtype);
    this.created.push(t);
    return t;
  }

  /** Registers a tensor the handler made so it is disposed with the case. */
  track<T extends Tensor>(t: T): T {
    this.created.push(t);
    return t;
  }
}

export interface HandlerResult {
  readonly outputs: Readonly<Record<string, unknown>>;
  readonly grads?: Readonly<Record<string, unknown>>;
}

/** Computes a case's outputs (and gradients) with the implementation under test. */
export type Handler = (ctx: CaseContext) => HandlerResult | Promise<HandlerResult>;

/**
 * Handlers keyed by the fixture's `op` field, or by `suite/op` to claim an op name for one suite
 * only (the runner tries `suite/op` first).
 */
export type HandlerTable = Readonly<Record<string, Handler>>;
