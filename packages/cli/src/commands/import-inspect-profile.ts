/**
 * What the values of one Type-2 field or CSV column look like, in bounded memory: how often it is
 * filled, a few samples, how many distinct values (exact up to a cap: a short list is a code list
 * that needs a translation table), and its commonest shapes (`99/99/9999` is a DD/MM/YYYY date).
 */

export const PROFILE = {
  samples: 3,
  sampleLength: 60,
  /** Distinct values counted exactly up to this many; beyond, "more than". */
  distinctCap: 50,
  /** Shapes tracked (later new ones are not), and shapes reported. */
  shapesTracked: 64,
  shapesReported: 3,
} as const;

export interface ValueProfileSummary {
  filled: number;
  fillRate: number;
  samples: string[];
  /** Distinct non-empty values; when `distinctCapped`, at least this many. */
  distinct: number;
  distinctCapped: boolean;
  /** Commonest shapes: digits as 9, letters as A, other characters as they are; runs of letters longer than 3 shortened to `A…`. */
  patterns: { pattern: string; share: number }[];
}

/** The shape of a value: 19520614 → 99999999, 14/06/1952 → 99/99/9999, SIR1607637 → AAA9999999, Keïta, Mariam → A…, A…. */
export function valueShape(value: string): string {
  const shape = value.replace(/\d/g, '9').replace(/\p{L}/gu, 'A');
  return shape.replace(/A{4,}/g, 'A…');
}

export class ValueProfile {
  private filled = 0;
  private readonly samples: string[] = [];
  private readonly distinct = new Set<string>();
  private distinctCapped = false;
  private readonly shapes = new Map<string, number>();

  add(value: string): void {
    const v = value.trim();
    if (v === '') return;
    this.filled++;
    const sample = v.length > PROFILE.sampleLength ? `${v.slice(0, PROFILE.sampleLength)}…` : v;
    if (this.samples.length < PROFILE.samples && !this.samples.includes(sample)) this.samples.push(sample);
    if (!this.distinctCapped) {
      this.distinct.add(v);
      if (this.distinct.size > PROFILE.distinctCap) this.distinctCapped = true;
    }
    const shape = valueShape(v);
    const count = this.shapes.get(shape);
    if (count !== undefined) this.shapes.set(shape, count + 1);
    else if (this.shapes.size < PROFILE.shapesTracked) this.shapes.set(shape, 1);
  }

  summary(records: number): ValueProfileSummary {
    const patterns = [...this.shapes]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, PROFILE.shapesReported)
      .map(([pattern, n]) => ({ pattern, share: n / this.filled }));
    return {
      filled: this.filled,
      fillRate: records === 0 ? 0 : this.filled / records,
      samples: this.samples,
      distinct: this.distinctCapped ? PROFILE.distinctCap : this.distinct.size,
      distinctCapped: this.distinctCapped,
      patterns,
    };
  }
}
