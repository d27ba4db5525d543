/**
 * Every tunable of the synthetic fingerprint generator, named by its physical meaning.
 * Lengths are pixels at 500 ppi unless the name says millimetres.
 */
export const SYNTH_PPI = 500;
export const PX_PER_MM = SYNTH_PPI / 25.4;

export const MASTER = {
  /** Canvas of a master fingerprint (the finger area plus a margin for distortion). */
  width: 400,
  height: 500,
  /**
   * The ridge map is grown and stored at this fraction of 500 ppi (350 ppi: 5.8–7.1 px per
   * ridge period, still well sampled) — half the pixels, a third of the filtering work.
   * Impressions sample it bilinearly at any resolution.
   */
  ridgeScale: 0.7,
  /** Cell (px of the ridge map) over which the ridge period map is held constant. */
  periodCell: 4,
  /** Grid step (px of the ridge map) on which the orientation model is evaluated before interpolation. */
  orientationCell: 4,
  /**
   * Fingertip silhouette (SFinGe style: a rectangle closed by four elliptical arcs), in mm.
   * Left/right half widths, top arc height, central straight part, bottom arc height.
   */
  halfWidthMm: { min: 7.2, max: 9.0 },
  topArcMm: { min: 7.5, max: 10 },
  straightMm: { min: 5, max: 9 },
  bottomArcMm: { min: 2, max: 4 },
} as const;

/** Natural class frequencies (Handbook of Fingerprint Recognition, ch. 5 & 7). */
export const CLASS_FREQUENCIES = {
  'left-loop': 0.338,
  'right-loop': 0.317,
  whorl: 0.279,
  arch: 0.037,
  'tented-arch': 0.029,
} as const;

export const ORIENTATION = {
  /** Vizcaya–Gerhardt correction: angular control points per singular point and their jitter (rad). */
  correctionPoints: 8,
  correctionJitter: 0.22,
  /** Hairpin shape of a loop around its core: 1 = uniform turning (plain zero-pole), larger = narrower loop. */
  coreHairpinExponent: { min: 1.5, max: 2.3 },
  /** Low-frequency perturbation of the field: number of waves, amplitude (rad), wavelength (px). */
  perturbationWaves: 5,
  perturbationAmplitude: 0.1,
  perturbationWavelength: { min: 180, max: 420 },
  /** Arch: largest slope of the ridges at the middle of the finger. */
  archSlope: { min: 0.35, max: 0.8 },
} as const;

export const FREQUENCY = {
  /** Mean ridge period of a finger (px at 500 ppi ≈ 0.42–0.52 mm). */
  meanPeriod: { min: 7.5, max: 9.3 },
  /** Smooth variation of the period over the finger (relative). */
  variation: 0.07,
  variationWavelength: { min: 150, max: 350 },
  /** Ridges are sparser near singular points: relative increase and radius (px). */
  singularWidening: -0.1,
  singularRadius: 45,
  /**
   * Bins of the period used by the filter bank, in pixels of the ridge map: 3.1–8.85 px covers
   * both rasters (MASTER.ridgeScale and the coarser TEMPLATE_MASTER.ridgeScale).
   */
  binMin: 3.1,
  binStep: 0.25,
  bins: 24,
} as const;

export const GROWTH = {
  /** Number of orientation bins of the filter bank over [0, π). */
  orientationBins: 32,
  /** Across-ridge (band-pass) Gaussian σ in ridge periods and half-length in px of the ridge map. */
  acrossSigmaPeriods: 0.55,
  acrossRadius: 5,
  /** Sample across-ridge taps bilinearly (smoother, 2× slower) or at the nearest pixel. */
  bilinearTaps: false,
  /** Along-ridge smoothing σ and half-length (px of the ridge map). */
  alongSigma: 1.6,
  alongRadius: 3,
  /** Amplification before clipping to [−1, 1]: > 1 drives the pattern to saturation (binary ridges). */
  gain: 2.2,
  /** Random seed points per square millimetre of finger area. */
  seedsPerMm2: 0.3,
  /** Radius (px of the ridge map) of the ridge patch planted at each seed point (≤ pad of the filter bank). */
  seedRadius: 4,
  /** A value this weak (|value| < settledLevel) is not reached yet, or fronts cancelling. */
  settledLevel: 0.1,
  /** Margin (px) grown around the silhouette so distorted impressions stay covered. */
  margin: 12,
} as const;

/**
 * When to stop growing, per raster. The pattern has settled when fewer than `convergedFlipShare`
 * of the pixels changed side (ridge/valley) in the last iteration and fewer than `unsettledShare`
 * are still weak.
 */
export interface GrowthSchedule {
  maxIterations: number;
  convergedFlipShare: number;
  unsettledShare: number;
  /** Shortest ridge period (px of the ridge map) a filter is chosen for. */
  minFilterPeriod: number;
  /**
   * Blocks (px of the ridge map) filtered or left alone together; at least the reach of both
   * filters (acrossRadius + alongRadius). Random seed points are drawn in block order.
   */
  blockSize: number;
  /** Plant each seed over its whole cell (nearest pixels) instead of a small disc. */
  seedCells: boolean;
  /** Half-lengths (px of the ridge map) of the across- and along-ridge filters. */
  acrossRadius: number;
  alongRadius: number;
}

/** Masters rendered into images: grown to full convergence, exactly. */
export const RENDER_GROWTH: GrowthSchedule = {
  maxIterations: 30,
  convergedFlipShare: 0.002,
  unsettledShare: 0.035,
  minFilterPeriod: 4.6,
  blockSize: 16,
  seedCells: false,
  acrossRadius: GROWTH.acrossRadius,
  alongRadius: GROWTH.alongRadius,
};

/**
 * Masters made only for their minutiae (template-only mode, million-finger galleries): the
 * same filters on a coarser raster — 250 ppi, 3.4–4.7 px per ridge period, about the 4-px
 * floor of a clean ridge/valley pair — and each seed planted over its whole cell (the pixels
 * nearer to it than to any other seed) so that a few iterations heal the seams between cells
 * into ridges, endings and forks instead of ~15 iterations spreading small discs. Minutiae per
 * impression, ending share and spread stay those of the image masters (bench/synth/stats.ts).
 */
export const TEMPLATE_MASTER = {
  ridgeScale: 0.5,
  /** Margin (px at 500 ppi) grown around the silhouette: only minutiae well inside it are used. */
  margin: 4,
  periodCell: 8,
  orientationCell: 6,
  growth: {
    maxIterations: 4,
    convergedFlipShare: 0.002,
    unsettledShare: 0.035,
    minFilterPeriod: 3.1,
    blockSize: 8,
    seedCells: true,
    // Ridge periods are shorter on this raster: the same Gaussians in mm need fewer taps.
    acrossRadius: 4,
    alongRadius: 2,
  } satisfies GrowthSchedule,
} as const;

export const IMPRESSION = {
  width: 400,
  height: 500,
  ppi: { default: 500, min: 250, max: 1000 },
  /** Placement of the finger on the sensor. */
  maxTranslation: 60,
  maxRotationDeg: 25,
  /** Cappelli plastic distortion: close-contact radius (px), transition width (px), external displacement and twist. */
  contactRadius: { min: 55, max: 95 },
  transitionWidth: { min: 90, max: 170 },
  distortionShift: 26,
  distortionTwistDeg: 9,
  /** Largest external shift as a share of the transition width (keeps the map one-to-one). */
  maxShiftPerTransition: 0.35,
  distortionGridStep: 8,
  /** Partial contact: ellipse half axes (relative to the finger) and boundary roughness. */
  contactScale: { min: 0.58, max: 1.05 },
  contactRoughness: 0.06,
  /** Finger pressure: shift of the ridge/valley threshold (positive = thicker ridges). */
  pressure: { min: -0.45, max: 0.5 },
  pressureVariation: 0.22,
  /** Grey levels. */
  background: { min: 215, max: 250 },
  ridgeDarkness: { min: 140, max: 215 },
  sensorNoise: { min: 4, max: 16 },
  /** Pores and dirt: share of ridge pixels lightened. */
  poreShare: 0.04,
  scratches: { max: 2 },
  creases: { max: 3 },
  /** Skin texture strength on a normally pressed finger (a dry, lightly pressed one gets more). */
  dryness: 0.25,
  /** Size (px) of the skin-texture blotches that break ridges where the skin is dry. */
  blotchSize: 3,
  /** Ridge edge softness (logistic slope on the master ridge value). */
  edgeSlope: 5,
} as const;

export const TEMPLATE = {
  /** Minutiae closer than this to the contact border or image border are dropped (px). */
  borderMargin: 14,
  dropShare: { min: 0.03, max: 0.15 },
  spuriousCount: { max: 3 },
  /** Distance (px) walked along the skeleton to estimate a minutia direction. */
  directionTrace: 9,
  /** Minutiae closer than this to each other are a broken ridge or a spur: both removed. */
  pairMinDistance: 6,
} as const;
