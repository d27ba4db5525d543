import { createHash } from 'node:crypto';
import { encodeTemplate, type FingerprintImage, type FingerprintPool, type FingerprintTemplate, type PooledExtraction } from '@kura/biometrics';
import { decodeImage } from '@kura/images';
import { packForGallery } from '../enrollment/gallery-adapter.js';
import { templateFromFile } from '../export/finger-template-file.js';
import type { ImageStore } from '../images/image-store.js';
import { RestoreError } from './restore-error.js';
import type { RestoredFinger, RestoredImageFinger, RestoredPerson } from './restored-person.js';

/** One finger ready for its rows: template and packed form, the stored image's metadata. */
export interface PreparedFinger {
  position: number;
  sourceFormat: string;
  template: Uint8Array;
  packed: Uint8Array;
  quality: number | null;
  minutiae: number;
  image: { sha256: string; mediaType: string; sizeBytes: number; width: number; height: number; ppi: number } | null;
  /** An image finger whose re-extraction differs from what was recorded at capture (the recorded values are kept). */
  differs: boolean;
}

const where = (p: RestoredPerson, f: RestoredFinger) => `${p.uin}, doigt / finger ${f.position}`;

/** Images decoded and extracted at a time, per worker: enough to keep every worker busy, few enough to bound the pixels held. */
const IMAGES_PER_WORKER = 8;

async function decoded(person: RestoredPerson, finger: RestoredImageFinger): Promise<FingerprintImage> {
  try {
    const d = await decodeImage(finger.image);
    return { width: d.width, height: d.height, pixels: d.pixels, ppi: finger.ppi };
  } catch (error) {
    throw new RestoreError('BAD_RECORD', `${where(person, finger)}: image illisible / unreadable image (${(error as Error).message})`);
  }
}

/** Decodes batch k+1 (on this thread) while the workers extract batch k: memory holds two batches of pixels. */
async function extractInBatches(items: ReadonlyArray<{ person: RestoredPerson; finger: RestoredImageFinger }>, pool: FingerprintPool): Promise<PooledExtraction[]> {
  const size = IMAGES_PER_WORKER * pool.size;
  const out: PooledExtraction[] = [];
  let running: Promise<PooledExtraction[]> | undefined;
  for (let i = 0; i < items.length; i += size) {
    const images: FingerprintImage[] = [];
    for (const { person, finger } of items.slice(i, i + size)) images.push(await decoded(person, finger));
    if (running) out.push(...(await running));
    running = pool.extractAll(images);
    // Awaited below; a decoding failure meanwhile must not leave its rejection unhandled.
    running.catch(() => undefined);
  }
  if (running) out.push(...(await running));
  return out;
}

const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Templates for every finger of a batch of people, in person → enrollment → finger order: images
 * are decoded and extracted on the registry's worker pool all at once (every core busy), templates
 * read from their interchange records; the image bytes go into the image store unchanged (before
 * any row names them: an orphan file is harmless, a row without its file is not).
 */
export async function prepareFingers(people: readonly RestoredPerson[], pool: FingerprintPool, images: ImageStore): Promise<PreparedFinger[][][]> {
  const out: PreparedFinger[][][] = [];
  const toExtract: Array<{ slot: PreparedFinger; person: RestoredPerson; finger: RestoredImageFinger }> = [];
  for (const person of people) {
    const enrollments: PreparedFinger[][] = [];
    for (const enrollment of person.enrollments) {
      const fingers: PreparedFinger[] = [];
      for (const finger of enrollment.fingers) {
        if (finger.kind === 'template') {
          let template: FingerprintTemplate;
          try {
            template = templateFromFile(finger.record);
          } catch (error) {
            throw new RestoreError('BAD_RECORD', `${where(person, finger)}: gabarit illisible / unreadable template (${(error as Error).message})`);
          }
          if (template.minutiae.length === 0) throw new RestoreError('BAD_RECORD', `${where(person, finger)}: gabarit sans minutie / template without minutiae`);
          fingers.push({
            position: finger.position,
            sourceFormat: finger.sourceFormat,
            template: encodeTemplate(template),
            packed: packForGallery(template),
            quality: finger.quality === undefined ? (template.quality ?? null) : finger.quality,
            minutiae: finger.minutiae ?? template.minutiae.length,
            image: null,
            differs: false,
          });
          continue;
        }
        const sha256 = sha256Of(finger.image);
        if (finger.sha256 !== undefined && finger.sha256 !== sha256) throw new RestoreError('BAD_RECORD', `${where(person, finger)}: l'image n'a pas le SHA-256 annoncé / the image's SHA-256 is not ${finger.sha256}`);
        const slot: PreparedFinger = {
          position: finger.position,
          sourceFormat: finger.sourceFormat,
          template: new Uint8Array(0),
          packed: new Uint8Array(0),
          quality: null,
          minutiae: 0,
          image: { sha256, mediaType: finger.mediaType, sizeBytes: finger.image.length, width: finger.width, height: finger.height, ppi: finger.ppi },
          differs: false,
        };
        fingers.push(slot);
        toExtract.push({ slot, person, finger });
      }
      enrollments.push(fingers);
    }
    out.push(enrollments);
  }
  const extracted = await extractInBatches(toExtract, pool);
  extracted.forEach((result, i) => {
    const { slot, person, finger } = toExtract[i]!;
    if (!result.ok || result.template.minutiae.length === 0) {
      throw new RestoreError('EXTRACTION_FAILED', `${where(person, finger)}: extraction impossible / extraction failed (${result.ok ? 'no minutiae' : result.error})`);
    }
    slot.template = encodeTemplate(result.template);
    slot.packed = packForGallery(result.template);
    const quality = Math.round(result.quality);
    const minutiae = result.template.minutiae.length;
    slot.quality = finger.quality === undefined ? quality : finger.quality;
    slot.minutiae = finger.minutiae ?? minutiae;
    slot.differs = slot.quality !== quality || slot.minutiae !== minutiae;
  });
  for (const { finger } of toExtract) await images.put(finger.image);
  return out;
}
