import { CODED_SUBBAND_COUNT, SUBBAND_COUNT } from './constants.js';
import { ENCODER } from './encoder-parameters.js';

const fround = Math.fround;

/** Quantiser steps as the encoder uses them (single precision), before they are rounded into the DQT. */
export interface QuantizerSteps {
  /** Bin width Q_k per subband; 0 = subband not coded. */
  q: Float32Array;
  /** Zero-bin width Z_k = 1.2 Q_k. */
  z: Float32Array;
}

function weight(k: number): number {
  const first = CODED_SUBBAND_COUNT - ENCODER.highBandWeights.length;
  return k >= first ? fround(ENCODER.highBandWeights[k - first]!) : 1;
}

function share(k: number): number {
  const [region2, region3] = ENCODER.regionStart;
  const [m1, m2, m3] = ENCODER.regionShare;
  return k < region2 ? m1 : k < region3 ? m2 : m3;
}

/**
 * Choose every subband's step for a target bit rate (spec: bit allocation). Start from relative steps
 * Q'_k (1 for the four lowest subbands, 10 / (A_k ln variance) for the others), solve for the common
 * factor q that spends `bitRate` bits per pixel, drop subbands whose share would be non-positive and
 * solve again until none is. Arithmetic mirrors NIST's reference encoder (float variables, double
 * intermediate expressions).
 */
export function designQuantizer(variance: Float32Array, bitRate: number): QuantizerSteps {
  const q = new Float32Array(SUBBAND_COUNT);
  const z = new Float32Array(SUBBAND_COUNT);
  const relative = new Float32Array(CODED_SUBBAND_COUNT);
  const sigma = new Float32Array(CODED_SUBBAND_COUNT);
  const coded: number[] = [];
  for (let k = 0; k < CODED_SUBBAND_COUNT; k++) {
    const v = variance[k]!;
    if (!(v >= ENCODER.varianceThreshold)) continue;
    relative[k] = k < ENCODER.regionStart[0] ? 1 : fround(10 / fround(weight(k) * fround(Math.log(v))));
    sigma[k] = fround(Math.sqrt(v));
    coded.push(k);
  }
  const rate = fround(bitRate);
  let active = coded;
  let factor = NaN;
  while (active.length > 0) {
    let s = 0;
    for (const k of active) s = fround(s + share(k));
    let product = 1;
    for (const k of active) product = fround(product * Math.pow(fround(sigma[k]! / relative[k]!), share(k)));
    factor = fround(Math.pow(2, fround(rate / s) - 1) / 2.5 / Math.pow(product, 1 / s));
    const kept = active.filter((k) => !(fround(relative[k]! / factor) >= ENCODER.nonPositiveRateSigmas * sigma[k]!));
    if (kept.length === active.length) break;
    active = kept;
  }
  // Every subband that passed the variance test is coded, even one dropped while solving for q.
  for (const k of coded) {
    q[k] = fround(relative[k]! / factor);
    // Images with very few active subbands (synthetic, tiny) can make q overflow: floor the step.
    if (!(q[k]! >= ENCODER.minimumStep)) q[k] = fround(ENCODER.minimumStep);
    z[k] = fround(ENCODER.zeroBinFactor * q[k]!);
  }
  return { q, z };
}
