import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../infra/local/functions.ts';
import { scheduledEvent } from '../../infra/local/scheduler.ts';
import { readNotices } from '../../shared/adapters/notify/console-notices.ts';
import { readOutbox } from '../../shared/adapters/notify/outbox-transport.ts';
import type { ReceptionDay } from '../../shared/domain/reception/model.ts';
import { schedules } from '../../shared/topology.ts';
import {
  eventually,
  SETTLE_TEST_TIMEOUT_MS,
  startTestRuntime,
  type TestRuntime,
} from '../support/runtime-harness.ts';

/**
 * Reception days end to end: generation from the studio's rule, roster edits and publication through the
 * staff API, the public calendar, and the daily job's reminder the day before (outbox), each sent once.
 */

let runtime: TestRuntime;

beforeAll(async () => {
  runtime = await startTestRuntime();
});

afterAll(async () => {
  await runtime?.stop();
});

async function as(username: string) {
  const headers = { authorization: `Bearer ${await runtime.tokenFor(username)}` };
  return {
    get: (path: string) => runtime.request(path, { headers }),
    post: (path: string, body: unknown) => runtime.postJson(path, body, headers),
    put: (path: string, body: unknown) =>
      runtime.request(path, {
        method: 'PUT',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
  };
}

const rosterSchedule = schedules.find((schedule) => schedule.name === 'reception-roster')!;

describe('the duty roster in the staff API', () => {
  it('generates a month from the studio’s rule, unpublished until the liaison publishes it', async () => {
    const liaison = await as('liaison-studio-xikou');
    const generated = await liaison.post('/api/staff/reception-days/generate', {
      studioId: 'studio-xikou',
      month: '2027-03',
    });
    expect(generated.status).toBe(200);
    const result = (await generated.json()) as { created: number; days: ReceptionDay[] };
    expect(result.created).toBe(2);
    // 2027 has no official schedule yet: 10 March is a Wednesday, 20 March a Saturday → Monday 22 March.
    expect(result.days.map((day) => [day.date, day.published, day.provisional])).toEqual([
      ['2027-03-10', false, true],
      ['2027-03-22', false, true],
    ]);
    expect(result.days[0]!.representatives).toHaveLength(2);
    expect(result.days[0]!.hours).toBe('08:30-11:30');

    const again = (await (
      await liaison.post('/api/staff/reception-days/generate', { studioId: 'studio-xikou', month: '2027-03' })
    ).json()) as { created: number };
    expect(again.created).toBe(0);

    const publicBefore = (await (
      await runtime.request('/api/reception-days?studioId=studio-xikou&from=2027-03-01&to=2027-03-31')
    ).json()) as { days: unknown[] };
    expect(publicBefore.days).toEqual([]);

    const listed = (await (
      await liaison.get('/api/staff/reception-days?studioId=studio-xikou&month=2027-03')
    ).json()) as {
      days: ReceptionDay[];
      representatives: { representativeId: string; phone?: string }[];
    };
    expect(listed.representatives.map((representative) => representative.representativeId)).toEqual([
      'rep-xk-01',
      'rep-xk-02',
      'rep-xk-03',
    ]);
    expect(JSON.stringify(listed)).not.toContain('13800000201');
    const day = listed.days[0]!;

    const edited = await liaison.put('/api/staff/reception-days/studio-xikou/2027-03-10', {
      expectedUpdatedAt: day.updatedAt,
      representativeIds: ['rep-xk-02', 'rep-xk-03', 'rep-xk-01'],
      published: true,
    });
    expect(edited.status).toBe(200);
    const stale = await liaison.put('/api/staff/reception-days/studio-xikou/2027-03-10', {
      expectedUpdatedAt: day.updatedAt,
      published: false,
    });
    expect(stale.status).toBe(409);
    const stranger = await as('liaison-studio-chengguan');
    expect(
      (await stranger.put('/api/staff/reception-days/studio-xikou/2027-03-10', { published: false })).status,
    ).toBe(403);
    const unknownRepresentative = await liaison.put('/api/staff/reception-days/studio-xikou/2027-03-22', {
      representativeIds: ['rep-cg-01'],
    });
    expect(unknownRepresentative.status).toBe(400);

    const publicAfter = (await (
      await runtime.request('/api/reception-days?studioId=studio-xikou&from=2027-03-01&to=2027-03-31')
    ).json()) as { days: { date: string; representatives: { name: string }[] }[] };
    expect(publicAfter.days).toHaveLength(1);
    expect(publicAfter.days[0]!.date).toBe('2027-03-10');
    expect(publicAfter.days[0]!.representatives.map((representative) => representative.name)).toEqual([
      '孙桂芳',
      '黄永明',
      '郑海涛',
    ]);
  });
});

describe('the reception-roster job', () => {
  it(
    'publishes the month and reminds tomorrow’s representatives and the studio the day before, once',
    async () => {
      // 9 December 2026, 09:00 in Shanghai: tomorrow, Thursday 10 December, is a reception day of both studios.
      const event = scheduledEvent(rosterSchedule, new Date('2026-12-09T01:00:00.000Z'));
      const first = await invoke<{ generated: number; reminders: number }>('jobReceptionRoster', event);
      // December and January of both studios, two days each: 公示 of the current and the next month.
      expect(first.generated).toBe(8);
      expect(first.reminders).toBe(2);

      const liaison = await as('liaison-studio-xikou');
      const december = (await (
        await liaison.get('/api/staff/reception-days?studioId=studio-xikou&month=2026-12')
      ).json()) as { days: ReceptionDay[] };
      const tenth = december.days.find((day) => day.date === '2026-12-10')!;
      expect(tenth.published).toBe(true);

      const reminders = await eventually(async () => {
        const outbox = await readOutbox(runtime.clients.document, runtime.outboxTable);
        const found = outbox.filter((entry) => entry.template === 'receptionReminder');
        return found.length >= 4 ? found : undefined;
      }, 10_000);
      const xikouPhones = tenth.representatives.map(
        (onDuty) =>
          ({ 'rep-xk-01': '13800000201', 'rep-xk-02': '13800000202', 'rep-xk-03': '13800000203' })[
            onDuty.representativeId as 'rep-xk-01'
          ],
      );
      const sms = reminders.filter((entry) => entry.channel === 'sms');
      expect(sms.map((entry) => entry.to)).toEqual(expect.arrayContaining(xikouPhones));
      const toXikou = sms.find((entry) => entry.to === xikouPhones[0])!;
      expect(toXikou.body).toContain('明天12月10日（周四） 08:30-11:30在溪口镇党代表工作室接待群众');
      expect(toXikou.body).toContain(tenth.representatives.map((onDuty) => onDuty.name).join('、'));

      const notices = await eventually(async () => {
        const list = await readNotices(runtime.clients.document, runtime.tables.main, 'studio-xikou');
        return list.some((notice) => notice.template === 'receptionReminder') ? list : undefined;
      });
      expect(notices.filter((notice) => notice.template === 'receptionReminder')).toHaveLength(1);

      // The same run again (a retry) and a later run the same day: nobody is reminded twice.
      await invoke('jobReceptionRoster', event);
      await invoke(
        'jobReceptionRoster',
        scheduledEvent(rosterSchedule, new Date('2026-12-09T05:00:00.000Z')),
      );
      await runtime.settled();
      const after = (await readOutbox(runtime.clients.document, runtime.outboxTable)).filter(
        (entry) => entry.template === 'receptionReminder',
      );
      expect(after).toHaveLength(reminders.length);
    },
    SETTLE_TEST_TIMEOUT_MS,
  );

  it('keeps next month published too, and a later run writes nothing new', async () => {
    const result = await invoke<{ generated: number; published: number; reminders: number }>(
      'jobReceptionRoster',
      scheduledEvent(rosterSchedule, new Date('2026-12-25T01:00:00.000Z')),
    );
    expect(result).toMatchObject({ generated: 0, published: 0 });
    const january = (await (
      await runtime.request('/api/reception-days?from=2027-01-01&to=2027-01-31')
    ).json()) as { days: { studioId: string; date: string; note?: string }[] };
    // 10 January 2027 is a Sunday → Monday 11 January; 20 January is a Wednesday.
    expect(january.days.map((day) => `${day.studioId}:${day.date}`)).toEqual([
      'studio-chengguan:2027-01-11',
      'studio-xikou:2027-01-11',
      'studio-chengguan:2027-01-20',
      'studio-xikou:2027-01-20',
    ]);
    expect(january.days[0]!.note).toBe('原定1月10日逢周末，顺延至1月11日');
  });
});
