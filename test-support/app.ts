import type { FastifyInstance } from 'fastify';
import { openRegistry, type Registry, type Role, type RegistryConfig } from '../packages/registry/src/index.js';
import { buildApp } from '../packages/server/src/index.js';
import { createTestDatabase } from './database.js';

export const TEST_PASSWORD = 'test password 12345';
export const ROLE_LIST: Role[] = ['admin', 'registrar', 'supervisor', 'auditor'];

export interface TestApp {
  app: FastifyInstance;
  registry: Registry;
  /** A bearer header for one operator of each role (usernames are the role names). */
  auth: Record<Role, { authorization: string }>;
  close(): Promise<void>;
}

/** A registry on a fresh test database, the API over it, and one logged-in operator per role. */
export async function startTestApp(overrides: Partial<RegistryConfig> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const registry = await openRegistry({ ...database.config, ...overrides });
  const app = await buildApp({ registry });
  const auth = {} as TestApp['auth'];
  for (const role of ROLE_LIST) {
    await registry.operators.create({ username: role, displayName: role, roles: [role], password: TEST_PASSWORD }, { operatorId: null, username: 'test' });
    const session = await registry.operators.login(role, TEST_PASSWORD);
    auth[role] = { authorization: `Bearer ${session.token}` };
  }
  return {
    app,
    registry,
    auth,
    close: async () => {
      await app.close();
      await registry.close();
      await database.drop();
    },
  };
}

export const samplePerson = {
  familyNames: 'Traoré',
  givenNames: 'Aminata',
  sex: 'F',
  birthDate: '1984-07-12',
  birthPlaceCode: '1101003',
  fatherName: 'Moussa Traoré',
  motherName: 'Fatoumata Keïta',
  nationality: 'MLI',
  residenceCommuneCode: '1101004',
} as const;
