export * from './dtype.js';
export * from './errors.js';
export * from './shape.js';
export * from './backend/backend.js';
export * from './backend/registry.js';
export * from './random/philox.js';
export { Generator, globalGenerator, setSeed, uniform, normal, truncatedNormal } from './random/generator.js';
export type { GeneratorState, UniformOptions, NormalOptions } from './random/generator.js';
export { Tensor, type NestedValues } from './tensor.js';
export { Variable, variable, isVariable, type VariableOptions } from './variable.js';
export { isTensorValue as isTensor, type MemoryInfo, type KernelTiming } from './engine.js';
export { tidy, keep, dispose, memory } from './tidy.js';
export {
  tensor, scalar, full, zeros, ones, zerosLike, onesLike, fullLike, arange, linspace, eye,
  fromTypedArray, type TensorLike, type NestedArray,
} from './creation.js';
export { fromNdarray, toNdarray, fromArray, type NdarrayLike, type NdarrayFactory } from './convert.js';
export { vjp, grad, grads, valueAndGrad, valueAndGrads, variableGrads, stopGradient, type VjpResult } from './autograd/grad.js';
export { runOp, customOp, makeView, fromBuffer, setKernelProfiler, type OpSpec, type BackwardFn } from './op.js';
export * from './ops/index.js';
