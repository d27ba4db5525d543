import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildNina,
  generateUin,
  hasForbiddenPattern,
  isValidUin,
  ninaCheckLetter,
  ninaProblem,
  uinProblem,
  verhoeffCheckDigit,
  verhoeffIsValid,
} from '../src/index.js';

describe('Verhoeff', () => {
  it('matches the published examples', () => {
    expect(verhoeffCheckDigit('236')).toBe(3);
    expect(verhoeffIsValid('2363')).toBe(true);
    expect(verhoeffCheckDigit('12345')).toBe(1);
    expect(verhoeffIsValid('123451')).toBe(true);
    expect(verhoeffIsValid('123450')).toBe(false);
  });

  it('catches every single-digit error and every adjacent transposition', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{10}$/), fc.nat(10), fc.integer({ min: 1, max: 9 }), (body, pos, delta) => {
        const full = body + verhoeffCheckDigit(body);
        const i = pos % full.length;
        const changed = full.slice(0, i) + String((Number(full[i]) + delta) % 10) + full.slice(i + 1);
        expect(verhoeffIsValid(changed)).toBe(false);
        if (i + 1 < full.length && full[i] !== full[i + 1]) {
          const swapped = full.slice(0, i) + full[i + 1] + full[i] + full.slice(i + 2);
          expect(verhoeffIsValid(swapped)).toBe(false);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('UIN', () => {
  it('issues 11-digit numbers with a valid check digit, never starting with 0, without runs', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const uin = generateUin();
      expect(uin).toMatch(/^[1-9][0-9]{10}$/);
      expect(isValidUin(uin)).toBe(true);
      expect(hasForbiddenPattern(uin)).toBe(false);
      seen.add(uin);
    }
    expect(seen.size).toBeGreaterThan(19_990);
  });

  it('recognises forbidden patterns', () => {
    expect(hasForbiddenPattern('12000456789')).toBe(true); // 000
    expect(hasForbiddenPattern('51234000000')).toBe(true);
    expect(hasForbiddenPattern('59876024680')).toBe(true); // 987 descending
    expect(hasForbiddenPattern('52468024681')).toBe(false);
  });

  it('tells a format problem from a check-digit problem', () => {
    const uin = generateUin();
    const wrong = uin.slice(0, 10) + String((Number(uin[10]) + 1) % 10);
    expect(uinProblem(uin)).toBeUndefined();
    expect(uinProblem(wrong)).toBe('check-digit');
    expect(uinProblem('0' + uin.slice(1))).toBe('format');
    expect(uinProblem('123')).toBe('format');
    expect(uinProblem('1234567890a')).toBe('format');
  });
});

describe('NINA', () => {
  it('builds and validates the 14 digits + letter layout', () => {
    const nina = buildNina({ nationality: '1', sex: '2', birthYear: '85', birthPlaceCode: '1101003', sequence: '042' });
    expect(nina).toMatch(/^12851101003042[A-Z]$/);
    expect(ninaProblem(nina)).toBeUndefined();
    expect(nina[14]).toBe(ninaCheckLetter(nina.slice(0, 14)));
  });

  it('rejects a wrong check letter unless only the layout is checked', () => {
    const nina = buildNina({ nationality: '1', sex: '1', birthYear: '70', birthPlaceCode: '0305001', sequence: '001' });
    const other = nina.slice(0, 14) + (nina[14] === 'A' ? 'B' : 'A');
    expect(ninaProblem(other)).toBe('check-letter');
    expect(ninaProblem(other, 'layout')).toBeUndefined();
  });

  it('rejects bad layouts', () => {
    for (const bad of ['', '1285110100304', '12851101003042', '13851101003042A', '1285110100304a2', '12851101003042AB']) {
      expect(ninaProblem(bad)).toBe('format');
    }
  });
});
