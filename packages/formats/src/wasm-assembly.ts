/**
 * Writing a small WebAssembly module's bytes in TypeScript (the binary format of the WebAssembly
 * Core Specification, §5): numbers as LEB128, vectors, sections, names, and a module made of
 * functions over one imported memory. Kura's numeric kernels (WSQ synthesis in this package, Gabor
 * filtering in @kura/biometrics) are assembled this way at run time: no compiler at build time, no
 * binary blob in the repository, and every instruction readable where it is written. Each kernel
 * file names the instructions it uses; what is shared is here.
 */

/** The part of the WebAssembly API the kernels use (the TypeScript libraries Kura builds with do not declare it). */
export interface WasmModule {
  readonly wasmModule: unique symbol;
}
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WasmModule;
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Instance: new (module: WasmModule, imports: object) => { exports: Record<string, unknown> };
}

/** The platform's WebAssembly, or undefined where there is none. */
export const webAssembly: WasmApi | undefined = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/** Value types. */
export const I32 = 0x7f;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (for i32.const). */
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

export const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
export const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
export const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
/** A SIMD (0xfd-prefixed) instruction with its immediates. */
export const simd = (code: number, ...immediates: number[]): number[] => [0xfd, ...uleb(code), ...immediates];

/** A function's type: parameter types → no result. */
export const procedureType = (parameters: number[]): number[] => [0x60, ...vec(parameters.map((t) => [t])), ...vec([])];

export interface KernelFunction {
  /** Exported under this name. */
  name: string;
  /** Index into the module's types. */
  type: number;
  /** Local declarations then instructions, ending with `end`. */
  body: number[];
}

/** A module of `functions` over one memory imported as e.m (one page at least). */
export function kernelModuleBytes(types: number[][], functions: readonly KernelFunction[]): Uint8Array {
  const code = (body: number[]): number[] => [...uleb(body.length), ...body];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(types)),
    ...section(2, vec([[...name('e'), ...name('m'), 0x02, 0x00, ...uleb(1)]])),
    ...section(3, vec(functions.map((f) => uleb(f.type)))),
    ...section(7, vec(functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vec(functions.map((f) => code(f.body)))),
  ]);
}

/** The compiled module, or null where WebAssembly (or an instruction it uses, such as SIMD) is not available. */
export function compileKernels(bytes: Uint8Array): WasmModule | null {
  try {
    return webAssembly && webAssembly.validate(bytes) ? new webAssembly.Module(bytes) : null;
  } catch {
    return null;
  }
}

/** The memory a kernel instance works in: its own, growing as the work needs. */
export interface KernelMemory {
  /** The memory's current buffer (a new one after the memory grows). */
  buffer(): ArrayBuffer;
  /** Grows the memory to at least `bytes` bytes (a WebAssembly memory never shrinks). */
  reserve(bytes: number): void;
}

/**
 * Instantiates a module made by kernelModuleBytes over a fresh one-page memory: the memory's
 * accessors and the exported functions `names`, typed as K says. Null without WebAssembly.
 */
export function instantiateKernels<K extends KernelMemory>(module: WasmModule, names: ReadonlyArray<Exclude<keyof K, keyof KernelMemory> & string>): K | null {
  if (webAssembly === undefined) return null;
  const memory = new webAssembly.Memory({ initial: 1 });
  const { exports } = new webAssembly.Instance(module, { e: { m: memory } });
  const kernels: Record<string, unknown> = {
    buffer: () => memory.buffer,
    reserve(bytes: number): void {
      const missing = Math.ceil((bytes - memory.buffer.byteLength) / 65536);
      if (missing > 0) memory.grow(missing);
    },
  };
  for (const name of names) {
    if (typeof exports[name] !== 'function') throw new Error(`kernel module exports no function ${name}`);
    kernels[name] = exports[name];
  }
  return kernels as K;
}

/**
 * The instructions every kernel uses — locals, i32 constants and arithmetic, structured control, the
 * zero vector — by name (a kernel file adds the ones it needs: `const op = { ...coreOps, … }`).
 */
export const coreOps = {
  get: (i: number): number[] => [0x20, ...uleb(i)],
  set: (i: number): number[] => [0x21, ...uleb(i)],
  i32: (n: number): number[] => [0x41, ...sleb(n)],
  add: [0x6a],
  sub: [0x6b],
  ltU: [0x49],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number): number[] => [0x0c, ...uleb(depth)],
  brIf: (depth: number): number[] => [0x0d, ...uleb(depth)],
  zero: simd(0x0c, ...new Array<number>(16).fill(0)),
};
