import {
  type AnsiNistImage,
  type AnsiNistImageCompression,
  type AnsiNistRecord,
  type AnsiNistTaggedRecord,
  type AnsiNistTransaction,
  ansiNistFieldNumber,
  ansiNistRecordImage,
} from '@kura/formats';
import { type DecodedImage, decodeImage, encodePng } from '@kura/images';
import type { FingerInput } from '@kura/registry';
import type { ImportMapping } from './import-mapping.js';

/**
 * The fingers of one transaction as enrollment takes them: from the record types the mapping
 * lists (Type-4, Type-14…), positions 1–10 only — a tenprint also carries plain impressions and
 * slaps (13–15), which are counted as unused, not enrolled. When a finger appears twice, the rolled
 * impression is kept and the plain one counted as unused; twice the same kind rejects the record
 * (REPEATED_FINGER). Each kept image is decoded here first, so an image that does not decode
 * rejects the record with CORRUPT_IMAGE and points at its record; the stored bytes (WSQ) are what
 * is enrolled and kept. Uncompressed 8-bit records (GCA 0, older EBTS stations) carry bare pixels
 * with no file format: they are handed to enrollment as a PNG of exactly those pixels (which the
 * register, as for any image that is not WSQ, keeps as WSQ).
 */

export interface TransactionFingers {
  fingers: FingerInput[];
  /** Each finger's image as decoded here (same order as `fingers`): enrollment does not decode it again. */
  images: DecodedImage[];
  /** CPU time spent decoding images (ms), for the benchmark's split. */
  decodeMs: number;
}

export interface FingerFault {
  reason: 'CORRUPT_IMAGE' | 'UNSUPPORTED_IMAGE' | 'NO_FINGER_POSITION' | 'REPEATED_FINGER' | 'NO_FINGERPRINTS';
  message: string;
  offset: number | undefined;
  /** The record at fault; undefined when the fault is the transaction's as a whole (NO_FINGERPRINTS). */
  record: number | undefined;
}

/** IMP codes of a rolled impression: 1 live-scan, 3 non-live-scan (0 and 2 are their plain counterparts). */
const ROLLED_IMPRESSIONS = new Set([1, 3]);

interface FingerChoice {
  index: number;
  position: number;
  rolled: boolean;
}

export interface FingerSelection {
  /** The records to enroll, one per finger 1–10, in record order. */
  chosen: Array<{ index: number; position: number }>;
  /** Finger images knowingly not enrolled: positions outside 1–10, plain impressions of a rolled finger. */
  unused: number;
  /** Records of the mapping's fingerprint types (what NO_FINGERPRINTS speaks of). */
  fingerRecords: number;
  fault?: FingerFault;
}

function positionAndImpression(record: AnsiNistRecord): { position: number | undefined; impression: number | undefined } {
  if (record.kind === 'tagged') return { position: ansiNistFieldNumber(record, 13), impression: ansiNistFieldNumber(record, 3) };
  if (record.kind === 'fingerprint-image') return { position: record.fingerPositions[0], impression: record.impression };
  return { position: undefined, impression: undefined };
}

/** Which records of the transaction hold the fingers to enroll; never reads an image. */
export function selectFingerRecords(transaction: AnsiNistTransaction, mapping: ImportMapping): FingerSelection {
  const wanted = new Set<number>(mapping.transactions.fingerprintRecords);
  const byPosition = new Map<number, FingerChoice>();
  const selection: FingerSelection = { chosen: [], unused: 0, fingerRecords: 0 };
  for (const [index, record] of transaction.records.entries()) {
    if (!wanted.has(record.type)) continue;
    selection.fingerRecords++;
    const fault = (reason: FingerFault['reason'], message: string): FingerSelection => ({
      ...selection,
      fault: { reason, message, offset: transaction.source?.recordOffsets[index], record: index },
    });
    const { position, impression } = positionAndImpression(record);
    if (position === undefined) return fault('NO_FINGER_POSITION', `Type-${record.type} record ${index}: no finger position (FGP)`);
    if (position < 1 || position > 10) {
      selection.unused++;
      continue;
    }
    const rolled = impression !== undefined && ROLLED_IMPRESSIONS.has(impression);
    const earlier = byPosition.get(position);
    if (earlier && earlier.rolled === rolled) {
      return fault('REPEATED_FINGER', `Type-${record.type} record ${index}: finger ${position} appears twice (${rolled ? 'rolled' : 'plain'}, as record ${earlier.index})`);
    }
    if (earlier) selection.unused++;
    if (!earlier || rolled) byPosition.set(position, { index, position, rolled });
  }
  selection.chosen = [...byPosition.values()].sort((a, b) => a.index - b.index).map(({ index, position }) => ({ index, position }));
  return selection;
}

/** Compressions this version cannot decode (lossless JPEG) or that carry bare pixels: a decode failure is then not damage. */
const UNSUPPORTED_COMPRESSIONS = new Set<AnsiNistImageCompression>(['none', 'jpeg-lossless']);

export async function transactionFingers(transaction: AnsiNistTransaction, mapping: ImportMapping): Promise<TransactionFingers | { fault: FingerFault }> {
  const first = transaction.records[0];
  const type1 = first?.kind === 'tagged' && first.type === 1 ? (first as AnsiNistTaggedRecord) : undefined;
  const selection = selectFingerRecords(transaction, mapping);
  if (selection.fault) return { fault: selection.fault };
  if (selection.chosen.length === 0) {
    const types = mapping.transactions.fingerprintRecords.map((t) => `Type-${t}`).join('/');
    const message =
      selection.fingerRecords === 0
        ? `aucun doigt / no fingerprint: no ${types} record`
        : `aucun doigt 1–10 / no finger at positions 1–10: ${selection.fingerRecords} ${types} record(s), all slaps, palms or unknown positions`;
    return { fault: { reason: 'NO_FINGERPRINTS', message, offset: undefined, record: undefined } };
  }
  const result: TransactionFingers = { fingers: [], images: [], decodeMs: 0 };
  for (const { index, position } of selection.chosen) {
    const record = transaction.records[index]!;
    const offset = transaction.source?.recordOffsets[index];
    const fault = (reason: FingerFault['reason'], message: string) => ({ fault: { reason, message, offset, record: index } });
    const image = ansiNistRecordImage(record, index, type1);
    if (!image || image.data.length === 0) return fault('CORRUPT_IMAGE', `Type-${record.type} record ${index}: no image data`);
    const ppi = ppiInRange(image.horizontalPpi) ? { ppi: image.horizontalPpi } : {};
    if (isBarePixels(image)) {
      const decoded: DecodedImage = { width: image.width, height: image.height, pixels: image.data, format: 'png', ...ppi };
      const png = await encodePng(decoded);
      result.images.push(decoded);
      result.fingers.push({ position, format: 'image', data: Buffer.from(png).toString('base64'), ...ppi });
      continue;
    }
    const started = process.cpuUsage();
    try {
      result.images.push(await decodeImage(image.data));
    } catch (error) {
      const what = `Type-${record.type} record ${index} (finger ${position}, ${image.compression})`;
      return UNSUPPORTED_COMPRESSIONS.has(image.compression)
        ? fault('UNSUPPORTED_IMAGE', `${what}: compression non prise en charge / compression not supported by this version (${(error as Error).message})`)
        : fault('CORRUPT_IMAGE', `${what}: ${(error as Error).message}`);
    } finally {
      const used = process.cpuUsage(started);
      result.decodeMs += (used.user + used.system) / 1000;
    }
    result.fingers.push({ position, format: 'image', data: Buffer.from(image.data).toString('base64'), ...ppi });
  }
  return result;
}

/** An uncompressed 8-bit grey record: no container, exactly one byte per pixel. */
const isBarePixels = (image: AnsiNistImage) =>
  image.compression === 'none' && image.container === undefined && image.width > 0 && image.height > 0 && image.data.length === image.width * image.height && image.bitsPerPixel === 8;

/** Enrollment takes a stated resolution of 250–2000 ppi; outside it, the image's own (or the default) is used. */
const ppiInRange = (ppi: number | undefined): ppi is number => ppi !== undefined && ppi >= 250 && ppi <= 2000;
