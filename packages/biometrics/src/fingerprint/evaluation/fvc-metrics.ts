/**
 * Error rates of a verification experiment as the FVC defines them (bias.csr.unibo.it/fvc2002/perfeval.asp),
 * for similarity scores: FMR(t) = share of impostor scores ≥ t, FNMR(t) = share of genuine scores < t.
 */
export interface ErrorRates {
  genuine: number;
  impostor: number;
  eer: number;
  fmr100: number;
  fmr1000: number;
  zeroFmr: number;
}

export interface OperatingPoint {
  threshold: number;
  fmr: number;
  fnmr: number;
}

/** Every distinct (FMR, FNMR) state: one per distinct score, plus a threshold above them all. */
export function operatingPoints(genuine: readonly number[], impostor: readonly number[]): OperatingPoint[] {
  const g = [...genuine].sort((a, b) => a - b);
  const im = [...impostor].sort((a, b) => a - b);
  const thresholds = [...new Set([...g, ...im])].sort((a, b) => a - b);
  thresholds.push((thresholds.at(-1) ?? 0) + 1);
  const points: OperatingPoint[] = [];
  let gi = 0; // genuine scores < t
  let ii = 0; // impostor scores < t
  for (const t of thresholds) {
    while (gi < g.length && g[gi]! < t) gi++;
    while (ii < im.length && im[ii]! < t) ii++;
    points.push({ threshold: t, fnmr: g.length ? gi / g.length : 0, fmr: im.length ? (im.length - ii) / im.length : 0 });
  }
  return points;
}

/** FVC's EER: the middle of the interval between the last crossing threshold t1 and the first t2. */
export function equalErrorRate(points: readonly OperatingPoint[]): number {
  let t1: OperatingPoint | undefined;
  let t2: OperatingPoint | undefined;
  for (const p of points) {
    if (p.fnmr <= p.fmr) t1 = p; // largest such t (points are in increasing t)
    if (t2 === undefined && p.fnmr >= p.fmr) t2 = p;
  }
  if (!t1 || !t2) return (t1 ?? t2) ? ((t1 ?? t2)!.fmr + (t1 ?? t2)!.fnmr) / 2 : 0;
  const [low, high] = t1.fnmr + t1.fmr <= t2.fmr + t2.fnmr ? [t1.fnmr, t1.fmr] : [t2.fmr, t2.fnmr];
  return (low + high) / 2;
}

/** Lowest FNMR over thresholds whose FMR is at most `maxFmr`. */
export function fnmrAtFmr(points: readonly OperatingPoint[], maxFmr: number): number {
  let best = 1;
  for (const p of points) if (p.fmr <= maxFmr && p.fnmr < best) best = p.fnmr;
  return best;
}

export function errorRates(genuine: readonly number[], impostor: readonly number[]): ErrorRates {
  const points = operatingPoints(genuine, impostor);
  return {
    genuine: genuine.length,
    impostor: impostor.length,
    eer: equalErrorRate(points),
    fmr100: fnmrAtFmr(points, 0.01),
    fmr1000: fnmrAtFmr(points, 0.001),
    zeroFmr: fnmrAtFmr(points, 0),
  };
}
