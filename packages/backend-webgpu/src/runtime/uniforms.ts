/**
 * Uniform parameters of a kernel. Every field lives in one `array<vec4<u32>, K>` so the WGSL
 * layout rules (16-byte array strides) never have to be matched by hand; accessor functions are
 * generated for the shader and a packer for the host, both from the same field list.
 */
export type UniformField = 'u32' | 'i32' | 'f32' | readonly ['u32' | 'i32', number];

export type UniformFields = Readonly<Record<string, UniformField>>;

export type UniformValues<F extends UniformFields> = {
  [K in keyof F]: F[K] extends readonly unknown[] ? readonly number[] : number;
};

export interface UniformLayout<F extends UniformFields> {
  /** WGSL: the struct, binding 0 of group 0, and one accessor `p_<name>()` per field. */
  readonly wgsl: string;
  readonly words: number;
  pack(values: UniformValues<F>): Uint32Array;
}

export function uniformLayout<F extends UniformFields>(fields: F): UniformLayout<F> {
  let offset = 0;
  const slots: { name: string; type: UniformField; at: number }[] = [];
  const accessors: string[] = [];
  for (const [name, type] of Object.entries(fields)) {
    slots.push({ name, type, at: offset });
    if (Array.isArray(type)) {
      const [elem, n] = type as readonly ['u32' | 'i32', number];
      const read = `U.v[(${offset}u + i) / 4u][(${offset}u + i) % 4u]`;
      accessors.push(`fn p_${name}(i: u32) -> ${elem} { return ${elem === 'u32' ? read : `bitcast<i32>(${read})`}; }`);
      offset += Math.max(n, 1);
    } else {
      const read = `U.v[${offset >> 2}][${offset & 3}]`;
      const value = type === 'u32' ? read : `bitcast<${type}>(${read})`;
      accessors.push(`fn p_${name}() -> ${type} { return ${value}; }`);
      offset += 1;
    }
  }
  const vecs = Math.max(1, Math.ceil(offset / 4));
  const wgsl = [
    `struct Params { v: array<vec4<u32>, ${vecs}> }`,
    '@group(0) @binding(0) var<uniform> U: Params;',
    ...accessors,
  ].join('\n');
  const words = vecs * 4;
  return {
    wgsl,
    words,
    pack(values) {
      const out = new Uint32Array(words);
      const f32 = new Float32Array(out.buffer);
      const i32 = new Int32Array(out.buffer);
      for (const { name, type, at } of slots) {
        const v = (values as Record<string, number | readonly number[]>)[name];
        if (Array.isArray(type)) {
          const list = v as readonly number[];
          for (let i = 0; i < list.length; i++) {
            if (type[0] === 'i32') i32[at + i] = list[i];
            else out[at + i] = list[i];
          }
        } else if (type === 'f32') f32[at] = v as number;
        else if (type === 'i32') i32[at] = v as number;
        else out[at] = v as number;
      }
      return out;
    },
  };
}
