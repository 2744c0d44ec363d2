import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOutbox } from '../../shared/adapters/notify/outbox-transport.ts';
import { MAX_TRACKING_FAILURES } from '../../shared/domain/case/tracking-unlock.ts';
import { petitionBody, startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';

/**
 * Brute force of the tracking page's four digits: five wrong answers in 24 hours lock the code, even for
 * the right digits; the petitioner is sent one notice with an unlock link, and the link lifts the lock.
 * Unknown codes count and lock the same way, so a lock says nothing about which codes exist.
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

describe('tracking brute force', () => {
  it('locks a code after five wrong digits, tells the petitioner once, and the link unlocks it', async () => {
    const { trackingCode } = (await (
      await runtime.postJson(
        '/api/petitions',
        petitionBody({ petitioner: { name: '赵六', phone: '13812340001' } }),
      )
    ).json()) as { trackingCode: string };
    expect((await track(trackingCode, '0001')).status).toBe(200);

    const statuses: number[] = [];
    for (let attempt = 1; attempt <= MAX_TRACKING_FAILURES + 1; attempt++)
      statuses.push((await track(trackingCode, String(1000 + attempt))).status);
    expect(statuses).toEqual([404, 404, 404, 404, 423, 423]);

    // Locked: the right digits do not open it either, and the answer says what happened, in Chinese.
    const locked = await track(trackingCode, '0001');
    expect(locked.status).toBe(423);
    expect(await locked.json()).toMatchObject({ title: expect.stringMatching(/^查询错误次数过多/) });

    const notices = (await readOutbox(runtime.clients.document, runtime.tables.main)).filter(
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
  });

  it('counts and locks unknown codes alike, with no notice and the same answers', async () => {
    const unknown = 'HY-2345-6789';
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= MAX_TRACKING_FAILURES + 1; attempt++)
      statuses.push((await track(unknown, '1234')).status);
    expect(statuses).toEqual([404, 404, 404, 404, 423, 423]);
    const notices = (await readOutbox(runtime.clients.document, runtime.tables.main)).filter(
      (entry) => entry.template === 'trackingLocked',
    );
    expect(notices.map((entry) => entry.trackingCode)).not.toContain(unknown);
  });
});
