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

/**
 * Several variables validated together, once per cold start (the mainland China transports read their
 * settings this way); the error names the first bad variable. Shares the cache, and `resetEnvCache`, with
 * `readOnce`: keys are group names, which no variable is.
 */
export function readEnvGroupOnce<T>(key: string, schema: z.ZodType<T>): T {
  if (cache.has(key)) return cache.get(key) as T;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigurationError(
      `Environment variable ${issue?.path.join('.') || key} is missing or invalid: ${issue?.message}`,
    );
  }
  cache.set(key, parsed.data);
  return parsed.data;
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
