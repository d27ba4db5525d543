/**
 * Digest of synthetic outputs, to prove that a speed-up changed no byte: 200 template-only
 * fingers (people 0–19, all ten positions, impressions 0 and 1, through createTemplate and
 * encodeTemplate), rendered impressions of a few master seeds (both rasters), and the ridge maps of
 * the template-raster masters. Also prints the CPU time per template-only finger (one thread).
 *
 *   npx tsx --conditions kura-source bench/synth/output-digest.ts
 */
import { createHash } from 'node:crypto';
import { createTemplate } from '../../packages/biometrics/src/fingerprint/template.js';
import { encodeTemplate } from '../../packages/biometrics/src/fingerprint/template-codec.js';
import {
  FINGER_POSITIONS,
  createMasterFingerprint,
  fingerMasterSeed,
  renderImpression,
  syntheticFingerTemplates,
} from '../../packages/biometrics/src/synth/index.js';

const templates = createHash('sha256');
const masters = createHash('sha256');
const cpuBefore = process.cpuUsage();
for (let person = 0; person < 20; person++) {
  for (const position of FINGER_POSITIONS) {
    for (const t of syntheticFingerTemplates(person, position, [0, 1])) templates.update(encodeTemplate(createTemplate(t)));
  }
}
const cpu = process.cpuUsage(cpuBefore);
for (let person = 0; person < 3; person++) {
  for (const position of FINGER_POSITIONS) {
    const m = createMasterFingerprint(fingerMasterSeed(person, position), { raster: 'template' });
    masters.update(new Uint8Array(m.ridges.buffer, m.ridges.byteOffset, m.ridges.byteLength));
  }
}
const images = createHash('sha256');
for (const [seed, raster] of [[1, 'image'], [2, 'image'], [3, 'template'], [4, 'image'], [5, 'template']] as const) {
  const master = createMasterFingerprint(seed, { raster });
  for (const index of [0, 1]) {
    const image = renderImpression(master, index);
    images.update(image.pixels);
  }
}
console.log(JSON.stringify({
  templates: templates.digest('hex').slice(0, 16),
  templateMasters: masters.digest('hex').slice(0, 16),
  images: images.digest('hex').slice(0, 16),
  cpuMsPerTemplateFinger: Math.round((cpu.user + cpu.system) / 1000 / 200 * 100) / 100,
}));
