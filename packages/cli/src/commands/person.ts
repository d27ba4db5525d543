import { openRegistry, type Person } from '@kura/registry';
import { cliActor, type CommonOptions, registryConfig } from '../config.js';

export interface PersonSearchOptions extends CommonOptions {
  birthDate?: string;
  place?: string;
  residence?: string;
  sex?: 'M' | 'F';
  page?: string;
  pageSize?: string;
  json?: boolean;
  purpose?: string;
}

function describe(p: Person): string {
  return [
    `${p.familyNames.toUpperCase()} ${p.givenNames}`,
    `  UIN ${p.uin}${p.nina ? `   NINA ${p.nina}` : ''}   statut/status ${p.status}${p.mergedIntoUin ? ` → ${p.mergedIntoUin}` : ''}`,
    `  né(e) le / born ${p.birthDate} à / at ${p.birthPlaceCode}   sexe/sex ${p.sex}   nationalité ${p.nationality}`,
    `  père/father ${p.fatherName ?? '—'}   mère/mother ${p.motherName ?? '—'}   résidence ${p.residenceCommuneCode ?? '—'}`,
    `  version ${p.version}, modifié/updated ${p.updatedAt}`,
  ].join('\n');
}

/** Shows one person by UIN (11 digits) or NINA (14 digits and a letter). The access is audited. */
export async function personShowCommand(id: string, options: CommonOptions & { json?: boolean; purpose?: string }): Promise<void> {
  const registry = await openRegistry(registryConfig(options));
  try {
    const actor = cliActor(options.purpose);
    const person = /^[0-9]{14}[A-Za-z]$/.test(id) ? await registry.people.getByNina(id.toUpperCase(), actor) : await registry.people.getByUin(id, actor);
    console.log(options.json ? JSON.stringify(person, null, 2) : describe(person));
  } finally {
    await registry.close();
  }
}

export async function personSearchCommand(name: string | undefined, options: PersonSearchOptions): Promise<void> {
  const registry = await openRegistry(registryConfig(options));
  try {
    const result = await registry.people.search(
      {
        ...(name ? { name } : {}),
        ...(options.birthDate ? { birthDate: options.birthDate } : {}),
        ...(options.place ? { birthPlaceCode: options.place } : {}),
        ...(options.residence ? { residenceCommuneCode: options.residence } : {}),
        ...(options.sex ? { sex: options.sex } : {}),
        ...(options.page ? { page: Number(options.page) } : {}),
        ...(options.pageSize ? { pageSize: Number(options.pageSize) } : {}),
      },
      cliActor(options.purpose),
    );
    if (options.json) {
      console.log(JSON.stringify(result, null, 2));
      return;
    }
    console.log(`${result.total} résultat(s) / result(s), page ${result.page}`);
    for (const p of result.items) {
      console.log(`${p.uin}  ${p.score.toFixed(2)}  ${`${p.familyNames} ${p.givenNames}`.padEnd(32)} ${p.sex} ${p.birthDate.padEnd(10)} ${p.birthPlaceCode}`);
    }
  } finally {
    await registry.close();
  }
}
