import type { FingerprintImage } from './image.js';
import type { Minutia } from './minutia.js';
import { TEMPLATE_PPI } from './minutia.js';
import type { MinutiaPair } from './match/matcher.js';
import { RgbaCanvas, type Colour } from './raster.js';

/**
 * What an adjudicator looks at: a print with its minutiae (ridge endings as circles, bifurcations
 * as squares, a tick along each direction), and two prints side by side with a line between each
 * pair of minutiae the matcher paired. Pure compute: returns RGBA pixels for the caller to encode
 * (the CLI writes PNG with sharp).
 */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

const ENDING: Colour = [230, 40, 40, 255];
const BIFURCATION: Colour = [40, 90, 230, 255];
const OTHER: Colour = [200, 160, 0, 255];
const PAIR_LINE: Colour = [20, 170, 60, 255];
const GAP = 16;
const MARK_RADIUS = 4;
const TICK_LENGTH = 10;

function drawMinutiae(canvas: RgbaCanvas, minutiae: readonly Minutia[], left: number, scale: number, highlight?: ReadonlySet<number>): void {
  minutiae.forEach((m, i) => {
    const colour = m.type === 'ending' ? ENDING : m.type === 'bifurcation' ? BIFURCATION : OTHER;
    const x = left + m.x * scale;
    const y = m.y * scale;
    if (m.type === 'bifurcation') canvas.square(x, y, MARK_RADIUS, colour);
    else canvas.circle(x, y, MARK_RADIUS, colour);
    canvas.line(x, y, x + TICK_LENGTH * Math.cos(m.direction), y - TICK_LENGTH * Math.sin(m.direction), colour, highlight?.has(i) ? 2 : 1);
  });
}

/** Scale from template coordinates (500 ppi) to the image's pixels. */
const scaleOf = (image: FingerprintImage) => image.ppi / TEMPLATE_PPI;

export function renderMinutiae(image: FingerprintImage, minutiae: readonly Minutia[]): RgbaImage {
  const canvas = new RgbaCanvas(image.width, image.height);
  canvas.drawGrey(image.pixels, image.width, image.height, 0, 0);
  drawMinutiae(canvas, minutiae, 0, scaleOf(image));
  return canvas;
}

export function renderPairing(
  probe: { image: FingerprintImage; minutiae: readonly Minutia[] },
  candidate: { image: FingerprintImage; minutiae: readonly Minutia[] },
  pairs: readonly MinutiaPair[],
): RgbaImage {
  const width = probe.image.width + GAP + candidate.image.width;
  const height = Math.max(probe.image.height, candidate.image.height);
  const canvas = new RgbaCanvas(width, height);
  const left = probe.image.width + GAP;
  canvas.drawGrey(probe.image.pixels, probe.image.width, probe.image.height, 0, 0);
  canvas.drawGrey(candidate.image.pixels, candidate.image.width, candidate.image.height, left, 0);
  const ps = scaleOf(probe.image);
  const cs = scaleOf(candidate.image);
  drawMinutiae(canvas, probe.minutiae, 0, ps, new Set(pairs.map((p) => p.probe)));
  drawMinutiae(canvas, candidate.minutiae, left, cs, new Set(pairs.map((p) => p.candidate)));
  for (const pair of pairs) {
    const a = probe.minutiae[pair.probe];
    const b = candidate.minutiae[pair.candidate];
    if (a && b) canvas.line(a.x * ps, a.y * ps, left + b.x * cs, b.y * cs, PAIR_LINE);
  }
  return canvas;
}
