import type { Tensor } from '../tensor.js';

/**
 * The vector-Jacobian product of one op: given dL/d(output) it returns dL/d(input) for every
 * input whose `needs` entry is true (others may be null). It is written with ordinary ops, so
 * gradients work on every backend that passes conformance. `inputs` and `output` are handles
 * the tape saved for this node; they stay valid until the node has been back-propagated.
 */
export type BackwardFn = (
  dy: Tensor,
  saved: { readonly inputs: readonly Tensor[]; readonly output: Tensor; readonly needs: readonly boolean[] },
) => readonly (Tensor | null | undefined)[];

export interface TapeNode {
  readonly name: string;
  readonly inputIds: readonly number[];
  readonly needs: readonly boolean[];
  readonly outputId: number;
  readonly inputs: Tensor[];
  readonly output: Tensor;
  readonly backward: BackwardFn;
}

/** Records the ops run while a gradient is being computed, in execution (= topological) order. */
export class Tape {
  readonly nodes: TapeNode[] = [];
  /** Ids of tensors that depend on a watched input; only ops touching them are recorded. */
  readonly tracked = new Set<number>();
  /** Set while a composite op with its own backward runs its forward pass. */
  paused = 0;
}
