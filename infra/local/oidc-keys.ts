import { createHash, generateKeyPairSync, type JsonWebKey, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Keys of the local OIDC provider: the RSA key that signs ID and access tokens (RS256, the algorithm family API
 * Gateway's JWT authorizer verifies; it publishes the public half at its JWKS endpoint) and the keys that sign
 * its cookies. Kept in the data folder so tokens and sign-in sessions survive a restart of `npm start`;
 * generated per run when there is no data folder (tests).
 */
export interface OidcKeys {
  /** Private JWK with `kid`, `alg: RS256`, `use: sig`. */
  readonly signingKey: JsonWebKey & { kid: string; alg: 'RS256'; use: 'sig' };
  readonly cookieKeys: readonly string[];
}

function generate(): OidcKeys {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  const kid = createHash('sha256').update(String(jwk.n)).digest('base64url').slice(0, 16);
  return {
    signingKey: { ...jwk, kid, alg: 'RS256', use: 'sig' },
    cookieKeys: [randomBytes(32).toString('base64url')],
  };
}

export function localOidcKeys(dataDirectory?: string): OidcKeys {
  if (!dataDirectory) return generate();
  const path = join(dataDirectory, 'oidc-keys.json');
  try {
    const stored = JSON.parse(readFileSync(path, 'utf8')) as Partial<OidcKeys>;
    if (stored.signingKey?.d && stored.signingKey.kid && stored.cookieKeys?.length) return stored as OidcKeys;
  } catch {
    // First start: fall through and create them.
  }
  const keys = generate();
  mkdirSync(dataDirectory, { recursive: true });
  writeFileSync(path, JSON.stringify(keys), { mode: 0o600 });
  return keys;
}
