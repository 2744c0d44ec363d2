import { createHash } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOutbox } from '../../shared/adapters/notify/outbox-transport.ts';
import { MAX_TRACKING_FAILURES, MAX_UNLOCK_CODE_ATTEMPTS } from '../../shared/domain/case/tracking-unlock.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';
import { lockAndReadUnlockCode, otherUnlockCode, submitWithPhone } from '../support/tracking-lock.ts';

/**
 * Brute force of the tracking page's four digits: five wrong answers in 24 hours lock the code, even for
 * the right digits; the petitioner is sent one notice with an unlock code (and a link), and either lifts the
 * lock. Tries at the unlock code are capped per lock. Unknown codes count and lock the same way, so a lock
 * says nothing about which codes exist.
 */

process.env.RATE_LIMITS = 'off';

let runtime: TestRuntime;

beforeAll(async () => {
  runtime = await startTestRuntime();
});

afterAll(async () => {
  await runtime?.stop();
});

const track = (code: string, digits: string, unlock?: string) =>
  runtime.request(`/api/petitions/${code}?phone=${digits}${unlock ? `&unlock=${unlock}` : ''}`);
const trackWithCode = (code: string, digits: string, unlockCode: string) =>
  runtime.request(`/api/petitions/${code}?phone=${digits}&unlockCode=${unlockCode}`);

const unlockCodeError = async (response: Response) =>
  ((await response.json()) as { errors?: { field: string; message: string }[] }).errors?.[0];

describe('tracking brute force', () => {
  it('locks a code after five wrong digits, tells the petitioner once, and the link unlocks it', async () => {
    const trackingCode = await submitWithPhone(runtime, '赵六', '13812340001');
    expect((await track(trackingCode, '0001')).status).toBe(200);

    const statuses: number[] = [];
    for (let attempt = 1; attempt <= MAX_TRACKING_FAILURES + 1; attempt++)
      statuses.push((await track(trackingCode, String(1000 + attempt))).status);
    expect(statuses).toEqual([404, 404, 404, 404, 423, 423]);

    // Locked: the right digits do not open it either, and the answer says what happened, in Chinese.
    const locked = await track(trackingCode, '0001');
    expect(locked.status).toBe(423);
    expect(await locked.json()).toMatchObject({ title: expect.stringMatching(/^查询错误次数过多/) });

    const notices = (await readOutbox(runtime.clients.document, runtime.outboxTable)).filter(
      (entry) => entry.template === 'trackingLocked',
    );
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ channel: 'sms', to: '13812340001', trackingCode });
    const link = /https?:\/\/\S+/.exec(notices[0]!.body)![0];
    const url = new URL(link);
    expect(url.pathname).toBe('/track.html');
    expect(url.searchParams.get('code')).toBe(trackingCode);
    const unlock = url.searchParams.get('unlock')!;

    // A forged or foreign token changes nothing; the real one lifts the lock.
    expect((await track(trackingCode, '0001', `${unlock.split('.')[0]}.${'A'.repeat(32)}`)).status).toBe(423);
    expect((await track(trackingCode, '0001', unlock)).status).toBe(200);

    // Locked again: the first lock's link is spent, the second notice's link lifts the second lock.
    for (let attempt = 1; attempt <= MAX_TRACKING_FAILURES; attempt++) await track(trackingCode, '2000');
    expect((await track(trackingCode, '0001', unlock)).status).toBe(423);
    const second = (await readOutbox(runtime.clients.document, runtime.outboxTable)).filter(
      (entry) => entry.template === 'trackingLocked' && entry.trackingCode === trackingCode,
    );
    expect(second).toHaveLength(2);
    const secondLink = second.map((entry) =>
      new URL(/https?:\/\/\S+/.exec(entry.body)![0]).searchParams.get('unlock'),
    );
    const fresh = secondLink.find((token) => token !== unlock)!;
    expect(fresh).toBeTruthy();
    expect((await track(trackingCode, '0001', fresh)).status).toBe(200);
  });

  it('counts and locks unknown codes alike, with no notice and the same answers', async () => {
    const unknown = 'HY-2345-6789';
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= MAX_TRACKING_FAILURES + 1; attempt++)
      statuses.push((await track(unknown, '1234')).status);
    expect(statuses).toEqual([404, 404, 404, 404, 423, 423]);
    const notices = (await readOutbox(runtime.clients.document, runtime.outboxTable)).filter(
      (entry) => entry.template === 'trackingLocked',
    );
    expect(notices.map((entry) => entry.trackingCode)).not.toContain(unknown);
  });

  it('lifts the lock with the unlock code from the SMS, still asking for the phone digits', async () => {
    const trackingCode = await submitWithPhone(runtime, '赵六', '13812340002');
    const code = await lockAndReadUnlockCode(runtime, trackingCode);
    const notice = (await readOutbox(runtime.clients.document, runtime.outboxTable)).find(
      (entry) => entry.template === 'trackingLocked' && entry.trackingCode === trackingCode,
    );
    expect(notice!.variables).toMatchObject({ trackingCode, code });

    // The code is not a phone suffix: not as the four digits, and six digits are no phone answer at all.
    expect((await track(trackingCode, code.slice(-4))).status).toBe(423);
    expect((await track(trackingCode, code)).status).toBe(400);
    // A wrong code names its field; the lock holds.
    const wrong = await trackWithCode(trackingCode, '0002', otherUnlockCode(code, 0));
    expect(wrong.status).toBe(423);
    expect(await unlockCodeError(wrong)).toMatchObject({
      field: 'unlockCode',
      message: expect.stringMatching(/^解锁码不正确/),
    });
    // The right code with wrong digits lifts the lock but shows nothing (a fresh wrong answer is counted).
    const wrongDigits = code.slice(-4) === '0002' ? '0003' : code.slice(-4);
    expect((await trackWithCode(trackingCode, wrongDigits, code)).status).toBe(404);
    expect((await track(trackingCode, '0002')).status).toBe(200);

    // Each lock has its own code: the first one does not open the next lock (one wrong answer already
    // counts in this window, the one that came with the code).
    const second = await lockAndReadUnlockCode(runtime, trackingCode, MAX_TRACKING_FAILURES - 1);
    expect(second).not.toBe(code);
    expect((await trackWithCode(trackingCode, '0002', code)).status).toBe(423);
    expect((await trackWithCode(trackingCode, '0002', second)).status).toBe(200);
  });

  it('caps the tries at the unlock code per lock, and the code ends with its lock', async () => {
    const trackingCode = await submitWithPhone(runtime, '赵六', '13812340003');
    const code = await lockAndReadUnlockCode(runtime, trackingCode);
    // Guesses in parallel: the try is counted atomically before the compare, so exactly five are compared.
    const answers = await Promise.all(
      Array.from({ length: MAX_UNLOCK_CODE_ATTEMPTS + 3 }, async (_, attempt) => {
        const response = await trackWithCode(trackingCode, '0003', otherUnlockCode(code, attempt));
        return `${response.status} ${(await unlockCodeError(response))?.message.slice(0, 5)}`;
      }),
    );
    expect(answers.filter((answer) => answer === '423 解锁码不正')).toHaveLength(MAX_UNLOCK_CODE_ATTEMPTS);
    expect(answers.filter((answer) => answer === '423 解锁码输错')).toHaveLength(3);
    // Used up: even the right code no longer lifts this lock.
    const spent = await trackWithCode(trackingCode, '0003', code);
    expect(spent.status).toBe(423);
    expect((await unlockCodeError(spent))?.message).toMatch(/^解锁码输错次数过多/);

    // 24 hours on (the window's end moved into the past): the lock has lifted itself, and its code is
    // worth nothing against the next lock.
    await runtime.clients.document.send(
      new UpdateCommand({
        TableName: runtime.tables.idempotency,
        Key: {
          id: `track-fail#${createHash('sha256').update(trackingCode).digest('base64url').slice(0, 22)}`,
        },
        UpdateExpression: 'SET expiresAt = :past',
        ExpressionAttributeValues: { ':past': Math.floor(Date.now() / 1000) - 1 },
      }),
    );
    expect((await track(trackingCode, '0003')).status).toBe(200);
    const next = await lockAndReadUnlockCode(runtime, trackingCode);
    expect(next).not.toBe(code);
    expect((await trackWithCode(trackingCode, '0003', code)).status).toBe(423);
    expect((await trackWithCode(trackingCode, '0003', next)).status).toBe(200);
  });
});
