import { z } from 'zod';

/**
 * The mapping file of `kura import run`: where a legacy dump keeps each Kura person field
 * (a Type-2 field or a CSV column), in which format, and how its codes translate. Documented,
 * with the example `kura synth legacy-dump` writes, in docs/legacy-dump.md; YAML files and the
 * built-in ANSI/NIST-ITL (EBTS) mapping in docs/import-mapping.md.
 */

/** Kura person fields a mapping can fill (see personInputSchema in @kura/registry). */
export const MAPPABLE_FIELDS = [
  'familyNames',
  'givenNames',
  'sex',
  'birthDate',
  'birthPlaceCode',
  'fatherName',
  'motherName',
  'nationality',
  'residenceCommuneCode',
  'nina',
] as const;
export type MappableField = (typeof MAPPABLE_FIELDS)[number];

/** A Type-2 field as `2.NNN` (2 or 3 digits after the point, as tags are written). */
const type2Tag = z.string().regex(/^2\.\d{2,3}$/, 'must be a Type-2 tag such as 2.018');
/** The transaction's key: a Type-1 field (1.009 TCN, standard) or a Type-2 field (the vendor's own id). */
const keyTag = z.string().regex(/^[12]\.\d{2,3}$/, 'must be a Type-1 or Type-2 tag such as 1.009 or 2.003');
/** Rejection reason codes: upper-case words joined by underscores (INVALID_DATE, UNKNOWN_PLACE…). */
const reasonCode = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be a reason code such as UNKNOWN_PLACE');

/** Date layouts: YYYY, MM and DD in any order with any separators (YYYYMMDD, DD/MM/YYYY, YYYY-MM-DD…). */
const dateSchema = z.strictObject({
  format: z
    .string()
    .refine((f) => ['YYYY', 'MM', 'DD'].every((part) => f.split(part).length === 2), 'must hold YYYY, MM and DD once each, e.g. DD/MM/YYYY'),
  /** What the source writes for an unknown month or day ("00"): the date is then kept as YYYY or YYYY-MM. */
  unknownPart: z.string().optional(),
});

const fieldSourceSchema = z
  .strictObject({
    /** Read from this Type-2 field (first item of the first subfield)… */
    type2: type2Tag.optional(),
    /** What the source calls the field (an EBTS mnemonic such as NAM, a column title): named in rejection messages. */
    label: z.string().min(1).optional(),
    /** …or from this CSV column (by header name). */
    csv: z.string().min(1).optional(),
    /** Keep one part of the value: split on `separator`, take part `part` (0-based), trimmed. */
    split: z.strictObject({ separator: z.string().min(1), part: z.number().int().min(0) }).optional(),
    date: dateSchema.optional(),
    /** Translate the value through this table of `values` (source code → Kura code). */
    values: z.string().min(1).optional(),
    /** Reason to reject a record whose value is not in the table (default UNKNOWN_CODE). */
    unknown: reasonCode.optional(),
    /** Reason to reject a record whose value is empty; absent: an empty value leaves the field unset. */
    missing: reasonCode.optional(),
    /** Reason to reject a record whose value does not read in `date.format` (default INVALID_DATE). */
    invalid: reasonCode.optional(),
  })
  .refine((f) => (f.type2 === undefined) !== (f.csv === undefined), 'give exactly one of type2 or csv');
export type FieldSource = z.infer<typeof fieldSourceSchema>;

export const importMappingSchema = z
  .strictObject({
    format: z.literal('kura-import-mapping'),
    version: z.literal(1),
    /** Free text: whose dump this is, when it was received. */
    description: z.string().optional(),
    transactions: z.strictObject({
      /** Folder (relative to the dump) searched recursively for transactions. */
      folder: z.string().min(1),
      /** File name endings of transactions (others are ignored). */
      extensions: z.array(z.string().min(1)).min(1),
      /** The field holding the record's id (Type-1, e.g. 1.009 TCN, or Type-2): names it in the ledger, links it to its CSV row. */
      key: keyTag,
      /** Record types holding fingerprints (4 and/or 14), faces (10), and types knowingly not used (the vendor's Type-9 templates). */
      fingerprintRecords: z.array(z.union([z.literal(3), z.literal(4), z.literal(14)])).min(1),
      faceRecords: z.array(z.literal(10)).default([]),
      ignoredRecords: z.array(z.number().int().min(2).max(99)).default([]),
    }),
    csv: z
      .strictObject({
        file: z.string().min(1),
        encoding: z.enum(['utf-8', 'latin1']),
        delimiter: z.string().length(1),
        /** The column holding the vendor's person id (the same value as the transactions' key). */
        key: z.string().min(1),
      })
      .optional(),
    fields: z.partialRecord(z.enum(MAPPABLE_FIELDS), fieldSourceSchema),
    /**
     * Reason to reject a record in which every field with a `missing` reason is empty (a placeholder
     * Type-2, no person at all), naming them all; absent: the first empty field's own reason.
     */
    noPerson: reasonCode.optional(),
    /** Translation tables named by the fields' `values`: source code → Kura value. */
    values: z.record(z.string(), z.record(z.string(), z.string())).default({}),
  })
  .superRefine((mapping, context) => {
    for (const [name, source] of Object.entries(mapping.fields)) {
      if (source?.values !== undefined && !(source.values in mapping.values)) {
        context.addIssue({ code: 'custom', path: ['fields', name, 'values'], message: `no table "${source.values}" in values` });
      }
      if (source?.csv !== undefined && mapping.csv === undefined) {
        context.addIssue({ code: 'custom', path: ['fields', name, 'csv'], message: 'a CSV column needs the csv section' });
      }
    }
    for (const required of ['familyNames', 'givenNames', 'sex', 'birthDate', 'birthPlaceCode'] as const) {
      if (!mapping.fields[required]) context.addIssue({ code: 'custom', path: ['fields', required], message: 'a Kura person needs this field: map it' });
    }
  });

export type ImportMapping = z.infer<typeof importMappingSchema>;
export type ImportMappingInput = z.input<typeof importMappingSchema>;
