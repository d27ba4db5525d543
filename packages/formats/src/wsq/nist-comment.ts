/**
 * NIST_COM is a COM segment of "KEY VALUE" lines, the first being "NIST_COM <number of lines>".
 * NIST's tools write the image attributes there (size, depth, PPI, lossy flag, bit rate).
 */
export const NIST_COM_TAG = 'NIST_COM';

export function isNistComment(text: string): boolean {
  return text.startsWith(NIST_COM_TAG);
}

export function parseNistComment(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    const space = trimmed.search(/\s/);
    const key = space < 0 ? trimmed : trimmed.slice(0, space);
    const value = space < 0 ? '' : trimmed.slice(space).trim();
    if (!Object.hasOwn(out, key)) out[key] = value;
  }
  return out;
}

/** PPI from a NIST_COM record; -1 or anything not a positive integer means unknown. */
export function ppiFromNistComment(fields: Record<string, string>): number | undefined {
  const raw = fields['PPI'];
  if (raw === undefined || !/^\d+$/.test(raw)) return undefined;
  const ppi = Number(raw);
  return ppi > 0 ? ppi : undefined;
}

export interface NistCommentAttributes {
  width: number;
  height: number;
  ppi?: number | undefined;
  bitRate: number;
}

/**
 * The NIST_COM text NIST's encoder writes: image attributes, in its order. Fields of an earlier
 * NIST_COM (`previous`, e.g. from a decoded file) are kept unless the new attributes replace them.
 */
export function buildNistComment(attrs: NistCommentAttributes, previous: Record<string, string> = {}): string {
  const fields = new Map<string, string>([
    ['PIX_WIDTH', String(attrs.width)],
    ['PIX_HEIGHT', String(attrs.height)],
    ['PIX_DEPTH', '8'],
    ['PPI', attrs.ppi !== undefined ? String(Math.round(attrs.ppi)) : (previous['PPI'] ?? '-1')],
    ['LOSSY', '1'],
    ['COLORSPACE', 'GRAY'],
    ['COMPRESSION', 'WSQ'],
    ['WSQ_BITRATE', attrs.bitRate.toFixed(6)],
  ]);
  for (const [key, value] of Object.entries(previous)) {
    if (key !== NIST_COM_TAG && !fields.has(key)) fields.set(key, value);
  }
  const lines = [...fields].map(([k, v]) => `${k} ${v}`);
  return [`${NIST_COM_TAG} ${lines.length + 1}`, ...lines].join('\n') + '\n';
}
