/**
 * Fingerprint minutiae extractor: 8-bit grey image + resolution → minutiae + quality.
 * Reads as the table of contents of the pipeline; each stage lives in its own file.
 */
import type { Minutia } from '../minutia.js';
import { binarize } from './binarize.js';
import { ExtractionError } from './errors.js';
import { bridgeGaps } from './filters/gaps.js';
import { removeBridges } from './filters/bridges.js';
import { distanceToBackgroundAt, removeNearBorder } from './filters/border.js';
import { removeClouds } from './filters/cloud.js';
import { removeFragments } from './filters/fragments.js';
import { mergeKnots, removeDots } from './filters/knots.js';
import { removePoreLoops } from './filters/pores.js';
import { removeTails } from './filters/tails.js';
import { keepMostReliable } from './filters/top.js';
import { gaussianBlur } from './filters/gaussian-blur.js';
import { buildGaborBank, dilateBlockMask, gaborEnhance, type GaborBank } from './gabor.js';
import { acrossReachBound, chooseGaborFilters } from './gabor-choice.js';
import { blockGridFor, sampleBlockField, type BinaryImage, type BlockGrid, type FloatImage, type GreyImage } from './grid.js';
import { ridgePeriodField } from './frequency.js';
import { detectMinutiae, toMinutia } from './minutiae.js';
import { blockStatistics, normalizeLocally } from './normalize.js';
import { blockGradientTensors, orientationCoherence, orientationField } from './orientation.js';
import { defaultExtractionParameters, type ExtractionParameters } from './parameters.js';
import { qualityFactors, qualityScore, type QualityFactors } from './quality.js';
import { assignReliability } from './reliability.js';
import { resampleTo500Ppi } from './resample.js';
import { refineByRidgePresence, segmentForeground } from './segmentation.js';
import { buildSkeletonGraph, type SkeletonGraph } from './skeleton-graph.js';
import { thin } from './thinning.js';
import { scratchFloat32, scratchUint8, withScratchReuse } from './scratch.js';

export type { GreyImage } from './grid.js';
export { ExtractionError, isExtractionError, type ExtractionErrorCode } from './errors.js';
export { defaultExtractionParameters, type ExtractionParameters } from './parameters.js';
export type { QualityFactors } from './quality.js';

/** Block-resolution fields the matcher may use (e.g. to check that a paired area overlaps). */
export interface BlockFields {
  /** Block side in pixels (at 500 ppi); block (c, r) covers x ∈ [c·size, (c+1)·size). */
  size: number;
  columns: number;
  rows: number;
  /** 1 = fingerprint foreground. */
  mask: Uint8Array;
  /** Ridge orientation in [0, π), counter-clockwise from +x with y up (the minutia.ts convention, mod π). */
  orientation: Float32Array;
  /** Orientation coherence in [0, 1]. */
  coherence: Float32Array;
  /** Ridge period in pixels at 500 ppi. */
  ridgePeriod: Float32Array;
}

export interface Extraction {
  /** Size of the image at 500 ppi (the coordinate frame of the minutiae). */
  width: number;
  height: number;
  minutiae: Minutia[];
  /** 0–100, see quality.ts for its meaning. */
  quality: number;
  qualityFactors: QualityFactors;
  /** False when the image does not look like a usable fingerprint (quality below the floor); see `problems`. */
  usable: boolean;
  /** Why the extraction is weak, e.g. 'no-foreground', 'low-quality'. Empty when all is well. */
  problems: string[];
  blocks: BlockFields;
}

/** Receives every intermediate stage (for debugging and evidence); `data` depends on `stage`. */
export type Transparency = (stage: string, data: unknown) => void;

let cachedBank: { key: string; bank: GaborBank } | undefined;

export function extractFingerprint(image: GreyImage, params?: Partial<ExtractionParameters>, transparency?: Transparency): Extraction {
  // an observer may keep the intermediates it is shown: it gets fresh buffers (see scratch.ts)
  return transparency ? extractStages(image, params, transparency) : withScratchReuse(() => extractStages(image, params));
}

/**
 * For tests: the extraction with the pixel stages after the mask run on the whole image rather than
 * on the foreground's window (see ForegroundWindow) — what extractFingerprint must give, bit for bit.
 */
export function extractFingerprintOnWholeImage(image: GreyImage, params?: Partial<ExtractionParameters>): Extraction {
  return extractStages(image, params, undefined, true);
}

function extractStages(image: GreyImage, params?: Partial<ExtractionParameters>, transparency?: Transparency, wholeImage = false): Extraction {
  const p: ExtractionParameters = { ...defaultExtractionParameters, ...params };
  const show = transparency ?? (() => {});
  validateInput(image, p);

  const resampled = resampleTo500Ppi(image);
  const { width, height } = resampled;
  if (Math.min(width, height) < p.minImageSide) throw new ExtractionError('TOO_SMALL', `image is ${width}×${height} px at 500 ppi; at least ${p.minImageSide} px per side is needed`);
  if (Math.max(width, height) > p.maxImageSide) throw new ExtractionError('TOO_LARGE', `image is ${width}×${height} px at 500 ppi; at most ${p.maxImageSide} px per side is accepted`);
  show('resampled', resampled);

  const grid = blockGridFor(width, height, p.blockSize);
  const stats = blockStatistics(resampled, grid);
  const gradientImage = gaussianBlur(resampled, p.gradientSmoothingSigma);
  // the input's grey bytes when resampling (and blurring) left the image as it was (see resample.ts)
  const wholeGreys = resampled.width === image.width && resampled.height === image.height && gradientImage === resampled;
  // blockStatistics, just above, left `resampled` in the kernels' memory
  const tensors = blockGradientTensors(gradientImage, grid, wholeGreys, gradientImage === resampled);
  // of the unmasked field, only the coherence of contrasted blocks is read, unless there is no foreground
  const roughMask = segmentForeground(stats.contrast, (blocks) => orientationCoherence(tensors, grid, p.orientationSmoothingSigmaBlocks, blocks), grid, p);
  if (!roughMask.includes(1)) {
    const unmaskedOrientation = orientationField(tensors, grid, p.orientationSmoothingSigmaBlocks);
    return emptyExtraction(width, height, grid, roughMask, unmaskedOrientation.angle, unmaskedOrientation.coherence, p);
  }

  const orientation = orientationField(tensors, grid, p.orientationSmoothingSigmaBlocks, roughMask);
  show('orientation', { grid, mask: roughMask, angle: orientation.angle, coherence: orientation.coherence });

  // Only the pixels near the rough mask are read further on (see normalizationWindow); an observer
  // is shown the whole image, and the whole-image reference computes it whole.
  const readWindow = transparency || wholeImage ? undefined : normalizationWindow(roughMask, grid, width, height, p, gaborBank(p));
  const normalized = normalizeLocally(resampled, grid, stats, p.normalizationSmoothingSigmaBlocks, readWindow);
  show('normalized', normalized);
  const period = ridgePeriodField(normalized, orientation, roughMask, grid, p);
  show('ridge-period', { grid, mask: roughMask, period: period.period, measured: period.measured });
  const mask = refineByRidgePresence(roughMask, period.measured, grid, p);
  show('mask', { grid, mask });
  let foregroundBlocks = 0;
  for (let b = 0; b < mask.length; b++) foregroundBlocks += mask[b]!;
  if (foregroundBlocks === 0) return emptyExtraction(width, height, grid, mask, orientation.angle, orientation.coherence, p);

  const pixelMask = expandMask(mask, grid, width, height);
  const bank = gaborBank(p);
  // the along-ridge pass must cover whatever the across pass of a foreground pixel may read
  const reach = acrossReachBound(mask, period.period, grid, bank.acrossRadius, p);
  const alongRegion = dilateBlockMask(mask, grid, width, height, reach);
  const filterIndex = chooseGaborFilters(orientation.cos2, orientation.sin2, period.period, grid, width, height, alongRegion, bank, p);
  const enhanced = gaborEnhance(normalized, filterIndex, pixelMask, alongRegion, bank);
  show('enhanced', enhanced);

  // From here on only the foreground matters: the pixel stages run on its bounding box (with a
  // background margin), which is often a third of the image. Results are the same as on the whole
  // image (see ForegroundWindow); coordinates are shifted back at the end.
  const box = wholeImage ? { left: 0, top: 0, width, height } : foregroundWindow(mask, grid, width, height);
  const windowMask = cropMask(pixelMask, width, box);
  const binary = binarize(cropFloat(enhanced, box), windowMask, p.minBinaryBlobArea);
  if (transparency) show('binary', uncrop(binary, box, width, height));
  const skeleton = thin(binary);
  if (transparency) show('skeleton', uncrop(skeleton, box, width, height));

  const graph = buildSkeletonGraph(skeleton);
  const orientationAt = (x: number, y: number) => axialAngleAt(orientation.cos2, orientation.sin2, grid, x + box.left, y + box.top);
  cleanSkeleton(graph, orientationAt, p);
  // drawn only for an observer: the picture costs a full-size buffer
  if (transparency) show('cleaned-skeleton', renderGraph(graph, box, width, height));

  let candidates = detectMinutiae(graph, p.directionFollowLength);
  // the border distance is only read at the candidates (by the two filters below)
  const borderDistance = distanceToBackgroundAt(candidates, mask, grid.size, grid.columns, box, Math.max(p.minBorderDistance, p.reliabilityBorderDistance));
  candidates = removeNearBorder(candidates, borderDistance, box.width, p.minBorderDistance);
  candidates = removeClouds(candidates, p.cloudRadius, p.maxCloudNeighbours);
  assignReliability(candidates, (x, y) => sampleBlockField(orientation.coherence, grid, x + box.left, y + box.top), borderDistance, box.width, p.reliabilityBorderDistance);
  for (const m of candidates) {
    m.x += box.left;
    m.y += box.top;
  }
  candidates = keepMostReliable(candidates, p.maxMinutiae);
  const minutiae = candidates.map(toMinutia);
  show('minutiae', minutiae);

  const meanCoherence = maskedMean(orientation.coherence, mask);
  const factors = qualityFactors(meanCoherence, period.measuredShare, foregroundBlocks * grid.size * grid.size, minutiae.length, p);
  const quality = qualityScore(factors);
  const problems = quality < p.minUsableQuality ? ['low-quality'] : [];
  return {
    width,
    height,
    minutiae,
    quality,
    qualityFactors: factors,
    usable: problems.length === 0,
    problems,
    blocks: blockFields(grid, mask, orientation.angle, orientation.coherence, period.period),
  };
}

/** The skeleton filters, in the order that lets each one see the others' results. */
function cleanSkeleton(graph: SkeletonGraph, orientationAt: (x: number, y: number) => number, p: ExtractionParameters): void {
  const degrees = Math.PI / 180;
  removeDots(graph);
  for (let round = 0; round < p.skeletonFilterRounds; round++) {
    removePoreLoops(graph, p.maxPoreLoopLength);
    mergeKnots(graph);
    bridgeGaps(graph, p.maxGapLength, p.maxGapAngle * degrees, p.directionFollowLength);
    mergeKnots(graph);
    removeTails(graph, p.minTailLength);
    mergeKnots(graph);
    removeFragments(graph, p.minFragmentLength);
    removeBridges(graph, p.maxBridgeLength, p.minBridgeAngle * degrees, orientationAt);
    mergeKnots(graph);
    removeDots(graph);
  }
}

function validateInput(image: GreyImage, p: ExtractionParameters): void {
  const { width, height, pixels, ppi } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) throw new ExtractionError('INVALID_IMAGE', `width and height must be positive integers (got ${width}×${height})`);
  if (!(pixels instanceof Uint8Array) || pixels.length !== width * height) throw new ExtractionError('INVALID_IMAGE', `pixel buffer holds ${pixels?.length ?? 0} bytes, expected ${width}×${height} = ${width * height}`);
  if (!Number.isFinite(ppi) || ppi < p.minPpi || ppi > p.maxPpi) throw new ExtractionError('INVALID_RESOLUTION', `resolution ${ppi} ppi is outside ${p.minPpi}–${p.maxPpi}`);
  const scale = 500 / ppi;
  if (Math.max(width, height) * scale > p.maxImageSide) throw new ExtractionError('TOO_LARGE', `image is ${width}×${height} px at ${ppi} ppi; at most ${p.maxImageSide} px per side at 500 ppi is accepted`);
}

function gaborBank(p: ExtractionParameters): GaborBank {
  const key = [p.minRidgePeriod, p.maxRidgePeriod, p.gaborPeriodStep, p.gaborOrientations, p.gaborSigmaAcrossPerPeriod, p.gaborSigmaAlongPerPeriod, p.gaborExtentSigmas].join(',');
  if (cachedBank?.key !== key) cachedBank = { key, bank: buildGaborBank(p) };
  return cachedBank.bank;
}

/**
 * A rectangle holding every pixel of the normalised image that the ridge period and the Gabor
 * enhancement read, around the rough mask's blocks (rough mask ≠ ∅):
 *  - the ridge period projects a window around the centre of each rough-mask block: up to half
 *    its length across and half its length along the ridges, rounded to the nearest pixel;
 *  - the Gabor along pass runs over the along region (the final mask, which lies inside the rough
 *    mask, dilated by acrossReachBound, at most the bank's largest across radius) and reads up
 *    to its taps' reach around it; where that passes the image's edge it reads the edge pixel,
 *    which the clamped rectangle holds too.
 */
function normalizationWindow(roughMask: Uint8Array, grid: BlockGrid, width: number, height: number, p: ExtractionParameters, bank: GaborBank): ForegroundWindow {
  const periodReach = Math.ceil(Math.max(0, (Math.round(p.periodWindowAcross) - 1) / 2) + p.periodWindowAlong / 2) + 1;
  const margin = Math.max(periodReach, gaborReadReach(bank));
  const blocks = blockBox(roughMask, grid);
  const left = Math.max(0, blocks.firstColumn * grid.size - margin);
  const top = Math.max(0, blocks.firstRow * grid.size - margin);
  const right = Math.min(width, (blocks.lastColumn + 1) * grid.size + margin);
  const bottom = Math.min(height, (blocks.lastRow + 1) * grid.size + margin);
  return { left, top, width: right - left, height: bottom - top };
}

const gaborReadReaches = new WeakMap<GaborBank, number>();

/** How far from the mask the Gabor passes read their input: the largest across radius, plus the along taps' longest offset. */
function gaborReadReach(bank: GaborBank): number {
  let reach = gaborReadReaches.get(bank);
  if (reach === undefined) {
    let across = 0;
    for (const radius of bank.acrossRadius) across = Math.max(across, radius);
    let along = 0;
    for (const kernel of bank.along) for (let k = 0; k < kernel.dx.length; k++) along = Math.max(along, Math.abs(kernel.dx[k]!), Math.abs(kernel.dy[k]!));
    reach = across + along;
    gaborReadReaches.set(bank, reach);
  }
  return reach;
}

function expandMask(mask: Uint8Array, grid: BlockGrid, width: number, height: number): Uint8Array {
  const out = scratchUint8('index.pixel-mask', width * height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    if (y % grid.size !== 0) {
      // inside a block row every pixel row is the same
      out.copyWithin(row, row - width, row);
      continue;
    }
    const rowBase = (y / grid.size) * grid.columns;
    for (let c = 0; c < grid.columns; c++) if (mask[rowBase + c]) out.fill(1, row + c * grid.size, row + Math.min(width, (c + 1) * grid.size));
  }
  return out;
}

function axialAngleAt(cos2: Float32Array, sin2: Float32Array, grid: BlockGrid, x: number, y: number): number {
  return 0.5 * Math.atan2(sampleBlockField(sin2, grid, x, y), sampleBlockField(cos2, grid, x, y));
}

function maskedMean(field: Float32Array, mask: Uint8Array): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < field.length; i++) {
    if (!mask[i]) continue;
    sum += field[i]!;
    count++;
  }
  return count > 0 ? sum / count : 0;
}

/** Block fields with the orientation turned into the minutia.ts convention (y up). */
function blockFields(grid: BlockGrid, mask: Uint8Array, imageAngle: Float32Array, coherence: Float32Array, ridgePeriod: Float32Array): BlockFields {
  const orientation = new Float32Array(imageAngle.length);
  for (let i = 0; i < orientation.length; i++) {
    const a = Math.PI - imageAngle[i]!;
    orientation[i] = a >= Math.PI ? a - Math.PI : a;
  }
  return { size: grid.size, columns: grid.columns, rows: grid.rows, mask, orientation, coherence, ridgePeriod };
}

function emptyExtraction(width: number, height: number, grid: BlockGrid, mask: Uint8Array, angle: Float32Array, coherence: Float32Array, p: ExtractionParameters): Extraction {
  const factors = qualityFactors(0, 0, 0, 0, p);
  return {
    width,
    height,
    minutiae: [],
    quality: 0,
    qualityFactors: factors,
    usable: false,
    problems: ['no-foreground'],
    blocks: blockFields(grid, mask, angle, coherence, new Float32Array(mask.length).fill(p.defaultRidgePeriod)),
  };
}

/**
 * The part of the image the pixel stages after the mask work on: the foreground's bounding box and
 * a margin of background around it, or the image edge. The margin makes every result inside equal
 * to the whole image's: the stages see a foreground that ends where it ends in the image, the
 * thinning's cleared frame and the border distance's "outside is background" fall on background
 * pixels, and a blob that touches the box's edge touches the image's (or the background
 * around the foreground, which reaches the image's edge).
 */
interface ForegroundWindow {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Background pixels kept around the foreground's bounding box (≥ 1; see ForegroundWindow). */
const WINDOW_MARGIN = 2;

function foregroundWindow(mask: Uint8Array, grid: BlockGrid, width: number, height: number): ForegroundWindow {
  const { firstColumn, lastColumn, firstRow, lastRow } = blockBox(mask, grid);
  const left = Math.max(0, firstColumn * grid.size - WINDOW_MARGIN);
  const top = Math.max(0, firstRow * grid.size - WINDOW_MARGIN);
  const right = Math.min(width, (lastColumn + 1) * grid.size + WINDOW_MARGIN);
  const bottom = Math.min(height, (lastRow + 1) * grid.size + WINDOW_MARGIN);
  return { left, top, width: right - left, height: bottom - top };
}

/** The first and last block columns and rows of a mask's blocks. */
function blockBox(mask: Uint8Array, grid: BlockGrid): { firstColumn: number; lastColumn: number; firstRow: number; lastRow: number } {
  let firstColumn = grid.columns;
  let lastColumn = -1;
  let firstRow = grid.rows;
  let lastRow = -1;
  for (let r = 0; r < grid.rows; r++) {
    for (let c = 0; c < grid.columns; c++) {
      if (!mask[r * grid.columns + c]) continue;
      if (c < firstColumn) firstColumn = c;
      if (c > lastColumn) lastColumn = c;
      if (r < firstRow) firstRow = r;
      lastRow = r;
    }
  }
  return { firstColumn, lastColumn, firstRow, lastRow };
}

function cropFloat(image: FloatImage, box: ForegroundWindow): FloatImage {
  const data = scratchFloat32('index.window-enhanced', box.width * box.height);
  for (let y = 0; y < box.height; y++) {
    const from = (box.top + y) * image.width + box.left;
    data.set(image.data.subarray(from, from + box.width), y * box.width);
  }
  return { width: box.width, height: box.height, data };
}

function cropMask(mask: Uint8Array, imageWidth: number, box: ForegroundWindow): Uint8Array {
  const data = scratchUint8('index.window-mask', box.width * box.height);
  for (let y = 0; y < box.height; y++) {
    const from = (box.top + y) * imageWidth + box.left;
    data.set(mask.subarray(from, from + box.width), y * box.width);
  }
  return data;
}

/** A window-sized binary image back at full size (for an observer; outside the box is all 0). */
function uncrop(image: BinaryImage, box: ForegroundWindow, width: number, height: number): BinaryImage {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < box.height; y++) data.set(image.data.subarray(y * box.width, (y + 1) * box.width), (box.top + y) * width + box.left);
  return { width, height, data };
}

function renderGraph(graph: SkeletonGraph, box: ForegroundWindow, width: number, height: number): BinaryImage {
  const data = new Uint8Array(width * height);
  for (const ridge of graph.ridges()) {
    for (let k = 0; k < ridge.points.length; k += 2) data[(ridge.points[k + 1]! + box.top) * width + ridge.points[k]! + box.left] = 1;
  }
  return { width, height, data };
}
