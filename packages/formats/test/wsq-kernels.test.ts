import { describe, expect, it } from 'vitest';
import { greyRun } from '../src/wsq/dequantize.js';
import { kernelMemory } from '../src/wsq/single-precision-kernels.js';

/*
 * The WebAssembly kernels against their JavaScript counterparts on values the images rarely reach:
 * the grey conversion relies on saturating truncation and narrowing instead of clamping, and the
 * column kernels make several pairs of rows per call.
 */
describe('WSQ synthesis kernels', () => {
  const wasm = kernelMemory(1 << 16);

  it.skipIf(wasm === undefined)('convert extreme and boundary values to grey as greyRun does', () => {
    const special = [NaN, Infinity, -Infinity, -0, 0, -0.5, -0.49, -1, -1e30, 1e30, 254.49, 254.5, 255, 255.4, 255.5, 256, 3e9, -3e9, 65535.7, 70000, -70000, 127.5, 0.5];
    const values = new Float32Array(1000);
    for (let i = 0; i < values.length; i++) values[i] = i < special.length ? special[i]! : Math.sin(i * 12.9898) * 400 - 50;
    for (const [shift, scale] of [[0, 1], [127.5, 1.7], [-3, 0.01], [128, 1e20]] as const) {
      const src = new Float32Array(wasm!.buffer, 0, values.length);
      src.set(values);
      const at = values.length * 4;
      wasm!.grey(0, at, values.length, shift, scale);
      const expected = new Uint8Array(values.length);
      greyRun(values, 0, Math.fround(shift), Math.fround(scale), expected, 0, values.length);
      expect(Array.from(new Uint8Array(wasm!.buffer, at, values.length))).toEqual(Array.from(expected));
    }
  });

  it.skipIf(wasm === undefined)('make several column pairs per call as one pair per call does', () => {
    const f = Math.fround;
    const stride = 23;
    const rows = 40;
    const input = new Float32Array(wasm!.buffer, 0, stride * rows);
    for (let i = 0; i < input.length; i++) input[i] = f(Math.cos(i * 0.37) * 100);
    const one = stride * rows * 4;
    const many = 2 * one;
    const e = [0.1, -0.2, 0.3, 0.4, -0.5, 0.6, 0.7].map(f);
    const d = [0.11, 0.12, -0.13, 0.14, 0.15, -0.16, 0.17, 0.18, 0.19].map(f);
    const pairs = 9;
    for (let p = 0; p < pairs; p++) {
      const even = one + 2 * p * stride * 4;
      wasm!.columnPair(p * stride * 4, (20 + p) * stride * 4, even, even + stride * 4, stride * 4, stride, ...(e as [number, number, number, number, number, number, number]), ...(d as [number, number, number, number, number, number, number, number, number]), 1);
      wasm!.columnLowPair(p * stride * 4, many + 2 * p * stride * 4, many + (2 * p + 1) * stride * 4, stride * 4, stride, e[0]!, e[1]!, e[2]!, d[0]!, d[1]!, d[2]!, d[3]!, 1);
    }
    const pairOutputs = Array.from(new Float32Array(wasm!.buffer, one, 2 * pairs * stride));
    const lowOutputs = Array.from(new Float32Array(wasm!.buffer, many, 2 * pairs * stride));
    // Low pairs by hand, in the plan's order.
    for (let p = 0; p < pairs; p++) {
      for (let c = 0; c < stride; c++) {
        const l = (j: number): number => input[(p + j) * stride + c]!;
        expect(lowOutputs[2 * p * stride + c]).toBe(f(f(f(l(0) * e[0]!) + f(l(1) * e[1]!)) + f(l(2) * e[2]!)));
        expect(lowOutputs[(2 * p + 1) * stride + c]).toBe(f(f(f(f(l(0) * d[0]!) + f(l(1) * d[1]!)) + f(l(2) * d[2]!)) + f(l(3) * d[3]!)));
      }
    }
    new Float32Array(wasm!.buffer, one, 2 * pairs * stride).fill(0);
    new Float32Array(wasm!.buffer, many, 2 * pairs * stride).fill(0);
    wasm!.columnPair(0, 20 * stride * 4, one, one + stride * 4, stride * 4, stride, ...(e as [number, number, number, number, number, number, number]), ...(d as [number, number, number, number, number, number, number, number, number]), pairs);
    wasm!.columnLowPair(0, many, many + stride * 4, stride * 4, stride, e[0]!, e[1]!, e[2]!, d[0]!, d[1]!, d[2]!, d[3]!, pairs);
    expect(Array.from(new Float32Array(wasm!.buffer, one, 2 * pairs * stride))).toEqual(pairOutputs);
    expect(Array.from(new Float32Array(wasm!.buffer, many, 2 * pairs * stride))).toEqual(lowOutputs);
  });
});
