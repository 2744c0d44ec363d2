import { describe, expect, it } from 'vitest';
import type { LocalDate } from '../../../shared/domain/calendar/shanghai-time.ts';
import type { Case } from '../../../shared/domain/case/model.ts';
import { statutoryPolicy, studioSuggestionPolicy } from '../../../shared/domain/policy/sla-policy.ts';
import type { ReceptionDay } from '../../../shared/domain/reception/model.ts';
import { ValidationError } from '../../../shared/errors/index.ts';
import type { ReceptionStore } from '../../../shared/ports/reception-store.ts';
import { demoCounty } from '../../../shared/seed/demo-county.ts';
import { expectedHandling } from '../../../shared/use-cases/expected-handling.ts';
import { publicReceptionDays } from '../../../shared/use-cases/public-reception-days.ts';

const petition = (overrides: Partial<Case> = {}): Case =>
  ({
    caseId: '01TEST',
    trackingCode: 'HY-2222-2222',
    version: 1,
    status: 'registered',
    channel: 'web',
    jurisdictionCode: 'chengguan',
    title: '标题',
    content: '内容',
    petitioner: { phone: '13812345678', anonymous: false },
    confidential: false,
    deadlines: {},
    reopenCount: 0,
    createdAt: '2026-12-01T00:00:00Z',
    updatedAt: '2026-12-01T00:00:00Z',
    ...overrides,
  }) as Case;

describe('what the confirmation says happens next', () => {
  const policies = [statutoryPolicy, studioSuggestionPolicy];

  it('names the unit the routing rules pick, with the deadlines of the case’s policy', () => {
    const expected = expectedHandling(petition({ categoryCode: 'transport' }), demoCounty, policies);

    expect(expected).toEqual({
      unit: { id: 'dept-transport', name: '县交通运输局', nameEn: 'County Transport Bureau' },
      triage: false,
      acknowledgeWithin: { amount: 15, unit: 'calendarDays' },
      replyWithin: { amount: 60, unit: 'calendarDays' },
    });
  });

  it('says who assigns it when no rule matches (首接负责制)', () => {
    const expected = expectedHandling(
      petition({ categoryCode: 'other', title: '一个建议', content: '没有关键词的内容' }),
      demoCounty,
      policies,
    );

    expect(expected.triage).toBe(true);
    expect(expected.unit.id).toBe('petition-office');
  });
});

describe('the public reception calendar', () => {
  const days: ReceptionDay[] = [
    { studioId: 'studio-chengguan', date: '2026-12-21', representatives: [], published: true },
    { studioId: 'studio-chengguan', date: '2027-01-11', representatives: [], published: true },
    { studioId: 'studio-chengguan', date: '2027-01-20', representatives: [], published: false },
  ];
  const asked: string[] = [];
  const store: ReceptionStore = {
    save: async () => undefined,
    byStudioAndMonth: async (studioId, month) => {
      asked.push(`${studioId} ${month}`);
      return days.filter((day) => day.studioId === studioId && day.date.startsWith(month));
    },
  };
  const deps = { store, catalog: async () => demoCounty };

  it('asks for each month of the range once per studio, across the new year, and shows published days', async () => {
    asked.length = 0;

    const calendar = await publicReceptionDays(
      deps,
      { studioId: 'studio-chengguan', from: '2026-12-15' as LocalDate, to: '2027-01-31' as LocalDate },
      new Date(),
    );

    expect(asked).toEqual(['studio-chengguan 2026-12', 'studio-chengguan 2027-01']);
    expect(calendar.days.map((day) => day.date)).toEqual(['2026-12-21', '2027-01-11']);
  });

  it('starts on today’s date in Shanghai (already tomorrow in UTC terms late at night)', async () => {
    const calendar = await publicReceptionDays(deps, {}, new Date('2026-12-31T16:30:00Z'));

    expect(calendar.from).toBe('2027-01-01');
    expect(calendar.to).toBe('2027-03-04');
  });

  it('refuses a range over half a year', async () => {
    await expect(
      publicReceptionDays(
        deps,
        { from: '2027-01-01' as LocalDate, to: '2027-12-31' as LocalDate },
        new Date(),
      ),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});
