/**
 * Fingers for the pre-filter benchmark: FVC2002 dev sets (templates extracted from the images, or
 * the ISO minutiae beside them) and synthetic template-only fingers. Extracted templates are cached
 * in bench/out/prefilter/ (extraction is the slow part; the pre-filter is what is measured); delete
 * that folder after changing the extractor or the synthetic generator.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createMasterFingerprint,
  createTemplate,
  decodeTemplate,
  encodeTemplate,
  extractTemplate,
  type FingerprintTemplate,
  impressionTemplate,
  masterMinutiae,
  templateFromMinutiaeRecord,
} from '@kura/biometrics';
import { decodeImage } from '@kura/images';
import { repoRoot, sharedData } from '../../test-support/shared-data.js';

/** One finger impression: `finger` tells mates apart (same finger = mate). */
export interface LabelledTemplate {
  finger: number;
  impression: number;
  template: FingerprintTemplate;
}

/** The dev sets and their scan resolutions (from shared/data/README.md). */
export const fvcDevSets = [
  { name: 'fvc2002-db1b', ppi: 500 },
  { name: 'fvc2002-db2b', ppi: 569 },
] as const;

const PRINT_FILE = /^(\d+)_(\d+)\.(tif|iso)$/;

/** Templates of one dev set, or undefined when the shared data is absent. Unusable prints are left out. */
export async function loadFvcSet(set: (typeof fvcDevSets)[number], source: 'images' | 'iso'): Promise<LabelledTemplate[] | undefined> {
  const dir = sharedData('fvc', set.name);
  if (!dir) return undefined;
  const cacheDir = join(repoRoot, 'bench', 'out', 'prefilter');
  const cache = join(cacheDir, `${set.name}-${source}.json`);
  if (source === 'images' && existsSync(cache)) {
    const stored = JSON.parse(readFileSync(cache, 'utf8')) as { finger: number; impression: number; template: string }[];
    return stored.map((s) => ({ ...s, template: decodeTemplate(Buffer.from(s.template, 'base64')) }));
  }
  const out: LabelledTemplate[] = [];
  const extension = source === 'iso' ? 'iso' : 'tif';
  for (const name of readdirSync(dir).sort()) {
    const m = PRINT_FILE.exec(name);
    if (!m || m[3] !== extension) continue;
    const finger = Number(m[1]);
    const impression = Number(m[2]);
    const file = join(dir, name);
    if (source === 'iso') {
      out.push({ finger, impression, template: templateFromMinutiaeRecord(new Uint8Array(readFileSync(file))) });
      continue;
    }
    const { width, height, pixels } = await decodeImage(new Uint8Array(readFileSync(file)));
    const extracted = extractTemplate({ width, height, pixels, ppi: set.ppi });
    if (extracted.usable) out.push({ finger, impression, template: extracted.template });
  }
  if (source === 'images') {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(cache, JSON.stringify(out.map((t) => ({ ...t, template: Buffer.from(encodeTemplate(t.template)).toString('base64') }))));
  }
  return out;
}

/** Synthetic template-only fingers: `fingers` masters from `seed`, `impressions` each. */
export function syntheticSet(fingers: number, impressions: number, seed = 1): LabelledTemplate[] {
  const cacheDir = join(repoRoot, 'bench', 'out', 'prefilter');
  const cache = join(cacheDir, `synthetic-${fingers}x${impressions}-seed${seed}.json`);
  if (existsSync(cache)) {
    const stored = JSON.parse(readFileSync(cache, 'utf8')) as { finger: number; impression: number; template: string }[];
    return stored.map((s) => ({ ...s, template: decodeTemplate(Buffer.from(s.template, 'base64')) }));
  }
  const out: LabelledTemplate[] = [];
  for (let f = 0; f < fingers; f++) {
    const master = createMasterFingerprint(seed + f);
    const minutiae = masterMinutiae(master);
    for (let i = 0; i < impressions; i++) {
      const t = impressionTemplate(master, i, {}, minutiae);
      out.push({ finger: seed + f, impression: i, template: createTemplate(t) });
    }
  }
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(cache, JSON.stringify(out.map((t) => ({ ...t, template: Buffer.from(encodeTemplate(t.template)).toString('base64') }))));
  return out;
}
