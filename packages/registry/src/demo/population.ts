import { readBuiltinPlaces } from '../geography/places-csv.js';
import { buildNina } from '../identifiers/nina.js';
import type { PersonInput } from '../people/person.schema.js';

/**
 * A synthetic population of the region for demos, tests and benchmarks: names as the register
 * holds them (with the spelling variants clerks produce), plausible dates (some known only by
 * year or month, as in the legacy register), places from the reference geography, some NINAs.
 * Deterministic for a seed. No real person.
 */
const FAMILY_NAMES = [
  'Traoré', 'Keïta', 'Coulibaly', 'Diarra', 'Touré', 'Maïga', 'Konaté', 'Diallo', 'Sangaré', 'Cissé',
  'Sissoko', 'Dembélé', 'Kanté', 'Sidibé', 'Camara', 'Doumbia', 'Koné', 'Sanogo', 'Ballo', 'Samaké',
  'Bagayoko', 'Dicko', 'Guindo', 'Togo', 'Kouyaté', 'Diakité', 'Fofana', 'Haïdara', 'Tounkara', 'Dao',
  'Berthé', 'Tangara', 'Mariko', 'Goïta', 'Diawara', 'Sow', 'Ba', 'Cissoko', 'Soumaré', 'Niaré',
  'Ag Ahmed', 'Walet Mohamed', 'Dramé', 'Tall', 'Bathily', 'Sylla', 'Kouma', 'Dolo', 'Tembely', 'Poudiougou',
];
/** Spellings of the same names found in legacy records. */
const VARIANTS: Record<string, string[]> = {
  'Traoré': ['Traore', 'Trawore'],
  'Keïta': ['Keita'],
  'Coulibaly': ['Kulibali', 'Koulibaly'],
  'Maïga': ['Maiga'],
  'Touré': ['Toure'],
  'Diarra': ['Jara'],
  'Cissé': ['Cisse', 'Sissé'],
  'Diallo': ['Jallo'],
  'Haïdara': ['Haidara'],
};
const MALE = [
  'Moussa', 'Mamadou', 'Ibrahim', 'Oumar', 'Amadou', 'Boubacar', 'Seydou', 'Souleymane', 'Adama', 'Modibo',
  'Bakary', 'Sékou', 'Drissa', 'Lassina', 'Abdoulaye', 'Youssouf', 'Cheick Oumar', 'Issa', 'Hamadoun', 'Siaka',
  'Mahamadou', 'Yacouba', 'Daouda', 'Aliou', 'Sidiki', 'Brahima', 'Tiémoko', 'Mohamed', 'Alassane', 'Fousseyni',
];
const FEMALE = [
  'Aminata', 'Fatoumata', 'Mariam', 'Awa', 'Kadiatou', 'Oumou', 'Assitan', 'Djénéba', 'Hawa', 'Rokia',
  'Salimata', 'Korotoumou', 'Aïssata', 'Kadidia', 'Bintou', 'Nana', 'Maïmouna', 'Fanta', 'Safiatou', 'Ramata',
  'Sitan', 'Adiaratou', 'Mah', 'Tenin', 'Nassira', 'Fatimata', 'Coumba', 'Massitan', 'Oumou Kalsoum', 'Sokona',
];

export interface GeneratedPerson extends PersonInput {
  familyNames: string;
  givenNames: string;
}

/** Small, fast, seedable PRNG (mulberry32) for test and demo data. Not for anything secret. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generatePopulation(count: number, seed = 1, today: Date = new Date()): GeneratedPerson[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError('count must be a non-negative integer');
  const rand = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const communes = readBuiltinPlaces().filter((p) => p.level === 'commune');
  // Bamako holds a large share of registrations.
  const weighted = communes.flatMap((c) => (c.code.startsWith('11') ? [c, c, c, c] : [c]));
  const thisYear = today.getUTCFullYear();
  const people: GeneratedPerson[] = [];
  const ninaSequence = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const sex = rand() < 0.5 ? 'M' : 'F';
    let family = pick(FAMILY_NAMES);
    const variants = VARIANTS[family];
    if (variants && rand() < 0.2) family = pick(variants);
    const given = sex === 'M' ? pick(MALE) : pick(FEMALE);
    const year = thisYear - 1 - Math.floor(Math.pow(rand(), 1.6) * 85);
    const month = 1 + Math.floor(rand() * 12);
    const day = 1 + Math.floor(rand() * 28);
    const precision = rand();
    const birthDate =
      precision < 0.08 ? String(year) : precision < 0.12 ? `${year}-${pad(month)}` : `${year}-${pad(month)}-${pad(day)}`;
    const birthPlace = pick(weighted);
    const residence = rand() < 0.7 ? birthPlace : pick(weighted);
    const person: GeneratedPerson = {
      familyNames: family,
      givenNames: given,
      sex,
      birthDate,
      birthPlaceCode: birthPlace.code,
      fatherName: `${pick(MALE)} ${family}`,
      motherName: `${pick(FEMALE)} ${pick(FAMILY_NAMES)}`,
      nationality: 'MLI',
      residenceCommuneCode: residence.code,
    };
    if (rand() < 0.6 && birthPlace.code.length === 7) {
      const key = `${sex}${year}${birthPlace.code}`;
      const sequence = (ninaSequence.get(key) ?? 0) + 1;
      ninaSequence.set(key, sequence);
      if (sequence < 1000) {
        person.nina = buildNina({
          nationality: '1',
          sex: sex === 'M' ? '1' : '2',
          birthYear: String(year % 100).padStart(2, '0'),
          birthPlaceCode: birthPlace.code,
          sequence: String(sequence).padStart(3, '0'),
        });
      }
    }
    people.push(person);
  }
  return people;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
