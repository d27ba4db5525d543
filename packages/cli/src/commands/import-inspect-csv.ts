import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { ValueProfile, type ValueProfileSummary } from './import-inspect-profile.js';

/**
 * Streaming look at a CSV export: its encoding (UTF-8 or Latin-1), its delimiter, and per
 * column the fill rate and a few sample values. Two passes over the file, one line in memory.
 */

export const CSV_INSPECTION = { delimiters: [';', ',', '\t', '|'], irregularLinesListed: 3 } as const;

export interface ColumnSummary extends ValueProfileSummary {
  name: string;
}

export interface CsvSummary {
  file: string;
  encoding: 'utf-8' | 'utf-8-bom' | 'latin1';
  delimiter: string;
  rows: number;
  columns: ColumnSummary[];
  /** Rows whose cell count differs from the header's (first line numbers kept). */
  irregularRows: number;
  irregularLines: number[];
}

/** UTF-8 when the whole file decodes strictly as UTF-8 (BOM noted), else Latin-1. */
async function detectEncoding(path: string): Promise<CsvSummary['encoding']> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let first = true;
  let bom = false;
  try {
    for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
      if (first) bom = chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf;
      first = false;
      decoder.decode(chunk, { stream: true });
    }
    decoder.decode();
  } catch {
    return 'latin1';
  }
  return bom ? 'utf-8-bom' : 'utf-8';
}

/** The candidate delimiter found most often in the header outside quotes. */
export function detectDelimiter(header: string): string {
  let best: string = CSV_INSPECTION.delimiters[0];
  let bestCount = 0;
  for (const d of CSV_INSPECTION.delimiters) {
    const count = splitCsvLine(header, d).cells.length - 1;
    if (count > bestCount) [best, bestCount] = [d, count];
  }
  return best;
}

/**
 * Splits one line into cells (RFC 4180 quoting). `open` is true when the line ends inside a
 * quoted cell: the caller joins the next line to it.
 */
export function splitCsvLine(line: string, delimiter: string): { cells: string[]; open: boolean } {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === delimiter) {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return { cells, open: quoted };
}

export async function inspectCsv(path: string, file: string): Promise<CsvSummary> {
  const encoding = await detectEncoding(path);
  const lines = createInterface({ input: createReadStream(path, { encoding: encoding === 'latin1' ? 'latin1' : 'utf8' }), crlfDelay: Infinity });
  let delimiter = ';';
  let columns: { name: string; profile: ValueProfile }[] | undefined;
  let rows = 0;
  let lineNumber = 0;
  let pending = '';
  let irregularRows = 0;
  const irregularLines: number[] = [];
  for await (const raw of lines) {
    lineNumber++;
    let line = pending === '' ? raw : `${pending}\n${raw}`;
    if (columns === undefined && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (columns === undefined) delimiter = detectDelimiter(line);
    const { cells, open } = splitCsvLine(line, delimiter);
    if (open) {
      pending = line;
      continue;
    }
    pending = '';
    if (columns === undefined) {
      columns = cells.map((name) => ({ name: name.trim(), profile: new ValueProfile() }));
      continue;
    }
    if (line.trim() === '') continue;
    rows++;
    if (cells.length !== columns.length) {
      irregularRows++;
      if (irregularLines.length < CSV_INSPECTION.irregularLinesListed) irregularLines.push(lineNumber);
    }
    columns.forEach((column, i) => column.profile.add(cells[i] ?? ''));
  }
  const summaries = (columns ?? []).map((c) => ({ name: c.name, ...c.profile.summary(rows) }));
  return { file, encoding, delimiter, rows, columns: summaries, irregularRows, irregularLines };
}
