/**
 * Restore benchmark (issue 8, round trip): seeds a register with N people × 10 WSQ fingers through
 * the bulk path (RestoreService.restorePeople), exports it, restores the export into an empty
 * register and exports that again; prints the speed of each step and whether the two exports match.
 *
 *   npx tsx --conditions kura-source bench/restore/run.ts [--people 100] [--workers N (default: all cores)] [--distinct 40]
 *
 * Fingers are rendered once (`--distinct` different synthetic impressions) and reused: extraction
 * time, not rendering, is what is measured. Embedded databases (PGlite) in a temporary folder.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createMasterFingerprint, renderImpression } from '../../packages/biometrics/src/index.js';
import { encodeGreyImage } from '../../packages/images/src/index.js';
import { generatePopulation, loadOrCreateSigningKey, openRegistry, type RestoredPerson } from '../../packages/registry/src/index.js';

const { values } = parseArgs({ options: { people: { type: 'string', default: '100' }, workers: { type: 'string' }, distinct: { type: 'string', default: '40' } } });
const N = Number(values.people);
const workers = values.workers ? Number(values.workers) : availableParallelism();
const folder = mkdtempSync(join(tmpdir(), 'kura-restore-bench-'));
const actor = { operatorId: null, username: 'bench' };
const at = (...p: string[]) => join(folder, ...p);
const open = (name: string) => openRegistry({ dataDir: at(name, 'data'), extractionWorkers: workers, galleryWorkers: 1, galleryLoad: 'on-demand' });

const images: Array<{ bytes: Uint8Array; width: number; height: number; ppi: number }> = [];
for (let i = 0; i < Number(values.distinct); i++) {
  const image = renderImpression(createMasterFingerprint(1000 + i), 1);
  images.push({ bytes: await encodeGreyImage(image, 'wsq'), width: image.width, height: image.height, ppi: image.ppi });
}
const now = new Date().toISOString();
const records: RestoredPerson[] = generatePopulation(N, 42).map((p, i) => {
  const uin = String(10_000_000_000 + i * 7919).slice(0, 11);
  const current = { uin, nina: p.nina ?? null, status: 'active', mergedIntoUin: null, familyNames: p.familyNames, givenNames: p.givenNames, sex: p.sex, birthDate: p.birthDate, birthPlaceCode: p.birthPlaceCode, fatherName: p.fatherName ?? null, motherName: p.motherName ?? null, nationality: p.nationality, residenceCommuneCode: p.residenceCommuneCode ?? null, version: 1 };
  return {
    ...(current as Omit<RestoredPerson, 'createdAt' | 'updatedAt' | 'versions' | 'enrollments'>),
    createdAt: now,
    updatedAt: now,
    versions: [{ version: 1, changedAt: now, changedBy: 'bench', reason: 'Benchmark', requestId: null, data: current }],
    enrollments: [
      {
        status: 'enrolled',
        createdAt: now,
        createdBy: 'bench',
        missingFingers: [],
        fingers: Array.from({ length: 10 }, (_, k) => {
          const image = images[(i * 10 + k) % images.length]!;
          return { kind: 'image' as const, position: k + 1, sourceFormat: 'wsq', image: image.bytes, mediaType: 'image/x-wsq', width: image.width, height: image.height, ppi: image.ppi };
        }),
      },
    ],
  };
});

const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const t = performance.now();
  const r = await fn();
  return [r, (performance.now() - t) / 1000];
};
const key = loadOrCreateSigningKey(at('keys'), {});
const source = await open('source');
const [, seedSeconds] = await timed(async () => {
  for (let i = 0; i < records.length; i += 200) await source.restores.restorePeople(records.slice(i, i + 200));
});
const [exported, exportSeconds] = await timed(() => source.exports.run({ out: at('export') , key }, actor));
await source.close();
const target = await open('target');
const [restored, restoreSeconds] = await timed(() => target.restores.restoreExport(at('export'), {}, actor));
const again = await target.exports.run({ out: at('export-again'), key }, actor);
await target.close();
const digest = (dir: string) => {
  const h = createHash('sha256');
  for (const f of (readdirSync(dir, { recursive: true }) as string[]).filter((f) => !f.startsWith('manifest.')).sort()) {
    try {
      h.update(f).update(readFileSync(join(dir, f)));
    } catch {
      /* a folder */
    }
  }
  return h.digest('hex');
};
const fingers = N * 10;
console.log(
  JSON.stringify(
    {
      people: N,
      fingers,
      extractionWorkers: workers,
      seedFromRecords: { seconds: +seedSeconds.toFixed(1), peoplePerSecond: +(N / seedSeconds).toFixed(1), fingersPerSecond: +(fingers / seedSeconds).toFixed(1) },
      export: { seconds: +exportSeconds.toFixed(1), peoplePerSecond: +(N / exportSeconds).toFixed(1) },
      restoreFromExport: { seconds: +restoreSeconds.toFixed(1), peoplePerSecond: +(N / restoreSeconds).toFixed(1), fingersPerSecond: +(fingers / restoreSeconds).toFixed(1), counts: restored.counts },
      reExportIdentical: digest(exported.out) === digest(again.out),
    },
    null,
    1,
  ),
);
rmSync(folder, { recursive: true, force: true });
