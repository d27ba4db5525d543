import { readFile, writeFile } from 'node:fs/promises';
import {
  compareFingerprints,
  decodeTemplate,
  encodeTemplate,
  extractTemplate,
  FingerprintImageError,
  isExtractionError,
  type FingerprintImage,
  type FingerprintTemplate,
  type RgbaImage,
  renderMinutiae,
  renderPairing,
  templateFromMinutiaeRecord,
  templateToIso19794_2,
} from '@kura/biometrics';
import { isFormatError } from '@kura/formats';
import { decodeImage, isImageDecodeError } from '@kura/images';
import sharp from 'sharp';
import { CliError } from '../config.js';

/** Resolution assumed for images when --ppi is not given (most fingerprint scanners). */
export const DEFAULT_PPI = 500;

export function ppiOption(value: string | undefined): number {
  const ppi = Number(value ?? DEFAULT_PPI);
  if (!Number.isFinite(ppi) || ppi < 100 || ppi > 2000) throw new CliError(`invalid --ppi "${value}": give the scan resolution in pixels per inch (100–2000)`);
  return ppi;
}

/** Reads an image file (TIFF, PNG, BMP, JPEG, WebP, JPEG 2000, WSQ) as 8-bit grey, at the given resolution. */
export async function loadFingerprintImage(file: string, ppi: number): Promise<FingerprintImage> {
  const bytes = new Uint8Array(await readFile(file).catch((error: NodeJS.ErrnoException) => {
    throw new CliError(`${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  }));
  try {
    const { width, height, pixels } = await decodeImage(bytes);
    return { width, height, pixels, ppi };
  } catch (error) {
    if (isImageDecodeError(error)) throw new CliError(`${file}: not a readable image (${error.message})`);
    throw error;
  }
}

/**
 * Runs a step on one input file, turning the engine's typed errors (bad template bytes, an image
 * the extractor cannot process) into a one-line message naming the file.
 */
async function forFile<T>(file: string, step: () => T | Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (isFormatError(error) || isExtractionError(error) || error instanceof FingerprintImageError) throw new CliError(`${file}: ${error.message}`);
    throw error;
  }
}

export type TemplateSource = 'kura' | 'iso19794-2' | 'image';

/** A template from a Kura template, an ISO 19794-2:2005 record or an image (extracted). */
export async function loadTemplate(file: string, ppi: number): Promise<{ template: FingerprintTemplate; source: TemplateSource; image?: FingerprintImage; usable: boolean }> {
  const bytes = new Uint8Array(await readFile(file).catch((error: NodeJS.ErrnoException) => {
    throw new CliError(`${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  }));
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic === 'KFPT') return { template: await forFile(file, () => decodeTemplate(bytes)), source: 'kura', usable: true };
  if (magic === 'FMR\0') return { template: await forFile(file, () => templateFromMinutiaeRecord(bytes)), source: 'iso19794-2', usable: true };
  const image = await loadFingerprintImage(file, ppi);
  const extracted = await forFile(file, () => extractTemplate(image));
  return { template: extracted.template, source: 'image', image, usable: extracted.usable };
}

export async function writePng(file: string, image: RgbaImage): Promise<void> {
  await sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), { raw: { width: image.width, height: image.height, channels: 4 } })
    .png()
    .toFile(file);
}

export async function fingerprintExtractCommand(file: string, options: { ppi?: string; out?: string; format?: string; json?: boolean }): Promise<void> {
  const image = await loadFingerprintImage(file, ppiOption(options.ppi));
  const started = performance.now();
  const extracted = await forFile(file, () => extractTemplate(image));
  const ms = performance.now() - started;
  const format = options.format ?? 'kura';
  if (format !== 'kura' && format !== 'iso') throw new CliError(`invalid --format "${format}": kura or iso`);
  const bytes = format === 'iso' ? templateToIso19794_2(extracted.template) : encodeTemplate(extracted.template);
  if (options.out) await writeFile(options.out, bytes);
  const summary = {
    file,
    minutiae: extracted.template.minutiae.length,
    quality: extracted.quality,
    usable: extracted.usable,
    problems: extracted.problems,
    templateBytes: bytes.length,
    format,
    extractMs: Math.round(ms * 10) / 10,
    ...(options.out ? { out: options.out } : {}),
  };
  if (options.json || !options.out) console.log(JSON.stringify(summary, null, options.json ? undefined : 2));
  else
    console.log(
      `${file}: ${summary.minutiae} minutiae, quality ${summary.quality}${extracted.usable ? '' : ` (NOT USABLE: ${extracted.problems.join(', ')})`}, ${bytes.length} bytes → ${options.out}`,
    );
}

export async function fingerprintCompareCommand(a: string, b: string, options: { ppi?: string; ppiB?: string; json?: boolean }): Promise<void> {
  const ppi = ppiOption(options.ppi);
  const probe = await loadTemplate(a, ppi);
  const candidate = await loadTemplate(b, options.ppiB === undefined ? ppi : ppiOption(options.ppiB));
  const result = compareFingerprints(probe.template, candidate.template);
  const warnings = [probe, candidate].flatMap((t, i) => (t.usable ? [] : [`${i === 0 ? a : b}: image flagged not usable`]));
  if (options.json) {
    console.log(JSON.stringify({ score: result.score, fmr: result.fmr, pairedMinutiae: result.pairs.length, pairs: result.pairs, warnings }));
    return;
  }
  console.log(`score ${result.score.toFixed(2)}  FMR ${result.fmr.toExponential(2)}  paired minutiae ${result.pairs.length}`);
  for (const w of warnings) console.error(`warning: ${w}`);
}

export async function fingerprintShowCommand(file: string, options: { ppi?: string; out: string; template?: string; against?: string; againstTemplate?: string }): Promise<void> {
  const ppi = ppiOption(options.ppi);
  const image = await loadFingerprintImage(file, ppi);
  const own = options.template ? (await loadTemplate(options.template, ppi)).template : (await forFile(file, () => extractTemplate(image))).template;
  if (!options.against) {
    await writePng(options.out, renderMinutiae(image, own.minutiae));
    console.log(`${file}: ${own.minutiae.length} minutiae → ${options.out}`);
    return;
  }
  const otherImage = await loadFingerprintImage(options.against, ppi);
  const other = options.againstTemplate
    ? (await loadTemplate(options.againstTemplate, ppi)).template
    : (await forFile(options.against, () => extractTemplate(otherImage))).template;
  const result = compareFingerprints(own, other);
  await writePng(options.out, renderPairing({ image, minutiae: own.minutiae }, { image: otherImage, minutiae: other.minutiae }, result.pairs));
  console.log(`score ${result.score.toFixed(2)}  FMR ${result.fmr.toExponential(2)}  paired minutiae ${result.pairs.length} → ${options.out}`);
}
