import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type SecretsManagerStub, startSecretsManagerStub } from '../support/provider-stubs.ts';

/**
 * The cloud path of `config/secrets.ts`: a function's declared secrets read by ARN at cold start (the module's
 * top-level await), through the same Secrets Manager reader as the mainland transports' county secrets, with
 * the real SDK against a Secrets Manager stand-in. Each import below is a fresh cold start.
 */

const CURSOR_ARN = 'arn:aws-cn:secretsmanager:cn-northwest-1:123456789012:secret:huiyin-dev-cursor-AbCdEf';
const SURVEY_ARN = 'arn:aws-cn:secretsmanager:cn-northwest-1:123456789012:secret:huiyin-dev-survey-GhIjKl';
const SHORT_ARN = 'arn:aws-cn:secretsmanager:cn-northwest-1:123456789012:secret:huiyin-dev-webhook-MnOpQr';

let stub: SecretsManagerStub;
const saved = { ...process.env };

beforeAll(async () => {
  stub = await startSecretsManagerStub({
    [CURSOR_ARN]: 'cursor-secret-of-thirty-two-chars',
    [SURVEY_ARN]: 'survey-secret-of-thirty-two-chars',
    [SHORT_ARN]: 'too-short',
  });
});

afterEach(() => {
  process.env = { ...saved };
});

afterAll(async () => {
  await stub?.stop();
});

/** A cold start of a function in a cloud stage whose environment names these secrets by ARN. */
async function coldStart(arns: Record<string, string>) {
  process.env = {
    ...saved,
    STAGE: 'dev',
    AWS_REGION: 'cn-northwest-1',
    AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
    AWS_SECRET_ACCESS_KEY: 'local-secret',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: stub.url,
    ...arns,
  };
  vi.resetModules();
  return import('../../shared/config/secrets.ts');
}

describe('secrets declared in the topology, read by ARN at cold start', () => {
  it('reads each declared secret once, and only those', async () => {
    const before = { cursor: stub.reads.get(CURSOR_ARN) ?? 0, survey: stub.reads.get(SURVEY_ARN) ?? 0 };
    const secrets = await coldStart({ CURSOR_SECRET_ARN: CURSOR_ARN, SURVEY_SECRET_ARN: SURVEY_ARN });
    expect(secrets.secret('cursor')).toBe('cursor-secret-of-thirty-two-chars');
    expect(secrets.secret('survey')).toBe('survey-secret-of-thirty-two-chars');
    expect(secrets.secret('cursor')).toBe('cursor-secret-of-thirty-two-chars');
    expect(stub.reads.get(CURSOR_ARN)).toBe(before.cursor + 1);
    expect(stub.reads.get(SURVEY_ARN)).toBe(before.survey + 1);
    // Undeclared: no ARN in this function's environment, so nothing to read, and a clear error on use.
    expect(secrets.optionalSecret('webhook')).toBeUndefined();
    expect(() => secrets.secret('webhook')).toThrow(/declare it in its topology entry/);
  });

  it('fails the cold start with the secret named when a value is unusable or missing', async () => {
    await expect(coldStart({ WEBHOOK_SECRET_ARN: SHORT_ARN })).rejects.toThrow(
      'secret webhook: a secret needs at least 16 characters',
    );
    await expect(coldStart({ CURSOR_SECRET_ARN: `${CURSOR_ARN}-gone` })).rejects.toThrow(
      /can't find the secret/,
    );
  });
});
