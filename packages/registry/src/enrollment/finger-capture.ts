import { templateFromMinutiaeRecord, TEMPLATE_PPI, type FingerprintPool, type FingerprintTemplate, type FingerprintImage } from '@kura/biometrics';
import { decodeMinutiaeRecord } from '@kura/formats';
import { decodeImage, encodeGreyImage, type DecodedImage } from '@kura/images';
import type { FingerOutcome } from './enrollment.schema.js';
import { ENROLLMENT_PARAMETERS as P } from './parameters.js';

/** One finger as the request gives it, after schema parsing. */
export interface FingerSubmission {
  position: number;
  format: 'image' | 'iso19794-2' | 'ansi378';
  data: string;
  ppi?: number | undefined;
}

/** A finger through decoding, extraction and the quality gate. */
export interface CapturedFinger {
  position: number;
  outcome: FingerOutcome;
  /** What was received: the image format ('wsq', 'png' …) or the template standard ('iso-19794-2-2005' …). */
  sourceFormat: string;
  /** Present whenever minutiae could be read (also for retakes: identify may still use them). */
  template?: FingerprintTemplate;
  /** The decoded image (for images), and the received bytes. */
  image?: FingerprintImage;
  received: Uint8Array;
}

/** Image to keep for an accepted finger: WSQ, as received when it already was. */
export interface KeptImage {
  bytes: Uint8Array;
  width: number;
  height: number;
  ppi: number;
}

type Problem = FingerOutcome['problems'][number];
const problem = (code: string, fr: string, en: string): Problem => ({ code, message: `${fr} / ${en}` });

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function fromBase64(data: string): Uint8Array | undefined {
  const compact = data.replace(/\s+/g, '');
  if (compact.length === 0 || compact.length % 4 === 1 || !BASE64.test(compact)) return undefined;
  const buffer = Buffer.from(compact, 'base64');
  return buffer.length === 0 ? undefined : new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

const outcomeOf = (position: number, problems: Problem[], quality: number | null, minutiae: number | null, refused: boolean): FingerOutcome => ({
  position,
  outcome: refused ? 'refused' : problems.length > 0 ? 'retake' : 'accepted',
  quality,
  minutiae,
  problems,
});

/** The quality gate on a template: refused when unusable, retake when below the accept bar. */
function judge(position: number, template: FingerprintTemplate, quality: number | undefined, usable: boolean, extractorProblems: readonly string[]): FingerOutcome {
  const n = template.minutiae.length;
  const q = quality ?? null;
  const refusals: Problem[] = [];
  if (!usable) {
    const detail = extractorProblems.length > 0 ? ` (${extractorProblems.join(', ')})` : '';
    refusals.push(problem('NOT_A_FINGERPRINT', `image vide, bruitée ou sans empreinte${detail}`, `blank, noisy or non-fingerprint image${detail}`));
  }
  if (n === 0) refusals.push(problem('NO_MINUTIAE', 'aucune minutie', 'no minutiae'));
  else if (n < P.refuseBelowMinutiae)
    refusals.push(problem('TOO_FEW_MINUTIAE', `${n} minuties, il en faut au moins ${P.refuseBelowMinutiae}`, `${n} minutiae, at least ${P.refuseBelowMinutiae} needed`));
  if (refusals.length > 0) return outcomeOf(position, refusals, q, n, true);
  const retakes: Problem[] = [];
  if (n < P.retakeBelowMinutiae)
    retakes.push(problem('FEW_MINUTIAE', `${n} minuties, moins de ${P.retakeBelowMinutiae} : reprendre la capture`, `${n} minutiae, fewer than ${P.retakeBelowMinutiae}: capture again`));
  if (q !== null && q < P.retakeBelowQuality)
    retakes.push(problem('LOW_QUALITY', `qualité ${q} sous ${P.retakeBelowQuality} : reprendre la capture`, `quality ${q} below ${P.retakeBelowQuality}: capture again`));
  return outcomeOf(position, retakes, q, n, false);
}

function decodeTemplate(finger: FingerSubmission, bytes: Uint8Array): CapturedFinger {
  let standard: string;
  let template: FingerprintTemplate;
  try {
    const record = decodeMinutiaeRecord(bytes);
    standard = record.standard;
    const expected = finger.format === 'ansi378' ? 'ansi' : 'iso';
    if (!standard.startsWith(expected)) {
      const outcome = outcomeOf(finger.position, [problem('FORMAT_MISMATCH', `le gabarit est au format ${standard}, pas ${finger.format}`, `the template is ${standard}, not ${finger.format}`)], null, null, true);
      return { position: finger.position, outcome, sourceFormat: standard, received: bytes };
    }
    template = templateFromMinutiaeRecord(bytes);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const outcome = outcomeOf(finger.position, [problem('UNREADABLE_TEMPLATE', `gabarit illisible (${reason})`, `unreadable template (${reason})`)], null, null, true);
    return { position: finger.position, outcome, sourceFormat: finger.format, received: bytes };
  }
  return { position: finger.position, outcome: judge(finger.position, template, template.quality, true, []), sourceFormat: standard, template, received: bytes };
}

/** Decoded image checked for size and resolution, or the refusal. */
function checkImage(finger: FingerSubmission, decoded: DecodedImage): FingerprintImage | Problem {
  const ppi = finger.ppi ?? (decoded.ppi !== undefined && decoded.ppi >= 250 && decoded.ppi <= 2000 ? Math.round(decoded.ppi) : P.defaultPpi);
  const side = (pixels: number) => (pixels * TEMPLATE_PPI) / ppi;
  if (Math.min(side(decoded.width), side(decoded.height)) < P.minImageSide || Math.max(side(decoded.width), side(decoded.height)) > P.maxImageSide)
    return problem(
      'BAD_IMAGE_SIZE',
      `image de ${decoded.width} × ${decoded.height} pixels à ${ppi} ppi : hors des limites d'un doigt`,
      `a ${decoded.width} × ${decoded.height} pixel image at ${ppi} ppi is not the size of a finger`,
    );
  return { width: decoded.width, height: decoded.height, pixels: decoded.pixels, ppi };
}

/**
 * Decodes every finger, extracts the images' minutiae on the worker pool (never on the event loop)
 * and applies the quality gate. Nothing is stored here. `decoded` holds images the caller already
 * decoded from exactly these bytes (by finger position): they are taken as they are, not decoded again.
 */
export async function captureFingers(fingers: readonly FingerSubmission[], pool: FingerprintPool, decoded?: ReadonlyMap<number, DecodedImage>): Promise<CapturedFinger[]> {
  const captured: CapturedFinger[] = [];
  const toExtract: { index: number; image: FingerprintImage }[] = [];
  for (const finger of fingers) {
    const bytes = fromBase64(finger.data);
    if (!bytes) {
      const outcome = outcomeOf(finger.position, [problem('BAD_BASE64', 'données non encodées en base64', 'data is not base64')], null, null, true);
      captured.push({ position: finger.position, outcome, sourceFormat: finger.format, received: new Uint8Array(0) });
      continue;
    }
    if (finger.format !== 'image') {
      captured.push(decodeTemplate(finger, bytes));
      continue;
    }
    const maxPixels = 4 * P.maxImageSide * P.maxImageSide;
    // A given image over the limit goes through decodeImage, so it is refused exactly as it would be here.
    const given = decoded?.get(finger.position);
    let image: DecodedImage;
    try {
      image = given && given.width * given.height <= maxPixels ? given : await decodeImage(bytes, { maxPixels });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const outcome = outcomeOf(finger.position, [problem('UNREADABLE_IMAGE', `image illisible (${reason})`, `unreadable image (${reason})`)], null, null, true);
      captured.push({ position: finger.position, outcome, sourceFormat: 'image', received: bytes });
      continue;
    }
    const checked = checkImage(finger, image);
    if ('code' in checked) {
      captured.push({ position: finger.position, outcome: outcomeOf(finger.position, [checked], null, null, true), sourceFormat: image.format, received: bytes });
      continue;
    }
    toExtract.push({ index: captured.length, image: checked });
    captured.push({ position: finger.position, outcome: outcomeOf(finger.position, [], null, null, false), sourceFormat: image.format, image: checked, received: bytes });
  }
  const extracted = toExtract.length > 0 ? await pool.extractAll(toExtract.map((e) => e.image)) : [];
  extracted.forEach((result, k) => {
    const finger = captured[toExtract[k]!.index]!;
    if (!result.ok) {
      finger.outcome = outcomeOf(finger.position, [problem('EXTRACTION_FAILED', `extraction impossible (${result.error})`, `extraction failed (${result.error})`)], null, null, true);
      return;
    }
    finger.template = result.template;
    finger.outcome = judge(finger.position, result.template, result.quality, result.usable, result.problems);
  });
  return captured;
}

/** The image kept for a finger: the received bytes when already WSQ, else a WSQ encoding of the grey image. */
export async function imageToKeep(finger: CapturedFinger): Promise<KeptImage | undefined> {
  const image = finger.image;
  if (!image) return undefined;
  const bytes = finger.sourceFormat === 'wsq' ? finger.received : await encodeGreyImage(image, 'wsq', { bitRate: P.wsqBitRate });
  return { bytes, width: image.width, height: image.height, ppi: image.ppi };
}
