import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import type { Actor } from '../actor.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { Database } from '../db/schema.js';
import { conflict, DomainError } from '../errors.js';
import { isUniqueViolation } from '../people/person.service.js';
import type { OperatorRepository, OperatorRow } from './operator.repository.js';
import { MIN_PASSWORD_LENGTH, operatorInputSchema, type Operator, type OperatorInput, type Session } from './operator.schema.js';
import type { Role } from './roles.js';

export interface SecuritySettings {
  /** Lifetime of a login token, seconds. */
  tokenTtlSeconds: number;
  /** Consecutive failed logins that lock an account. */
  maxFailedLogins: number;
  /** How long a locked account stays locked, seconds. */
  lockSeconds: number;
}

export const DEFAULT_SECURITY: SecuritySettings = { tokenTtlSeconds: 15 * 60, maxFailedLogins: 5, lockSeconds: 15 * 60 };

/** OWASP's recommended Argon2id cost (19 MiB, 2 passes, 1 lane). */
const ARGON2 = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** A hash to verify against when the username is unknown, so timing does not reveal which usernames exist. */
let decoyHash: Promise<string> | undefined;

/** Operator accounts, login with Argon2id, short-lived opaque tokens, lockout. */
export class OperatorService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly operators: OperatorRepository,
    private readonly audit: AuditRepository,
    private readonly settings: SecuritySettings = DEFAULT_SECURITY,
  ) {}

  async create(rawInput: OperatorInput, actor: Actor): Promise<Operator> {
    const input = operatorInputSchema.parse(rawInput);
    const passwordHash = await hash(input.password, ARGON2);
    try {
      return await this.db.transaction().execute(async (trx) => {
        const row = await this.operators.insert(trx, {
          username: input.username,
          display_name: input.displayName,
          roles: [...new Set(input.roles)],
          password_hash: passwordHash,
        });
        await this.audit.append(trx, actor, [{ action: 'operator.create', details: { username: row.username, roles: row.roles } }]);
        return toOperator(row);
      });
    } catch (error) {
      if (isUniqueViolation(error, 'operator_username_key')) throw conflict('USERNAME_TAKEN', `username ${input.username} is taken`, 'username');
      throw error;
    }
  }

  /** Sets a new password (admin reset): unlocks the account and ends its sessions. */
  async resetPassword(username: string, password: string, actor: Actor): Promise<void> {
    if (password.length < MIN_PASSWORD_LENGTH) throw new DomainError('WEAK_PASSWORD', 400, `a password needs at least ${MIN_PASSWORD_LENGTH} characters`, 'password');
    const row = await this.operators.findByUsername(username);
    if (!row) throw new DomainError('OPERATOR_NOT_FOUND', 404, `no operator ${username}`, 'username');
    const passwordHash = await hash(password, ARGON2);
    await this.db.transaction().execute(async (trx) => {
      await this.operators.setPassword(trx, row.id, passwordHash);
      await this.audit.append(trx, actor, [{ action: 'operator.reset_password', details: { username } }]);
    });
  }

  async list(): Promise<Operator[]> {
    return (await this.operators.list()).map(toOperator);
  }

  async count(): Promise<number> {
    return this.operators.count();
  }

  async login(username: string, password: string, requestId?: string): Promise<Session> {
    const row = await this.operators.findByUsername(username);
    const actor: Actor = { operatorId: row?.id ?? null, username, requestId };
    if (!row || row.disabled) {
      await verify(await (decoyHash ??= hash('decoy password for timing', ARGON2)), password).catch(() => false);
      await this.db.transaction().execute((trx) => this.audit.append(trx, actor, [{ action: 'auth.login_failed', details: { reason: 'unknown_user' } }]));
      throw new DomainError('INVALID_CREDENTIALS', 401, 'wrong username or password');
    }
    if (row.locked_until && new Date(row.locked_until) > new Date()) {
      await this.db.transaction().execute((trx) => this.audit.append(trx, actor, [{ action: 'auth.login_failed', details: { reason: 'locked' } }]));
      throw new DomainError('ACCOUNT_LOCKED', 423, `account locked after repeated failed logins until ${new Date(row.locked_until).toISOString()}`);
    }
    const ok = await verify(row.password_hash, password).catch(() => false);
    if (!ok) {
      const after = await this.db.transaction().execute(async (trx) => {
        const updated = await this.operators.recordFailure(trx, row.id, this.settings.maxFailedLogins, this.settings.lockSeconds);
        await this.audit.append(trx, actor, [{ action: 'auth.login_failed', details: { reason: 'bad_password', locked: updated.locked_until !== null } }]);
        return updated;
      });
      if (after.locked_until && new Date(after.locked_until) > new Date()) {
        throw new DomainError('ACCOUNT_LOCKED', 423, `too many failed logins: account locked until ${new Date(after.locked_until).toISOString()}`);
      }
      throw new DomainError('INVALID_CREDENTIALS', 401, 'wrong username or password');
    }
    const token = randomBytes(32).toString('base64url');
    const expiresAt = await this.db.transaction().execute(async (trx) => {
      await this.operators.resetFailures(trx, row.id);
      const expires = await this.operators.insertSession(trx, hashToken(token), row.id, this.settings.tokenTtlSeconds);
      await this.audit.append(trx, actor, [{ action: 'auth.login' }]);
      return expires;
    });
    return { token, expiresAt: expiresAt.toISOString(), operator: toOperator({ ...row, failed_logins: 0, locked_until: null }) };
  }

  /** The operator a bearer token belongs to, or undefined when it is unknown, expired or revoked. */
  async authenticate(token: string): Promise<Operator | undefined> {
    if (!token || token.length > 200) return undefined;
    const row = await this.operators.findBySession(hashToken(token));
    return row ? toOperator(row) : undefined;
  }

  async logout(token: string, actor: Actor): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (await this.operators.revokeSession(trx, hashToken(token))) await this.audit.append(trx, actor, [{ action: 'auth.logout' }]);
    });
  }
}

/** Tokens are stored only as SHA-256: a database leak yields no usable session. */
function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function toOperator(row: OperatorRow): Operator {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    roles: row.roles as Role[],
    disabled: row.disabled,
    lockedUntil: row.locked_until ? new Date(row.locked_until).toISOString() : null,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
