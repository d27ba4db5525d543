/**
 * The best `k` (score, subject) pairs seen, as a bounded min-heap in typed arrays. Order: higher
 * score first, then lower subject id, so the selection does not depend on the order offered
 * (nor on how subjects are spread over workers).
 */
export class TopSubjects {
  private readonly scores: Float64Array;
  private readonly ids: Float64Array;
  private size = 0;

  constructor(readonly k: number) {
    this.scores = new Float64Array(Math.max(0, k));
    this.ids = new Float64Array(Math.max(0, k));
  }

  offer(score: number, subjectId: number): void {
    if (this.k <= 0) return;
    if (this.size < this.k) {
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!worse(score, subjectId, this.scores[parent]!, this.ids[parent]!)) break;
        this.scores[i] = this.scores[parent]!;
        this.ids[i] = this.ids[parent]!;
        i = parent;
      }
      this.scores[i] = score;
      this.ids[i] = subjectId;
      return;
    }
    // Full: replace the worst (the root) only when the newcomer beats it.
    if (!worse(this.scores[0]!, this.ids[0]!, score, subjectId)) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= this.size) break;
      const right = left + 1;
      const child = right < this.size && worse(this.scores[right]!, this.ids[right]!, this.scores[left]!, this.ids[left]!) ? right : left;
      if (!worse(this.scores[child]!, this.ids[child]!, score, subjectId)) break;
      this.scores[i] = this.scores[child]!;
      this.ids[i] = this.ids[child]!;
      i = child;
    }
    this.scores[i] = score;
    this.ids[i] = subjectId;
  }

  /** The kept pairs, best first. */
  sorted(): { subjectIds: Uint32Array; scores: Float64Array } {
    const order = Array.from({ length: this.size }, (_, i) => i).sort((a, b) => (worse(this.scores[a]!, this.ids[a]!, this.scores[b]!, this.ids[b]!) ? 1 : -1));
    return { subjectIds: Uint32Array.from(order, (i) => this.ids[i]!), scores: Float64Array.from(order, (i) => this.scores[i]!) };
  }
}

/** Whether (scoreA, idA) ranks below (scoreB, idB). */
export function worse(scoreA: number, idA: number, scoreB: number, idB: number): boolean {
  return scoreA < scoreB || (scoreA === scoreB && idA > idB);
}
