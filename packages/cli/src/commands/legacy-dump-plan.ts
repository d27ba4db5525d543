import { readFileSync } from 'node:fs';
import { BUILTIN_PLACES_CSV, type GeneratedPerson, generatePopulation, parsePlacesCsv } from '@kura/registry';
import { DEFECT_KINDS, type DefectKind, LEGACY_DUMP, VENDOR } from './legacy-dump-parameters.js';
import { seededRandom } from '@kura/registry';
import { fingerSeed } from './synth-plan.js';

/**
 * What a legacy dump holds, decided from the seed alone before any image is drawn: one record per
 * vendor person, its role (clean, a planted duplicate, or a planted defect), its vendor id and
 * codes, and the fingers it carries. Writing follows the plan; truth.json is the plan.
 */

export type RecordRole = 'clean' | 'duplicate' | DefectKind;

export interface PlannedFinger {
  /** ANSI/NIST finger position 1–10. */
  position: number;
  /** Seed of the synthetic finger (the same for an original and its planted duplicate). */
  seed: number;
  impression: number;
}

export interface PlannedRecord {
  index: number;
  vendorId: string;
  role: RecordRole;
  /** The person as Kura should register them (valid demographics, Kura place codes). */
  person: GeneratedPerson;
  /** Index of the record whose fingers a planted duplicate carries. */
  duplicateOf?: number;
  fingers: PlannedFinger[];
  /** Binary Type-4 (older stations) or tagged Type-14 finger records. */
  fingerRecordType: 4 | 14;
  proprietaryTemplate: boolean;
  face: boolean;
  /** YYYYMMDD of enrolment in the vendor's system; DATE_MAJ is the same day. */
  enrolledOn: string;
  /** For CORRUPT_IMAGE: which finger (index into `fingers`); for TRUNCATED_FILE: share of the file kept. */
  corruptFinger?: number;
  keptShare?: number;
}

export interface DumpPlan {
  seed: number;
  fingersPerPerson: number;
  records: PlannedRecord[];
  /** Kura commune code → the vendor's own code, for every commune of the reference geography. */
  placeCodes: Map<string, string>;
}

/** The vendor's code list: every commune of the registry's places CSV, numbered in code order. */
export function vendorPlaceCodes(): Map<string, string> {
  const communes = parsePlacesCsv(readFileSync(BUILTIN_PLACES_CSV, 'utf8'))
    .filter((p) => p.level === 'commune')
    .map((p) => p.code)
    .sort();
  return new Map(communes.map((code, i) => [code, `${VENDOR.placePrefix}${VENDOR.placeCodeStart + i * VENDOR.placeCodeStep}`]));
}

function plantedCount(people: number, rate: number): number {
  const byRate = Math.round(people * rate);
  return people >= LEGACY_DUMP.everyKindFrom ? Math.max(1, byRate) : byRate;
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function yyyymmdd(date: Date): string {
  return date.toISOString().slice(0, 10).replaceAll('-', '');
}

export function planDump(people: number, seed: number, fingersPerPerson: number): DumpPlan {
  const random = seededRandom((seed ^ 0x4c454741) >>> 0); // "LEGA": the dump's own stream, apart from the population's
  const population = generatePopulation(people, seed, LEGACY_DUMP.referenceDate);
  const positions = [...LEGACY_DUMP.fingerOrder.slice(0, fingersPerPerson)].sort((a, b) => a - b);

  // Roles: defects on random records; duplicates take a later record, originals an earlier clean one,
  // so that in vendor-id order (the order an import reads) the original always comes first.
  const roles: RecordRole[] = Array.from({ length: people }, () => 'clean');
  const order = shuffled(Array.from({ length: people }, (_, i) => i), random);
  let next = 0;
  for (const kind of DEFECT_KINDS) {
    for (let k = plantedCount(people, LEGACY_DUMP.defectRate); k > 0 && next < order.length; k--) roles[order[next++]!] = kind;
  }
  const clean = order.slice(next).sort((a, b) => a - b);
  const duplicates = Math.min(plantedCount(people, LEGACY_DUMP.duplicateRate), Math.floor(clean.length / 2));
  const originals = shuffled(clean.slice(0, Math.ceil(clean.length / 2)), random).slice(0, duplicates);
  const copies = shuffled(clean.slice(Math.ceil(clean.length / 2)), random).slice(0, duplicates);
  const duplicateOf = new Map<number, number>();
  copies.forEach((copy, k) => {
    roles[copy] = 'duplicate';
    duplicateOf.set(copy, originals[k]!);
  });

  const firstYear = LEGACY_DUMP.enrolmentYears[0];
  const span = LEGACY_DUMP.enrolmentYears[1] - firstYear + 1;
  let idNumber = 1_000_000 + Math.floor(random() * 1_000_000);
  let enrolled = Date.UTC(firstYear, 0, 1);
  const dayMs = 86_400_000;
  const meanGapDays = (span * 365) / Math.max(1, people);
  const records = population.map((person, index): PlannedRecord => {
    idNumber += 1 + Math.floor(random() * 40);
    enrolled += Math.floor(random() * 2 * meanGapDays) * dayMs;
    const role = roles[index]!;
    const source = duplicateOf.get(index) ?? index;
    const impression = role === 'duplicate' ? LEGACY_DUMP.duplicateImpression : LEGACY_DUMP.originalImpression;
    const record: PlannedRecord = {
      index,
      vendorId: `${VENDOR.idPrefix}${idNumber}`,
      role,
      person,
      fingers: positions.map((position) => ({ position, seed: fingerSeed(seed, LEGACY_DUMP.personOffset + source, position - 1), impression })),
      fingerRecordType: random() < LEGACY_DUMP.type4Rate ? 4 : 14,
      proprietaryTemplate: random() < LEGACY_DUMP.proprietaryTemplateRate,
      face: random() < LEGACY_DUMP.faceRate,
      enrolledOn: yyyymmdd(new Date(enrolled)),
    };
    if (role === 'duplicate') record.duplicateOf = source;
    if (role === 'CORRUPT_IMAGE') record.corruptFinger = Math.floor(random() * positions.length);
    if (role === 'TRUNCATED_FILE') record.keptShare = 0.5 + random() * 0.4;
    return record;
  });
  return { seed, fingersPerPerson, records, placeCodes: vendorPlaceCodes() };
}

/** Which files a record has in the dump. */
export function hasTransaction(record: PlannedRecord): boolean {
  return record.role !== 'NO_TRANSACTION';
}
export function hasCsvRow(record: PlannedRecord): boolean {
  return record.role !== 'NO_CSV_ROW';
}

/** The vendor's code for a record's birth place: an unknown one when that is the planted defect. */
export function vendorBirthPlace(plan: DumpPlan, record: PlannedRecord): string {
  if (record.role === 'UNKNOWN_PLACE') return `${VENDOR.placePrefix}${VENDOR.unknownPlaceStart + record.index}`;
  return vendorPlace(plan, record.person.birthPlaceCode);
}

export function vendorPlace(plan: DumpPlan, kuraCode: string | null | undefined): string {
  if (!kuraCode) return '';
  const code = plan.placeCodes.get(kuraCode);
  if (!code) throw new Error(`place ${kuraCode} is not a commune of the reference geography`);
  return code;
}

/**
 * A record's birth date split into year, month, day ('00' when unknown, as the vendor stores partial
 * dates), an impossible date for INVALID_DATE, or undefined for MISSING_DATE.
 */
export function vendorBirthDate(record: PlannedRecord): { year: string; month: string; day: string } | undefined {
  if (record.role === 'MISSING_DATE') return undefined;
  const [year, month = '00', day = '00'] = record.person.birthDate.split('-') as [string, string?, string?];
  if (record.role === 'INVALID_DATE') {
    // Day 30 of February, 31 of a 30-day month, or month 13: each a date no calendar holds.
    const impossible = [
      { month: '02', day: '30' },
      { month: '04', day: '31' },
      { month: '13', day: '12' },
    ][record.index % 3]!;
    return { year, ...impossible };
  }
  return { year, month, day };
}
