import type { ByteReader } from './byte-reader.js';
import type { ByteWriter } from './byte-writer.js';
import { MARKER, MAX_CODE_LENGTH } from './constants.js';
import type { WsqHuffmanTable } from './types.js';
import { wsqError } from './wsq-error.js';

/** Parse a DHT segment body (one or more tables); `r` stands just after the marker. */
export function readHuffmanTables(r: ByteReader): WsqHuffmanTable[] {
  const at = r.pos;
  const length = r.u16('DHT.length');
  if (length < 2 + 1 + MAX_CODE_LENGTH) throw wsqError('BAD_LENGTH', at, 'DHT.length', `DHT length ${length} too short`);
  r.need(length - 2, 'DHT');
  const end = at + length;
  const tables: WsqHuffmanTable[] = [];
  while (r.pos < end) {
    const tableAt = r.pos;
    if (end - r.pos < 1 + MAX_CODE_LENGTH) throw wsqError('BAD_LENGTH', tableAt, 'DHT.length', 'DHT ends inside a table header');
    const id = r.u8('DHT.tableId');
    const counts = Uint8Array.from(r.take(MAX_CODE_LENGTH, 'DHT.counts'));
    let total = 0;
    for (const c of counts) total += c;
    if (total === 0 || total > 256) throw wsqError('BAD_COUNT', tableAt + 1, 'DHT.counts', `table ${id} declares ${total} codes`);
    checkCodeSpace(counts, tableAt + 1);
    if (end - r.pos < total) throw wsqError('BAD_LENGTH', r.pos, 'DHT.symbols', `table ${id} symbols run past the segment end`);
    const symbols = Uint8Array.from(r.take(total, 'DHT.symbols'));
    tables.push({ id, counts, symbols });
  }
  return tables;
}

/** Canonical codes must fit: at each length, no more codes than the remaining code space. */
function checkCodeSpace(counts: Uint8Array, offset: number): void {
  let code = 0;
  for (let len = 1; len <= MAX_CODE_LENGTH; len++) {
    code += counts[len - 1]!;
    if (code > 1 << len) throw wsqError('BAD_VALUE', offset, 'DHT.counts', `more codes of length ${len} than fit`);
    code <<= 1;
  }
}

export function writeHuffmanTables(w: ByteWriter, tables: readonly WsqHuffmanTable[]): void {
  w.u16(MARKER.DHT);
  let length = 2;
  for (const t of tables) length += 1 + MAX_CODE_LENGTH + t.symbols.length;
  w.u16(length);
  for (const t of tables) {
    w.u8(t.id);
    w.bytes(t.counts);
    w.bytes(t.symbols);
  }
}

/** Canonical code assignment (shortest codes first, consecutive values within a length). */
export interface CanonicalCodes {
  /** Indexed by symbol: code bits and length (0 = symbol absent). */
  code: Uint32Array;
  length: Uint8Array;
}

export function canonicalCodes(table: WsqHuffmanTable): CanonicalCodes {
  const code = new Uint32Array(256);
  const length = new Uint8Array(256);
  let next = 0;
  let k = 0;
  for (let len = 1; len <= MAX_CODE_LENGTH; len++) {
    for (let i = 0; i < table.counts[len - 1]!; i++) {
      const s = table.symbols[k++]!;
      code[s] = next++;
      length[s] = len;
    }
    next <<= 1;
  }
  return { code, length };
}
