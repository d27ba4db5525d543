/**
 * Child process of the kill test: enrolls in a loop on the database given in KURA_KILL_CONFIG and
 * prints "ACK <id>" once each enrollment is acknowledged (enroll returned). The parent kills it
 * with SIGKILL at a random moment.
 */
import { openRegistry, type RegistryConfig } from '../src/index.js';
import { actor, applicant, fvcTemplates } from './enrollment.fixtures.js';

const config = JSON.parse(process.env.KURA_KILL_CONFIG!) as RegistryConfig;
const registry = await openRegistry({ ...config, extractionWorkers: 1 });
await registry.gallery.ready();
process.stdout.write('READY\n');
for (let i = 0; ; i++) {
  const set = i % 2 === 0 ? 'db1' : 'db2';
  const impression = 1 + (Math.floor(i / 2) % 8);
  const positions = [1 + (i % 10), 1 + ((i + 3) % 10)];
  const enrollment = await registry.biometrics.enroll({ person: applicant(`Kanté${i}`, 'Sira'), fingers: fvcTemplates(set, impression, positions) }, actor);
  process.stdout.write(`ACK ${enrollment.id}\n`);
}
