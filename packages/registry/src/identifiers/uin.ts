import { randomInt } from 'node:crypto';
import { verhoeffCheckDigit, verhoeffIsValid } from './verhoeff.js';

/**
 * Unique Identification Number: 10 random digits plus a Verhoeff check digit (11 in all).
 * Random rather than sequential so a number reveals nothing (place, date, order of issue);
 * patterns people misread or mistype (3+ repeated or consecutive digits) are never issued.
 */
export const UIN_LENGTH = 11;

export type UinProblem = 'format' | 'check-digit';

/** Why a string is not a valid UIN, or undefined when it is one. */
export function uinProblem(uin: string): UinProblem | undefined {
  if (!/^[1-9][0-9]{10}$/.test(uin)) return 'format';
  if (!verhoeffIsValid(uin)) return 'check-digit';
  return undefined;
}

export function isValidUin(uin: string): boolean {
  return uinProblem(uin) === undefined;
}

/** True when the digits hold a run of 3 equal digits or of 3 ascending/descending consecutive digits. */
export function hasForbiddenPattern(digits: string): boolean {
  for (let i = 2; i < digits.length; i++) {
    const a = digits.charCodeAt(i - 2);
    const b = digits.charCodeAt(i - 1);
    const c = digits.charCodeAt(i);
    if (a === b && b === c) return true;
    if (b - a === 1 && c - b === 1) return true;
    if (a - b === 1 && b - c === 1) return true;
  }
  return false;
}

/** Draws a fresh UIN from the platform's cryptographic random source. Uniqueness is the database's job. */
export function generateUin(): string {
  for (;;) {
    let body = String(randomInt(1, 10));
    for (let i = 1; i < 10; i++) body += String(randomInt(0, 10));
    const uin = body + String(verhoeffCheckDigit(body));
    if (!hasForbiddenPattern(uin)) return uin;
  }
}
