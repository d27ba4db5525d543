import { createMasterFingerprint, createTemplate, type FingerprintTemplate, impressionTemplate, masterMinutiae } from '../src/index.js';

/**
 * Synthetic fingers for gallery tests: `masters` master fingerprints (≈ 80 ms each), and any
 * number of impressions of each as templates (≈ 1 ms each). Mirrored impressions serve as
 * cheap, realistic-looking unrelated fingers: a mirror image is no rigid motion of the print,
 * so it does not match the original.
 */
export function syntheticFingers(masters: number, seed = 7100) {
  const list = Array.from({ length: masters }, (_, i) => {
    const master = createMasterFingerprint(seed + i);
    return { master, minutiae: masterMinutiae(master) };
  });
  return {
    impression(finger: number, index: number): FingerprintTemplate {
      const m = list[finger]!;
      return createTemplate(impressionTemplate(m.master, index, {}, m.minutiae));
    },
    mirrored(finger: number, index: number): FingerprintTemplate {
      const m = list[finger]!;
      const t = impressionTemplate(m.master, index, {}, m.minutiae);
      return createTemplate({ ...t, minutiae: t.minutiae.map((p) => ({ ...p, x: t.width - p.x, direction: Math.PI - p.direction })) });
    },
  };
}
