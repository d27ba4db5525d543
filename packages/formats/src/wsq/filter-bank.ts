import { extendedSample, type Extension } from './symmetric-extension.js';
import type { WsqTransformTable } from './types.js';

/** A filter with tap k stored at taps[k + origin]. */
export interface PlacedFilter {
  taps: Float32Array;
  origin: number;
}

/**
 * Analysis and synthesis filters with their alignment.
 * Odd-length (whole-sample symmetric) banks put low-pass outputs on even samples and high-pass outputs
 * on odd ones; even-length (half-sample symmetric) banks put both on even samples, the high-pass
 * filter being antisymmetric.
 */
export interface FilterBank {
  evenLength: boolean;
  analysisLow: PlacedFilter;
  analysisHigh: PlacedFilter;
  synthesisLow: PlacedFilter;
  synthesisHigh: PlacedFilter;
  /** 1 when high-pass samples sit on odd positions, else 0. */
  highPhase: number;
}

function place(taps: Float32Array): PlacedFilter {
  const n = taps.length;
  return { taps, origin: n % 2 === 1 ? (n - 1) / 2 : n / 2 - 1 };
}

/** Modulate a filter by (-1)^k: the synthesis partner of the other analysis filter. */
function modulate(f: PlacedFilter, sign: number): PlacedFilter {
  const taps = new Float32Array(f.taps.length);
  for (let i = 0; i < taps.length; i++) {
    const k = i - f.origin;
    taps[i] = (k & 1 ? -sign : sign) * f.taps[i]!;
  }
  return { taps, origin: f.origin };
}

export function filterBank(t: WsqTransformTable): FilterBank {
  const analysisLow = place(t.lowpass);
  const analysisHigh = place(t.highpass);
  // Perfect reconstruction fixes the overall sign: the synthesis low-pass must have a positive DC gain.
  let dc = 0;
  for (let i = 0; i < analysisHigh.taps.length; i++) {
    const k = i - analysisHigh.origin;
    dc += (k & 1 ? -1 : 1) * analysisHigh.taps[i]!;
  }
  const sign = dc < 0 ? -1 : 1;
  const evenLength = t.lowpass.length % 2 === 0;
  return {
    evenLength,
    analysisLow,
    analysisHigh,
    synthesisLow: modulate(analysisHigh, sign),
    synthesisHigh: modulate(analysisLow, sign),
    highPhase: evenLength ? 0 : 1,
  };
}

/** How each subband of a length-n signal is extended, given the bank's symmetry. */
export function bandExtensions(bank: FilterBank, n: number): { low: Extension; high: Extension } {
  const odd = n % 2 === 1;
  if (!bank.evenLength) {
    return {
      low: { left: 'WS', right: odd ? 'WS' : 'HS', antisymmetric: false },
      high: { left: 'HS', right: odd ? 'HS' : 'WS', antisymmetric: false },
    };
  }
  return {
    low: { left: 'HS', right: odd ? 'WS' : 'HS', antisymmetric: false },
    high: { left: 'HS', right: odd ? 'WSZ' : 'HS', antisymmetric: true },
  };
}

/**
 * Which input samples, times which taps, make each output sample. Terms of output i are
 * source[start[i]..start[i+1]) with coef[...]; their order is the order of accumulation.
 */
export interface FilterPlan {
  start: Int32Array;
  source: Int32Array;
  coef: Float32Array;
}

/** Collects terms into typed arrays sized up front (outputs x most terms an output can have). */
class PlanBuilder {
  private readonly start: Int32Array;
  private readonly source: Int32Array;
  private readonly coef: Float32Array;
  private terms = 0;
  private outputs = 0;

  constructor(outputs: number, maxTermsPerOutput: number) {
    this.start = new Int32Array(outputs + 1);
    this.source = new Int32Array(outputs * maxTermsPerOutput);
    this.coef = new Float32Array(outputs * maxTermsPerOutput);
  }

  add(source: number, coef: number): void {
    this.source[this.terms] = source;
    this.coef[this.terms] = coef;
    this.terms++;
  }

  endOutput(): void {
    this.start[++this.outputs] = this.terms;
  }

  build(): FilterPlan {
    return { start: this.start, source: this.source.slice(0, this.terms), coef: this.coef.slice(0, this.terms) };
  }
}

/**
 * Synthesis of a length-n signal from its two stored halves (low then high, or high then low when
 * inverted). Output n sums the low band terms, then the high band terms, each from the lowest
 * extended index up, in single precision: the order in which NIST's reference decoder accumulates,
 * which is what makes the reconstruction bit-identical to the reference images.
 */
export function synthesisPlan(bank: FilterBank, n: number, invert: boolean): FilterPlan {
  const lowLength = (n + 1) >> 1;
  const highLength = n >> 1;
  const lowStart = invert ? highLength : 0;
  const highStart = invert ? 0 : lowLength;
  const ext = bandExtensions(bank, n);
  // Each band contributes at most ceil(taps / 2) + 1 terms to an output.
  const b = new PlanBuilder(n, ((bank.synthesisLow.taps.length + 1) >> 1) + ((bank.synthesisHigh.taps.length + 1) >> 1) + 2);
  const addBand = (f: PlacedFilter, phase: number, bandStart: number, bandLength: number, e: Extension, out: number): void => {
    const kMin = -f.origin;
    const kMax = f.taps.length - 1 - f.origin;
    // k = out - 2m - phase must lie in [kMin, kMax].
    const mHigh = Math.floor((out - phase - kMin) / 2);
    const mLow = Math.ceil((out - phase - kMax) / 2);
    for (let m = mLow; m <= mHigh; m++) {
      const s = extendedSample(m, bandLength, e);
      if (s.index < 0) continue;
      const tap = f.taps[out - 2 * m - phase + f.origin]!;
      b.add(bandStart + s.index, s.sign * tap);
    }
  };
  for (let out = 0; out < n; out++) {
    addBand(bank.synthesisLow, 0, lowStart, lowLength, ext.low, out);
    addBand(bank.synthesisHigh, bank.highPhase, highStart, highLength, ext.high, out);
    b.endOutput();
  }
  return b.build();
}

/**
 * Analysis of a length-n signal into its two halves, stored low then high (high then low when inverted).
 * The signal is mirrored at both ends (whole-sample for odd-length filters, half-sample for even).
 */
export function analysisPlan(bank: FilterBank, n: number, invert: boolean): FilterPlan {
  const lowLength = (n + 1) >> 1;
  const highLength = n >> 1;
  const signalExt: Extension = bank.evenLength
    ? { left: 'HS', right: 'HS', antisymmetric: false }
    : { left: 'WS', right: 'WS', antisymmetric: false };
  const b = new PlanBuilder(n, Math.max(bank.analysisLow.taps.length, bank.analysisHigh.taps.length));
  const output = (f: PlacedFilter, centre: number): void => {
    // out = sum_k f[k] x[centre + k], taps in increasing k.
    for (let i = 0; i < f.taps.length; i++) {
      const s = extendedSample(centre + i - f.origin, n, signalExt);
      if (s.index < 0) continue;
      b.add(s.index, f.taps[i]!);
    }
    b.endOutput();
  };
  const lows = (): void => {
    for (let m = 0; m < lowLength; m++) output(bank.analysisLow, 2 * m);
  };
  const highs = (): void => {
    for (let m = 0; m < highLength; m++) output(bank.analysisHigh, 2 * m + bank.highPhase);
  };
  if (invert) {
    highs();
    lows();
  } else {
    lows();
    highs();
  }
  return b.build();
}
