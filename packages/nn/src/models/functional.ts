import { fail, isTensor, type Tensor } from '@tessera/tensor';
import { InputLayer } from '../engine/input-layer.js';
import { Layer, type CallOptions, type LayerArgs, type LayerInput } from '../engine/layer.js';
import { fmt, isShapeList, type Shape } from '../engine/shape.js';
import { isSymbolic, type Node, type SymbolicTensor } from '../engine/symbolic.js';
import { Model } from './model.js';

export interface FunctionalArgs extends LayerArgs {
  /** Symbolic input(s) made with `input()`. */
  readonly inputs: SymbolicTensor | readonly SymbolicTensor[];
  /** Symbolic output(s): layers applied to the inputs. */
  readonly outputs: SymbolicTensor | readonly SymbolicTensor[];
}

/** Nodes reachable backwards from the outputs, in an order where every node follows its inputs. */
function topologicalNodes(label: string, outputs: readonly SymbolicTensor[]): Node[] {
  const order: Node[] = [];
  const state = new Map<Node, 'visiting' | 'done'>();
  const visit = (node: Node) => {
    const s = state.get(node);
    if (s === 'done') return;
    if (s === 'visiting') fail(label, `the graph has a cycle through layer ${node.layer.name}`);
    state.set(node, 'visiting');
    for (const t of node.inputs) visit(t.node);
    state.set(node, 'done');
    order.push(node);
  };
  for (const o of outputs) visit(o.node);
  return order;
}

/**
 * A model defined as a graph of layer calls on symbolic tensors: several inputs and outputs,
 * shared layers, skip connections. Usually made with `model({ inputs, outputs })`.
 *
 * ```ts
 * const x = input({ shape: [32, 32, 16] });
 * const h = conv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(x);
 * const y = activation({ activation: 'relu' }).apply(add().apply([x, h]));
 * const block = model({ inputs: x, outputs: y });
 * ```
 */
export class Functional extends Model {
  readonly className = 'Functional';
  readonly inputs: readonly SymbolicTensor[];
  readonly outputs: readonly SymbolicTensor[];
  /** Layer calls in execution order (input layers excluded). */
  readonly nodes: readonly Node[];
  private readonly layerList: readonly Layer[];
  private readonly inputsAsList: boolean;
  private readonly outputsAsList: boolean;

  constructor(args: FunctionalArgs) {
    super({ name: args.name, trainable: args.trainable }, 'Functional');
    const inputs = Array.isArray(args.inputs) ? [...args.inputs] : [args.inputs as SymbolicTensor];
    const outputs = Array.isArray(args.outputs) ? [...args.outputs] : [args.outputs as SymbolicTensor];
    if (inputs.length === 0 || outputs.length === 0) fail(this.label, 'needs at least one input and one output');
    for (const [what, list] of [['inputs', inputs], ['outputs', outputs]] as const) {
      list.forEach((t, i) => {
        if (!isSymbolic(t)) fail(this.label, `${what}[${i}] must be a symbolic tensor (from input() or layer.apply on one), got ${isTensor(t) ? 'a concrete Tensor' : typeof t}`);
      });
    }
    inputs.forEach((t, i) => {
      if (!(t.node.layer instanceof InputLayer)) fail(this.label, `inputs[${i}] must come from input(), got the output of layer ${t.node.layer.name}`);
    });
    this.inputs = inputs;
    this.outputs = outputs;
    this.inputsAsList = Array.isArray(args.inputs);
    this.outputsAsList = Array.isArray(args.outputs);
    const all = topologicalNodes(this.label, outputs);
    const inputNodes = new Set(inputs.map((t) => t.node));
    for (const node of all) {
      if (node.layer instanceof InputLayer && !inputNodes.has(node)) {
        fail(this.label, `graph disconnected: the outputs depend on input "${node.layer.name}", which is not in inputs`);
      }
    }
    this.nodes = all.filter((n) => !(n.layer instanceof InputLayer));
    const layers: Layer[] = inputs.map((t) => t.node.layer);
    for (const node of this.nodes) if (!layers.includes(node.layer)) layers.push(node.layer);
    this.layerList = layers;
    this.setInputSpecFromShapes(this.inputShapes);
    this.checkNames();
    this.built = true;
    this.builtInputShape = this.inputsAsList ? this.inputShapes : this.inputShapes[0];
  }

  get layers(): readonly Layer[] {
    return this.layerList;
  }

  get inputShapes(): readonly Shape[] {
    return this.inputs.map((t) => t.shape);
  }

  get outputShapes(): readonly Shape[] {
    return this.outputs.map((t) => t.shape);
  }

  get outputNames(): readonly string[] {
    return this.outputs.map((t) => t.node.layer.name);
  }

  /** Whether the model was defined with a list of inputs / outputs (configs keep the form). */
  get listForm(): { inputs: boolean; outputs: boolean } {
    return { inputs: this.inputsAsList, outputs: this.outputsAsList };
  }

  layerOutputShape(layer: Layer): Shape | readonly Shape[] | null {
    const node = layer instanceof InputLayer ? this.inputs.find((t) => t.node.layer === layer)?.node
      : this.nodes.find((n) => n.layer === layer);
    if (!node) return null;
    return node.outputs.length === 1 ? node.outputs[0].shape : node.outputs.map((o) => o.shape);
  }

  override connectionsOf(layer: Layer): string[] {
    return this.nodes.filter((n) => n.layer === layer).flatMap((n) => n.inputs.map((t) => `${t.node.layer.name}[${this.localIndex(t.node)}][${t.outputIndex}]`));
  }

  /** Index of a node among its layer's nodes that belong to this model. */
  localIndex(node: Node): number {
    if (node.layer instanceof InputLayer) return 0;
    return this.nodes.filter((n) => n.layer === node.layer).indexOf(node);
  }

  computeOutputShape(inputShape: Shape | readonly Shape[]): Shape | readonly Shape[] {
    const shapes = isShapeList(inputShape) ? inputShape : [inputShape];
    const batch = shapes[0]?.[0] ?? null;
    const out = this.outputs.map((t) => [batch, ...t.shape.slice(1)]);
    return this.outputsAsList ? out : out[0];
  }

  call(inputs: LayerInput, options: CallOptions): Tensor | Tensor[] {
    const given = Array.isArray(inputs) ? inputs as readonly Tensor[] : [inputs as Tensor];
    if (given.length !== this.inputs.length) {
      fail(this.label, `expects ${this.inputs.length} input(s), got ${given.length}`);
    }
    const values = new Map<number, Tensor>();
    this.inputs.forEach((t, i) => values.set(t.id, given[i]));
    // How many nodes still need each tensor, so activations are freed as soon as possible.
    const pending = new Map<number, number>();
    for (const node of this.nodes) for (const t of node.inputs) pending.set(t.id, (pending.get(t.id) ?? 0) + 1);
    const keep = new Set<number>([...this.inputs, ...this.outputs].map((t) => t.id));
    for (const node of this.nodes) {
      const args = node.inputs.map((t) => {
        const v = values.get(t.id);
        if (!v) fail(this.label, `internal: tensor ${t.name} was not computed before layer ${node.layer.name}`);
        return v;
      });
      const out = node.layer.apply(node.asList ? args : args[0], options);
      const outs = Array.isArray(out) ? out : [out];
      if (outs.length !== node.outputs.length) fail(this.label, `layer ${node.layer.name} returned ${outs.length} outputs, expected ${node.outputs.length}`);
      node.outputs.forEach((t, i) => {
        if (pending.has(t.id) || keep.has(t.id)) values.set(t.id, outs[i] as Tensor);
        else (outs[i] as Tensor).dispose();
      });
      for (const t of node.inputs) {
        const left = pending.get(t.id)! - 1;
        pending.set(t.id, left);
        if (left === 0 && !keep.has(t.id)) values.get(t.id)!.dispose();
      }
    }
    const result = this.outputs.map((t) => {
      const v = values.get(t.id)!;
      // An output that is also an input is returned as a view so the caller can dispose it.
      return this.inputs.some((i) => i.id === t.id) ? v.reshape(v.shape) : v;
    });
    return this.outputsAsList ? result : result[0];
  }

  override getConfig(): Record<string, unknown> {
    const ref = (t: SymbolicTensor) => [t.node.layer.name, this.localIndex(t.node), t.outputIndex];
    return {
      name: this.name,
      trainable: this.trainable,
      layers: this.layers.map((l) => ({ className: l.className, config: l.getConfig() })),
      nodes: this.nodes.map((n) => ({ layer: n.layer.name, inputs: n.inputs.map(ref), asList: n.asList })),
      inputs: this.inputs.map(ref),
      outputs: this.outputs.map(ref),
      inputsAsList: this.inputsAsList,
      outputsAsList: this.outputsAsList,
    };
  }

  override toString(): string {
    return `Functional(${this.name}: ${this.inputs.map((t) => fmt(t.shape)).join(', ')} -> ${this.outputs.map((t) => fmt(t.shape)).join(', ')})`;
  }
}

/**
 * A functional model from symbolic inputs and outputs.
 *
 * ```ts
 * const x = input({ shape: [784] });
 * const y = dense({ units: 10, activation: 'softmax' }).apply(dense({ units: 64, activation: 'relu' }).apply(x));
 * const net = model({ inputs: x, outputs: y });
 * ```
 */
export function model(args: FunctionalArgs): Functional {
  return new Functional(args);
}
