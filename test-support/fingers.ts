import { readFileSync } from 'node:fs';
import { createMasterFingerprint, createTemplate, renderImpression, templateToIso19794_2, type MasterFingerprint } from '../packages/biometrics/src/index.js';
import { encodeGreyImage } from '../packages/images/src/index.js';
import { sharedData, sharedDataMissingMessage } from './shared-data.js';

/**
 * Finger payloads for the enrollment, identification and verification APIs, as a client sends
 * them: `{ position, format, data: base64, ppi? }`. Synthetic impressions (no real person's
 * fingers), FVC images from the shared test data, and the broken inputs the quality gate must
 * refuse.
 */
export interface FingerPayload {
  position: number;
  format: 'image' | 'iso19794-2' | 'ansi378';
  data: string;
  ppi?: number;
}

export const ALL_POSITIONS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

const base64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

/** Masters cost ~0.1 s each: grown once per test file. */
const masters = new Map<number, MasterFingerprint>();
function master(seed: number): MasterFingerprint {
  let m = masters.get(seed);
  if (!m) masters.set(seed, (m = createMasterFingerprint(seed)));
  return m;
}

/**
 * Seed of one synthetic person's finger: each person has ten different fingers, and two people never
 * share one. Mixed (a multiplicative hash), so that neighbouring persons do not get neighbouring seeds.
 */
export function fingerSeed(person: number, position: number): number {
  let h = Math.imul(person + 1, 0x9e3779b1) ^ Math.imul(position + 1, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  return (h ^ (h >>> 15)) >>> 0;
}

/** One impression of a synthetic person's finger, as a PNG (lossless) or WSQ (as a live scanner sends) file. */
export async function syntheticFinger(person: number, position: number, impression: number, format: 'png' | 'wsq' = 'png'): Promise<FingerPayload> {
  const image = renderImpression(master(fingerSeed(person, position)), impression);
  return { position, format: 'image', data: base64(await encodeGreyImage(image, format)), ppi: image.ppi };
}

/** The given fingers (all ten by default) of a synthetic person, one impression each. */
export async function syntheticHand(
  person: number,
  impression: number,
  positions: readonly number[] = ALL_POSITIONS,
  format: 'png' | 'wsq' = 'png',
): Promise<FingerPayload[]> {
  const out: FingerPayload[] = [];
  for (const position of positions) out.push(await syntheticFinger(person, position, impression, format));
  return out;
}

/** An ISO/IEC 19794-2 template without a single minutia: well-formed, useless for matching. */
export function emptyIsoTemplate(position: number): FingerPayload {
  const template = createTemplate({ width: 400, height: 500, minutiae: [] });
  return { position, format: 'iso19794-2', data: base64(templateToIso19794_2(template, { fingerPosition: position })) };
}

/** A uniformly white image of a finger's size: a valid PNG with no fingerprint on it. */
export async function blankFinger(position: number, grey = 255): Promise<FingerPayload> {
  const width = 400;
  const height = 500;
  const png = await encodeGreyImage({ width, height, ppi: 500, pixels: new Uint8Array(width * height).fill(grey) }, 'png');
  return { position, format: 'image', data: base64(png) };
}

/** Bytes that are no image format at all. */
export function unreadableFinger(position: number): FingerPayload {
  const bytes = new Uint8Array(4096);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) & 0xff;
  return { position, format: 'image', data: base64(bytes) };
}

export const FVC_SETS = { 'fvc2002-db1b': 500, 'fvc2002-db2b': 569 } as const;
export type FvcSet = keyof typeof FVC_SETS;

/** Whether the shared FVC images are there; when not, tests skip with `sharedDataMissingMessage`. */
export const fvcAvailable = (set: FvcSet = 'fvc2002-db1b') => sharedData('fvc', set) !== undefined;
export { sharedDataMissingMessage };

/** One real FVC 2002 image (finger 101–110, impression 1–8) as a TIFF payload with its resolution. */
export function fvcFinger(set: FvcSet, finger: number, impression: number, position: number): FingerPayload {
  const file = sharedData('fvc', set, `${finger}_${impression}.tif`);
  if (!file) throw new Error(sharedDataMissingMessage);
  return { position, format: 'image', data: readFileSync(file).toString('base64'), ppi: FVC_SETS[set] };
}

/** The ISO/IEC 19794-2:2005 template shipped beside an FVC image (made by another vendor's extractor). */
export function fvcTemplate(set: FvcSet, finger: number, impression: number, position: number): FingerPayload {
  const file = sharedData('fvc', set, `${finger}_${impression}.iso`);
  if (!file) throw new Error(sharedDataMissingMessage);
  return { position, format: 'iso19794-2', data: readFileSync(file).toString('base64') };
}
