import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretName } from '../../shared/topology.ts';

/**
 * Secrets of the local runtime (Secrets Manager holds them in the cloud). Kept in the data folder so survey
 * links sent before a restart still work after it; generated per run when there is no data folder (tests).
 */
export interface LocalSecrets {
  readonly cursorSecret: string;
  readonly surveySecret: string;
  readonly webhookSecret: string;
  /** What the local edge (the gateway playing CloudFront) sends in the origin-verify header. */
  readonly originVerifySecret: string;
}

const generate = (): LocalSecrets => ({
  cursorSecret: randomBytes(24).toString('base64url'),
  surveySecret: randomBytes(32).toString('base64url'),
  webhookSecret: randomBytes(32).toString('base64url'),
  originVerifySecret: randomBytes(32).toString('base64url'),
});

/** By the topology's secret names, as functions read them (shared/config/secrets.ts). */
export function secretValues(secrets: LocalSecrets): Record<SecretName, string> {
  return {
    cursor: secrets.cursorSecret,
    survey: secrets.surveySecret,
    webhook: secrets.webhookSecret,
    originVerify: secrets.originVerifySecret,
  };
}

export function localSecrets(dataDirectory?: string): LocalSecrets {
  if (!dataDirectory) return generate();
  const path = join(dataDirectory, 'secrets.json');
  try {
    const stored = JSON.parse(readFileSync(path, 'utf8')) as Partial<LocalSecrets>;
    if (stored.cursorSecret && stored.surveySecret && stored.webhookSecret) {
      // Data folders from before the origin-verify secret get one added, the others kept.
      if (stored.originVerifySecret) return stored as LocalSecrets;
      const upgraded = { ...generate(), ...stored } as LocalSecrets;
      writeFileSync(path, JSON.stringify(upgraded), { mode: 0o600 });
      return upgraded;
    }
  } catch {
    // First start: fall through and create them.
  }
  const secrets = generate();
  mkdirSync(dataDirectory, { recursive: true });
  writeFileSync(path, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}
