import type { ExportEnrollmentRow, ExportFaceRow, ExportFingerRow, ExportPersonRow, ExportVersionRow } from './export.repository.js';

/** One person as the export sees it: the current record, every version, the enrollments that belong to it. */
export interface ExportedPerson {
  person: ExportPersonRow;
  versions: ExportVersionRow[];
  /** Oldest first; `ordinal` (1, 2 …) names them in the export, database ids are not exported. */
  enrollments: Array<{ ordinal: number; row: ExportEnrollmentRow; fingers: ExportFingerRow[] }>;
  /** Oldest first; `ordinal` numbers them 1, 2 …; `enrollment` is the ordinal of the enrollment it came with, null when none. */
  faces: Array<{ ordinal: number; enrollment: number | null; row: ExportFaceRow }>;
}

/** Groups one page of rows by person, keeping the people's UIN order. */
export function groupPage(
  people: ExportPersonRow[],
  versions: ExportVersionRow[],
  enrollments: ExportEnrollmentRow[],
  fingers: ExportFingerRow[],
  faces: ExportFaceRow[] = [],
): ExportedPerson[] {
  const byPerson = new Map<string, ExportedPerson>();
  const out = people.map((person) => {
    const exported: ExportedPerson = { person, versions: [], enrollments: [], faces: [] };
    byPerson.set(person.id, exported);
    return exported;
  });
  for (const v of versions) byPerson.get(v.person_id)?.versions.push(v);
  const fingersOf = new Map<string, ExportFingerRow[]>();
  for (const f of fingers) {
    let list = fingersOf.get(f.enrollment_id);
    if (!list) fingersOf.set(f.enrollment_id, (list = []));
    list.push(f);
  }
  const enrollmentOwner = new Map<string, { person: ExportedPerson; ordinal: number }>();
  for (const e of enrollments) {
    const owner = byPerson.get(e.person_id);
    if (!owner) continue;
    const ordinal = owner.enrollments.length + 1;
    owner.enrollments.push({ ordinal, row: e, fingers: fingersOf.get(e.id) ?? [] });
    enrollmentOwner.set(e.id, { person: owner, ordinal });
  }
  for (const f of faces) {
    const viaEnrollment = f.enrollment_id === null ? undefined : enrollmentOwner.get(f.enrollment_id);
    const owner = viaEnrollment?.person ?? (f.person_id === null ? undefined : byPerson.get(f.person_id));
    if (owner) owner.faces.push({ ordinal: owner.faces.length + 1, enrollment: viaEnrollment?.ordinal ?? null, row: f });
  }
  return out;
}

/** A timestamp as the export writes it (UTC, milliseconds): the same instant always gives the same text. */
export const isoTime = (value: Date | string): string => new Date(value).toISOString();
