/**
 * CPU time of the extractor against another version of it, alternated in one process (the machine
 * is shared: alternating rounds see the same load), with a check that both give the same encoded
 * templates. Make the other version from git, e.g.
 *   git archive HEAD packages/biometrics/src/fingerprint | tar -x -C /tmp/old
 *   npx tsx --conditions kura-source bench/fingerprint/extract-ab.ts /tmp/old/packages/biometrics/src/fingerprint/extract/index.ts [ROUNDS]
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sharedData, sharedDataMissingMessage } from '../../test-support/shared-data.js';
import { extractFingerprint, type GreyImage } from '../../packages/biometrics/src/fingerprint/extract/index.js';
import { loadGreyImage } from './extract-support.js';

const [otherPath, roundsArgument] = process.argv.slice(2);
if (!otherPath) {
  console.error('usage: extract-ab.ts OTHER_EXTRACT_INDEX_TS [ROUNDS]');
  process.exit(2);
}
const root = sharedData('fvc');
if (!root) {
  console.error(sharedDataMissingMessage);
  process.exit(2);
}
const other = (await import(pathToFileURL(resolve(otherPath)).href)) as { extractFingerprint: typeof extractFingerprint };
const rounds = Number(roundsArgument ?? 5);

const images: GreyImage[] = [];
for (const [set, ppi] of [['fvc2002-db1b', 500], ['fvc2002-db2b', 569]] as const) {
  const dir = join(root, set);
  for (const file of readdirSync(dir).filter((f) => /^\d+_\d+\.tif$/i.test(f)).sort()) images.push(await loadGreyImage(join(dir, file), ppi));
}
const versions = { other: other.extractFingerprint, this: extractFingerprint };
const digest = (run: typeof extractFingerprint) => {
  const hash = createHash('sha256');
  for (const image of images) hash.update(JSON.stringify(run(image)));
  return hash.digest('hex').slice(0, 16);
};
const digests = { other: digest(versions.other), this: digest(versions.this) };
const times: Record<keyof typeof versions, number[]> = { other: [], this: [] };
for (let round = 0; round < rounds; round++) {
  for (const name of ['other', 'this'] as const) {
    const before = process.cpuUsage();
    for (const image of images) versions[name](image);
    const used = process.cpuUsage(before);
    times[name].push((used.user + used.system) / 1000 / images.length);
  }
}
const best = (v: number[]) => Math.min(...v);
console.log(`${images.length} images × ${rounds} rounds; CPU ms per image (best, then every round)`);
for (const name of ['other', 'this'] as const) console.log(`${name.padEnd(6)} ${best(times[name]).toFixed(2)}  [${times[name].map((v) => v.toFixed(1)).join(' ')}]  output ${digests[name]}`);
console.log(`speed-up ${(best(times.other) / best(times.this)).toFixed(2)}×, outputs ${digests.other === digests.this ? 'identical' : 'DIFFER'}`);
