/** Helpers shared by the extractor's benchmark scripts and tests: image loading and comparison with reference minutiae. */
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import type { Minutia } from '../../packages/biometrics/src/fingerprint/minutia.js';
import { readIso19794_2_2005 } from '../../packages/biometrics/src/fingerprint/import/iso19794-2-2005.js';
import type { GreyImage } from '../../packages/biometrics/src/fingerprint/extract/index.js';

/** Loads an image file as 8-bit grey with the given resolution. */
export async function loadGreyImage(file: string, ppi: number): Promise<GreyImage> {
  const { data, info } = await sharp(file).greyscale().raw().toBuffer({ resolveWithObject: true });
  const pixels = new Uint8Array(info.width * info.height);
  // sharp may keep an alpha channel: take the first channel of each pixel
  for (let i = 0; i < pixels.length; i++) pixels[i] = data[i * info.channels]!;
  return { width: info.width, height: info.height, pixels, ppi };
}

/**
 * Reads an ISO 19794-2:2005 record made from `image` and maps its minutiae onto the image at 500 ppi.
 * The record's own frame may differ from the image: the SecuGen records beside the FVC images say
 * 300 × 400 at 500 ppi whatever the image size, i.e. the SDK stretched each image to 300 × 400
 * (measured: positions agree best with x·W/300, y·H/400). Positions are stretched back and
 * directions corrected for the anisotropic scaling.
 */
export async function loadReferenceMinutiae(file: string, image: GreyImage): Promise<Minutia[]> {
  const record = readIso19794_2_2005(new Uint8Array(await readFile(file)));
  const toTemplate = 500 / image.ppi;
  const sx = (image.width / record.width) * toTemplate;
  const sy = (image.height / record.height) * toTemplate;
  return (record.views[0]?.minutiae ?? []).map((m) => {
    let direction = Math.atan2(Math.sin(m.direction) * sy, Math.cos(m.direction) * sx);
    if (direction < 0) direction += 2 * Math.PI;
    return { ...m, x: m.x * sx, y: m.y * sy, direction };
  });
}

export interface Agreement {
  /** Share of `ours` with a reference minutia within the tolerances. */
  precision: number;
  /** Share of `reference` with one of ours within the tolerances. */
  recall: number;
}

/** Agreement within `maxDistance` px and `maxAngle` radians (direction ignored when maxAngle ≥ π). */
export function minutiaAgreement(ours: Minutia[], reference: Minutia[], maxDistance = 10, maxAngle = Math.PI / 6): Agreement {
  const close = (a: Minutia, b: Minutia) => {
    if (Math.hypot(a.x - b.x, a.y - b.y) > maxDistance) return false;
    const d = Math.abs(a.direction - b.direction) % (2 * Math.PI);
    return Math.min(d, 2 * Math.PI - d) <= maxAngle;
  };
  const precision = ours.length ? ours.filter((a) => reference.some((b) => close(a, b))).length / ours.length : 0;
  const recall = reference.length ? reference.filter((b) => ours.some((a) => close(a, b))).length / reference.length : 0;
  return { precision, recall };
}
