/**
 * NINA, the legacy national identification number: 14 digits and a check letter.
 *   nationality (1) · sex (1) · birth year (2) · birthplace code (7) · sequence (3) · check letter (1)
 * The issuing authority's check-letter algorithm is not public. Kura checks the letter as the
 * remainder of the 14-digit number modulo 23, read in a 23-letter table (the scheme of Spain's DNI);
 * a deployment whose legacy numbers follow another rule sets KURA_NINA_CHECK=layout to validate the
 * layout only (see README).
 */
const CHECK_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

export type NinaCheckMode = 'mod23' | 'layout';

export interface NinaParts {
  nationality: string;
  sex: string;
  birthYear: string;
  birthPlaceCode: string;
  sequence: string;
  checkLetter: string;
}

export type NinaProblem = 'format' | 'check-letter';

export function ninaCheckLetter(digits14: string): string {
  if (!/^[0-9]{14}$/.test(digits14)) throw new RangeError('NINA check letter needs 14 digits');
  return CHECK_LETTERS[Number(BigInt(digits14) % 23n)]!;
}

export function ninaCheckModeFromEnv(env: NodeJS.ProcessEnv = process.env): NinaCheckMode {
  return env.KURA_NINA_CHECK === 'layout' ? 'layout' : 'mod23';
}

/** Why a string is not a valid NINA, or undefined when it is one. */
export function ninaProblem(nina: string, mode: NinaCheckMode = ninaCheckModeFromEnv()): NinaProblem | undefined {
  if (!/^[0-9]{14}[A-Z]$/.test(nina)) return 'format';
  if (nina[1] !== '1' && nina[1] !== '2') return 'format';
  if (mode === 'mod23' && ninaCheckLetter(nina.slice(0, 14)) !== nina[14]) return 'check-letter';
  return undefined;
}

export function parseNina(nina: string): NinaParts {
  return {
    nationality: nina.slice(0, 1),
    sex: nina.slice(1, 2),
    birthYear: nina.slice(2, 4),
    birthPlaceCode: nina.slice(4, 11),
    sequence: nina.slice(11, 14),
    checkLetter: nina.slice(14, 15),
  };
}

/** Builds a NINA from its parts (used by the demo and tests). */
export function buildNina(parts: Omit<NinaParts, 'checkLetter'>): string {
  const digits = parts.nationality + parts.sex + parts.birthYear + parts.birthPlaceCode + parts.sequence;
  return digits + ninaCheckLetter(digits);
}
