/**
 * One complete person record as the restore writes it: the current record, every version of its
 * history, its enrollments with each finger as an image (WSQ, stored as given) or an interchange
 * template (ISO/IEC 19794-2 or ANSI 378 record). Timestamps are ISO 8601 text; nothing is derived
 * by the restore but what the register computes itself (search keys, templates from images).
 */
export interface RestoredPerson {
  uin: string;
  nina: string | null;
  status: 'active' | 'deceased' | 'suspended' | 'merged';
  /** For status `merged`: the surviving record (restored before, or in the same call). */
  mergedIntoUin: string | null;
  familyNames: string;
  givenNames: string;
  sex: 'M' | 'F';
  /** As stored: YYYY, YYYY-MM or YYYY-MM-DD. */
  birthDate: string;
  birthPlaceCode: string;
  fatherName: string | null;
  motherName: string | null;
  nationality: string;
  residenceCommuneCode: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Version 1 … version, each once. */
  versions: RestoredVersion[];
  /** Oldest first. */
  enrollments: RestoredEnrollment[];
  /** Face images, oldest first (absent: none). */
  faces?: RestoredFace[];
}

/** A face image, bytes stored unchanged, owned by one of the person's enrollments or by the person. */
export interface RestoredFace {
  /** The enrollment it came with: its number among `enrollments` (1 = first); null when it came without one. */
  enrollment: number | null;
  image: Uint8Array;
  /** When given, checked against the bytes. */
  sha256?: string;
  mediaType: string;
  /** ANSI/NIST-ITL 10.011 CGA: NONE, JPEGB, JPEGL, JP2, JP2L, PNG. */
  compression: string;
  width: number | null;
  height: number | null;
  colorSpace: string | null;
  /** YYYYMMDD. */
  capturedOn: string | null;
  createdAt: string;
}

export interface RestoredVersion {
  version: number;
  changedAt: string;
  /** The operator's user name (operators are not restored: the id is left empty). */
  changedBy: string;
  reason: string;
  requestId: string | null;
  /** The record as it was at that version (camelCase fields). */
  data: Record<string, unknown>;
}

export interface RestoredEnrollment {
  status: 'enrolled' | 'merged';
  createdAt: string;
  createdBy: string;
  missingFingers: Array<{ position: number; reason: string }>;
  fingers: RestoredFinger[];
}

interface RestoredFingerBase {
  position: number;
  /** What was received at enrollment (`wsq`, `png` …, `iso-19794-2-2005` …). */
  sourceFormat: string;
  /** As measured at capture; absent → what the re-extraction (or the template) gives. */
  quality?: number | null;
  minutiae?: number;
}

/** A finger with its kept image: WSQ bytes stored unchanged, the template re-extracted from them. */
export interface RestoredImageFinger extends RestoredFingerBase {
  kind: 'image';
  image: Uint8Array;
  /** When given, checked against the bytes. */
  sha256?: string;
  mediaType: string;
  width: number;
  height: number;
  ppi: number;
}

/** A finger received only as a template: the interchange record the template is read from. */
export interface RestoredTemplateFinger extends RestoredFingerBase {
  kind: 'template';
  record: Uint8Array;
}

export type RestoredFinger = RestoredImageFinger | RestoredTemplateFinger;

/** What one call wrote. */
export interface RestoreCounts {
  people: number;
  versions: number;
  enrollments: number;
  fingers: number;
  images: number;
  templates: number;
  missingFingers: number;
  faces: number;
  /** Image fingers whose re-extracted template has another minutiae count or quality than recorded at capture (kept as recorded). */
  reextractionDiffers: number;
}

export const emptyRestoreCounts = (): RestoreCounts => ({ people: 0, versions: 0, enrollments: 0, fingers: 0, images: 0, templates: 0, missingFingers: 0, faces: 0, reextractionDiffers: 0 });

export function addCounts(into: RestoreCounts, more: RestoreCounts): void {
  for (const key of Object.keys(into) as Array<keyof RestoreCounts>) into[key] += more[key];
}
