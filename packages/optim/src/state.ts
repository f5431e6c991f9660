import { fail } from '@tessera/tensor';

/** A slot tensor as JSON: shape and flat row-major values (NaN is stored as null by JSON). */
export interface SlotValue {
  readonly shape: number[];
  readonly data: number[];
}

export interface OptimizerState {
  /** 'sgd' | 'adam' | 'adamw' | 'rmsprop' | 'adagrad' */
  readonly name: string;
  /** Hyperparameters as JSON, including the learning rate or its schedule config. */
  readonly config: Record<string, unknown>;
  readonly iterations: number;
  /**
   * Per variable name, per slot name (torch names: momentum_buffer, exp_avg, exp_avg_sq,
   * max_exp_avg_sq, sum, square_avg, grad_avg; plus `step`, the variable's own step count, shape []).
   */
  readonly slots: Record<string, Record<string, SlotValue>>;
}

export interface ParsedState {
  readonly iterations: number;
  readonly slots: Record<string, { step?: number; tensors: Record<string, { shape: number[]; data: readonly (number | null)[] }> }>;
}

const op = 'setState';

function checkSlotValue(where: string, value: unknown): { shape: number[]; data: readonly (number | null)[] } {
  const v = value as SlotValue;
  if (typeof value !== 'object' || value === null || !Array.isArray(v.shape) || !Array.isArray(v.data)) {
    fail(op, `${where} must be {shape, data}, got ${JSON.stringify(value)?.slice(0, 80)}`);
  }
  if (!v.shape.every((d) => Number.isInteger(d) && d >= 0)) fail(op, `${where} has an invalid shape ${JSON.stringify(v.shape)}`);
  const size = v.shape.reduce((a, b) => a * b, 1);
  if (v.data.length !== size) fail(op, `${where} has ${v.data.length} values for shape [${v.shape.join(',')}] (needs ${size})`);
  const bad = v.data.findIndex((x) => x !== null && typeof x !== 'number');
  if (bad >= 0) fail(op, `${where} value ${bad} is ${JSON.stringify(v.data[bad])}, not a number`);
  return { shape: [...v.shape], data: v.data as (number | null)[] };
}

/** Checks a state against the optimizer it is loaded into, before anything is replaced. */
export function readState(state: OptimizerState, name: string, slotNames: ReadonlySet<string>): ParsedState {
  if (typeof state !== 'object' || state === null) fail(op, `expects an optimizer state object, got ${JSON.stringify(state)}`);
  if (state.name !== name) fail(op, `state is for optimizer "${state.name}", this optimizer is "${name}"`);
  if (!Number.isSafeInteger(state.iterations) || state.iterations < 0) {
    fail(op, `iterations must be an integer >= 0, got ${JSON.stringify(state.iterations)}`);
  }
  if (typeof state.slots !== 'object' || state.slots === null || Array.isArray(state.slots)) fail(op, 'slots must be an object keyed by variable name');
  const slots: ParsedState['slots'] = {};
  for (const [variableName, entry] of Object.entries(state.slots)) {
    if (typeof entry !== 'object' || entry === null) fail(op, `slots of "${variableName}" must be an object`);
    const parsed: ParsedState['slots'][string] = { tensors: {} };
    for (const [slot, value] of Object.entries(entry)) {
      const where = `slot "${slot}" of "${variableName}"`;
      const checked = checkSlotValue(where, value);
      if (slot === 'step') {
        const step = checked.data[0];
        if (checked.shape.length !== 0 || typeof step !== 'number' || !Number.isSafeInteger(step) || step < 0) {
          fail(op, `${where} must be a scalar integer >= 0, got ${JSON.stringify(value)}`);
        }
        parsed.step = step;
      } else if (!slotNames.has(slot)) {
        fail(op, `${where} is not kept by ${name} with this configuration (it keeps: ${[...slotNames].join(', ') || 'none'})`);
      } else {
        parsed.tensors[slot] = checked;
      }
    }
    slots[variableName] = parsed;
  }
  return { iterations: state.iterations, slots };
}
