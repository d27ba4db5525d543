import { describe, expect, it } from 'vitest';
import { foldName, phoneticKey, phoneticTokens } from '../src/index.js';

describe('name folding and regional phonetic keys', () => {
  it('folds accents, case and punctuation but keeps words', () => {
    expect(foldName("  Keïta N'Diaye-TRAORÉ ")).toBe('keita ndiaye traore');
  });

  const families = [
    ['Traoré', 'Traore', 'Trawore', 'TRAORE'],
    ['Keïta', 'Keita'],
    ['Coulibaly', 'Kulibali', 'Koulibaly'],
    ['Maïga', 'Maiga'],
    ['Touré', 'Toure'],
    ['Diarra', 'Jara', 'Djarra'],
    ['Cissé', 'Sissé', 'Cisse'],
    ['Ouattara', 'Watara'],
    ['Diallo', 'Jallo'],
    ['Haïdara', 'Haidara'],
    ['Camara', 'Kamara'],
  ];
  it.each(families)('spellings of %s share one key', (...spellings) => {
    const keys = new Set(spellings.map((s) => phoneticKey(foldName(s))));
    expect(keys.size).toBe(1);
  });

  it('keeps different names apart', () => {
    const names = ['Traoré', 'Touré', 'Diarra', 'Diallo', 'Keïta', 'Konaté', 'Coulibaly', 'Camara', 'Cissé', 'Sidibé', 'Maïga', 'Dembélé'];
    expect(new Set(names.map((n) => phoneticKey(foldName(n)))).size).toBe(names.length);
  });

  it('tokenises every word of every name once', () => {
    expect(phoneticTokens('Traoré', 'Moussa Traore')).toEqual(['traor', 'musa']);
  });
});
