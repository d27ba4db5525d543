import { readFileSync } from 'node:fs';
import { describe, it } from 'vitest';
import { createTemplate, decodeTemplate, encodeTemplate, FingerprintMatcher, templateFromIso19794_2, templateToIso19794_2 } from '../src/index.js';
import { assertOnlyFormatErrors, fuzzRuns, fuzzTimeoutMs } from '../../../test-support/fuzz.js';
import { sharedDataMissingMessage } from '../../../test-support/shared-data.js';
import { fvcDb1b } from './match-helpers.js';

describe.skipIf(!fvcDb1b)(`template decoders under mutation${fvcDb1b ? '' : ` (${sharedDataMissingMessage})`}`, () => {
  // Small seeds keep the run short: the first minutiae of a real record.
  const real = () => templateFromIso19794_2(new Uint8Array(readFileSync(`${fvcDb1b}/101_1.iso`)));
  const small = () => createTemplate({ ...real(), minutiae: real().minutiae.slice(0, 8) });
  // A small orientation field so the field's decoder is mutated too.
  const withField = () =>
    createTemplate({ ...small(), orientation: { blockSize: 16, columns: 4, rows: 3, levels: Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 0]) } });

  it(
    'Kura templates: a typed error or a template the matcher accepts, never a crash',
    () => {
      const probe = new FingerprintMatcher(withField());
      assertOnlyFormatErrors([encodeTemplate(small()), encodeTemplate(withField())], (bytes) => probe.match(decodeTemplate(bytes)), Math.ceil(fuzzRuns / 2));
    },
    fuzzTimeoutMs,
  );

  it(
    'ISO 19794-2:2005 records: a typed error or a template the matcher accepts, never a crash',
    () => {
      const probe = new FingerprintMatcher(real());
      assertOnlyFormatErrors([templateToIso19794_2(small())], (bytes) => probe.match(templateFromIso19794_2(bytes)), Math.ceil(fuzzRuns / 2));
    },
    fuzzTimeoutMs,
  );
});
