export { mrzCharValue, mrzCheckDigit } from './check-digit.js';
export { composeNameField as composeMrzNameField, type NameField as MrzNameField } from './name-field.js';
export { MRZ_FORMAT, TD1_COMPOSITE_SPANS, TD1_FIELD, TD1_LINE_LENGTH, type Td1FieldName, type Td1Span } from './td1-layout.js';
export { buildTd1, compositeSource as td1CompositeSource, type Td1Fields, type Td1Mrz, type Td1Person } from './td1.js';
export { readTd1, type Td1Problem, type Td1Reading } from './td1-read.js';
export { transliterateToMrz } from './transliterate.js';
