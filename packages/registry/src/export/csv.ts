/**
 * RFC 4180 CSV: fields separated by commas, records ended by CRLF, a field quoted (inner quotes
 * doubled) when it holds a comma, a quote, CR or LF — or starts with a space, so no reader trims it.
 * null and undefined are empty fields. UTF-8 without a byte-order mark.
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function csvRecord(values: ReadonlyArray<string | number | null | undefined>): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
