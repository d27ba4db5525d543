/**
 * Tunables of the WSQ decoder. None of them changes the decoded pixels: they only choose between
 * ways of computing the same single-precision sums (skipping terms whose sample is zero is exact).
 */
export const DECODER = {
  /**
   * A split skips zeros only when at most this share of the samples it starts from is nonzero
   * (splits of high-pass subbands); elsewhere looking for zeros costs more than it saves.
   */
  sparseSplitShare: 0.3,
  /**
   * The same with the WebAssembly kernels (single-precision-kernels.ts): they make dense filtering
   * about three times cheaper, and then no split gains from looking for zeros.
   */
  sparseSplitShareWasm: 0,
  /**
   * A row of filter input is listed as sparse when at most this share of its samples is nonzero;
   * denser rows are filtered as usual. At 0.75 bpp most high-pass subbands are over 90 % zeros.
   */
  sparseRowShare: 0.2,
  /**
   * Relative costs, in multiply-adds of the unrolled kernels, of filtering one term at a time: per
   * sample of a dense row, per listed sample of a sparse row, and per output zeroed beforehand.
   */
  denseTermCost: 2,
  sparseSampleCost: 4.5,
  zeroFillCost: 0.1,
  /**
   * A row of the row pass is scattered (each nonzero sample added to the outputs it feeds) when it
   * has at most this share of nonzero samples.
   */
  scatterRowShare: 0.15,
  /**
   * Zero skipping is exact only while no value can overflow to infinity (0 x infinity is NaN):
   * it is used when the largest coefficient times the worst-case filter gain stays below this.
   */
  finiteBound: 1e37,
  /** Filter banks whose synthesis plans are kept between decodes (an import usually meets one). */
  recentFilterBanks: 4,
  /** Float planes up to this many samples (16 MB each) are kept for the next decode (see decoder.ts). */
  keptPlaneSamples: 1 << 22,
} as const;
