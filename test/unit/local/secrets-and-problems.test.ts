import { afterEach, describe, expect, it } from 'vitest';
import { parseQueueArgument } from '../../../scripts/redrive.ts';
import { bucketName, queueUrl, resetEnvCache, tableName } from '../../../shared/config/env.ts';
import { withDeclaredUses } from '../../../shared/config/invocation.ts';
import { assertCountySecretDeclared, optionalSecret, secret } from '../../../shared/config/secrets.ts';
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

    expect(withDeclaredUses('staffListCases', { secrets: ['cursor'] }, () => secret('cursor'))).toBe(
      'cursor-secret-0123456789',
    );
    expect(() =>
      withDeclaredUses('apiCatalog', { secrets: ['originVerify'] }, () => secret('cursor')),
    ).toThrow(/apiCatalog reads the cursor secret, which its topology entry does not declare/);
  });

  it('locally, lets a function read only the county secrets it declares', () => {
    const notifier = { countySecrets: ['smsCredentials', 'smtpPassword'] } as const;
    expect(() =>
      withDeclaredUses('queueNotifier', notifier, () => assertCountySecretDeclared('smtpPassword')),
    ).not.toThrow();
    expect(() =>
      withDeclaredUses('queueNotifier', notifier, () => assertCountySecretDeclared('imapPassword')),
    ).toThrow(
      /queueNotifier reads the county's imapPassword secret, which its topology entry does not declare/,
    );
    expect(() =>
      withDeclaredUses('apiCatalog', {}, () => assertCountySecretDeclared('smsCredentials')),
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

describe('resources', () => {
  it('locally, names only the tables, queues and buckets the function declares, as its cloud environment does', () => {
    process.env.STAGE = 'local';
    process.env.TABLE_NAME_MAIN = 'huiyin-main';
    process.env.TABLE_NAME_IDEMPOTENCY = 'huiyin-idempotency';
    process.env.QUEUE_URL_ROUTING = 'http://sqs.local:9324/000000000000/routing';
    process.env.BUCKET_NAME_ATTACHMENTS = 'huiyin-attachments';
    resetEnvCache();
    const router = { tables: { main: 'readWrite' }, receivesFrom: ['routing'] } as const;

    expect(withDeclaredUses('queueRouter', router, () => tableName('main'))).toBe('huiyin-main');
    expect(withDeclaredUses('queueRouter', router, () => queueUrl('routing'))).toMatch(/routing$/);
    expect(() => withDeclaredUses('queueRouter', router, () => tableName('idempotency'))).toThrow(
      /queueRouter uses the idempotency table, which its topology entry does not declare \(uses\.tables\)/,
    );
    expect(() => withDeclaredUses('queueRouter', router, () => queueUrl('notifications'))).toThrow(
      ConfigurationError,
    );
    expect(() => withDeclaredUses('queueRouter', router, () => bucketName('attachments'))).toThrow(
      /queueRouter uses the attachments bucket/,
    );
    // A value read once by a declaring function is still refused to one that does not declare it.
    expect(() => withDeclaredUses('apiHealth', {}, () => tableName('main'))).toThrow(ConfigurationError);
    // Outside an invocation (scripts, adapters under test) nothing is checked.
    expect(tableName('idempotency')).toBe('huiyin-idempotency');
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
