import * as z from 'zod';
import { SecretsManagerReader } from '../adapters/secrets/secrets-manager-reader.ts';
import { ConfigurationError } from '../errors/index.ts';
import {
  type CountySecretName,
  type SecretName,
  secretArnEnvName,
  secretNames,
  secretValueEnvName,
} from '../topology.ts';
import { currentInvocation } from './invocation.ts';
import { isCloudStage, readOnce } from './read-env.ts';

/**
 * The secrets a function reads, one code path in both runtimes:
 *
 * - In the cloud a function's environment names only the secrets its topology entry declares, by ARN
 *   (`CURSOR_SECRET_ARN`). They are read once per cold start, during Lambda's init phase (top-level await),
 *   with Secrets Manager GetSecretValue, and never reach the function configuration or the templates.
 * - Locally (stages `local` and `test` only) the runtime hands the values in (`CURSOR_SECRET`), and each
 *   invocation is bound to its function's declaration (`withDeclaredUses`, invocation.ts), so reading an undeclared
 *   secret fails locally exactly as it would in the cloud, where the function would have no such ARN.
 *
 * A value in the environment is never honoured in a cloud stage.
 *
 * The county's provider secrets (`uses.countySecrets`) are named by a setting and read on first use instead
 * (`runtime/deps/secrets.ts`); the same binding makes reading an undeclared one fail locally.
 */

const secretValue = z.string().min(16, 'a secret needs at least 16 characters');

function parse(name: SecretName, value: unknown): string {
  const parsed = secretValue.safeParse(value);
  if (!parsed.success) throw new ConfigurationError(`secret ${name}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/** Every secret whose ARN this function received; empty locally (no ARNs there). */
async function loadDeclaredSecrets(): Promise<ReadonlyMap<SecretName, string>> {
  const declared = secretNames.flatMap((name) => {
    const arn = process.env[secretArnEnvName(name)];
    return arn ? [[name, arn] as const] : [];
  });
  if (declared.length === 0) return new Map();
  // The one Secrets Manager reader (also behind the county's provider keys and mailbox passwords, which the
  // mainland transports read on first use: docs/deploy-china.md). Its SDK client loads only when there is
  // something to read: the local runtime and functions without secrets never load it.
  const reader = new SecretsManagerReader();
  try {
    const values = await Promise.all(
      declared.map(async ([name, arn]) => [name, parse(name, await reader.read(arn))] as const),
    );
    return new Map(values);
  } finally {
    await reader.destroy();
  }
}

const loaded = await loadDeclaredSecrets();

/**
 * Refuses, locally, a county secret the running function does not declare (`uses.countySecrets`). In the cloud
 * such a function has neither the setting naming the secret nor a grant to read it.
 */
export function assertCountySecretDeclared(name: CountySecretName): void {
  const current = currentInvocation();
  if (current && !current.uses.countySecrets?.includes(name)) {
    throw new ConfigurationError(
      `${current.fn} reads the county's ${name} secret, which its topology entry does not declare (uses.countySecrets)`,
    );
  }
}

/** The secret's value, or undefined when this function has none (e.g. `originVerify` off CloudFront). */
export function optionalSecret(name: SecretName): string | undefined {
  if (isCloudStage()) return loaded.get(name);
  const current = currentInvocation();
  if (current && !current.uses.secrets?.includes(name)) {
    throw new ConfigurationError(
      `${current.fn} reads the ${name} secret, which its topology entry does not declare (uses.secrets)`,
    );
  }
  const value = readOnce(secretValueEnvName(name), z.string().optional());
  return value === undefined ? undefined : parse(name, value);
}

export function secret(name: SecretName): string {
  const value = optionalSecret(name);
  if (value === undefined) {
    throw new ConfigurationError(
      `secret ${name} is not available to this function: declare it in its topology entry (uses.secrets)`,
    );
  }
  return value;
}
