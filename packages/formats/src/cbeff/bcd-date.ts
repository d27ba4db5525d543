import { ldsError } from './cbeff-error.js';

/**
 * The LDS biometric header writes dates as packed BCD, two digits a byte:
 * creation date-time YYYYMMDDhhmmss (7 bytes) and validity period YYYYMMDD YYYYMMDD (8 bytes).
 * They are exposed as ISO 8601 text ('2024-05-31T14:03:00', '2024-05-31').
 */

/** The digits of packed BCD, or a FormatError naming the byte that is not BCD. */
export function readBcdDigits(bytes: Uint8Array, start: number, end: number, field: string): string {
  let digits = '';
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    if (b >> 4 > 9 || (b & 0x0f) > 9) throw ldsError('BAD_VALUE', i, field, `byte ${b.toString(16)} is not BCD`);
    digits += String(b >> 4) + String(b & 0x0f);
  }
  return digits;
}

export function bcdDateTimeToIso(digits: string, offset: number, field: string): string {
  const iso = `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}T${digits.slice(8, 10)}:${digits.slice(10, 12)}:${digits.slice(12, 14)}`;
  checkDateTime(iso, offset, field);
  return iso;
}

export function bcdDateToIso(digits: string, offset: number, field: string): string {
  const iso = `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;
  checkDate(iso, offset, field);
  return iso;
}

/** 'YYYY-MM-DDThh:mm:ss' → 7 BCD bytes. */
export function isoDateTimeToBcd(iso: string, field: string): Uint8Array {
  checkDateTime(iso, 0, field);
  return digitsToBcd(iso.replace(/[-T:]/g, ''));
}

/** 'YYYY-MM-DD' → 4 BCD bytes. */
export function isoDateToBcd(iso: string, field: string): Uint8Array {
  checkDate(iso, 0, field);
  return digitsToBcd(iso.replace(/-/g, ''));
}

function digitsToBcd(digits: string): Uint8Array {
  const out = new Uint8Array(digits.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = (Number(digits[2 * i]) << 4) | Number(digits[2 * i + 1]);
  return out;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/;

function checkDate(iso: string, offset: number, field: string): void {
  const m = DATE.exec(iso);
  if (!m || !validDay(Number(m[2]), Number(m[3]))) throw ldsError('BAD_VALUE', offset, field, `'${iso}' is not a date YYYY-MM-DD`);
}

function checkDateTime(iso: string, offset: number, field: string): void {
  const m = DATE_TIME.exec(iso);
  if (!m || !validDay(Number(m[2]), Number(m[3])) || Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) {
    throw ldsError('BAD_VALUE', offset, field, `'${iso}' is not a date-time YYYY-MM-DDThh:mm:ss`);
  }
}

function validDay(month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}
