import { isoTime, type ExportedPerson } from './exported-person.js';
import { templatePath } from './export-layout.js';
import { faceRecordIdc } from './person-transaction.js';

type Cell = string | number | null;

/** JSON with object keys sorted at every level: the same record always gives the same text, whichever database stored it. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The CSV rows of one person, in the column order of CSV_COLUMNS. */
export function personRows(p: ExportedPerson) {
  const r = p.person;
  const people: Cell[] = [
    r.uin, r.nina, r.status, r.merged_into_uin, r.family_names, r.given_names, r.sex, r.birth_date, r.birth_place_code,
    r.father_name, r.mother_name, r.nationality, r.residence_commune_code, r.version, isoTime(r.created_at), isoTime(r.updated_at),
  ];
  const identifiers: Cell[][] = [[r.uin, 'UIN', r.uin]];
  if (r.nina) identifiers.push([r.uin, 'NINA', r.nina]);
  const history: Cell[][] = p.versions.map((v) => [r.uin, v.version, isoTime(v.changed_at), v.changed_by_username, v.reason, v.request_id, canonicalJson(v.data)]);
  const enrollments: Cell[][] = [];
  const fingers: Cell[][] = [];
  let idc = 0;
  for (const e of p.enrollments) {
    enrollments.push([r.uin, e.ordinal, e.row.status, isoTime(e.row.created_at), e.row.created_by_username, e.fingers.length, e.row.missing_fingers.length]);
    const rows: Array<{ position: number; cells: Cell[] }> = [];
    for (const f of e.fingers) {
      // The same numbering as personTransaction: Type-14 records in enrollment, then position order.
      const recordIdc = f.image_sha256 ? ++idc : null;
      rows.push({
        position: f.position,
        cells: [r.uin, e.ordinal, f.position, 'captured', null, f.source_format, f.image_sha256, f.image_media_type, f.width, f.height, f.ppi, f.quality === null ? null : round(f.quality), f.minutiae, recordIdc, f.image_sha256 ? null : templatePath(r.uin, e.ordinal, f.position)],
      });
    }
    for (const m of e.row.missing_fingers) {
      rows.push({ position: m.position, cells: [r.uin, e.ordinal, m.position, 'missing', m.reason, null, null, null, null, null, null, null, null, null, null] });
    }
    rows.sort((a, b) => a.position - b.position);
    for (const row of rows) fingers.push(row.cells);
  }
  const faces: Cell[][] = p.faces.map(({ ordinal, enrollment, row: f }) => [
    r.uin, ordinal, enrollment, f.sha256, f.media_type, f.compression, f.width, f.height, f.color_space, f.captured_on, isoTime(f.created_at), f.size_bytes,
    faceRecordIdc(idc, ordinal),
  ]);
  return { people, identifiers, history, enrollments, fingers, faces };
}

/** Quality is a real number in the database: six decimals are plenty and print the same everywhere. */
const round = (x: number): number => Math.round(x * 1e6) / 1e6;
