/**
 * Issue 7, acceptance 3: with N enrolled people, how long a restarted `kura serve` takes to answer an
 * identification. The register is filled through the registry's bulk restore path
 * (`registry.restores.restorePeople`, the path a Kura export is restored by): N people (demographics
 * from the demo generator, fresh UINs, one history version) with one enrollment of 10 fingers each,
 * the fingers being the templates of the `kura bench identify` gallery cache (impression 1 of the
 * synthetic people, as ISO/IEC 19794-2 records). Nothing is searched while filling (a restore is
 * already deduplicated), so filling 100,000 people takes minutes, not the hours of 100,000 enrollments.
 *
 * Then `kura serve` is started as a user would (a child process, PostgreSQL via KURA_DATABASE_URL,
 * gallery snapshot under the data folder): the first start builds the gallery snapshot from the
 * database; every later start is a restart, timed from spawn to the first 200 answer of
 * POST /v1/biometrics/identify (2 fingers of an enrolled person, impression 2), which waits for the
 * gallery. Reported: fill time, first start, each restart, the candidate found.
 *
 *   npx tsx --conditions kura-source bench/registry/serve-restart.ts --people 100000 [--copies 1] [--cache DIR] [--restarts 3] [--keep]
 *   npx tsx --conditions kura-source bench/registry/serve-restart.ts --people 100000 --copies 10 --reuse DATABASE --data-dir DIR
 *
 * Needs the N-person identify cache and its probes (bench/identify/run.ts --people N). Uses a fresh
 * PostgreSQL database on 127.0.0.1 (dropped at the end unless --keep) and a temporary data folder.
 * `--copies C` enrolls N × C people, the cached fingers C times over: the N people through
 * restorePeople, then C − 1 copies of them made in SQL inside PostgreSQL (new person ids and UINs,
 * no NINA, the same demographics and fingers, new enrollments and gallery changes) — at a million
 * people restorePeople alone would take hours on 2 cores. Speed only: the probe's mate then has
 * C − 1 twins, any of which may come first. `--reuse` skips the fill and restarts `kura serve` on a
 * register kept by an earlier `--keep` run.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { decodeGalleryBatch, templateToIso19794_2, unpackFinger } from '@kura/biometrics';
import { sql } from 'kysely';
import { type KuraDatabase, type RestoredPerson, generatePopulation, generateUin, openRegistry } from '@kura/registry';
import { identifyCacheDir } from '../../packages/cli/src/commands/bench.js';
import { BuildPool } from '../../packages/cli/src/bench-identify/build-pool.js';
import { scanCache } from '../../packages/cli/src/bench-identify/cache-file.js';
import { galleryCacheHeader, galleryCachePath } from '../../packages/cli/src/bench-identify/gallery-cache.js';
import { IDENTIFY_BENCH } from '../../packages/cli/src/bench-identify/parameters.js';
import { decodeProbes } from '../../packages/cli/src/bench-identify/probe-codec.js';
import { prepareProbes } from '../../packages/cli/src/bench-identify/probe-set.js';
import { generatorVersions } from '../../packages/cli/src/bench-identify/synthetic-people.js';
import { repoRoot } from '../../test-support/shared-data.js';

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '100000' },
    copies: { type: 'string', default: '1' },
    reuse: { type: 'string' },
    'data-dir': { type: 'string' },
    seed: { type: 'string', default: String(IDENTIFY_BENCH.defaultSeed) },
    cache: { type: 'string' },
    'probe-set': { type: 'string', default: '1000' },
    restarts: { type: 'string', default: '3' },
    port: { type: 'string', default: '18917' },
    keep: { type: 'boolean', default: false },
  },
});
const people = Number(values.people);
const copies = Number(values.copies);
const total = people * copies;
const seed = Number(values.seed);
const restarts = Number(values.restarts);
const port = Number(values.port);
const cacheDir = identifyCacheDir(values.cache);
const versions = generatorVersions();
const PAGE = 500;
const PASSWORD = 'bench-restart-password-1';

if (values.reuse && !values['data-dir']) throw new Error('--reuse DATABASE needs the --data-dir of the run that kept it');
const database = values.reuse ?? `kura_bench_restart_${total}_${process.pid}`;
const psql = (sql: string) => execFileSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', 'postgres', '-qc', sql], { stdio: 'inherit' });
if (!values.reuse) psql(`create database ${database}`);
const databaseUrl = `postgres://postgres@127.0.0.1:5432/${database}`;
const dataDir = values['data-dir'] ?? mkdtempSync(join(tmpdir(), 'kura-restart-'));
const log = (line: string) => console.error(line);
const keep = values.keep || Boolean(values.reuse);

try {
  // ---- the probe: impression 2 of an enrolled person, both index fingers, as ISO records ------
  const probeSet = await prepareProbes({ pool: () => new BuildPool(), cacheDir, people, searches: Number(values['probe-set']), seed, generator: versions.probes, log });
  const probe = decodeProbes(probeSet.mated[0]!.bytes)[0]!;
  const body = JSON.stringify({
    fingers: probe.fingers
      .filter((f) => (IDENTIFY_BENCH.twoFingerPositions as readonly number[]).includes(f.position))
      .map((f) => ({ position: f.position, format: 'iso19794-2', data: Buffer.from(templateToIso19794_2(f.template, { fingerPosition: f.position })).toString('base64') })),
    maxResults: 5,
  });
  // The UINs of the probe's mate and of its copies (kept beside the register for --reuse runs).
  const matesFile = join(dataDir, 'bench-probe-mates.json');
  let fillSeconds: number | null = null;
  let filled = total;
  if (!values.reuse) {
    // ---- fill the register -------------------------------------------------------------------
    const fillStarted = performance.now();
    const registry = await openRegistry({ url: databaseUrl, imageDir: join(dataDir, 'images'), galleryDir: join(dataDir, 'gallery'), galleryLoad: 'on-demand' });
    await registry.operators.create({ username: 'bench', displayName: 'Bench', password: PASSWORD, roles: ['registrar'] }, { operatorId: null, username: 'bench-setup', requestId: 'bench' });
    const demographics = generatePopulation(people, seed);
    const uins = new Set<string>();
    const uinOfPerson = new Map<number, string>();
    const createdAt = new Date().toISOString();
    const personOf = (index: number, fingers: { position: number; packed: Uint8Array }[]): RestoredPerson => {
      let uin = generateUin();
      while (uins.has(uin)) uin = generateUin();
      uins.add(uin);
      uinOfPerson.set(index, uin);
      const d = demographics[index]!;
      const record = {
        uin,
        nina: d.nina ?? null,
        status: 'active' as const,
        mergedIntoUin: null,
        familyNames: d.familyNames,
        givenNames: d.givenNames,
        sex: d.sex,
        birthDate: d.birthDate,
        birthPlaceCode: d.birthPlaceCode,
        fatherName: d.fatherName ?? null,
        motherName: d.motherName ?? null,
        nationality: d.nationality ?? 'MLI',
        residenceCommuneCode: d.residenceCommuneCode ?? null,
        version: 1,
        createdAt,
        updatedAt: createdAt,
      };
      return {
        ...record,
        versions: [{ version: 1, changedAt: createdAt, changedBy: 'bench', reason: 'banc de redémarrage / restart benchmark', requestId: null, data: record }],
        enrollments: [
          {
            status: 'enrolled',
            createdAt,
            createdBy: 'bench',
            missingFingers: [],
            fingers: fingers.map((f) => ({ kind: 'template', position: f.position, sourceFormat: 'iso19794-2', record: templateToIso19794_2(unpackFinger(f.packed), { fingerPosition: f.position }) })),
          },
        ],
      };
    };
    let page: RestoredPerson[] = [];
    filled = 0;
    // Two pages in flight: one is prepared (templates parsed and packed) while the other's rows are written.
    const inFlight: Promise<void>[] = [];
    const flush = async () => {
      if (page.length === 0) return;
      const written = page.length;
      const restored = registry.restores.restorePeople(page).then(() => {
        filled += written;
        if (filled % 10_000 === 0 || filled === total) log(`filled ${filled}/${total} people (${((performance.now() - fillStarted) / 1000).toFixed(0)} s)`);
      });
      restored.catch(() => undefined); // awaited below
      inFlight.push(restored);
      page = [];
      if (inFlight.length >= 2) await inFlight.shift();
    };
    // The N cached people through restorePeople: copy 0, the base the SQL copies are made from.
    await scanCache(galleryCachePath(cacheDir, people, seed, versions.gallery), galleryCacheHeader(people, seed, versions.gallery), async (chunk) => {
      const bySubject = new Map<number, { position: number; packed: Uint8Array }[]>();
      for (const f of decodeGalleryBatch(chunk.payload)) {
        let list = bySubject.get(f.subjectId);
        if (!list) bySubject.set(f.subjectId, (list = []));
        list.push({ position: f.position, packed: f.packed });
      }
      for (const [subjectId, fingers] of bySubject) {
        page.push(personOf(subjectId - 1, fingers));
        if (page.length >= PAGE) await flush();
      }
    });
    await flush();
    await Promise.all(inFlight);
    // The other copies, in SQL: each base person (ordered by UIN) again under a fresh UIN.
    const db = registry.database.db;
    const base = await sql<{ uin: string }>`select uin from person order by uin`.execute(db);
    // The base rows set aside in tables of their own: each copy then reads the N base people, not the growing register.
    await sql`create table bench_base_person as select p.*, row_number() over (order by uin) as rn from person p`.execute(db);
    await sql`create table bench_base_version as select * from person_version`.execute(db);
    await sql`create table bench_base_enrollment as select * from enrollment`.execute(db);
    await sql`create table bench_base_finger as select * from enrolled_finger`.execute(db);
    await sql`analyze bench_base_person, bench_base_version, bench_base_enrollment, bench_base_finger`.execute(db);
    const mates = [uinOfPerson.get(probe.person)!];
    const probeRow = base.rows.findIndex((r) => r.uin === mates[0]);
    for (let copy = 1; copy < copies; copy++) {
      const copyUins = base.rows.map(() => {
        let uin = generateUin();
        while (uins.has(uin)) uin = generateUin();
        uins.add(uin);
        return uin;
      });
      mates.push(copyUins[probeRow]!);
      await replicateBase(db, copyUins);
      filled += base.rows.length;
      if (copy % 10 === 9 || copy === copies - 1) log(`filled ${filled}/${total} people (${((performance.now() - fillStarted) / 1000).toFixed(0)} s)`);
    }
    await sql`drop table bench_base_person, bench_base_version, bench_base_enrollment, bench_base_finger`.execute(db);
    await registry.close();
    fillSeconds = (performance.now() - fillStarted) / 1000;
    log(`register filled: ${filled} people in ${fillSeconds.toFixed(0)} s`);
    writeFileSync(matesFile, JSON.stringify(mates));
  }
  const mateUins = new Set(JSON.parse(readFileSync(matesFile, 'utf8')) as string[]);

  // ---- start, restart --------------------------------------------------------------------------
  const bin = join(repoRoot, 'packages/cli/bin/kura.js');
  const env = { ...process.env, KURA_DATABASE_URL: databaseUrl, KURA_DATA_DIR: dataDir, KURA_IMAGE_DIR: join(dataDir, 'images'), KURA_GALLERY_DIR: join(dataDir, 'gallery'), KURA_LOG_LEVEL: 'warn' };
  const base = `http://127.0.0.1:${port}`;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  async function start(): Promise<{ seconds: number; candidates: { uin: string | null; score: number }[]; child: ChildProcess }> {
    const started = performance.now();
    const child = spawn(process.execPath, [bin, 'serve', '--port', String(port)], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    let exited = false;
    child.once('exit', () => (exited = true));
    let token: string | undefined;
    for (;;) {
      if (exited) throw new Error('kura serve exited before answering');
      try {
        if (!token) {
          const login = await fetch(`${base}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench', password: PASSWORD }) });
          if (login.ok) token = ((await login.json()) as { token: string }).token;
          else throw new Error(`login ${login.status}`);
        }
        const answer = await fetch(`${base}/v1/biometrics/identify`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
        if (answer.ok) {
          const seconds = (performance.now() - started) / 1000;
          const result = (await answer.json()) as { candidates: { uin: string | null; score: number }[] };
          return { seconds, candidates: result.candidates.map((c) => ({ uin: c.uin, score: Math.round(c.score * 100) / 100 })), child };
        }
        throw new Error(`identify ${answer.status}: ${await answer.text()}`);
      } catch (error) {
        // Not listening yet (connection refused), or still loading after fetch's 300 s wait for an
        // answer (a first start at a million people rebuilds for longer): try again; anything else fails.
        const cause = (error as { cause?: { code?: string } }).cause?.code;
        if (cause !== 'ECONNREFUSED' && cause !== 'UND_ERR_HEADERS_TIMEOUT') throw error;
        await sleep(25);
      }
    }
  }
  async function stop(child: ChildProcess) {
    const done = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await done;
  }

  const first = await start();
  log(`first start (builds the gallery snapshot from the database): ${first.seconds.toFixed(2)} s`);
  await stop(first.child);
  const restartRuns = [];
  for (let i = 0; i < restarts; i++) {
    const run = await start();
    log(`restart ${i + 1}: ${run.seconds.toFixed(2)} s → ${JSON.stringify(run.candidates[0])}`);
    await stop(run.child);
    restartRuns.push({ seconds: Math.round(run.seconds * 100) / 100, best: run.candidates[0], mateFirst: mateUins.has(run.candidates[0]?.uin ?? '') });
  }
  const report = {
    benchmark: 'kura serve restart with N enrolled people (bench/registry/serve-restart.ts)',
    date: new Date().toISOString(),
    command: `npx tsx --conditions kura-source bench/registry/serve-restart.ts ${process.argv.slice(2).join(' ')}`,
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), loadAverage1m: Math.round(loadavg()[0]! * 100) / 100, node: process.version },
    database: 'PostgreSQL 15 (127.0.0.1)',
    people: filled,
    fingers: filled * 10,
    built: copies === 1 ? `the ${people}-person identify cache` : `${copies} copies of the ${people}-person identify cache (speed only)`,
    fillSeconds: fillSeconds === null ? null : Math.round(fillSeconds),
    firstStartSeconds: Math.round(first.seconds * 100) / 100,
    restarts: restartRuns,
    probe: { person: probe.person, mateUins: [...mateUins] },
  };
  console.log(JSON.stringify(report));
  mkdirSync(join(repoRoot, 'bench/out'), { recursive: true });
  writeFileSync(join(repoRoot, `bench/out/serve-restart-${total}.json`), `${JSON.stringify(report, null, 2)}\n`);
} finally {
  if (!keep) {
    psql(`drop database if exists ${database} with (force)`);
    rmSync(dataDir, { recursive: true, force: true });
  } else log(`kept: ${databaseUrl}, ${dataDir}`);
}

/**
 * One copy of the base people (bench_base_*: the rows restorePeople wrote, people numbered in UIN
 * order) under the given UINs, in one transaction: person, history (the UIN in the
 * recorded data replaced), enrollment, fingers (same template and packed bytes), gallery change.
 */
async function replicateBase(db: KuraDatabase['db'], copyUins: readonly string[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`create temp table copy_person on commit drop as
      select b.id as old_id, gen_random_uuid() as new_id, u.uin
      from bench_base_person b
      join unnest(${copyUins}::text[]) with ordinality as u(uin, rn) on u.rn = b.rn`.execute(trx);
    await sql`insert into person (id, uin, nina, version, status, merged_into, family_names, given_names, search_key, phonetic_tokens, sex, birth_date, birth_year, birth_month, birth_day, birth_place_code, father_name, mother_name, nationality, residence_commune_code, created_at, updated_at)
      select c.new_id, c.uin, null, p.version, p.status, null, p.family_names, p.given_names, p.search_key, p.phonetic_tokens, p.sex, p.birth_date, p.birth_year, p.birth_month, p.birth_day, p.birth_place_code, p.father_name, p.mother_name, p.nationality, p.residence_commune_code, p.created_at, p.updated_at
      from copy_person c join bench_base_person p on p.id = c.old_id`.execute(trx);
    await sql`insert into person_version (person_id, version, data, changed_by, changed_by_username, changed_at, reason, request_id)
      select c.new_id, v.version, jsonb_set(jsonb_set(v.data, '{uin}', to_jsonb(c.uin)), '{nina}', 'null'::jsonb), v.changed_by, v.changed_by_username, v.changed_at, v.reason, v.request_id
      from copy_person c join bench_base_version v on v.person_id = c.old_id`.execute(trx);
    await sql`create temp table copy_enrollment on commit drop as
      select e.id as old_id, nextval(pg_get_serial_sequence('enrollment', 'id')) as new_id, c.new_id as person_id
      from copy_person c join bench_base_enrollment e on e.person_id = c.old_id order by e.id`.execute(trx);
    await sql`insert into enrollment (id, status, person_id, applicant, missing_fingers, finger_outcomes, case_id, created_by, created_by_username, created_at)
      select m.new_id, e.status, m.person_id, e.applicant, e.missing_fingers, e.finger_outcomes, null, e.created_by, e.created_by_username, e.created_at
      from copy_enrollment m join bench_base_enrollment e on e.id = m.old_id`.execute(trx);
    await sql`insert into enrolled_finger (enrollment_id, position, source_format, template, packed, image_sha256, image_media_type, quality, minutiae)
      select m.new_id, f.position, f.source_format, f.template, f.packed, f.image_sha256, f.image_media_type, f.quality, f.minutiae
      from copy_enrollment m join bench_base_finger f on f.enrollment_id = m.old_id`.execute(trx);
    await sql`insert into gallery_change (op, enrollment_id) select 'add', new_id from copy_enrollment order by new_id`.execute(trx);
  });
}
