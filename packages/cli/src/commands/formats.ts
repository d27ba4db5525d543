import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import {
  ansiNistImages,
  convertMinutiaeRecord,
  decodeCbeffXml,
  decodeFaceImageRecord,
  decodeFingerImageRecord,
  decodeLdsBiometricGroup,
  decodeMinutiaeRecord,
  detectIso19794RecordKind,
  detectMinutiaeFormat,
  encodeMinutiaeRecord,
  inspectWsq,
  isFormatError,
  parseAnsiNist,
  parseNistComment,
  readAnsiNistMinutiae,
  summarizeFaceImageRecord,
  summarizeFingerImageRecord,
  summarizeMinutiaeRecord,
  summarizeTransaction,
  type AnsiNistRecordSummary,
  type AnsiNistTransactionSummary,
  type CbeffBir,
  type MinutiaeStandard,
} from '@kura/formats';
import {
  decodeImage,
  encodeGreyImage,
  isImageDecodeError,
  sniffImageFormat,
  WSQ_DEFAULTS,
  type GreyEncodeFormat,
  type GreyImage,
  type ImageFormat,
} from '@kura/images';
import { CliError } from '../config.js';

/**
 * `kura formats inspect FILE` and `kura formats convert IN OUT`: the interchange files Kura meets
 * (ANSI/NIST-ITL transactions, WSQ, ISO/IEC 19794-2/-4/-5 and ANSI INCITS 378 records, CBEFF
 * containers, ordinary image files), recognised by their content, never by their name.
 */

// ---------------------------------------------------------------- tunables

/** Longest field value printed in the readable listing (the JSON keeps everything). */
const MAX_VALUE_CHARS = 70;
/** Resolutions accepted by --ppi. */
const PPI_RANGE = { min: 100, max: 4000 } as const;
/** Bit rates accepted by --bitrate (WSQ: 0.75 is the FBI's rate at 500 ppi, 2.25 near-lossless). */
const BITRATE_RANGE = { min: 0.1, max: 8 } as const;
/** Output extensions of `convert` for a single image, and what they write. */
const IMAGE_OUTPUTS: Readonly<Record<string, GreyEncodeFormat>> = { '.png': 'png', '.wsq': 'wsq', '.jp2': 'jp2' };
/** Each minutiae standard's counterpart in the other family, same generation. */
const COUNTERPART: Readonly<Record<MinutiaeStandard, MinutiaeStandard>> = {
  'iso-19794-2-2005': 'ansi-378-2004',
  'ansi-378-2004': 'iso-19794-2-2005',
  'iso-19794-2-2011': 'ansi-378-2009',
  'ansi-378-2009': 'iso-19794-2-2011',
};
/** --to names for minutiae conversion. */
const MINUTIAE_TARGETS: Readonly<Record<string, MinutiaeStandard>> = {
  'iso-2005': 'iso-19794-2-2005',
  'iso-2011': 'iso-19794-2-2011',
  'ansi-2004': 'ansi-378-2004',
  'ansi-2009': 'ansi-378-2009',
};

// ---------------------------------------------------------------- recognising a file

export type FileKind = 'ansi-nist' | 'wsq' | 'iso-minutiae' | 'iso-finger-image' | 'iso-face-image' | 'cbeff-xml' | 'cbeff-lds' | 'image';

const UTF8_BOM = [0xef, 0xbb, 0xbf];
/** ICAO LDS: DG2 (75), DG3 (63), DG4 (76) templates, or a bare biometric information group (7F61). */
const LDS_FIRST_BYTES = new Set([0x75, 0x63, 0x76]);

function startsLikeXml(bytes: Uint8Array): boolean {
  let i = UTF8_BOM.every((b, k) => bytes[k] === b) ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return bytes[i] === 0x3c; // '<'
}

/** What a file holds, from its first bytes. */
export function detectFileKind(bytes: Uint8Array): FileKind | undefined {
  const head = String.fromCharCode(...bytes.subarray(0, 8));
  if (/^1\.0*1:/.test(head)) return 'ansi-nist'; // every transaction starts with field 1.001 (LEN)
  const iso = detectIso19794RecordKind(bytes);
  if (iso === 'finger-minutiae') return 'iso-minutiae';
  if (iso === 'finger-image') return 'iso-finger-image';
  if (iso === 'face-image') return 'iso-face-image';
  const image = sniffImageFormat(bytes);
  if (image === 'wsq') return 'wsq';
  if (image) return 'image';
  if (startsLikeXml(bytes)) return 'cbeff-xml';
  if (LDS_FIRST_BYTES.has(bytes[0] ?? -1) || (bytes[0] === 0x7f && bytes[1] === 0x61)) return 'cbeff-lds';
  return undefined;
}

const KIND_NAMES: Readonly<Record<FileKind, string>> = {
  'ansi-nist': 'ANSI/NIST-ITL transaction',
  wsq: 'WSQ fingerprint image',
  'iso-minutiae': 'finger minutiae record',
  'iso-finger-image': 'ISO/IEC 19794-4 finger image record',
  'iso-face-image': 'ISO/IEC 19794-5 face image record',
  'cbeff-xml': 'CBEFF XML (ISO/IEC 19785-3)',
  'cbeff-lds': 'CBEFF ICAO LDS biometric group (BER-TLV)',
  image: 'image',
};

async function readInput(file: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : (error as Error).message}`);
  }
}

/** Runs a codec step, turning its typed error into a one-line message naming the file. */
async function forFile<T>(file: string, step: () => T | Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (isFormatError(error) || isImageDecodeError(error)) throw new CliError(`${file}: ${error.message}`);
    throw error;
  }
}

function unknownKind(file: string, bytes: Uint8Array): CliError {
  const head = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return new CliError(
    `${file}: not a recognised file (ANSI/NIST-ITL, WSQ, ISO 19794-2/-4/-5, ANSI 378, CBEFF XML or LDS, PNG/JPEG/TIFF/BMP/WebP/JPEG 2000); it starts with ${head || 'nothing'}`,
  );
}

// ---------------------------------------------------------------- inspect

interface BdbDescription {
  kind: FileKind | 'unknown';
  bytes: number;
  summary?: unknown;
}

/** A short description of bytes nested in a container (a CBEFF BDB): kind and summary, never an exception. */
async function describeNested(bytes: Uint8Array): Promise<BdbDescription> {
  const kind = detectFileKind(bytes);
  if (!kind || kind === 'cbeff-xml' || kind === 'cbeff-lds' || kind === 'ansi-nist') return { kind: kind ?? 'unknown', bytes: bytes.length };
  try {
    return { kind, bytes: bytes.length, summary: await summarize(kind, bytes) };
  } catch (error) {
    return { kind, bytes: bytes.length, summary: { error: error instanceof Error ? error.message : String(error) } };
  }
}

function ppiFromComment(comments: readonly string[]): number | undefined {
  for (const c of comments) {
    if (!c.startsWith('NIST_COM')) continue;
    const ppi = Number(parseNistComment(c).PPI);
    if (Number.isFinite(ppi) && ppi > 0) return ppi;
  }
  return undefined;
}

async function summarizeBir(bir: CbeffBir): Promise<Record<string, unknown>> {
  return {
    ...(bir.bdbInfo?.type ? { type: bir.bdbInfo.type } : {}),
    ...(bir.bdbInfo?.subtype ? { subtype: bir.bdbInfo.subtype } : {}),
    ...(bir.bdbInfo?.format ? { format: `${bir.bdbInfo.format.organization}/${bir.bdbInfo.format.type}` } : {}),
    ...(bir.bdbInfo?.level ? { level: bir.bdbInfo.level } : {}),
    ...(bir.bdbInfo?.quality?.score !== undefined ? { quality: bir.bdbInfo.quality.score } : {}),
    ...(bir.bdb ? { bdb: await describeNested(bir.bdb) } : {}),
    ...(bir.others.length > 0 ? { others: Object.fromEntries(bir.others.map((o) => [o.key, o.value])) } : {}),
    children: await Promise.all(bir.children.map(summarizeBir)),
  };
}

/** The JSON-able structure of a file of a known kind. */
async function summarize(kind: FileKind, bytes: Uint8Array): Promise<Record<string, unknown>> {
  switch (kind) {
    case 'ansi-nist':
      return { ...summarizeTransaction(parseAnsiNist(bytes)) };
    case 'wsq': {
      const w = inspectWsq(bytes);
      const pixels = w.frame.width * w.frame.height;
      return {
        format: 'WSQ',
        width: w.frame.width,
        height: w.frame.height,
        ppi: ppiFromComment(w.comments) ?? null,
        bytes: bytes.length,
        bitsPerPixel: Number(((bytes.length * 8) / pixels).toFixed(3)),
        encoderId: w.frame.encoderId,
        softwareId: w.frame.softwareId,
        comments: w.comments,
        segments: w.segments.map((s) => ({ name: s.name, offset: s.offset, length: s.length, ...(s.dataLength === undefined ? {} : { dataLength: s.dataLength }) })),
      };
    }
    case 'iso-minutiae': {
      const record = decodeMinutiaeRecord(bytes);
      return { ...summarizeMinutiaeRecord(record), minutiaeTotal: record.views.reduce((n, v) => n + v.minutiae.length, 0) };
    }
    case 'iso-finger-image':
      return { ...summarizeFingerImageRecord(decodeFingerImageRecord(bytes)) };
    case 'iso-face-image':
      return { ...summarizeFaceImageRecord(decodeFaceImageRecord(bytes)) };
    case 'cbeff-xml':
      return { format: 'CBEFF XML (ISO/IEC 19785-3)', bir: await summarizeBir(decodeCbeffXml(bytes)) };
    case 'cbeff-lds': {
      const group = decodeLdsBiometricGroup(bytes);
      return {
        format: 'ICAO LDS biometric information group',
        ...(group.dataGroup ? { dataGroup: group.dataGroup } : {}),
        instances: await Promise.all(
          group.instances.map(async (i) => ({
            biometricType: i.header.biometricType ?? null,
            biometricSubtype: i.header.biometricSubtype ?? null,
            formatOwner: i.header.formatOwner,
            formatType: i.header.formatType,
            ...(i.header.creationDateTime ? { created: i.header.creationDateTime } : {}),
            enciphered: i.bdbEnciphered,
            bdb: i.bdbEnciphered ? { kind: 'unknown', bytes: i.bdb.length } : await describeNested(i.bdb),
          })),
        ),
      };
    }
    case 'image': {
      const image = await decodeImage(bytes);
      return { format: image.format, width: image.width, height: image.height, ppi: image.ppi ?? null, bytes: bytes.length };
    }
  }
}

function clip(text: string): string {
  // Separators and other control characters would break the one-line-per-field listing.
  let flat = '';
  for (const ch of text) flat += ch.charCodeAt(0) < 0x20 ? ' ' : ch;
  return flat.length > MAX_VALUE_CHARS ? `${flat.slice(0, MAX_VALUE_CHARS - 1)}…` : flat;
}

function fieldValueText(value: AnsiNistRecordSummary['fields'][number]['value']): string {
  if (typeof value === 'string') return clip(value);
  if (Array.isArray(value)) return clip(value.map((items) => items.join('^')).join(' | ')) + (value.length > 1 ? ` (${value.length} subfields)` : '');
  return `<${value.bytes} bytes>`;
}

function ansiNistText(file: string, s: AnsiNistTransactionSummary): string[] {
  const lines = [`${file}: ANSI/NIST-ITL transaction, version ${s.version ?? '?'}, ${s.records.length} records, ${s.byteLength ?? '?'} bytes`];
  for (const r of s.records) {
    const parts = [`#${r.index} Type-${r.type} ${r.name}, IDC ${r.idc}, ${r.fields.length} fields`];
    if (r.image) {
      const ppi = r.image.horizontalPpi === null ? '' : `, ${r.image.horizontalPpi} ppi`;
      parts.push(`image ${r.image.width}×${r.image.height} ${r.image.compression}${ppi}, ${r.image.bytes} bytes`);
    }
    for (const m of r.minutiae ?? []) parts.push(`${m.found} minutiae (${m.format}${m.declared === null ? '' : `, ${m.declared} declared`})`);
    lines.push(`  ${parts.join('; ')}`);
    for (const f of r.fields) lines.push(`      ${f.tag.padEnd(8)} ${(f.mnemonic ?? '').padEnd(5)} ${fieldValueText(f.value)}`);
  }
  return lines;
}

/** Generic indented listing for the other kinds' plain-data summaries. */
function listing(value: unknown, indent: string): string[] {
  if (value === null || typeof value !== 'object') return [`${indent}${String(value)}`];
  const lines: string[] = [];
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [`[${i}]`, v]) : Object.entries(value);
  for (const [key, v] of entries) {
    if (Array.isArray(v) && v.length === 0) continue;
    if (v !== null && typeof v === 'object') {
      if (Array.isArray(v) && v.every((x) => typeof x !== 'object' || x === null)) {
        lines.push(`${indent}${key}: ${clip(v.join(', '))}`);
      } else if (!Array.isArray(v) && Object.values(v).every((x) => typeof x !== 'object' || x === null)) {
        // A flat object (a segment, a view's counts) reads best on one line.
        lines.push(`${indent}${key}: ${Object.entries(v).map(([k, x]) => `${k} ${String(x)}`).join(', ')}`);
      } else {
        lines.push(`${indent}${key}:`, ...listing(v, `${indent}  `));
      }
    } else {
      lines.push(`${indent}${key}: ${clip(String(v))}`);
    }
  }
  return lines;
}

export interface InspectOptions {
  json?: boolean;
}

export async function formatsInspectCommand(file: string, options: InspectOptions): Promise<void> {
  const bytes = await readInput(file);
  const kind = detectFileKind(bytes);
  if (!kind) throw unknownKind(file, bytes);
  const summary = await forFile(file, () => summarize(kind, bytes));
  if (options.json) {
    console.log(JSON.stringify({ file: basename(file), kind, ...summary }, null, 2));
    return;
  }
  if (kind === 'ansi-nist') {
    console.log(ansiNistText(file, summary as unknown as AnsiNistTransactionSummary).join('\n'));
    return;
  }
  console.log([`${file}: ${KIND_NAMES[kind]}`, ...listing(summary, '  ')].join('\n'));
}

// ---------------------------------------------------------------- convert

export interface ConvertOptions {
  bitrate?: string;
  ppi?: string;
  to?: string;
  json?: boolean;
}

function ppiOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ppi = Number(value);
  if (!Number.isFinite(ppi) || ppi < PPI_RANGE.min || ppi > PPI_RANGE.max) {
    throw new CliError(`invalid --ppi "${value}": give the scan resolution in pixels per inch (${PPI_RANGE.min}–${PPI_RANGE.max})`);
  }
  return ppi;
}

function bitrateOption(value: string | undefined): number {
  if (value === undefined) return WSQ_DEFAULTS.bitRate;
  const rate = Number(value);
  if (!Number.isFinite(rate) || rate < BITRATE_RANGE.min || rate > BITRATE_RANGE.max) {
    throw new CliError(`invalid --bitrate "${value}": give bits per pixel (${BITRATE_RANGE.min}–${BITRATE_RANGE.max}; 0.75 is the FBI's rate)`);
  }
  return rate;
}

interface ConvertReport {
  input: string;
  kind: FileKind;
  output: string;
  written: string[];
  /** What was done, when the output names do not say it (e.g. the minutiae standards). */
  detail?: string;
  warnings: string[];
}

async function convertImage(input: string, bytes: Uint8Array, output: string, options: ConvertOptions): Promise<Omit<ConvertReport, 'kind' | 'input'>> {
  const target = IMAGE_OUTPUTS[extname(output).toLowerCase()];
  if (!target) throw new CliError(`${output}: give the output a .png, .wsq or .jp2 name (the extension chooses the format)`);
  const decoded = await forFile(input, () => decodeImage(bytes));
  const ppi = ppiOption(options.ppi) ?? decoded.ppi;
  const image: GreyImage = { width: decoded.width, height: decoded.height, pixels: decoded.pixels, ...(ppi === undefined ? {} : { ppi }) };
  const encoded = await forFile(output, () => encodeGreyImage(image, target, { bitRate: bitrateOption(options.bitrate) }));
  await writeFile(output, encoded);
  const warnings = ppi === undefined ? [`${input} gives no resolution and --ppi was not set: ${output} records none`] : [];
  return { output, written: [output], warnings };
}

async function convertMinutiae(input: string, bytes: Uint8Array, output: string, options: ConvertOptions): Promise<Omit<ConvertReport, 'kind' | 'input'>> {
  const detected = detectMinutiaeFormat(bytes);
  const record = await forFile(input, () => decodeMinutiaeRecord(bytes));
  let target = COUNTERPART[record.standard];
  if (options.to !== undefined) {
    const chosen = MINUTIAE_TARGETS[options.to];
    if (!chosen) throw new CliError(`invalid --to "${options.to}": give one of ${Object.keys(MINUTIAE_TARGETS).join(', ')}`);
    target = chosen;
  }
  const converted = await forFile(input, () => convertMinutiaeRecord(record, target));
  const encoded = await forFile(output, () => encodeMinutiaeRecord(converted));
  await writeFile(output, encoded);
  const from = detected?.name ?? record.standard;
  return { output, written: [output], detail: `${from} → ${converted.standard}`, warnings: [...converted.warnings] };
}

const IMAGE_EXTENSIONS: Readonly<Record<ImageFormat, string>> = {
  png: '.png',
  jpeg: '.jpg',
  tiff: '.tif',
  bmp: '.bmp',
  webp: '.webp',
  jp2: '.jp2',
  wsq: '.wsq',
};
const RECORD_EXTENSIONS: Readonly<Partial<Record<FileKind, string>>> = {
  'iso-minutiae': '.fmr',
  'iso-finger-image': '.fir',
  'iso-face-image': '.fac',
  'cbeff-xml': '.xml',
  'ansi-nist': '.an2',
};

/** Extension for embedded bytes kept as they are, named after their content. */
function extensionFor(data: Uint8Array): string {
  const image = sniffImageFormat(data);
  if (image === 'jp2' && data[0] === 0xff) return '.j2k'; // a bare codestream, not a JP2 file
  if (image) return IMAGE_EXTENSIONS[image];
  const kind = detectFileKind(data);
  return (kind && RECORD_EXTENSIONS[kind]) ?? '.bin';
}

interface ExtractOptions {
  /** Resolution the container declares, used when the embedded image carries none. */
  ppi?: number | undefined;
  /** Uncompressed 8-bit rows of this size: written as PNG only (raw bytes have no file format). */
  rawGrey?: { width: number; height: number } | undefined;
}

/** Writes the items of a container into a folder, remembering which files came from which item. */
function folderWriter(folder: string) {
  const written: string[] = [];
  const warnings: string[] = [];
  const filesByItem = new Map<number, string[]>();
  const write = async (item: number, name: string, data: Uint8Array | string): Promise<void> => {
    await writeFile(join(folder, name), data);
    written.push(join(folder, name));
    filesByItem.set(item, [...(filesByItem.get(item) ?? []), name]);
  };
  /** Embedded bytes kept as they are, plus a PNG a person can open when they are an image in another format. */
  const extract = async (item: number, base: string, label: string, data: Uint8Array, options: ExtractOptions = {}): Promise<void> => {
    const raw = options.rawGrey;
    const kept = raw ? undefined : `${base}${extensionFor(data)}`;
    if (kept) await write(item, kept, data);
    const format = sniffImageFormat(data);
    if (!raw && (format === undefined || format === 'png')) return;
    try {
      const grey: GreyImage = raw ? { width: raw.width, height: raw.height, pixels: data } : await decodeImage(data);
      const withPpi = grey.ppi === undefined && options.ppi !== undefined ? { ...grey, ppi: options.ppi } : grey;
      await write(item, `${base}.png`, await encodeGreyImage(withPpi, 'png'));
    } catch (error) {
      if (!isImageDecodeError(error)) throw error;
      warnings.push(`${label}: ${kept ? `kept as ${kept}, ` : ''}no PNG: ${error.message}`);
    }
  };
  return { written, warnings, filesByItem, write, extract };
}

const twoDigits = (n: number): string => String(n).padStart(2, '0');

/** Each image record as files (kept bytes, plus a PNG where that is not already one), and Type-9 minutiae as JSON. */
async function convertTransaction(input: string, bytes: Uint8Array, folder: string): Promise<Omit<ConvertReport, 'kind' | 'input'>> {
  const transaction = await forFile(input, () => parseAnsiNist(bytes));
  const summary = summarizeTransaction(transaction);
  await mkdir(folder, { recursive: true });
  const out = folderWriter(folder);

  for (const image of ansiNistImages(transaction)) {
    const base = `${twoDigits(image.recordIndex)}-type${image.recordType}-idc${image.idc ?? 0}`;
    const rawGrey = image.compression === 'none' && image.data.length === image.width * image.height ? { width: image.width, height: image.height } : undefined;
    await out.extract(image.recordIndex, base, `record #${image.recordIndex} (Type-${image.recordType})`, image.data, { ppi: image.horizontalPpi, rawGrey });
  }
  for (const [index, record] of transaction.records.entries()) {
    if (record.kind !== 'tagged' || record.type !== 9) continue;
    try {
      const blocks = readAnsiNistMinutiae(record, transaction.source?.recordOffsets[index] ?? 0);
      await out.write(index, `${twoDigits(index)}-type9-minutiae.json`, `${JSON.stringify(blocks, null, 2)}\n`);
    } catch (error) {
      if (!isFormatError(error)) throw error;
      out.warnings.push(`record #${index} (Type-9): minutiae not readable: ${error.message}`);
    }
  }
  const records = summary.records.map((r) => ({ ...r, files: out.filesByItem.get(r.index) ?? [] }));
  const manifest = { source: basename(input), ...summary, records, warnings: out.warnings };
  await writeFile(join(folder, 'transaction.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  out.written.push(join(folder, 'transaction.json'));
  return { output: folder, written: out.written, warnings: out.warnings };
}

/** Every BDB of a CBEFF XML tree, depth first (document order). */
function birLeaves(bir: CbeffBir): CbeffBir[] {
  return [...(bir.bdb ? [bir] : []), ...bir.children.flatMap(birLeaves)];
}

/** ISO image records and CBEFF containers → their embedded images / BDBs as files, plus record.json. */
async function convertContainer(input: string, bytes: Uint8Array, folder: string, kind: FileKind): Promise<Omit<ConvertReport, 'kind' | 'input'>> {
  const items: { base: string; data: Uint8Array; options?: ExtractOptions }[] = await forFile(input, () => {
    switch (kind) {
      case 'iso-finger-image': {
        const record = decodeFingerImageRecord(bytes);
        // Scale units 1 = pixels per inch, 2 = pixels per centimetre.
        const ppi = record.scaleUnits === 1 ? record.imageResolutionX : record.scaleUnits === 2 ? Math.round(record.imageResolutionX * 2.54) : undefined;
        return record.views.map((v, i) => ({
          base: `${twoDigits(i)}-finger${v.fingerPosition}-view${v.viewNumber}`,
          data: v.imageData,
          options: {
            ppi,
            rawGrey: record.compression === 'uncompressed' && v.imageData.length === v.width * v.height ? { width: v.width, height: v.height } : undefined,
          },
        }));
      }
      case 'iso-face-image':
        return decodeFaceImageRecord(bytes).faces.map((f, i) => ({ base: `${twoDigits(i)}-face`, data: f.imageData }));
      case 'cbeff-xml':
        return birLeaves(decodeCbeffXml(bytes)).map((b, i) => ({ base: `${twoDigits(i)}-bdb`, data: b.bdb! }));
      case 'cbeff-lds':
        return decodeLdsBiometricGroup(bytes).instances.map((inst, i) => ({ base: `${twoDigits(i)}-bdb`, data: inst.bdb }));
      default:
        throw new CliError(`${input}: ${KIND_NAMES[kind]} is not a container`);
    }
  });
  await mkdir(folder, { recursive: true });
  const out = folderWriter(folder);
  for (const [i, item] of items.entries()) await out.extract(i, item.base, `item #${i}`, item.data, item.options);
  const summary = await forFile(input, () => summarize(kind, bytes));
  const files = items.map((_, i) => out.filesByItem.get(i) ?? []);
  await writeFile(join(folder, 'record.json'), `${JSON.stringify({ source: basename(input), kind, ...summary, files, warnings: out.warnings }, null, 2)}\n`);
  out.written.push(join(folder, 'record.json'));
  return { output: folder, written: out.written, warnings: out.warnings };
}

export async function formatsConvertCommand(input: string, output: string, options: ConvertOptions): Promise<void> {
  const bytes = await readInput(input);
  const kind = detectFileKind(bytes);
  if (!kind) throw unknownKind(input, bytes);
  let result: Omit<ConvertReport, 'kind' | 'input'>;
  switch (kind) {
    case 'wsq':
    case 'image':
      result = await convertImage(input, bytes, output, options);
      break;
    case 'iso-minutiae':
      result = await convertMinutiae(input, bytes, output, options);
      break;
    case 'ansi-nist':
      result = await convertTransaction(input, bytes, output);
      break;
    case 'iso-finger-image':
    case 'iso-face-image':
    case 'cbeff-xml':
    case 'cbeff-lds':
      result = await convertContainer(input, bytes, output, kind);
      break;
  }
  const report: ConvertReport = { input, kind, ...result };
  if (options.json) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  for (const w of report.warnings) console.error(`kura: ${w}`);
  const target = report.written.length === 1 ? report.written[0] : `${report.output}/ (${report.written.length} files)`;
  console.log(`${input} (${KIND_NAMES[kind]}) → ${target}${report.detail ? ` [${report.detail}]` : ''}`);
}
