import { mrzError } from './mrz-error.js';

/**
 * ICAO Doc 9303 part 3 §4.9 check digit: character values (0–9 as themselves, A–Z as 10–35,
 * filler '<' as 0) weighted 7, 3, 1 repeating, summed, modulo 10.
 * By construction it misses a substitution whose values differ by a multiple of 10 (e.g. '0'↔'A',
 * '1'↔'B', '<'↔'0'), since every weight times 10 is 0 modulo 10.
 */

const WEIGHTS = [7, 3, 1] as const;

/** Value of one MRZ character, or -1 if it is not an MRZ character. */
export function mrzCharValue(c: string): number {
  const code = c.charCodeAt(0);
  if (c.length !== 1) return -1;
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 90) return code - 55;
  if (c === '<') return 0;
  return -1;
}

/** The check digit of `text` ('0'–'9'). `text` must hold only MRZ characters. */
export function mrzCheckDigit(text: string): string {
  let sum = 0;
  for (let i = 0; i < text.length; i++) {
    const v = mrzCharValue(text[i]!);
    if (v < 0) throw mrzError('BAD_VALUE', i, 'checkDigit', `'${text[i]}' is not an MRZ character`);
    sum += v * WEIGHTS[i % 3]!;
  }
  return String(sum % 10);
}
