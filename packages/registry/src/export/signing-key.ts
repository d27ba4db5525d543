import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The deployment's export signing key (Ed25519) and where it came from. */
export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The public key as PEM (SubjectPublicKeyInfo), as written into every export. */
  publicKeyPem: string;
  /** `sha256:` + hex SHA-256 of the public key's DER bytes: what an operator compares by eye. */
  fingerprint: string;
  path: string;
  /** True when this call created the key file. */
  created: boolean;
}

export class SigningKeyError extends Error {
  override readonly name = 'SigningKeyError';
}

/** Relative to the data folder when KURA_SIGNING_KEY is not set. */
export const DEFAULT_SIGNING_KEY_FILE = 'keys/export-ed25519.pem';

export function keyFingerprint(publicKey: KeyObject): string {
  return `sha256:${createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex')}`;
}

export function publicKeyFromPem(pem: string, source: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (error) {
    throw new SigningKeyError(`${source}: not a PEM public key (${(error as Error).message})`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new SigningKeyError(`${source}: an Ed25519 key is needed, this one is ${key.asymmetricKeyType}`);
  return key;
}

/**
 * The key named by KURA_SIGNING_KEY (a PEM private key file), else `<data dir>/keys/export-ed25519.pem`,
 * created on first use with permissions 0600 (folder 0700). A file that is not an Ed25519 private key
 * is refused rather than replaced: replacing it would orphan every export signed before.
 */
export function loadOrCreateSigningKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): SigningKey {
  const given = env.KURA_SIGNING_KEY || undefined;
  const path = resolve(given ?? resolve(dataDir, DEFAULT_SIGNING_KEY_FILE));
  let pem: string | undefined;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new SigningKeyError(`cannot read the signing key ${path}: ${(error as Error).message}`);
    if (given) throw new SigningKeyError(`KURA_SIGNING_KEY names ${path}, which does not exist`);
  }
  let created = false;
  if (pem === undefined) {
    const pair = generateKeyPairSync('ed25519');
    pem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    try {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      // 'wx': two exports starting together must not both create (and one overwrite) the key.
      writeFileSync(path, pem, { mode: 0o600, flag: 'wx' });
      chmodSync(path, 0o600);
      created = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new SigningKeyError(`cannot create the signing key ${path}: ${(error as Error).message}`);
      pem = readFileSync(path, 'utf8');
    }
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch (error) {
    throw new SigningKeyError(`${path}: not a PEM private key (${(error as Error).message})`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new SigningKeyError(`${path}: an Ed25519 key is needed, this one is ${privateKey.asymmetricKeyType}`);
  const publicKey = createPublicKey(privateKey);
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return { privateKey, publicKey, publicKeyPem, fingerprint: keyFingerprint(publicKey), path, created };
}
