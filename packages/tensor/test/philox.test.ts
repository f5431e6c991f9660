import { describe, expect, it } from 'vitest';
import { philox4x32, philoxNormal, philoxTruncatedNormal, philoxUniform, seedToKey } from '../src/random/philox.js';

const hex = (a: Uint32Array) => Array.from(a, (x) => x.toString(16).padStart(8, '0')).join(' ');

describe('philox4x32-10', () => {
  it('matches the Random123 known-answer vectors', () => {
    const out = new Uint32Array(4);
    philox4x32(0, 0, 0, 0, 0, 0, out);
    expect(hex(out)).toBe('6627e8d5 e169c58d bc57ac4c 9b00dbd8');
    philox4x32(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, out);
    expect(hex(out)).toBe('408f276d 41c83b0e a20bc7c6 6d5451fd');
    philox4x32(0xa4093822, 0x299f31d0, 0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, out);
    expect(hex(out)).toBe('d16cfe09 94fdcceb 5001e420 24126ea1');
  });

  it('is counter-addressable: a draw from an offset equals the tail of a longer draw', () => {
    const key = seedToKey(1234);
    const whole = philoxUniform(key, 0, 40);
    const tail = philoxUniform(key, 3, 28);
    expect(Array.from(tail)).toEqual(Array.from(whole.subarray(12)));
    const n = philoxNormal(key, 0, 20);
    expect(Array.from(philoxNormal(key, 2, 16))).toEqual(Array.from(n.subarray(4)));
  });

  it('gives uniforms in [0,1) with the right moments and distinct seeds differ', () => {
    const u = philoxUniform(seedToKey(7), 0, 100_000);
    let sum = 0, sq = 0, min = 1, max = 0;
    for (const v of u) { sum += v; sq += v * v; min = Math.min(min, v); max = Math.max(max, v); }
    const mean = sum / u.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / u.length));
    expect(Math.abs(sq / u.length - mean * mean - 1 / 12)).toBeLessThan(0.002);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(Array.from(philoxUniform(seedToKey(8), 0, 8))).not.toEqual(Array.from(u.subarray(0, 8)));
  });

  it('gives standard normals and truncates at two standard deviations', () => {
    const z = philoxNormal(seedToKey(3), 0, 100_001);
    let sum = 0, sq = 0;
    for (const v of z) { sum += v; sq += v * v; }
    expect(Math.abs(sum / z.length)).toBeLessThan(5 / Math.sqrt(z.length));
    expect(Math.abs(Math.sqrt(sq / z.length) - 1)).toBeLessThan(6 / Math.sqrt(2 * z.length));
    const t = philoxTruncatedNormal(seedToKey(3), 0, 50_000, 1, 0.5);
    let tsum = 0, tsq = 0;
    for (const v of t) { expect(Math.abs(v - 1)).toBeLessThanOrEqual(1 + 1e-6); tsum += v; tsq += (v - 1) ** 2; }
    expect(Math.abs(tsum / t.length - 1)).toBeLessThan(0.01);
    // A normal truncated at +-2 sigma keeps 0.8796 of its standard deviation.
    expect(Math.abs(Math.sqrt(tsq / t.length) - 0.5 * 0.8796256610342398)).toBeLessThan(0.005);
  });
});
