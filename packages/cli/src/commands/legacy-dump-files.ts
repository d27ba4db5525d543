import type { ImportMappingInput } from './import-mapping.js';
import { LEGACY_DUMP, VENDOR, VENDOR_TYPE2 } from './legacy-dump-parameters.js';
import { type DumpPlan, type PlannedRecord, hasCsvRow, vendorBirthDate, vendorBirthPlace, vendorPlace } from './legacy-dump-plan.js';

/** The dump's text files: the civil-status CSV (Latin-1, as the vendor exported it), mapping.json and truth.json. */

export interface WrittenTransaction {
  file: string;
  defectOffset?: number;
  defectRecord?: number;
  keptBytes?: number;
}

const tag2 = (field: number) => `2.${String(field).padStart(3, '0')}`;

function csvValue(value: string): string {
  return /[";\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Rows in vendor-id order, CRLF line ends, the header first. Line numbers (1-based, header = 1) go to truth. */
export function civilStatusCsv(plan: DumpPlan): { bytes: Buffer; lineOf: Map<number, number> } {
  const lines = [VENDOR.csvColumns.join(VENDOR.csvDelimiter)];
  const lineOf = new Map<number, number>();
  for (const record of plan.records) {
    if (!hasCsvRow(record)) continue;
    const { person } = record;
    const date = vendorBirthDate(record);
    const enrolled = record.enrolledOn;
    const row = [
      record.vendorId,
      person.familyNames.toUpperCase(),
      person.givenNames,
      date ? `${date.day}/${date.month}/${date.year}` : '',
      vendorBirthPlace(plan, record),
      person.sex === 'M' ? 'H' : 'F',
      person.nina ?? '',
      person.fatherName ?? '',
      person.motherName ?? '',
      vendorPlace(plan, person.residenceCommuneCode),
      `${enrolled.slice(0, 4)}-${enrolled.slice(4, 6)}-${enrolled.slice(6)} ${String(8 + (record.index % 9)).padStart(2, '0')}:${String((record.index * 7) % 60).padStart(2, '0')}:00`,
    ];
    lines.push(row.map(csvValue).join(VENDOR.csvDelimiter));
    lineOf.set(record.index, lines.length);
  }
  const text = `${lines.join('\r\n')}\r\n`;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0xff) throw new Error(`internal: "${text[i]}" cannot be written in Latin-1`);
  }
  return { bytes: Buffer.from(text, 'latin1'), lineOf };
}

/** The mapping file an operator would write for this vendor's dump (docs/legacy-dump.md explains each part). */
export function dumpMapping(plan: DumpPlan): ImportMappingInput {
  const places: Record<string, string> = {};
  for (const [kura, vendor] of [...plan.placeCodes].sort((a, b) => a[1].localeCompare(b[1]))) places[vendor] = kura;
  return {
    format: 'kura-import-mapping',
    version: 1,
    description: `Dump of ${VENDOR.name}: one ANSI/NIST-ITL transaction per person, civil status in ${VENDOR.csvFile}`,
    transactions: {
      folder: VENDOR.transactionFolder,
      extensions: [VENDOR.transactionExtension],
      key: tag2(VENDOR_TYPE2.personId),
      fingerprintRecords: [4, 14],
      faceRecords: [10],
      ignoredRecords: [9],
    },
    csv: { file: VENDOR.csvFile, encoding: 'latin1', delimiter: VENDOR.csvDelimiter, key: 'ID_PERSONNE' },
    fields: {
      familyNames: { type2: tag2(VENDOR_TYPE2.name), split: { separator: ',', part: 0 }, missing: 'MISSING_NAME' },
      givenNames: { type2: tag2(VENDOR_TYPE2.name), split: { separator: ',', part: 1 }, missing: 'MISSING_NAME' },
      sex: { type2: tag2(VENDOR_TYPE2.sex), values: 'sex', unknown: 'UNKNOWN_SEX', missing: 'MISSING_SEX' },
      nina: { type2: tag2(VENDOR_TYPE2.nina) },
      birthDate: { csv: 'DATE_NAISS', date: { format: 'DD/MM/YYYY', unknownPart: '00' }, missing: 'MISSING_DATE', invalid: 'INVALID_DATE' },
      birthPlaceCode: { csv: 'LIEU_NAISS', values: 'places', unknown: 'UNKNOWN_PLACE', missing: 'MISSING_PLACE' },
      fatherName: { csv: 'PERE' },
      motherName: { csv: 'MERE' },
      residenceCommuneCode: { csv: 'LIEU_RES', values: 'places', unknown: 'UNKNOWN_PLACE' },
    },
    values: { sex: { '1': 'M', '2': 'F' }, places },
  };
}

export type TruthOutcome = 'imported' | 'duplicate-case' | 'rejected';

export interface TruthRecord {
  vendorId: string;
  outcome: TruthOutcome;
  reason?: string;
  /** Where the fault is: the file (relative to the dump), the byte offset or CSV line. */
  source?: { file: string; offset?: number; record?: number; line?: number; bytes?: number };
  /** For a duplicate-case: the vendor id of the record whose fingers it carries. */
  duplicateOf?: string;
  transaction: string | null;
  csvLine: number | null;
  /** The person Kura should register (for rejected records: what the source meant). */
  person: PlannedRecord['person'];
  fingers: { position: number; seed: number; impression: number; recordType: 4 | 14 }[];
  proprietaryTemplate: boolean;
  face: boolean;
}

export function dumpTruth(plan: DumpPlan, transactions: Map<number, WrittenTransaction>, lineOf: Map<number, number>) {
  const records = plan.records.map((record): TruthRecord => {
    const written = transactions.get(record.index);
    const line = lineOf.get(record.index) ?? null;
    const base = {
      vendorId: record.vendorId,
      transaction: written?.file ?? null,
      csvLine: line,
      person: record.person,
      fingers: record.fingers.map((f) => ({ ...f, recordType: record.fingerRecordType })),
      proprietaryTemplate: record.proprietaryTemplate,
      face: record.face,
    };
    switch (record.role) {
      case 'clean':
        return { ...base, outcome: 'imported' };
      case 'duplicate':
        return { ...base, outcome: 'duplicate-case', duplicateOf: plan.records[record.duplicateOf!]!.vendorId };
      case 'CORRUPT_IMAGE':
        return { ...base, outcome: 'rejected', reason: record.role, source: { file: written!.file, offset: written!.defectOffset!, record: written!.defectRecord! } };
      case 'TRUNCATED_FILE':
        return {
          ...base,
          outcome: 'rejected',
          reason: record.role,
          source: { file: written!.file, offset: written!.defectOffset!, record: written!.defectRecord!, bytes: written!.keptBytes! },
        };
      case 'NO_CSV_ROW':
        return { ...base, outcome: 'rejected', reason: record.role, source: { file: written!.file } };
      default:
        // Date, place and missing-transaction defects are found on the CSV row.
        return { ...base, outcome: 'rejected', reason: record.role, source: { file: VENDOR.csvFile, line: line! } };
    }
  });
  const byReason: Record<string, number> = {};
  for (const r of records) if (r.reason) byReason[r.reason] = (byReason[r.reason] ?? 0) + 1;
  const count = (outcome: TruthOutcome) => records.filter((r) => r.outcome === outcome).length;
  return {
    format: LEGACY_DUMP.truthFormat,
    version: LEGACY_DUMP.version,
    seed: plan.seed,
    fingersPerPerson: plan.fingersPerPerson,
    counts: {
      records: records.length,
      imported: count('imported'),
      duplicateCases: count('duplicate-case'),
      rejected: count('rejected'),
      byReason: Object.fromEntries(Object.entries(byReason).sort()),
      proprietaryTemplates: plan.records.filter((r) => r.proprietaryTemplate && r.role !== 'NO_TRANSACTION').length,
      faces: plan.records.filter((r) => r.face && r.role !== 'NO_TRANSACTION').length,
    },
    records,
  };
}
