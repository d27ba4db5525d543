import { TEMPLATE_PPI, type Minutia } from '../fingerprint/minutia.js';
import { contactRadius } from './contact-area.js';
import { type ImpressionOptions, impressionToMaster, masterToImpression, planImpression } from './impression-plan.js';
import type { MasterFingerprint } from './master-fingerprint.js';
import { masterMinutiae } from './master-minutiae.js';
import { TEMPLATE } from './parameters.js';
import { SeededRandom } from './random.js';

/** Minutiae of one impression, no image: coordinates at 500 ppi in the impression's frame. */
export interface SyntheticTemplate {
  /** Size of the impression at 500 ppi (the template's own resolution). */
  width: number;
  height: number;
  minutiae: Minutia[];
}

/**
 * Template-only mode: the master's minutiae carried through the same placement, skin
 * distortion and contact area as `renderImpression(master, index, options)` would use, the
 * ones outside the contact area dropped, a few more lost and a few spurious ones added, as an
 * extractor would. Pass `minutiae` (from `masterMinutiae`) to reuse them across impressions.
 */
export function impressionTemplate(
  master: MasterFingerprint,
  index: number,
  options: ImpressionOptions = {},
  minutiae: readonly Minutia[] = masterMinutiae(master),
): SyntheticTemplate {
  const plan = planImpression(master, index, options);
  const random = new SeededRandom(master.seed, 500_000 + index);
  const toTemplate = TEMPLATE_PPI / plan.frame.ppi;
  const width = Math.round(plan.frame.width * toTemplate);
  const height = Math.round(plan.frame.height * toTemplate);
  const margin = TEMPLATE.borderMargin;
  const innerContact = 1 - margin / Math.max(plan.contact.halfWidth, plan.contact.halfHeight);
  const dropShare = random.range(TEMPLATE.dropShare);
  const a = new Float64Array(2);
  const b = new Float64Array(2);
  const result: Minutia[] = [];
  for (const m of minutiae) {
    if (contactRadius(plan.contact, m.x, m.y) > innerContact) continue;
    masterToImpression(plan, m.x, m.y, a);
    const x = a[0]! * toTemplate;
    const y = a[1]! * toTemplate;
    if (x < margin || y < margin || x > width - margin || y > height - margin) continue;
    if (random.chance(dropShare)) continue;
    // The direction goes through the same map: follow a short step along it.
    masterToImpression(plan, m.x + 4 * Math.cos(m.direction), m.y - 4 * Math.sin(m.direction), b);
    let direction = Math.atan2(-(b[1]! - a[1]!), b[0]! - a[0]!);
    if (direction < 0) direction += 2 * Math.PI;
    result.push({ x, y, direction, type: m.type, reliability: round3(random.uniform(0.55, 1)) });
  }
  const spurious = random.int(0, TEMPLATE.spuriousCount.max);
  for (let i = 0, tries = 0; i < spurious && tries < 50; tries++) {
    const x = random.uniform(margin, width - margin);
    const y = random.uniform(margin, height - margin);
    impressionToMaster(plan, x / toTemplate, y / toTemplate, a);
    if (contactRadius(plan.contact, a[0]!, a[1]!) > innerContact) continue;
    result.push({
      x,
      y,
      direction: random.uniform(0, 2 * Math.PI),
      type: random.chance(0.5) ? 'ending' : 'bifurcation',
      reliability: round3(random.uniform(0.1, 0.45)),
    });
    i++;
  }
  return { width, height, minutiae: result };
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
