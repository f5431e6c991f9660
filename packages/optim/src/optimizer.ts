import {
  fail, fmtShape, isTensor, isVariable, tensor, tidy, variable, type Tensor, type Variable,
} from '@tessera/tensor';
import { isSchedule, type LearningRate } from './schedules/schedule.js';
import { readState, type OptimizerState, type SlotValue } from './state.js';

export type OptimizerName = 'sgd' | 'adagrad' | 'rmsprop' | 'adam' | 'adamw';

/** Slot state of one variable: its own step count (torch keeps one per parameter) and tensors. */
interface VariableSlots {
  step: number;
  readonly tensors: Map<string, Variable>;
}

/** What an optimizer's update rule sees for one variable at one step. */
export interface UpdateContext {
  /** The learning rate of this iteration (the schedule already applied). */
  readonly lr: number;
  /** 1-based count of the steps this variable has taken, this one included. */
  readonly step: number;
  /** Slots of the variable, by torch name. */
  readonly slots: Readonly<Record<string, Variable>>;
  /** Slots created for this step (torch's "state is empty / buffer is None" case). */
  readonly fresh: ReadonlySet<string>;
}

export function checkLearningRate(owner: string, value: unknown): LearningRate {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) fail(owner, `learningRate must be a finite number >= 0, got ${value}`);
    return value;
  }
  if (isSchedule(value)) return value;
  fail(owner, `learningRate must be a number >= 0 or a schedule (a function with a config), got ${typeof value === 'function' ? 'a function without config' : JSON.stringify(value)}`);
}

/**
 * The optimizer contract shared by every algorithm: validation, lazily created per-variable
 * slots (only for the variables a step is given, so frozen weights get none), learning-rate
 * schedules, and JSON-safe state. Subclasses supply the slot list and the update rule, written
 * with core ops; each variable's update runs in its own `tidy` and assigns in place.
 */
export abstract class Optimizer {
  readonly name: OptimizerName;
  private rate: LearningRate;
  private iterationCount = 0;
  private readonly slotsByName = new Map<string, VariableSlots>();

  protected constructor(name: OptimizerName, learningRate: LearningRate) {
    this.name = name;
    this.rate = checkLearningRate(name, learningRate);
  }

  /** A number or a schedule; settable (learning-rate callbacks assign numbers). */
  get learningRate(): LearningRate {
    return this.rate;
  }

  set learningRate(value: LearningRate) {
    this.rate = checkLearningRate(this.name, value);
  }

  /** Optimizer steps taken so far (one per `applyGradients` call). */
  get iterations(): number {
    return this.iterationCount;
  }

  /** The learning rate used by the coming step. */
  currentLearningRate(): number {
    const rate = this.rate;
    if (typeof rate === 'number') return rate;
    const lr = rate(this.iterationCount);
    if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0) {
      fail(this.name, `learningRate schedule "${rate.config.name}" gave ${lr} at iteration ${this.iterationCount}`);
    }
    return lr;
  }

  /** Slot names this configuration keeps per variable (torch names). */
  protected abstract slotNames(): readonly string[];

  /** Initial value of a slot for `v` (zeros unless the algorithm says otherwise). */
  protected initialSlot(_slot: string, v: Variable): Tensor {
    return tensor(new Float32Array(v.size), [...v.shape], 'float32');
  }

  /** Applies one step to `param` with gradient `grad` (inside a tidy; assign in place). */
  protected abstract update(param: Variable, grad: Tensor, ctx: UpdateContext): void;

  /** Hyperparameters other than the learning rate, as JSON. */
  protected abstract hyperparameters(): Record<string, unknown>;

  getConfig(): Record<string, unknown> {
    const rate = this.rate;
    return { learningRate: typeof rate === 'number' ? rate : { ...rate.config }, ...this.hyperparameters() };
  }

  /**
   * One optimization step: `variables[i]` moves along `grads[i]`. Everything is checked before
   * any variable changes, so a bad call leaves the model and the state as they were.
   */
  applyGradients(variables: readonly Variable[], grads: readonly Tensor[]): void {
    const op = 'applyGradients';
    if (!Array.isArray(variables) || !Array.isArray(grads)) fail(op, 'expects an array of variables and an array of gradients');
    if (variables.length !== grads.length) fail(op, `got ${variables.length} variables but ${grads.length} gradients`);
    const seen = new Set<string>();
    variables.forEach((v, i) => {
      if (!isVariable(v)) fail(op, `variables[${i}] is not a Variable`);
      if (v.isDisposed) fail(op, `variable ${v.name} has been disposed`);
      if (v.dtype !== 'float32') fail(op, `variable ${v.name} is ${v.dtype}; only float32 variables can be optimized`);
      if (seen.has(v.name)) fail(op, `two variables are named "${v.name}"; names must be unique`);
      seen.add(v.name);
      const g = grads[i];
      if (!isTensor(g) || g.isDisposed) fail(op, `gradient ${i} (for ${v.name}) is not a live tensor`);
      if (g.dtype !== 'float32') fail(op, `gradient for ${v.name} is ${g.dtype}, expected float32`);
      if (g.shape.length !== v.shape.length || g.shape.some((d, k) => d !== v.shape[k])) {
        fail(op, `gradient for ${v.name} has shape ${fmtShape(g.shape)}, the variable has ${fmtShape(v.shape)}`);
      }
      const saved = this.slotsByName.get(v.name);
      if (saved) {
        for (const [slot, t] of saved.tensors) {
          if (t.shape.length !== v.shape.length || t.shape.some((d, k) => d !== v.shape[k])) {
            fail(op, `slot ${slot} of ${v.name} has shape ${fmtShape(t.shape)}, the variable has ${fmtShape(v.shape)}`);
          }
        }
      }
    });
    const lr = this.currentLearningRate();
    variables.forEach((v, i) => {
      const { slots, fresh } = this.slotsFor(v);
      slots.step += 1;
      const ctx: UpdateContext = { lr, step: slots.step, slots: Object.fromEntries(slots.tensors), fresh };
      tidy(() => this.update(v, grads[i], ctx));
    });
    this.iterationCount += 1;
  }

  private slotsFor(v: Variable): { slots: VariableSlots; fresh: Set<string> } {
    let slots = this.slotsByName.get(v.name);
    if (!slots) {
      slots = { step: 0, tensors: new Map() };
      this.slotsByName.set(v.name, slots);
    }
    const fresh = new Set<string>();
    for (const slot of this.slotNames()) {
      if (slots.tensors.has(slot)) continue;
      const init = this.initialSlot(slot, v);
      slots.tensors.set(slot, variable(init, { name: `${v.name}/${slot}`, trainable: false }));
      init.dispose();
      fresh.add(slot);
    }
    return { slots, fresh };
  }

  /** Hyperparameters, iteration count and every slot, as JSON-safe numbers. */
  async getState(): Promise<OptimizerState> {
    const slots: Record<string, Record<string, SlotValue>> = {};
    for (const [name, s] of this.slotsByName) {
      const entry: Record<string, SlotValue> = { step: { shape: [], data: [s.step] } };
      for (const [slot, t] of s.tensors) entry[slot] = { shape: [...t.shape], data: Array.from(await t.data()) };
      slots[name] = entry;
    }
    return { name: this.name, config: this.getConfig(), iterations: this.iterationCount, slots };
  }

  /**
   * Restores the iteration count and the slots (matched to variables by name when they next
   * take a step). Hyperparameters are not changed: build the optimizer from `state.config`
   * (see `optimizerFromState`). The whole state is checked before anything is replaced.
   */
  setState(state: OptimizerState): void {
    const parsed = readState(state, this.name, new Set(this.slotNames()));
    const next = new Map<string, VariableSlots>();
    for (const [name, entry] of Object.entries(parsed.slots)) {
      const tensors = new Map<string, Variable>();
      for (const [slot, value] of Object.entries(entry.tensors)) {
        const init = tensor(Float32Array.from(value.data, (x) => (x === null ? Number.NaN : x)), value.shape, 'float32');
        tensors.set(slot, variable(init, { name: `${name}/${slot}`, trainable: false }));
        init.dispose();
      }
      next.set(name, { step: entry.step ?? parsed.iterations, tensors });
    }
    this.dispose();
    for (const [name, s] of next) this.slotsByName.set(name, s);
    this.iterationCount = parsed.iterations;
  }

  /** Frees every slot tensor. The optimizer stays usable (slots start afresh). */
  dispose(): void {
    for (const s of this.slotsByName.values()) for (const t of s.tensors.values()) t.dispose();
    this.slotsByName.clear();
  }
}
