import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CBEFF_XML_NAMESPACE,
  type CbeffBir,
  decodeCbeffXml,
  decodeLdsBiometricGroup,
  encodeCbeffXml,
  encodeCbeffXmlText,
  encodeLdsBiometricGroup,
  encodeBerTlv,
  FormatError,
  type LdsBiometricGroup,
  readBerTlv,
} from '@kura/formats';
import { sharedData, sharedDataMissingMessage } from '../../../test-support/shared-data.js';

const isoDir = sharedData('formats', 'iso19794-2');
const fvcDir = sharedData('fvc', 'fvc2002-db1b');
const dataMissing = !isoDir || !fvcDir;

/** Real ISO/IEC 19794-2 minutiae records, the BDBs these containers usually carry. */
function realTemplates(): { name: string; bytes: Uint8Array }[] {
  const files = readdirSync(fvcDir!)
    .filter((f) => f.endsWith('.iso'))
    .sort();
  return files.map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(fvcDir!, name))) }));
}

function isoSample(): Uint8Array {
  return new Uint8Array(readFileSync(join(isoDir!, 'iso19794p2v2005-sample.dat')));
}

function hex(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  return Uint8Array.from((clean.match(/../g) ?? []).map((b) => parseInt(b, 16)));
}

function cat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** BER length written out by hand (short form below 128, else 81 xx / 82 xx xx). */
function berLength(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  if (n < 0x100) return Uint8Array.of(0x81, n);
  return Uint8Array.of(0x82, n >> 8, n & 0xff);
}

/** Asserts a FormatError with this code that names a field and a plausible offset. */
function expectFormatError(fn: () => unknown, code: FormatError['code'], field?: string, offset?: number): FormatError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    const fe = e as FormatError;
    expect(fe.code).toBe(code);
    expect(fe.field.length).toBeGreaterThan(0);
    expect(Number.isInteger(fe.offset) && fe.offset >= 0).toBe(true);
    if (field !== undefined) expect(fe.field).toBe(field);
    if (offset !== undefined) expect(fe.offset).toBe(offset);
    return fe;
  }
  throw new Error(`expected a FormatError ${code}`);
}

describe('BER-TLV', () => {
  it('reads multi-byte tags with short and long definite lengths', () => {
    const long = cat(hex('5F2E 82 0100'), new Uint8Array(256));
    const e = readBerTlv(long, 0, long.length, 'test', 'bdb');
    expect(e).toMatchObject({ tag: 0x5f2e, constructed: false, valueOffset: 5, length: 256, end: 261 });
    const short = hex('7F61 03 020101');
    expect(readBerTlv(short, 0, short.length, 'test', 'g')).toMatchObject({ tag: 0x7f61, constructed: true, length: 3 });
    const oneByteLong = cat(hex('87 81 80'), new Uint8Array(128));
    expect(readBerTlv(oneByteLong, 0, oneByteLong.length, 'test', 'x').length).toBe(128);
  });

  it('writes the shortest length form', () => {
    expect([...encodeBerTlv(0x5f2e, new Uint8Array(127)).subarray(0, 3)]).toEqual([0x5f, 0x2e, 0x7f]);
    expect([...encodeBerTlv(0x5f2e, new Uint8Array(128)).subarray(0, 4)]).toEqual([0x5f, 0x2e, 0x81, 0x80]);
    expect([...encodeBerTlv(0x7f61, new Uint8Array(256)).subarray(0, 5)]).toEqual([0x7f, 0x61, 0x82, 0x01, 0x00]);
    expect([...encodeBerTlv(0x7f61, new Uint8Array(65536)).subarray(0, 6)]).toEqual([0x7f, 0x61, 0x83, 0x01, 0x00, 0x00]);
  });

  it('refuses indefinite lengths, lengths past the end and oversized length fields', () => {
    expectFormatError(() => readBerTlv(hex('7F61 80 0000'), 0, 5, 'test', 'g'), 'UNSUPPORTED', 'g', 2);
    expectFormatError(() => readBerTlv(hex('7F61 05 0201'), 0, 5, 'test', 'g'), 'BAD_LENGTH', 'g', 2);
    expectFormatError(() => readBerTlv(hex('5F2E 84 FFFFFFFF 00'), 0, 8, 'test', 'bdb'), 'BAD_LENGTH', 'bdb');
    expectFormatError(() => readBerTlv(hex('5F2E 85 0000000001 00'), 0, 9, 'test', 'bdb'), 'TOO_LARGE', 'bdb');
    expectFormatError(() => readBerTlv(hex('7F'), 0, 1, 'test', 'g'), 'TRUNCATED', 'g');
    expectFormatError(() => readBerTlv(hex('7F61 82 01'), 0, 4, 'test', 'g'), 'TRUNCATED', 'g');
  });
});

describe.skipIf(dataMissing)(dataMissing ? sharedDataMissingMessage : 'ICAO LDS group template (7F61) with real ISO 19794-2 BDBs', () => {
  it('decodes a DG3 assembled byte by byte from Doc 9303 part 10', () => {
    const bdb = isoSample();
    // Biometric header template: version 0101, type finger (08), subtype 0A, creation 2024-05-31 14:03:00,
    // validity 2024-01-01 to 2034-01-01, creator 000B, format owner 0101 (SC 37), format type 0002 (minutiae).
    const header = hex('80020101 810108 82010A 830720240531140300 85082024010120340101 8602000B 87020101 88020002');
    const a1 = cat(hex('A1'), berLength(header.length), header);
    const bdbTlv = cat(hex('5F2E'), berLength(bdb.length), bdb);
    const bit = cat(hex('7F60'), berLength(a1.length + bdbTlv.length), a1, bdbTlv);
    const groupBody = cat(hex('020101'), bit);
    const group = cat(hex('7F61'), berLength(groupBody.length), groupBody);
    const dg3 = cat(hex('63'), berLength(group.length), group);

    const decoded = decodeLdsBiometricGroup(dg3);
    expect(decoded.dataGroup).toBe('DG3');
    expect(decoded.instances).toHaveLength(1);
    const inst = decoded.instances[0]!;
    expect(inst.header).toEqual({
      icaoHeaderVersion: 0x0101,
      biometricType: 0x08,
      biometricSubtype: 0x0a,
      creationDateTime: '2024-05-31T14:03:00',
      validityPeriod: { from: '2024-01-01', to: '2034-01-01' },
      creator: 0x000b,
      formatOwner: 0x0101,
      formatType: 0x0002,
      otherTags: [],
    });
    expect(inst.bdbEnciphered).toBe(false);
    expect(inst.bdb).toEqual(bdb);
    expect(new TextDecoder().decode(inst.bdb.subarray(0, 3))).toBe('FMR');
    // Our encoder writes the same bytes back.
    expect(encodeLdsBiometricGroup(decoded)).toEqual(dg3);
  });

  it('round-trips all 80 FVC 2002 DB1_B templates in one group, bytes unchanged', () => {
    const templates = realTemplates();
    expect(templates.length).toBe(80);
    const group: LdsBiometricGroup = {
      dataGroup: 'DG3',
      instances: templates.map((t, i) => ({
        header: {
          icaoHeaderVersion: 0x0101,
          biometricType: 0x08,
          biometricSubtype: (i % 10) + 1,
          creationDateTime: '2002-03-04T05:06:07',
          formatOwner: 0x0101,
          formatType: 0x0002,
          otherTags: [],
        },
        bdb: t.bytes,
        bdbEnciphered: false,
        otherTags: [],
      })),
      otherTags: [],
    };
    const bytes = encodeLdsBiometricGroup(group);
    // The group is far larger than 127 bytes, so the outer 63 uses a long-form length.
    expect(bytes[0]).toBe(0x63);
    expect(bytes[1]! & 0x80).toBe(0x80);
    const back = decodeLdsBiometricGroup(bytes);
    expect(back).toEqual(group);
    for (const [i, inst] of back.instances.entries()) expect(inst.bdb).toEqual(templates[i]!.bytes);
    // And re-encoding is byte-identical.
    expect(encodeLdsBiometricGroup(back)).toEqual(bytes);
  });

  it('wraps and unwraps the DG2 (75) and DG4 (76) templates too', () => {
    for (const [dataGroup, tag] of [['DG2', 0x75], ['DG4', 0x76]] as const) {
      const group: LdsBiometricGroup = {
        dataGroup,
        instances: [{ header: { formatOwner: 0x0101, formatType: dataGroup === 'DG2' ? 0x0008 : 0x0009, otherTags: [] }, bdb: isoSample(), bdbEnciphered: false, otherTags: [] }],
        otherTags: [],
      };
      const bytes = encodeLdsBiometricGroup(group);
      expect(bytes[0]).toBe(tag);
      expect(decodeLdsBiometricGroup(bytes)).toEqual(group);
    }
  });

  it('keeps unknown tags at every level and carries an enciphered 7F2E block', () => {
    const group: LdsBiometricGroup = {
      instances: [
        {
          header: { formatOwner: 0x0101, formatType: 0x0008, otherTags: [{ tag: 0x90, value: hex('CAFE') }] },
          bdb: isoSample(),
          bdbEnciphered: true,
          otherTags: [{ tag: 0x5f3f, value: hex('01') }],
        },
      ],
      otherTags: [{ tag: 0x53, value: hex('DEADBEEF') }],
    };
    const bytes = encodeLdsBiometricGroup(group);
    expect(bytes[0]).toBe(0x7f);
    expect(decodeLdsBiometricGroup(bytes)).toEqual(group);
  });

});

describe('ICAO LDS group template: bad input', () => {
  it('refuses bad templates with typed errors naming field and offset', () => {
    const header = hex('87020101 88020002');
    const bit = (h: Uint8Array, body = hex('5F2E 02 ABCD')) => {
      const a1 = cat(hex('A1'), berLength(h.length), h);
      return cat(hex('7F60'), berLength(a1.length + body.length), a1, body);
    };
    const groupOf = (count: string, ...bits: Uint8Array[]) => {
      const body = cat(hex(count), ...bits);
      return cat(hex('7F61'), berLength(body.length), body);
    };
    expect(decodeLdsBiometricGroup(groupOf('020101', bit(header))).instances).toHaveLength(1);
    // A count that lies.
    expectFormatError(() => decodeLdsBiometricGroup(groupOf('020102', bit(header))), 'BAD_COUNT', 'instanceCount', 5);
    // Missing count, missing format owner, missing BDB.
    expectFormatError(() => decodeLdsBiometricGroup(groupOf('', bit(header))), 'BAD_VALUE', 'instanceCount');
    expectFormatError(() => decodeLdsBiometricGroup(groupOf('020101', bit(hex('88020002')))), 'BAD_VALUE', 'formatOwner');
    expectFormatError(() => decodeLdsBiometricGroup(groupOf('020101', bit(header, hex('9001 00')))), 'BAD_VALUE', 'biometricDataBlock');
    // Not BCD in the creation date, wrong validity length.
    expectFormatError(() => decodeLdsBiometricGroup(groupOf('020101', bit(cat(header, hex('8307 2024AA31140300'))))), 'BAD_VALUE', 'creationDateTime');
    expectFormatError(() => decodeLdsBiometricGroup(groupOf('020101', bit(cat(header, hex('8504 20240101'))))), 'BAD_LENGTH', 'validityPeriod');
    // Wrong outer tag, trailing bytes, truncation, a huge declared BDB.
    expectFormatError(() => decodeLdsBiometricGroup(hex('7F62 03 020100')), 'BAD_MAGIC', 'biometricInformationGroup', 0);
    expectFormatError(() => decodeLdsBiometricGroup(cat(groupOf('020100'), hex('00'))), 'BAD_LENGTH', 'template', 6);
    const good = groupOf('020101', bit(header));
    for (let cut = 0; cut < good.length; cut++) {
      expect(() => decodeLdsBiometricGroup(good.subarray(0, cut))).toThrow(FormatError);
    }
    expectFormatError(() => decodeLdsBiometricGroup(groupOf('020101', bit(header, hex('5F2E 84 7FFFFFFF')))), 'BAD_LENGTH', 'biometricInformation');
  });
});

/** A MOSIP CBEFF file in the shape of MOSIP's documentation sample, with real templates as BDBs. */
function mosipSample(bdbs: Uint8Array[]): string {
  const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
  const leaf = (type: string, subtype: string | null, bdb: Uint8Array, score: number) => `
   <BIR>
      <Version><Major>1</Major><Minor>1</Minor></Version>
      <CBEFFVersion><Major>1</Major><Minor>1</Minor></CBEFFVersion>
      <BIRInfo><Integrity>false</Integrity></BIRInfo>
      <BDBInfo>
         <Format><Organization>Mosip</Organization><Type>257</Type></Format>
         <CreationDate>2019-06-27T13:40:06.209Z</CreationDate>
         <Type>${type}</Type>${subtype ? `\n         <Subtype>${subtype}</Subtype>` : ''}
         <Level>Raw</Level>
         <Purpose>Enroll</Purpose>
         <Quality>
            <Algorithm><Organization>HMAC</Organization><Type>SHA-256</Type></Algorithm>
            <Score>${score}</Score>
         </Quality>
      </BDBInfo>
      <BDB>${b64(bdb)}</BDB>
      <others><entry key="EXCEPTION">false</entry><entry key="RETRIES">1</entry></others>
   </BIR>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<BIR xmlns="${CBEFF_XML_NAMESPACE}">
   <BIRInfo>
      <Integrity>false</Integrity>
   </BIRInfo>
   <!-- right index finger -->${leaf('Finger', 'Right IndexFinger', bdbs[0]!, 80)}
   <!-- left thumb -->${leaf('Finger', 'Left Thumb', bdbs[1]!, 61)}
   <!-- face -->${leaf('Face', null, bdbs[2]!, 100)}
</BIR>
`;
}

describe.skipIf(dataMissing)(dataMissing ? sharedDataMissingMessage : 'ISO/IEC 19785-3 XML (MOSIP CBEFF) with real BDBs', () => {
  it('decodes a MOSIP-shaped file: types, subtypes, quality, others and the BDB bytes', () => {
    const t = realTemplates();
    const bdbs = [t[0]!.bytes, t[1]!.bytes, isoSample()];
    const bir = decodeCbeffXml(new TextEncoder().encode(mosipSample(bdbs)));
    expect(bir.birInfo).toEqual({ integrity: false });
    expect(bir.children).toHaveLength(3);
    const [rightIndex, leftThumb, face] = bir.children as [CbeffBir, CbeffBir, CbeffBir];
    expect(rightIndex.version).toEqual({ major: 1, minor: 1 });
    expect(rightIndex.cbeffVersion).toEqual({ major: 1, minor: 1 });
    expect(rightIndex.bdbInfo).toEqual({
      format: { organization: 'Mosip', type: '257' },
      creationDate: '2019-06-27T13:40:06.209Z',
      type: ['Finger'],
      subtype: ['Right', 'IndexFinger'],
      level: 'Raw',
      purpose: 'Enroll',
      quality: { algorithm: { organization: 'HMAC', type: 'SHA-256' }, score: 80 },
    });
    expect(leftThumb.bdbInfo?.subtype).toEqual(['Left', 'Thumb']);
    expect(leftThumb.bdbInfo?.quality?.score).toBe(61);
    expect(face.bdbInfo?.type).toEqual(['Face']);
    expect(face.bdbInfo?.subtype).toBeUndefined();
    expect(rightIndex.bdb).toEqual(bdbs[0]);
    expect(leftThumb.bdb).toEqual(bdbs[1]);
    expect(face.bdb).toEqual(bdbs[2]);
    expect(rightIndex.others).toEqual([
      { key: 'EXCEPTION', value: 'false' },
      { key: 'RETRIES', value: '1' },
    ]);
  });

  it('encodes in schema order and decodes back to the same structure, for every FVC template', () => {
    const t = realTemplates();
    const subtypes = ['Thumb', 'IndexFinger', 'MiddleFinger', 'RingFinger', 'LittleFinger'] as const;
    const root: CbeffBir = {
      birInfo: { integrity: false, creator: 'Kura <test> & co', creationDate: '2026-01-02T03:04:05Z' },
      children: t.map((x, i) => ({
        version: { major: 1, minor: 1 },
        cbeffVersion: { major: 1, minor: 1 },
        birInfo: { integrity: false },
        bdbInfo: {
          index: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
          format: { organization: '257', type: '2' },
          creationDate: '2002-03-04T05:06:07.000Z',
          type: ['Finger'],
          subtype: [i % 2 ? 'Left' : 'Right', subtypes[i % 5]!],
          level: 'Processed',
          purpose: 'Identify',
          quality: { algorithm: { organization: 'NIST', type: 'NFIQ' }, score: i % 101 },
        },
        children: [],
        bdb: x.bytes,
        others: [{ key: 'SOURCE', value: x.name }],
      })),
      others: [],
    };
    const text = encodeCbeffXmlText(root);
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<BIR xmlns="http://standards.iso.org/iso-iec/19785/-3/ed-2/">')).toBe(true);
    // Schema sequence order inside a leaf BIR and inside BDBInfo.
    const leaf = text.slice(text.indexOf('<BIR>', 10), text.indexOf('</BIR>'));
    const order = ['<Version>', '<CBEFFVersion>', '<BIRInfo>', '<BDBInfo>', '<BDB>', '<others>'].map((tag) => leaf.indexOf(tag));
    expect(order.every((p, i) => p > 0 && (i === 0 || p > order[i - 1]!))).toBe(true);
    const info = ['<Index>', '<Format>', '<CreationDate>', '<Type>Finger', '<Subtype>', '<Level>', '<Purpose>', '<Quality>'].map((tag) => leaf.indexOf(tag));
    expect(info.every((p, i) => p > 0 && (i === 0 || p > info[i - 1]!))).toBe(true);
    expect(decodeCbeffXml(text)).toEqual(root);
    expect(decodeCbeffXml(encodeCbeffXml(root))).toEqual(root);
  });

});

describe('ISO/IEC 19785-3 XML without shared data', () => {
  it('accepts a namespace prefix, URL-safe base64 and QualityCalculationFailed', () => {
    const xml = `<c:BIR xmlns:c="${CBEFF_XML_NAMESPACE}"><c:BIRInfo><c:Integrity>true</c:Integrity></c:BIRInfo>
      <c:BDBInfo><c:Quality><c:Algorithm><c:Organization>X</c:Organization><c:Type>Y</c:Type></c:Algorithm>
      <c:QualityCalculationFailed>sensor</c:QualityCalculationFailed></c:Quality></c:BDBInfo><c:BDB>-_8</c:BDB></c:BIR>`;
    const bir = decodeCbeffXml(xml);
    expect(bir.birInfo.integrity).toBe(true);
    expect(bir.bdbInfo?.quality).toEqual({ algorithm: { organization: 'X', type: 'Y' }, qualityCalculationFailed: 'sensor' });
    expect([...bir.bdb!]).toEqual([0xfb, 0xff]);
  });

  it('refuses bad documents with typed errors naming field and byte offset', () => {
    const ns = CBEFF_XML_NAMESPACE;
    const ok = (inner: string) => `<BIR xmlns="${ns}"><BIRInfo><Integrity>false</Integrity></BIRInfo>${inner}</BIR>`;
    expect(decodeCbeffXml(ok('<BDB>AAEC</BDB>')).bdb).toEqual(Uint8Array.of(0, 1, 2));
    // Malformed XML: the offset points into the line of the fault.
    const malformed = `<BIR xmlns="${ns}">\n<BIRInfo><Integrity>false</Integrity></BIRInfo>\n<BDB>AAEC</BDBX>\n</BIR>`;
    const e = expectFormatError(() => decodeCbeffXml(malformed), 'BAD_VALUE', 'xml');
    expect(e.offset).toBeGreaterThan(malformed.indexOf('<BDB>'));
    // Bad base64, in both ways it goes wrong; the offset is the enclosing BIR element's.
    expectFormatError(() => decodeCbeffXml(ok('<BDB>AA*C</BDB>')), 'BAD_VALUE', 'BDB', 0);
    expectFormatError(() => decodeCbeffXml(ok('<BDB>AAE</BDB>')), 'BAD_VALUE', 'BDB', 0);
    // Wrong namespace, wrong root, DTD, bad UTF-8 (offset of the bad byte).
    expectFormatError(() => decodeCbeffXml(`<BIR xmlns="urn:other"><BIRInfo><Integrity>false</Integrity></BIRInfo></BIR>`), 'BAD_MAGIC', 'BIR');
    expectFormatError(() => decodeCbeffXml(`<Record xmlns="${ns}"/>`), 'BAD_MAGIC', 'BIR');
    const dtd = `<?xml version="1.0"?><!DOCTYPE BIR [<!ENTITY a "aaaa">]>${ok('')}`;
    expectFormatError(() => decodeCbeffXml(dtd), 'UNSUPPORTED', 'DOCTYPE', dtd.indexOf('<!DOCTYPE'));
    const bytes = new TextEncoder().encode(ok('<BDB>AAEC</BDB>'));
    const bad = Uint8Array.from(bytes);
    bad[40] = 0xc3;
    bad[41] = 0x28;
    expectFormatError(() => decodeCbeffXml(bad), 'BAD_VALUE', 'encoding', 40);
    // Schema violations.
    expectFormatError(() => decodeCbeffXml(`<BIR xmlns="${ns}"><BDB>AAEC</BDB></BIR>`), 'BAD_VALUE', 'BIRInfo');
    expectFormatError(() => decodeCbeffXml(ok('<BDB>AAEC</BDB><BDB>AAEC</BDB>')), 'BAD_VALUE', 'BDB');
    expectFormatError(() => decodeCbeffXml(ok('<BDBInfo><Type>Tail</Type></BDBInfo>')), 'BAD_VALUE', 'Type');
    const quality = (score: string) =>
      ok(`<BDBInfo><Quality><Algorithm><Organization>a</Organization><Type>b</Type></Algorithm><Score>${score}</Score></Quality></BDBInfo>`);
    expect(decodeCbeffXml(quality('100')).bdbInfo?.quality?.score).toBe(100);
    expectFormatError(() => decodeCbeffXml(quality('101')), 'BAD_VALUE', 'Score');
    expectFormatError(() => decodeCbeffXml(quality('-1')), 'BAD_VALUE', 'Score');
    expectFormatError(() => decodeCbeffXml(ok('<Version><Major>x</Major><Minor>1</Minor></Version>')), 'BAD_VALUE', 'Major');
    expectFormatError(() => decodeCbeffXml(ok('<BDBInfo><CreationDate>yesterday</CreationDate></BDBInfo>')), 'BAD_VALUE', 'CreationDate');
    // Nesting beyond any real file.
    const deep = `<BIR xmlns="${ns}">${'<BIR><BIRInfo><Integrity>false</Integrity></BIRInfo>'.repeat(12)}${'</BIR>'.repeat(12)}<BIRInfo><Integrity>false</Integrity></BIRInfo></BIR>`;
    expectFormatError(() => decodeCbeffXml(deep), 'TOO_LARGE', 'BIR');
    // Element nesting far beyond the schema is cut off by the parser's limit.
    const nested = `<BIR xmlns="${ns}">${'<BIR>'.repeat(10_000)}${'</BIR>'.repeat(10_000)}</BIR>`;
    expectFormatError(() => decodeCbeffXml(nested), 'TOO_LARGE', 'xml');
    // Garbage.
    expectFormatError(() => decodeCbeffXml('not xml at all'), 'BAD_VALUE');
    expectFormatError(() => decodeCbeffXml(new Uint8Array(0)), 'BAD_VALUE');
  });
});
