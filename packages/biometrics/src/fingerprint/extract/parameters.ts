/**
 * Every tunable of the minutiae extractor, in one place, named with its physical meaning.
 * Distances are pixels of the image normalised to 500 ppi (1 mm ≈ 19.7 px); angles are degrees.
 * No stage holds a magic number: each reads what it needs from here.
 */
export interface ExtractionParameters {
  // ── input limits ──
  /** Smallest accepted side (after resampling to 500 ppi): below this there is no room for a single minutia neighbourhood. */
  minImageSide: number;
  /** Largest accepted side (after resampling): bounds memory and time (a rolled print at 500 ppi is ~800 px). */
  maxImageSide: number;
  /** Accepted range of the declared scanner resolution (pixels per inch). */
  minPpi: number;
  maxPpi: number;

  // ── block grid ──
  /** Side of the square blocks every block-level field (mask, orientation, period) is sampled on. */
  blockSize: number;

  // ── segmentation ──
  /** Radius (blocks) of the box over which block contrast and orientation coherence are averaged for segmentation. */
  segmentationSmoothingRadius: number;
  /** Absolute floor of foreground contrast: grey-level standard deviation inside a block. */
  minForegroundContrast: number;
  /** Foreground contrast relative to the image's high contrast (the given percentile of block contrast). */
  relativeForegroundContrast: number;
  /** Percentile (0–1) of block contrast taken as the image's "ridge contrast". */
  contrastReferencePercentile: number;
  /** Minimum orientation coherence (0–1) for a block to be fingerprint rather than noise or smooth shading. */
  minForegroundCoherence: number;
  /** Foreground components smaller than this share of the largest one are dropped. */
  minComponentShare: number;
  /** Blocks eroded from the mask edge after cleanup (the ridges there are cut and unreliable). */
  maskErosionBlocks: number;
  /** Radius (blocks) of the neighbourhood in which ridges must be countable for a block to stay foreground. */
  ridgePresenceRadius: number;
  /** Minimum share of blocks with a measurable ridge period in that neighbourhood (drops edges, smudges, shading). */
  minRidgePresenceShare: number;

  // ── equalisation ──
  /** Standard deviation (blocks) of the smoothing of the local mean and contrast used for equalisation. */
  normalizationSmoothingSigmaBlocks: number;

  // ── orientation ──
  /** Gaussian blur (pixels) before the gradients, so pores and sweat dots do not steer the orientation. */
  gradientSmoothingSigma: number;
  /** Standard deviation (blocks) of the Gaussian smoothing of the doubled-angle orientation vectors. */
  orientationSmoothingSigmaBlocks: number;

  // ── ridge period ──
  /** Physical range of the ridge period (distance between neighbouring ridge centres). */
  minRidgePeriod: number;
  maxRidgePeriod: number;
  /** Period assumed where nothing could be measured nearby (typical adult finger). */
  defaultRidgePeriod: number;
  /** Length of the x-signature window, across the ridges. */
  periodWindowAcross: number;
  /** Width of the x-signature window, along the ridges. */
  periodWindowAlong: number;
  /** Standard deviation (blocks) of the Gaussian smoothing of the period field. */
  periodSmoothingSigmaBlocks: number;

  // ── contextual (Gabor) enhancement ──
  /** Orientations in the filter bank (over 180°). */
  gaborOrientations: number;
  /** Step (pixels) between the ridge periods of the filter bank. */
  gaborPeriodStep: number;
  /** Gaussian envelope across the ridges, as a share of the ridge period. */
  gaborSigmaAcrossPerPeriod: number;
  /** Gaussian envelope along the ridges, as a share of the ridge period. */
  gaborSigmaAlongPerPeriod: number;
  /** Filter half-length, in envelope standard deviations. */
  gaborExtentSigmas: number;

  // ── binarisation ──
  /** Binary islands and holes smaller than this area (pixels) are flipped (dust, pores). */
  minBinaryBlobArea: number;

  // ── skeleton cleanup (graph filters) ──
  /** A loop of skeleton shorter than this is a pore or a hole in a ridge, not two ridges. */
  maxPoreLoopLength: number;
  /** Two endings closer than this, facing each other, are one ridge broken by a scar or dryness. */
  maxGapLength: number;
  /** Angle tolerance (degrees) between an ending's outward direction and the gap it would bridge. */
  maxGapAngle: number;
  /** A branch from a bifurcation to an ending shorter than this is a spur, not a ridge. */
  minTailLength: number;
  /** A free ridge (ending to ending) shorter than this is a fragment (dot, island) and is dropped. */
  minFragmentLength: number;
  /** A link between two bifurcations shorter than this, running across the ridge flow, is a bridge. */
  maxBridgeLength: number;
  /** Minimum angle (degrees) between a bridge and the local ridge orientation. */
  minBridgeAngle: number;
  /** Rounds of the skeleton filters (each can uncover new artefacts for the others). */
  skeletonFilterRounds: number;

  // ── minutiae ──
  /** Arc length followed along the skeleton to measure a minutia's direction. */
  directionFollowLength: number;
  /** Minutiae closer than this to the edge of the foreground are dropped (cut ridges look like endings). */
  minBorderDistance: number;
  /** Radius of the neighbourhood checked for minutia clouds. */
  cloudRadius: number;
  /** More minutiae than this within `cloudRadius` of one another mark a noisy area: all of them are dropped. */
  maxCloudNeighbours: number;
  /** Keep at most this many minutiae (the most reliable). */
  maxMinutiae: number;
  /** Border distance beyond which a minutia's reliability no longer grows. */
  reliabilityBorderDistance: number;

  // ── quality ──
  /** Mean foreground coherence mapped to 0 and to 1 in the quality score. */
  qualityCoherenceFloor: number;
  qualityCoherenceCeiling: number;
  /** Foreground area (pixels at 500 ppi) at which the area factor saturates (~200 mm², most of a plain impression). */
  qualityFullArea: number;
  /** Minutiae count at which the minutiae factor saturates. */
  qualityFullMinutiae: number;
  /** Below this quality (0–100) an extraction is flagged unusable. */
  minUsableQuality: number;
}

export const defaultExtractionParameters: Readonly<ExtractionParameters> = Object.freeze({
  minImageSide: 64,
  maxImageSide: 2048,
  minPpi: 250,
  maxPpi: 2000,

  blockSize: 8,

  segmentationSmoothingRadius: 2,
  minForegroundContrast: 3,
  relativeForegroundContrast: 0.3,
  contrastReferencePercentile: 0.9,
  minForegroundCoherence: 0.15,
  minComponentShare: 0.1,
  maskErosionBlocks: 0,
  ridgePresenceRadius: 2,
  minRidgePresenceShare: 0.15,

  normalizationSmoothingSigmaBlocks: 3,

  gradientSmoothingSigma: 0,
  orientationSmoothingSigmaBlocks: 1.5,

  minRidgePeriod: 5,
  maxRidgePeriod: 15,
  defaultRidgePeriod: 9,
  periodWindowAcross: 36,
  periodWindowAlong: 16,
  periodSmoothingSigmaBlocks: 1.5,

  gaborOrientations: 32,
  gaborPeriodStep: 0.5,
  gaborSigmaAcrossPerPeriod: 0.45,
  gaborSigmaAlongPerPeriod: 0.6,
  gaborExtentSigmas: 2.2,

  minBinaryBlobArea: 20,

  maxPoreLoopLength: 30,
  maxGapLength: 20,
  maxGapAngle: 35,
  minTailLength: 14,
  minFragmentLength: 20,
  maxBridgeLength: 14,
  minBridgeAngle: 40,
  skeletonFilterRounds: 3,

  directionFollowLength: 10,
  minBorderDistance: 10,
  cloudRadius: 16,
  maxCloudNeighbours: 3,
  maxMinutiae: 120,
  reliabilityBorderDistance: 40,

  qualityCoherenceFloor: 0.3,
  qualityCoherenceCeiling: 0.9,
  qualityFullArea: 80_000,
  qualityFullMinutiae: 40,
  minUsableQuality: 20,
});

/**
 * Largest work buffer (bytes) kept from one extraction to the next (scratch.ts). 4 MB holds a
 * float32 image of a million pixels, beyond the usual flat and rolled finger images at 500 ppi; a
 * larger image gets buffers of its own, so one huge image (up to maxImageSide²) does not leave a
 * few hundred megabytes pinned in every thread that extracts. What is kept stays under ~60 MB per thread.
 */
export const maxKeptScratchBytes = 4 * 1024 * 1024;
