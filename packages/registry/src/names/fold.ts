/**
 * Accent- and case-folded form of a name, for search only (the original spelling is always kept).
 * "Keïta  N'Diaye-Traoré" → "keita ndiaye traore"
 */
export function foldName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The folded words of a name. */
export function nameWords(name: string): string[] {
  const folded = foldName(name);
  return folded ? folded.split(' ') : [];
}
