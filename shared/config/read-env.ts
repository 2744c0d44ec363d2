import * as z from 'zod';
import { ConfigurationError } from '../errors/index.ts';

/**
 * Reads one environment variable once (cold start), validated; a missing or malformed value fails loudly with
 * its name instead of becoming an empty string somewhere deep down. Shared by `env.ts` and `secrets.ts`.
 */

const cache = new Map<string, unknown>();

export function readOnce<T>(name: string, schema: z.ZodType<T>): T {
  if (cache.has(name)) return cache.get(name) as T;
  const parsed = schema.safeParse(process.env[name]);
  if (!parsed.success) {
    throw new ConfigurationError(
      `Environment variable ${name} is missing or invalid: ${parsed.error.issues[0]?.message}`,
    );
  }
  cache.set(name, parsed.data);
  return parsed.data;
}

/** A set of environment variables, as `process.env` or as the CDK app writes a function's environment. */
export type EnvironmentVariables = Readonly<Record<string, string | undefined>>;

/**
 * Several variables validated together; the error names the first bad variable. Pure, so the CDK app checks a
 * function's environment at synth with the same schema the function reads it with at its cold start.
 */
export function parseEnvGroup<T>(key: string, schema: z.ZodType<T>, env: EnvironmentVariables): T {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigurationError(
      `Environment variable ${issue?.path.join('.') || key} is missing or invalid: ${issue?.message}`,
    );
  }
  return parsed.data;
}

/**
 * A value derived from the environment, computed once per cold start (the mainland China transports read their
 * settings this way). Shares the cache, and `resetEnvCache`, with `readOnce`: keys are group names, which no
 * variable is.
 */
export function readEnvOnce<T>(key: string, read: () => T): T {
  if (cache.has(key)) return cache.get(key) as T;
  const value = read();
  cache.set(key, value);
  return value;
}

/** `parseEnvGroup` on `process.env`, once per cold start. */
export function readEnvGroupOnce<T>(key: string, schema: z.ZodType<T>): T {
  return readEnvOnce(key, () => parseEnvGroup(key, schema, process.env));
}

export const stages = ['local', 'test', 'dev', 'prod'] as const;
export type Stage = (typeof stages)[number];

export function stage(): Stage {
  return readOnce('STAGE', z.enum(stages));
}

/** Cloud stages run on AWS; the local identity provider and demo logins refuse to run there. */
export function isCloudStage(value: Stage = stage()): boolean {
  return value === 'dev' || value === 'prod';
}

/** For tests and the local runtime, which set the environment before handlers run. */
export function resetEnvCache(): void {
  cache.clear();
}
