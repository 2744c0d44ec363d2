import { afterEach, describe, expect, it } from 'vitest';
import { parseQueueArgument } from '../../../scripts/redrive.ts';
import { resetEnvCache } from '../../../shared/config/env.ts';
import {
  assertCountySecretDeclared,
  optionalSecret,
  secret,
  withDeclaredSecrets,
} from '../../../shared/config/secrets.ts';
import { ConfigurationError } from '../../../shared/errors/index.ts';
import { problemFromResponse } from '../../../web/src/problem.ts';

const saved = { ...process.env };

afterEach(() => {
  process.env = { ...saved };
  resetEnvCache();
});

describe('secrets', () => {
  it('locally, reads the runtime’s value, and only the secrets the function declares', () => {
    process.env.STAGE = 'local';
    process.env.CURSOR_SECRET = 'cursor-secret-0123456789';
    resetEnvCache();

    expect(withDeclaredSecrets('staffListCases', { secrets: ['cursor'] }, () => secret('cursor'))).toBe(
      'cursor-secret-0123456789',
    );
    expect(() =>
      withDeclaredSecrets('apiCatalog', { secrets: ['originVerify'] }, () => secret('cursor')),
    ).toThrow(/apiCatalog reads the cursor secret, which its topology entry does not declare/);
  });

  it('locally, lets a function read only the county secrets it declares', () => {
    const notifier = { countySecrets: ['smsCredentials', 'smtpPassword'] } as const;
    expect(() =>
      withDeclaredSecrets('queueNotifier', notifier, () => assertCountySecretDeclared('smtpPassword')),
    ).not.toThrow();
    expect(() =>
      withDeclaredSecrets('queueNotifier', notifier, () => assertCountySecretDeclared('imapPassword')),
    ).toThrow(
      /queueNotifier reads the county's imapPassword secret, which its topology entry does not declare/,
    );
    expect(() =>
      withDeclaredSecrets('apiCatalog', {}, () => assertCountySecretDeclared('smsCredentials')),
    ).toThrow(ConfigurationError);
  });

  it('never takes a value from the environment in a cloud stage (only by ARN at cold start)', () => {
    process.env.STAGE = 'prod';
    process.env.CURSOR_SECRET = 'cursor-secret-0123456789';
    resetEnvCache();

    expect(optionalSecret('cursor')).toBeUndefined();
    expect(() => secret('cursor')).toThrow(ConfigurationError);
  });
});

describe('redrive targets', () => {
  it('knows the DLQs and the async-failures queue', () => {
    expect(parseQueueArgument(['async-failures'])).toBe('async-failures');
    expect(parseQueueArgument(['--', 'routing'])).toBe('routing');
    expect(parseQueueArgument(['similar'])).toBe('similar');
    expect(() => parseQueueArgument(['schedules'])).toThrow(
      /routing\|delivery\|notifications\|similar\|async-failures/,
    );
  });
});

describe('error bodies from either side', () => {
  it('keeps our problem+json, and titles API Gateway’s {message} answers by status, in Chinese or English', () => {
    const ours = JSON.stringify({ type: 'urn:huiyin:problem:not-found', title: '未找到该诉求', status: 404 });
    expect(problemFromResponse(404, ours, 'zh')).toMatchObject({ title: '未找到该诉求', status: 404 });
    expect(problemFromResponse(429, '{"message":"Too Many Requests"}', 'zh')).toEqual({
      title: '访问的人太多了，请稍后再试',
      status: 429,
    });
    expect(problemFromResponse(503, '{"message":"Service Unavailable"}', 'en').title).toMatch(/busy/);
    expect(problemFromResponse(413, 'HTTP content length exceeded 10485760 bytes.', 'zh').title).toContain(
      '太大',
    );
    expect(problemFromResponse(502, '', 'zh').title).not.toMatch(/[A-Za-z]/);
  });
});
