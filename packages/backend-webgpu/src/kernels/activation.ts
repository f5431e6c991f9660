import type { FusedActivation } from '@tessera/tensor';

/** WGSL `fn act(v: vec4<f32>) -> vec4<f32>` for a fused epilogue. */
export function activationFunction(activation: FusedActivation): string {
  const body: Record<FusedActivation, string> = {
    linear: 'return v;',
    relu: 'return select(v, vec4<f32>(0.0), v < vec4<f32>(0.0));',
    relu6: 'return select(min(v, vec4<f32>(6.0)), vec4<f32>(0.0), v < vec4<f32>(0.0));',
    sigmoid: `let e = exp(-abs(v));
  return select(e / (1.0 + e), 1.0 / (1.0 + e), v >= vec4<f32>(0.0));`,
    tanh: `let e = exp(-2.0 * abs(v));
  let t = (1.0 - e) / (1.0 + e);
  let small = abs(v) < vec4<f32>(0.0004);
  return select(sign(v) * t, v, small);`,
  };
  return `fn act(v: vec4<f32>) -> vec4<f32> {\n  ${body[activation]}\n}`;
}
