import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readOutbox } from '../../shared/adapters/notify/outbox-transport.ts';
import { petitionBody, startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';

/**
 * Phone verification as a cloud stage runs it (`PHONE_VERIFICATION=required`): a code by SMS (the outbox
 * locally), hashed at rest, ten minutes, five attempts, one petition per code, never in a log line.
 */

vi.hoisted(() => {
  process.env.LOG_LEVEL = 'DEBUG';
});

let runtime: TestRuntime;
const written: string[] = [];

beforeAll(async () => {
  process.env.PHONE_VERIFICATION = 'required';
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
      written.push(String(chunk));
      return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write);
  }
  runtime = await startTestRuntime();
});

afterAll(async () => {
  delete process.env.PHONE_VERIFICATION;
  vi.restoreAllMocks();
  await runtime?.stop();
});

const caseCount = async () => (await runtime.scanAll()).filter((item) => item.entity === 'case').length;

async function requestCode(phone: string): Promise<{ id: string; code: string }> {
  const response = await runtime.postJson('/api/phone-verifications', { phone });
  expect(response.status).toBe(201);
  const body = (await response.json()) as {
    id: string;
    expiresAt: string;
    codeLength: number;
    maxAttempts: number;
  };
  const sms = (await readOutbox(runtime.clients.document, runtime.outboxTable)).find(
    (entry) => entry.template === 'phoneVerification' && entry.id === `phone-verification:${body.id}`,
  );
  const code = /验证码是 (\d{6})/.exec(sms?.body ?? '')?.[1];
  expect(code).toBeDefined();
  expect(JSON.stringify(body)).not.toContain(code!);
  return { id: body.id, code: code! };
}

const withVerification = (phone: string, verification: { id: string; code: string }) =>
  petitionBody({ petitioner: { name: '王五', phone }, phoneVerification: verification });

describe('when the deployment requires a verified phone', () => {
  it('says so in the catalog, for the form', async () => {
    const catalog = (await (await runtime.request('/api/catalog')).json()) as {
      intake: { phoneVerification: string };
    };

    expect(catalog.intake.phoneVerification).toBe('required');
  });

  it('refuses a petition without a code (422) and stores nothing', async () => {
    const before = await caseCount();

    const response = await runtime.postJson('/api/petitions', petitionBody());

    expect(response.status).toBe(422);
    expect(((await response.json()) as { type: string }).type).toBe(
      'urn:huiyin:problem:phone-verification-required',
    );
    expect(await caseCount()).toBe(before);
  });

  it('sends a six-digit code by SMS, answers without it, and keeps only keyed hashes', async () => {
    const { id, code } = await requestCode('13700001111');

    const { Items = [] } = await runtime.clients.document.send(
      new ScanCommand({ TableName: runtime.tables.idempotency }),
    );
    const stored = Items.find((item) => item.id === `phone-verification#${id}`);
    expect(stored).toMatchObject({ attempts: 0 });
    expect(Number(stored?.expiresAt) - Date.now() / 1000).toBeGreaterThan(9 * 60);
    expect(Number(stored?.expiresAt) - Date.now() / 1000).toBeLessThanOrEqual(10 * 60);
    expect(JSON.stringify(stored)).not.toContain(code);
    expect(JSON.stringify(stored)).not.toContain('13700001111');
  });

  it('accepts the petition with the right code, after a wrong one', async () => {
    const verification = await requestCode('13700002222');
    const before = await caseCount();

    const wrong = await runtime.postJson(
      '/api/petitions',
      withVerification('13700002222', {
        id: verification.id,
        code: verification.code === '000000' ? '111111' : '000000',
      }),
    );
    const right = await runtime.postJson('/api/petitions', withVerification('13700002222', verification));

    expect(wrong.status).toBe(422);
    expect(await wrong.json()).toMatchObject({
      type: 'urn:huiyin:problem:phone-verification-failed',
      reason: 'wrong-code',
      attemptsLeft: 4,
      errors: [{ field: 'phoneVerification.code' }],
    });
    expect(right.status).toBe(201);
    expect(await caseCount()).toBe(before + 1);
  });

  it('uses a code for one petition only; a retry of that same petition is still a replay', async () => {
    const verification = await requestCode('13700003333');
    const body = withVerification('13700003333', verification);

    const first = await runtime.postJson('/api/petitions', body);
    const retry = await runtime.postJson('/api/petitions', body);
    const other = await runtime.postJson('/api/petitions', {
      ...withVerification('13700003333', verification),
      title: '另一件事情',
    });

    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(((await retry.json()) as { caseId: string }).caseId).toBe(
      ((await first.json()) as { caseId: string }).caseId,
    );
    expect(other.status).toBe(422);
    expect(await other.json()).toMatchObject({ reason: 'used' });
  });

  it('refuses a code sent to another number', async () => {
    const verification = await requestCode('13700004444');

    const response = await runtime.postJson('/api/petitions', withVerification('13700005555', verification));

    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ reason: 'expired' });
  });

  it('allows five attempts, then not even the right code', async () => {
    const verification = await requestCode('13700006666');
    const wrongCode = verification.code === '999999' ? '888888' : '999999';
    const statuses = [];
    for (let attempt = 0; attempt < 5; attempt++)
      statuses.push(
        (
          await runtime.postJson(
            '/api/petitions',
            withVerification('13700006666', { id: verification.id, code: wrongCode }),
          )
        ).status,
      );

    const right = await runtime.postJson('/api/petitions', withVerification('13700006666', verification));

    expect(statuses).toEqual([422, 422, 422, 422, 422]);
    expect(right.status).toBe(422);
    expect(await right.json()).toMatchObject({ reason: 'exhausted', attemptsLeft: 0 });
  });

  it('sends codes to mobiles only; a landline petition cannot be verified', async () => {
    const response = await runtime.postJson('/api/phone-verifications', { phone: '0571-88886666' });

    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: { field: string }[] }).errors[0]?.field).toBe('phone');
  });

  it('never writes a code to a log line', async () => {
    const verification = await requestCode('13700007777');
    await runtime.postJson('/api/petitions', withVerification('13700007777', verification));

    const logs = written.join('');
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).not.toContain(verification.code);
  });
});
