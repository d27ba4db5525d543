import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildTd1,
  mrzCharValue,
  readTd1,
  TD1_COMPOSITE_SPANS,
  TD1_FIELD,
  type Td1Person,
  type Td1Span,
  transliterateToMrz,
} from '@kura/formats';

/**
 * Acceptance 5 as properties over generated persons (French and Malian names with accents,
 * hyphens, apostrophes; long document numbers; partial birth dates):
 *  1. every card Kura builds reads back with `mrz` to the same fields, every check valid;
 *  2. every single-character change at a position a check digit covers is caught, except the
 *     substitutions ICAO's 7-3-1 check digit cannot see by design (values differing by a multiple of
 *     10, e.g. 0↔A, <↔0) in alphanumeric fields. Date and check-digit positions admit no exception.
 */

/** Persons per property: a round trip is one MRZ read; the mutation property costs ~1,800 reads a person. */
const ROUND_TRIP_PERSONS = Number(process.env.KURA_MRZ_PERSONS ?? 1000);
const MUTATED_PERSONS = Number(process.env.KURA_MRZ_MUTATED_PERSONS ?? 60);

const LETTERS = 'abcdefghijklmnopqrstuvwxyzéèêëàâäîïôöùûüçœæÿñß';
const KNOWN_NAMES = [
  'Traoré', 'Keïta', 'Maïga', 'Cissé', 'Coulibaly', 'Diarra', 'Dembélé', 'Touré', 'Kanté', "N'Diaye", 'Lefèvre',
  'Aïssata', 'Hélène', 'Zoé', 'Gaëlle', 'Noël', 'Anaïs', 'Joël', 'Bâ', 'Sô', 'Lætitia', 'Cœur', "d'Arc", 'Mamadou',
  'Fatoumata', 'Ousmane', 'Oumou', 'Marie-Thérèse', 'Jean-Baptiste', 'Ségolène', 'François', 'Müller', 'Straße',
];

const nameComponent = fc.oneof(
  fc.constantFrom(...KNOWN_NAMES),
  fc.array(fc.constantFrom(...LETTERS), { minLength: 1, maxLength: 12 }).map((cs) => cs.join('')),
);
const separator = fc.constantFrom(' ', '-', "'", ' ');
const fullName = (min: number) =>
  fc.array(fc.tuple(nameComponent, separator), { minLength: min, maxLength: 5 }).map((parts) =>
    parts.map(([c, s], i) => (i === 0 ? c : s + c)).join(''),
  );

const pad2 = (n: number) => String(n).padStart(2, '0');
const isoDate = (minYear: number, maxYear: number) =>
  fc.date({ min: new Date(Date.UTC(minYear, 0, 1)), max: new Date(Date.UTC(maxYear, 11, 31)), noInvalidDate: true }).map(
    (d) => `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`,
  );
const birthDate = fc.oneof(
  { weight: 6, arbitrary: isoDate(1920, 2025) },
  { weight: 1, arbitrary: isoDate(1920, 2025).map((d) => d.slice(0, 7)) },
  { weight: 1, arbitrary: isoDate(1920, 2025).map((d) => d.slice(0, 4)) },
);
const alnum = (min: number, max: number) =>
  fc.array(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), { minLength: min, maxLength: max }).map((cs) => cs.join(''));

const person: fc.Arbitrary<Td1Person> = fc
  .record({
    documentNumber: fc.oneof(alnum(1, 9), alnum(10, 22)),
    familyName: fullName(1),
    givenNames: fc.oneof(fc.constant(''), fullName(1)),
    birthDate,
    sex: fc.constantFrom('M' as const, 'F' as const, 'X' as const),
    expiryDate: isoDate(2000, 2099),
    optional1: alnum(0, 15),
    optional2: alnum(0, 11),
    issuingState: fc.constantFrom('MLI', 'FRA', 'SEN', 'CIV', 'D<<'),
    nationality: fc.constantFrom('MLI', 'BFA', 'GIN', 'NER'),
  })
  .map((p) => {
    // Optional data 1 gets what the document number overflow leaves (overflow, check digit, filler).
    const room = p.documentNumber.length > 9 ? 15 - (p.documentNumber.length - 9) - 2 : 15;
    return { ...p, optional1: p.optional1.slice(0, Math.max(0, room)) };
  });

/** Every position a check digit covers: the composite check digit covers all of them. */
function coveredPositions(): Td1Span[] {
  const out: Td1Span[] = [];
  for (const s of TD1_COMPOSITE_SPANS) for (let i = 0; i < s.length; i++) out.push({ line: s.line, start: s.start + i, length: 1 });
  out.push(TD1_FIELD.compositeCheckDigit);
  return out;
}

/** Dates and their check digits, and the composite check digit: digits only, so every change must be caught. */
function isNumericPosition(p: Td1Span): boolean {
  const numeric = [TD1_FIELD.birthDate, TD1_FIELD.birthDateCheckDigit, TD1_FIELD.expiryDate, TD1_FIELD.expiryDateCheckDigit, TD1_FIELD.compositeCheckDigit];
  return numeric.some((f) => f.line === p.line && p.start >= f.start && p.start < f.start + f.length);
}

const ALPHABET = [...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<'];

describe('TD1 MRZ properties over generated persons', () => {
  it(`${ROUND_TRIP_PERSONS} generated cards read back with mrz to the same fields, every check valid`, () => {
    fc.assert(
      fc.property(person, (p) => {
        const mrz = buildTd1(p);
        for (const line of mrz.lines) expect(line).toMatch(/^[A-Z0-9<]{30}$/);
        const reading = readTd1(mrz.text);
        expect(reading.problems).toEqual([]);
        expect(reading.valid).toBe(true);
        expect(reading.fields).toEqual(mrz.fields);
        // And the fields are the person's, not just self-consistent.
        expect(reading.fields.documentNumber).toBe(p.documentNumber);
        expect(reading.fields.sex).toBe(p.sex);
        expect(reading.fields.expiryDate).toBe(p.expiryDate.slice(2).replace(/-/g, ''));
        const family = transliterateToMrz(p.familyName, 'familyName', 0, false).replace(/</g, ' ');
        if (!mrz.nameTruncated) {
          expect(reading.fields.familyName).toBe(family);
          expect(reading.fields.givenNames).toBe(transliterateToMrz(p.givenNames, 'givenNames', 0, false).replace(/</g, ' '));
        } else {
          expect(mrz.lines[2]).toMatch(/[A-Z]$/);
        }
      }),
      { numRuns: ROUND_TRIP_PERSONS },
    );
  });

  it(
    `every single-character change at a covered position is caught (${MUTATED_PERSONS} persons × every position × every character)`,
    () => {
      const positions = coveredPositions();
      let changes = 0;
      let invisibleByDesign = 0;
      fc.assert(
        fc.property(person, (p) => {
          const mrz = buildTd1(p);
          for (const pos of positions) {
            const line = mrz.lines[pos.line]!;
            const original = line[pos.start]!;
            for (const c of ALPHABET) {
              if (c === original) continue;
              const lines = [...mrz.lines];
              lines[pos.line] = line.slice(0, pos.start) + c + line.slice(pos.start + 1);
              const caught = !readTd1(lines).valid;
              changes++;
              const sameValueModulo10 = (mrzCharValue(c) - mrzCharValue(original)) % 10 === 0;
              if (caught) continue;
              if (isNumericPosition(pos) || !sameValueModulo10) {
                throw new Error(`change not caught: line ${pos.line + 1} position ${pos.start + 1} '${original}'→'${c}'\n${lines.join('\n')}`);
              }
              invisibleByDesign++;
            }
          }
        }),
        { numRuns: MUTATED_PERSONS },
      );
      console.info(
        `MRZ single-character changes at covered positions: ${changes}, caught ${changes - invisibleByDesign}; ` +
          `${invisibleByDesign} (${((100 * invisibleByDesign) / changes).toFixed(2)} %) are substitutions by a multiple of 10 in alphanumeric fields, invisible to the ICAO 7-3-1 check digit`,
      );
      expect(changes).toBeGreaterThan(MUTATED_PERSONS * 1500);
    },
    300_000,
  );
});
