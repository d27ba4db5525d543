import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CBEFF_XML_NAMESPACE,
  isFormatError,
  type CbeffBir,
  decodeCbeffXml,
  decodeLdsBiometricGroup,
  encodeCbeffXml,
  encodeLdsBiometricGroup,
  type LdsBiometricGroup,
} from '@kura/formats';
import { assertOnlyFormatErrors, fuzzRuns, fuzzTimeoutMs } from '../../../test-support/fuzz.js';
import { sharedData } from '../../../test-support/shared-data.js';

/**
 * Both CBEFF decoders fed mutated seeds and garbage: every outcome is a value or a FormatError.
 * Seeds are small (a real template's first bytes as BDB) so each run stays cheap.
 */

const isoSample = sharedData('formats', 'iso19794-2', 'iso19794p2v2005-sample.dat');
// A real record head when the shared data is there; the decoders treat BDBs as opaque either way.
const bdb = isoSample ? new Uint8Array(readFileSync(isoSample)).subarray(0, 40) : new TextEncoder().encode('FMR\0 20\0 fallback bdb bytes');

function ldsSeeds(): Uint8Array[] {
  const one: LdsBiometricGroup = {
    instances: [
      {
        header: {
          icaoHeaderVersion: 0x0101,
          biometricType: 0x08,
          biometricSubtype: 0x0a,
          creationDateTime: '2024-05-31T14:03:00',
          validityPeriod: { from: '2024-01-01', to: '2034-01-01' },
          creator: 11,
          formatOwner: 0x0101,
          formatType: 0x0002,
          otherTags: [{ tag: 0x90, value: Uint8Array.of(1) }],
        },
        bdb,
        bdbEnciphered: false,
        otherTags: [],
      },
    ],
    otherTags: [],
  };
  const two: LdsBiometricGroup = {
    dataGroup: 'DG3',
    instances: [one.instances[0]!, { ...one.instances[0]!, bdb: bdb.subarray(0, 12), bdbEnciphered: true }],
    otherTags: [{ tag: 0x53, value: Uint8Array.of(7, 7) }],
  };
  return [encodeLdsBiometricGroup(one), encodeLdsBiometricGroup(two)];
}

function xmlSeeds(): Uint8Array[] {
  const leaf: CbeffBir = {
    version: { major: 1, minor: 1 },
    birInfo: { integrity: false },
    bdbInfo: {
      format: { organization: 'Mosip', type: '257' },
      creationDate: '2019-06-27T13:40:06.209Z',
      type: ['Finger'],
      subtype: ['Left', 'IndexFinger'],
      level: 'Raw',
      purpose: 'Enroll',
      quality: { algorithm: { organization: 'HMAC', type: 'SHA-256' }, score: 80 },
    },
    children: [],
    bdb: bdb.subarray(0, 24),
    others: [{ key: 'EXCEPTION', value: 'false' }],
  };
  const root: CbeffBir = { birInfo: { integrity: false }, children: [leaf], others: [] };
  const prefixed = `<c:BIR xmlns:c="${CBEFF_XML_NAMESPACE}"><c:BIRInfo><c:Integrity>true</c:Integrity></c:BIRInfo><c:BDB>AAEC</c:BDB></c:BIR>`;
  return [encodeCbeffXml(root), new TextEncoder().encode(prefixed)];
}

/** Pieces of XML syntax and CBEFF vocabulary, so text-level mutations stay XML-like and reach the schema checks. */
const XML_TOKENS = [
  '<BIR>', '</BIR>', '<BDB>', '</BDB>', '<BDBInfo>', '</BDBInfo>', '<BIRInfo>', '</BIRInfo>', '<Integrity>true</Integrity>',
  '<Score>', '</Score>', '101', '-1', '99999999999', '<Type>Finger Face</Type>', '<Subtype>Left Wrist</Subtype>',
  '<others><entry key="k">v</entry></others>', '<entry>', '&amp;', '&lt;', '&#x41;', '&#0;', '&bogus;', '<!DOCTYPE x>',
  '<![CDATA[AAEC]]>', '<?pi x?>', '<!-- c -->', 'xmlns="urn:x"', 'xmlns:c="urn:y"', '<c:BIR>', '="', "'", '<', '>', '/>', '=',
  '====', 'AAEC', '_-', '\u00e9', '\uffff', ' ', '\n',
];

/** Text-level mutations of an XML seed: replaced, deleted, duplicated and inserted pieces. */
function mutatedXmlText(seed: string): fc.Arbitrary<string> {
  const n = seed.length;
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('token' as const), at: fc.nat(n), token: fc.constantFrom(...XML_TOKENS) }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(n), span: fc.integer({ min: 1, max: 40 }) }),
    fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(n), from: fc.nat(n), span: fc.integer({ min: 1, max: 120 }) }),
    fc.record({ kind: fc.constant('char' as const), at: fc.nat(n), ch: fc.constantFrom(...'<>/="\'&;:#xX0129aAzZ+-_ \n\t') }),
  );
  return fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) => {
    let t = seed;
    for (const e of edits) {
      const at = Math.min(e.at, t.length);
      if (e.kind === 'token') t = t.slice(0, at) + e.token + t.slice(at);
      else if (e.kind === 'delete') t = t.slice(0, at) + t.slice(at + e.span);
      else if (e.kind === 'duplicate') t = t.slice(0, at) + t.slice(e.from, e.from + e.span) + t.slice(at);
      else t = t.slice(0, at) + e.ch + t.slice(at + 1);
    }
    return t;
  });
}

describe('CBEFF decoders under fuzzing', () => {
  it(
    `ICAO LDS 7F61: ${fuzzRuns} mutated inputs give values or FormatErrors only`,
    () => {
      const seeds = ldsSeeds();
      for (const s of seeds) expect(decodeLdsBiometricGroup(s).instances.length).toBeGreaterThan(0);
      assertOnlyFormatErrors(seeds, (bytes) => decodeLdsBiometricGroup(bytes));
    },
    fuzzTimeoutMs,
  );

  it(
    `ISO/IEC 19785-3 XML: ${fuzzRuns} mutated inputs give values or FormatErrors only`,
    () => {
      const seeds = xmlSeeds();
      for (const s of seeds) expect(decodeCbeffXml(s).birInfo).toBeDefined();
      assertOnlyFormatErrors(seeds, (bytes) => decodeCbeffXml(bytes));
    },
    fuzzTimeoutMs,
  );

  it(
    `ISO/IEC 19785-3 XML: ${fuzzRuns} text-level mutations reach the schema checks and give values or FormatErrors only`,
    () => {
      const seeds = xmlSeeds().map((b) => new TextDecoder().decode(b));
      const outcomes = new Map<string, number>();
      fc.assert(
        fc.property(fc.constantFrom(...seeds).chain(mutatedXmlText), (text) => {
          let outcome = 'value';
          try {
            decodeCbeffXml(text);
          } catch (e) {
            if (!isFormatError(e)) throw e;
            if (!Number.isInteger(e.offset) || e.offset < 0 || !e.field) throw new Error(`FormatError without offset/field: ${e.message}`);
            outcome = e.field === 'xml' ? 'malformed' : 'schema';
          }
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        }),
        { numRuns: fuzzRuns },
      );
      console.info(`CBEFF XML text fuzz outcomes: ${JSON.stringify(Object.fromEntries(outcomes))}`);
      // The mutations must exercise more than the XML well-formedness check.
      expect(outcomes.get('schema') ?? 0).toBeGreaterThan(fuzzRuns / 50);
      expect(outcomes.get('value') ?? 0).toBeGreaterThan(fuzzRuns / 50);
    },
    fuzzTimeoutMs,
  );

  it('a declared size far beyond the input is refused before any allocation', () => {
    // 7F61 claiming 2^32-1 bytes: must fail on the length check, not try to build a 4 GiB value.
    const hostile = Uint8Array.of(0x7f, 0x61, 0x84, 0xff, 0xff, 0xff, 0xff, 0x02, 0x01, 0x01);
    const before = process.memoryUsage().arrayBuffers;
    expect(() => decodeLdsBiometricGroup(hostile)).toThrow(/declares 4294967295 byte/);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1 << 20);
  });
});
