/**
 * The comparisons of the FVC protocol over a set named F_I (finger F, impression I), each unordered
 * pair scored once with the earlier file as probe.
 */
export interface PrintId {
  finger: number;
  impression: number;
}

export interface Comparison {
  probe: number;
  candidate: number;
}

export interface ProtocolPairs {
  genuine: Comparison[];
  /** FVC2002 impostors: first impression of each finger against the first of every later finger. */
  fvcImpostor: Comparison[];
  /** Every pair of impressions of different fingers. */
  allPairsImpostor: Comparison[];
}

export function protocolPairs(prints: readonly PrintId[]): ProtocolPairs {
  const order = prints.map((_, i) => i).sort((a, b) => prints[a]!.finger - prints[b]!.finger || prints[a]!.impression - prints[b]!.impression);
  const firstImpression = new Map<number, number>();
  for (const i of order) {
    const p = prints[i]!;
    const current = firstImpression.get(p.finger);
    if (current === undefined || p.impression < prints[current]!.impression) firstImpression.set(p.finger, i);
  }
  const result: ProtocolPairs = { genuine: [], fvcImpostor: [], allPairsImpostor: [] };
  for (let a = 0; a < order.length; a++)
    for (let b = a + 1; b < order.length; b++) {
      const probe = order[a]!;
      const candidate = order[b]!;
      if (prints[probe]!.finger === prints[candidate]!.finger) result.genuine.push({ probe, candidate });
      else {
        result.allPairsImpostor.push({ probe, candidate });
        if (firstImpression.get(prints[probe]!.finger) === probe && firstImpression.get(prints[candidate]!.finger) === candidate)
          result.fvcImpostor.push({ probe, candidate });
      }
    }
  return result;
}
