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
  /** Grid step (px) on which the orientation model is evaluated before interpolation. */
  gridStep: 4,
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
  /** Bins of the period used by the filter bank, in pixels of the ridge map (MASTER.ridgeScale). */
  binMin: 4.6,
  binStep: 0.25,
  bins: 18,
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
  maxIterations: 30,
  /** Blocks (px) the growth skips until the pattern reaches them. */
  blockSize: 16,
  /** Stop when fewer than this share of pixels changed side (ridge/valley) and the area is covered. */
  convergedFlipShare: 0.002,
  /** …and fewer than this share is still weak (|value| < settledLevel: not reached, or fronts cancelling). */
  unsettledShare: 0.035,
  settledLevel: 0.1,
  /** Margin (px) grown around the silhouette so distorted impressions stay covered. */
  margin: 12,
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
