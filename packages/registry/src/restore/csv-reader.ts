import { createReadStream } from 'node:fs';

/**
 * Reads an RFC 4180 CSV file (as the export writes it: UTF-8, CRLF, quoted fields may hold commas,
 * quotes, CR and LF) one record at a time, streaming: memory stays flat whatever the file's size.
 * A record is its list of field texts; the caller gives empty fields their meaning.
 */
export async function* csvRecords(path: string): AsyncGenerator<string[]> {
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  /** Inside quotes, a quote was just seen: either the closing quote or the first of a doubled one. */
  let quoteSeen = false;
  let afterCr = false;
  let any = false;
  for await (const chunk of createReadStream(path, { encoding: 'utf8' }) as AsyncIterable<string>) {
    const done: string[][] = [];
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (quoted) {
        if (quoteSeen) {
          quoteSeen = false;
          if (c === '"') {
            field += '"';
            continue;
          }
          quoted = false; // the closing quote: c is read below as outside quotes
        } else if (c === '"') {
          quoteSeen = true;
          continue;
        } else {
          field += c;
          continue;
        }
      }
      if (afterCr) {
        afterCr = false;
        if (c === '\n') continue;
      }
      if (c === ',') {
        fields.push(field);
        field = '';
        any = true;
      } else if (c === '\r' || c === '\n') {
        fields.push(field);
        done.push(fields);
        fields = [];
        field = '';
        any = false;
        afterCr = c === '\r';
      } else if (c === '"' && field === '') {
        quoted = true;
        any = true;
      } else {
        field += c;
        any = true;
      }
    }
    yield* done;
  }
  if (quoted && !quoteSeen) throw new Error(`${path}: the file ends inside a quoted field`);
  if (any || field !== '') {
    fields.push(field);
    yield fields;
  }
}
