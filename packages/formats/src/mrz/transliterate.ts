import { mrzError } from './mrz-error.js';

/**
 * Names and free text → MRZ characters (A–Z, 0–9, '<'), per ICAO Doc 9303 part 3 §6
 * ("Transliterations recommended for use by States", Latin characters).
 */

/** Letters whose recommended transliteration is not simply the base letter. */
const SPECIAL: Readonly<Record<string, string>> = {
  Ä: 'AE',
  Å: 'AA',
  Æ: 'AE',
  Ö: 'OE',
  Ø: 'OE',
  Ü: 'UE',
  Œ: 'OE',
  ß: 'SS',
  ẞ: 'SS',
  Þ: 'TH',
  Ĳ: 'IJ',
  Ð: 'D',
  Đ: 'D',
  Ħ: 'H',
  ı: 'I',
  Ŀ: 'L',
  Ł: 'L',
  Ŋ: 'N',
  Ŧ: 'T',
  ĸ: 'K',
};

/** Dropped without trace: apostrophes (O'Neil → ONEIL) and full stops (St. → ST). */
const OMITTED = /['’ʼ‘`´.]/gu;
/** Become the filler: spaces, hyphens (Marie-Thérèse → MARIE<THERESE) and commas. */
const SEPARATORS = /[\s\-‐‑–,]+/gu;
const COMBINING_MARKS = /\p{M}+/gu;

/**
 * Transliterates `text` to MRZ characters: upper case, ICAO's special letters, diacritics stripped,
 * apostrophes dropped, separators to a single '<', no leading or trailing '<'.
 * `allowDigits` is false for names (digits are not allowed there).
 * Throws a FormatError naming `field` (at `offset`) for a character with no transliteration.
 */
export function transliterateToMrz(text: string, field: string, offset: number, allowDigits: boolean): string {
  let out = '';
  for (const ch of text.normalize('NFC').toUpperCase()) out += SPECIAL[ch] ?? ch;
  out = out
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(OMITTED, '')
    .replace(SEPARATORS, '<')
    .replace(/<+/g, '<')
    .replace(/^<|<$/g, '');
  const allowed = allowDigits ? /^[A-Z0-9<]*$/ : /^[A-Z<]*$/;
  if (!allowed.test(out)) {
    const bad = [...out].find((c) => !allowed.test(c)) ?? '?';
    throw mrzError('BAD_VALUE', offset, field, `'${bad}' in '${text}' has no MRZ transliteration`);
  }
  return out;
}
