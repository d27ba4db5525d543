import { RgbaCanvas, type Colour } from '../raster.js';
import type { RgbaImage } from '../evidence.js';
import type { OperatingPoint } from './fvc-metrics.js';

/**
 * A DET curve (FNMR against FMR, both on log axes from 0.01 % to 100 %) as RGBA pixels. Grid lines
 * mark each decade; the diagonal FMR = FNMR marks the EER. Curves are drawn in DET_COLOURS order.
 */
const SIZE = 480;
const MARGIN = 56;
const MIN_RATE = 1e-4;
const GRID: Colour = [215, 215, 215, 255];
const AXIS: Colour = [0, 0, 0, 255];
export const DET_COLOURS: readonly Colour[] = [
  [200, 30, 30, 255],
  [30, 80, 200, 255],
  [20, 150, 60, 255],
  [150, 60, 170, 255],
];

const DECADE_LABELS = ['0.01%', '0.1%', '1%', '10%', '100%'];

/** Draws the curves; `labels` name them in a legend (same order and colours). */
export function renderDetCurve(curves: readonly (readonly OperatingPoint[])[], labels: readonly string[] = []): RgbaImage {
  const canvas = new RgbaCanvas(SIZE + 2 * MARGIN, SIZE + 2 * MARGIN);
  const decades = -Math.log10(MIN_RATE);
  const toX = (fmr: number) => MARGIN + ((Math.log10(Math.max(MIN_RATE, fmr)) + decades) / decades) * SIZE;
  const toY = (fnmr: number) => MARGIN + SIZE - ((Math.log10(Math.max(MIN_RATE, fnmr)) + decades) / decades) * SIZE;
  for (let d = 0; d <= decades; d++) {
    const v = 10 ** -d;
    canvas.line(toX(v), MARGIN, toX(v), MARGIN + SIZE, GRID);
    canvas.line(MARGIN, toY(v), MARGIN + SIZE, toY(v), GRID);
  }
  canvas.line(toX(MIN_RATE), toY(MIN_RATE), toX(1), toY(1), GRID);
  DECADE_LABELS.forEach((label, d) => {
    const v = MIN_RATE * 10 ** d;
    canvas.text(toX(v) - RgbaCanvas.textWidth(label) / 2, MARGIN + SIZE + 6, label, AXIS);
    canvas.text(MARGIN - 6 - RgbaCanvas.textWidth(label), toY(v) - 3, label, AXIS);
  });
  canvas.text(MARGIN + SIZE / 2 - RgbaCanvas.textWidth('FMR', 2) / 2, MARGIN + SIZE + 22, 'FMR', AXIS, 2);
  canvas.text(4, MARGIN - 24, 'FNMR', AXIS, 2);
  canvas.text(MARGIN + SIZE - RgbaCanvas.textWidth('EER: FMR = FNMR') - 4, MARGIN + 4, 'EER: FMR = FNMR', GRID);
  labels.forEach((label, k) => canvas.text(MARGIN + 12, MARGIN + SIZE - 14 - 12 * (labels.length - 1 - k), label, DET_COLOURS[k % DET_COLOURS.length]!));
  canvas.line(MARGIN, MARGIN + SIZE, MARGIN + SIZE, MARGIN + SIZE, AXIS);
  canvas.line(MARGIN, MARGIN, MARGIN, MARGIN + SIZE, AXIS);
  curves.forEach((points, k) => {
    const colour = DET_COLOURS[k % DET_COLOURS.length]!;
    for (let i = 1; i < points.length; i++) {
      const a = points[i - 1]!;
      const b = points[i]!;
      // Step curve: move in FMR, then in FNMR.
      canvas.line(toX(a.fmr), toY(a.fnmr), toX(b.fmr), toY(a.fnmr), colour, 2);
      canvas.line(toX(b.fmr), toY(a.fnmr), toX(b.fmr), toY(b.fnmr), colour, 2);
    }
  });
  return canvas;
}
