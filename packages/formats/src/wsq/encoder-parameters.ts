/**
 * Every tunable of the WSQ encoder, with the values the FBI specification (and NIST's reference
 * encoder) prescribe. Changing any of them changes the codestream; keep them here, not in the stages.
 */
export const ENCODER = {
  /** Subbands whose variance is below this are not coded (spec: 1.01). */
  varianceThreshold: 1.01,
  /**
   * When the summed variance of subbands 0-3 is below this, every subband's variance is taken over the
   * whole subband instead of its central window (NIST reference behaviour for low-contrast images).
   */
  smallVarianceSum: 20000,
  /** Central window used for variances: skip 1/8 of the width and 9/32 of the height, keep 3/4 x 7/16. */
  varianceWindow: { skipX: [1, 8], skipY: [9, 32], keepX: [3, 4], keepY: [7, 16] },
  /** Relative weights A_k of the subbands 52..59 in the step-size formula (all others 1). */
  highBandWeights: [1.32, 1.08, 1.42, 1.08, 1.32, 1.42, 1.08, 1.08],
  /** First subband of the 1/256-sized region and of the 1/16-sized region (the rest are 1/1024). */
  regionStart: [4, 51],
  /** Reciprocal of the spec's m_k: the share of the image each subband of a region covers. */
  regionShare: [1 / 1024, 1 / 256, 1 / 16],
  /** The zero bin is this many quantiser steps wide (Z = 1.2 Q). */
  zeroBinFactor: 1.2,
  /** A subband's step is dropped when Q/q >= this many standard deviations (non-positive bit rate). */
  nonPositiveRateSigmas: 5,
  /**
   * Smallest step used. The bit-allocation formula overflows when only a couple of subbands vary
   * (flat or synthetic images); real images at any sensible rate get far larger steps.
   */
  minimumStep: 0.05,
  /** Bin centre C written in the DQT: 0.44, as scale 2 and value 44 (NIST's exact bytes). */
  binCenter: { scale: 2, value: 44 },
  /** SOF encoder number (2: the current FBI algorithm). */
  encoderId: 2,
  /** SOF software implementation number: 0, as for uncertified implementations (NIST's own uses 0). */
  softwareId: 0,
  /** Largest magnitude a coefficient may take: the 16-bit escape codes carry 16 bits. */
  maxCoefficient: 0xffff,
  /** Longest zero run one symbol may carry (16-bit escape). */
  maxZeroRun: 0xffff,
} as const;
