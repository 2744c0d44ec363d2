import type * as z from 'zod';
import { SecretsManagerReader } from '../../adapters/secrets/secrets-manager-reader.ts';
import { assertCountySecretDeclared } from '../../config/secrets.ts';
import { ConfigurationError } from '../../errors/index.ts';
import type { SecretReader } from '../../ports/secret-reader.ts';
import type { CountySecretName } from '../../topology.ts';
import { once } from '../once.ts';

/** One reader per container: each secret is fetched once per cold start. */
export const secretReader = /* @__PURE__ */ once<SecretReader>(() => new SecretsManagerReader());

/**
 * One of the county's provider secrets (`uses.countySecrets`), by the ARN or name its setting gives. Read on
 * first use, so a missing secret or grant fails only the work that needed it.
 */
export function readCountySecret(name: CountySecretName, secretId: string): Promise<string> {
  assertCountySecretDeclared(name);
  return secretReader().read(secretId);
}

/** A JSON secret checked against its schema; the error names the secret, never its value. */
export function parseSecret<T>(secretId: string, value: string, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    throw new ConfigurationError(`secret ${secretId} is not JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new ConfigurationError(
      `secret ${secretId} lacks ${parsed.error.issues[0]?.path.join('.') || 'fields'}`,
    );
  return parsed.data;
}
