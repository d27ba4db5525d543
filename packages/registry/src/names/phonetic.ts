import { nameWords } from './fold.js';

/**
 * A phonetic key for names of the Sahel and West Africa as French-trained clerks write them.
 * The same name reaches the register in several spellings: Traoré/Traore/Trawore, Coulibaly/Kulibali,
 * Diarra/Jara, Cissé/Sissé, Ouattara/Watara, Keïta/Keita. Each rewrite below merges one family of
 * spellings; the key is what the spellings have in common, not a pronunciation.
 */
const REWRITES: ReadonlyArray<readonly [RegExp, string]> = [
  [/ph/g, 'f'],
  [/(tch|tj)/g, 'c'], // Tchad / Tjad
  [/(dj|dy)/g, 'j'], // Djénéba / Dyeneba / Jeneba
  [/di(?=[aeou])/g, 'j'], // Diarra / Jara, Diallo / Jallo
  [/(sh|ch)/g, 's'], // Cheick / Sheik
  [/c(?=[eiy])/g, 's'], // Cissé / Sissé
  [/(ck|qu|q|c)/g, 'k'], // Coulibaly / Kulibali
  [/g(?=[ei])/g, 'j'],
  [/gu(?=[ei])/g, 'g'],
  [/x/g, 'ks'],
  [/ou/g, 'u'], // Touré / Ture
  [/(?<=[aeiouy])w(?=[aeiouy])/g, ''], // Trawore / Traore
  [/w/g, 'u'], // Watara / Ouattara
  [/y/g, 'i'], // Coulibaly / Kulibali, Maïga / Mayga
  [/h/g, ''], // Haïdara / Aidara
  [/z/g, 's'],
  [/([a-z])\1+/g, '$1'], // Diarra / Diara, Ouattara / Watara
  [/(?<=.)e$/g, ''], // Traoré / Traor, final mute e
];

export function phoneticKey(word: string): string {
  let key = word;
  for (const [pattern, replacement] of REWRITES) key = key.replace(pattern, replacement);
  return key;
}

/** Distinct phonetic keys of every word of the given names. */
export function phoneticTokens(...names: Array<string | null | undefined>): string[] {
  const tokens = new Set<string>();
  for (const name of names) {
    if (!name) continue;
    for (const word of nameWords(name)) {
      const key = phoneticKey(word);
      if (key) tokens.add(key);
    }
  }
  return [...tokens];
}
