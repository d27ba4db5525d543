import { type AnsiNistTaggedRecord, type AnsiNistTransaction, ansiNistFieldNumber, ansiNistRecordImage } from '@kura/formats';
import { decodeImage } from '@kura/images';
import type { FingerInput } from '@kura/registry';
import type { ImportMapping } from './import-mapping.js';

/**
 * The fingers of one transaction as enrollment takes them: each Type-4/Type-14 (as the mapping
 * lists) decoded here first, so an image that does not decode rejects the record with
 * CORRUPT_IMAGE and points at its record; the stored bytes (WSQ) are what is enrolled and kept.
 */

export interface TransactionFingers {
  fingers: FingerInput[];
  /** CPU time spent decoding images (ms), for the benchmark's split. */
  decodeMs: number;
}

export interface FingerFault {
  reason: 'CORRUPT_IMAGE' | 'NO_FINGER_POSITION' | 'REPEATED_FINGER';
  message: string;
  offset: number | undefined;
  record: number;
}

export async function transactionFingers(transaction: AnsiNistTransaction, mapping: ImportMapping): Promise<TransactionFingers | { fault: FingerFault }> {
  const wanted = new Set<number>(mapping.transactions.fingerprintRecords);
  const first = transaction.records[0];
  const type1 = first?.kind === 'tagged' && first.type === 1 ? first : undefined;
  const result: TransactionFingers = { fingers: [], decodeMs: 0 };
  const seen = new Set<number>();
  for (const [index, record] of transaction.records.entries()) {
    if (!wanted.has(record.type)) continue;
    const offset = transaction.source?.recordOffsets[index];
    const fault = (reason: FingerFault['reason'], message: string) => ({ fault: { reason, message, offset, record: index } });
    const position = record.kind === 'tagged' ? ansiNistFieldNumber(record as AnsiNistTaggedRecord, 13) : record.kind === 'fingerprint-image' ? record.fingerPositions[0] : undefined;
    if (position === undefined || position < 1 || position > 10) return fault('NO_FINGER_POSITION', `Type-${record.type} record ${index}: finger position ${position ?? 'absent'} is not 1–10`);
    if (seen.has(position)) return fault('REPEATED_FINGER', `Type-${record.type} record ${index}: finger ${position} appears twice`);
    seen.add(position);
    const image = ansiNistRecordImage(record, index, type1);
    if (!image || image.data.length === 0) return fault('CORRUPT_IMAGE', `Type-${record.type} record ${index}: no image data`);
    const started = process.cpuUsage();
    try {
      await decodeImage(image.data);
    } catch (error) {
      return fault('CORRUPT_IMAGE', `Type-${record.type} record ${index} (finger ${position}, ${image.compression}): ${(error as Error).message}`);
    } finally {
      const used = process.cpuUsage(started);
      result.decodeMs += (used.user + used.system) / 1000;
    }
    result.fingers.push({ position, format: 'image', data: Buffer.from(image.data).toString('base64'), ...(ppiInRange(image.horizontalPpi) ? { ppi: image.horizontalPpi } : {}) });
  }
  return result;
}

/** Enrollment takes a stated resolution of 250–2000 ppi; outside it, the image's own (or the default) is used. */
const ppiInRange = (ppi: number | undefined): ppi is number => ppi !== undefined && ppi >= 250 && ppi <= 2000;
