import { readFileSync } from 'node:fs';
import { createTemplate, type FingerprintTemplate, type Minutia, templateFromIso19794_2 } from '../src/index.js';
import { sharedData } from '../../../test-support/shared-data.js';

export const fvcDb1b = sharedData('fvc', 'fvc2002-db1b');

/** The commercial ISO 19794-2 template beside an FVC image. */
export function isoTemplate(finger: number, impression: number, dir = fvcDb1b!): FingerprintTemplate {
  return templateFromIso19794_2(new Uint8Array(readFileSync(`${dir}/${finger}_${impression}.iso`)));
}

/** The same print turned by `degrees` counter-clockwise (as seen on screen) about (cx, cy), then shifted. */
export function movedTemplate(t: FingerprintTemplate, degrees: number, shiftX: number, shiftY: number, cx = t.width / 2, cy = t.height / 2): FingerprintTemplate {
  const a = (degrees * Math.PI) / 180;
  const margin = 300; // keeps every coordinate positive whatever the turn
  const minutiae: Minutia[] = t.minutiae.map((m) => {
    const dx = m.x - cx;
    const dy = m.y - cy;
    return {
      ...m,
      x: margin + cx + dx * Math.cos(a) + dy * Math.sin(a) + shiftX,
      y: margin + cy - dx * Math.sin(a) + dy * Math.cos(a) + shiftY,
      direction: m.direction + a,
    };
  });
  return createTemplate({ width: t.width + 2 * margin, height: t.height + 2 * margin, minutiae, quality: t.quality });
}
