import { describe, expect, it } from 'vitest';
import { createWorkCalendar } from '../../../shared/domain/calendar/index.ts';
import type { Case } from '../../../shared/domain/case/model.ts';
import {
  caseFactFor,
  isReportMonth,
  monthOf,
  monthsEndingWith,
  previousMonth,
  type ReportMonth,
} from '../../../shared/domain/metrics/facts.ts';
import { defaultReportSettings, reportSettingsSchema } from '../../../shared/domain/metrics/settings.ts';

const calendar = createWorkCalendar({ overrides: [] });
const on = (day: string, time = '10:00:00') => new Date(`2026-${day}T${time}+08:00`).toISOString();

/** A case registered, and nothing more. */
const registered = {
  caseId: 'C1',
  trackingCode: 'HY-AAAA-BBBB',
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
  createdAt: on('03-02'),
  updatedAt: on('03-02'),
} as unknown as Case;

describe('the fact of a case', () => {
  it('of a registered case holds its ids, state and month, and nothing it does not have', () => {
    expect(caseFactFor(registered, calendar)).toEqual({
      caseId: 'C1',
      month: '2026-03',
      version: 1,
      status: 'registered',
      channel: 'web',
      registeredAt: on('03-02'),
      reopenCount: 0,
      carded: false,
    });
  });

  it('of a case that went the whole way holds every instant, the survey answer and the reply time', () => {
    const item = {
      ...registered,
      version: 9,
      status: 'archived',
      unitId: 'dept-a',
      studioId: 'studio-x',
      categoryCode: 'transport',
      assignedAt: on('03-02'),
      acknowledgedAt: on('03-03'),
      deadlines: {
        acknowledgeBy: { at: on('03-17', '23:59:59.999') },
        replyBy: { at: on('05-06', '23:59:59.999') },
      },
      repliedAt: on('03-04', '23:00:00'),
      closedAt: on('03-05'),
      archivedAt: on('03-20'),
      archiveReason: 'survey',
      survey: { tokenHash: 'h', status: 'answered', round: 1, rating: 'satisfied', answeredAt: on('03-19') },
    } as unknown as Case;

    expect(caseFactFor(item, calendar)).toEqual({
      caseId: 'C1',
      month: '2026-03',
      version: 9,
      status: 'archived',
      channel: 'web',
      unitId: 'dept-a',
      studioId: 'studio-x',
      categoryCode: 'transport',
      registeredAt: on('03-02'),
      assignedAt: on('03-02'),
      acknowledgeBy: on('03-17', '23:59:59.999'),
      respondedAt: on('03-03'),
      replyBy: on('05-06', '23:59:59.999'),
      repliedAt: on('03-04', '23:00:00'),
      closedAt: on('03-05'),
      archivedAt: on('03-20'),
      archiveReason: 'survey',
      surveyStatus: 'answered',
      rating: 'satisfied',
      answeredAt: on('03-19'),
      reopenCount: 0,
      carded: false,
      // Assigned Monday 2 March, replied late on Wednesday 4 March: two working days.
      workingDaysToReply: 2,
    });
  });

  it('counts a reply on the day of assignment as zero working days', () => {
    const item = {
      ...registered,
      assignedAt: on('03-02', '09:00:00'),
      repliedAt: on('03-02', '17:00:00'),
    } as Case;

    expect(caseFactFor(item, calendar).workingDaysToReply).toBe(0);
    expect(caseFactFor({ ...registered, repliedAt: on('03-02') } as Case, calendar)).not.toHaveProperty(
      'workingDaysToReply',
    );
  });

  it('takes a rejection as the unit’s response', () => {
    const item = {
      ...registered,
      status: 'rejected',
      rejection: { reason: 'r', at: on('03-04'), by: 'u' },
    } as Case;

    expect(caseFactFor(item, calendar).respondedAt).toBe(on('03-04'));
  });

  it('keeps no rating or answer time of a survey not answered', () => {
    const pending = {
      ...registered,
      survey: { tokenHash: 'h', status: 'expired', round: 1, rating: 'satisfied', answeredAt: on('03-19') },
    } as unknown as Case;
    const fact = caseFactFor(pending, calendar);

    expect(fact.surveyStatus).toBe('expired');
    expect(fact).not.toHaveProperty('rating');
    expect(fact).not.toHaveProperty('answeredAt');
  });

  it('is carded once a yellow or red card was shown, not for a reminder', () => {
    const withAlerts = (alertsSent: string[]) =>
      caseFactFor({ ...registered, alertsSent } as Case, calendar).carded;

    expect(withAlerts(['reply:reminder'])).toBe(false);
    expect(withAlerts(['acknowledge:yellow'])).toBe(true);
    expect(withAlerts(['reply:reminder', 'reply:red'])).toBe(true);
    expect(withAlerts(['yellow:reminder'])).toBe(false);
    const overdue = {
      ...registered,
      overdue: { card: 'yellow', deadline: 'reply', since: on('03-05') },
    } as Case;
    expect(caseFactFor(overdue, calendar).carded).toBe(true);
  });
});

describe('report months', () => {
  it('are YYYY-MM with a month from 01 to 12', () => {
    expect(['2026-01', '2026-09', '2026-10', '2026-12'].every(isReportMonth)).toBe(true);
    expect(['2026-00', '2026-13', '2026-1', '2026-010', 'x2026-01', '2026-01x'].some(isReportMonth)).toBe(
      false,
    );
  });

  it('step back a month, padded, and list a window oldest first', () => {
    expect(previousMonth('2026-11' as ReportMonth)).toBe('2026-10');
    expect(previousMonth('2026-10' as ReportMonth)).toBe('2026-09');
    expect(monthsEndingWith('2026-03' as ReportMonth, 1)).toEqual(['2026-03']);
    expect(monthsEndingWith('2026-03' as ReportMonth, 4)).toEqual([
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
    ]);
  });

  it('are taken in Shanghai time from a Date as from a string', () => {
    expect(monthOf(new Date('2026-03-31T15:59:59.999Z'))).toBe('2026-03');
    expect(monthOf('2026-03-31T16:00:00.000Z')).toBe('2026-04');
  });
});

describe('report settings', () => {
  it('default to w = 0.9, weights 20/25/35/20, 3 to rank, neutral 0.8, 4 months back, 12 cumulative', () => {
    expect(defaultReportSettings).toEqual({
      basicallySatisfiedWeight: 0.9,
      weights: { responseRate: 20, resolutionRate: 25, satisfactionRate: 35, onTimeCloseRate: 20 },
      minCasesToRank: 3,
      neutralRate: 0.8,
      lookbackMonths: 4,
      cumulativeMonths: 12,
    });
    expect(reportSettingsSchema.parse({ weights: { responseRate: 50 } }).weights).toEqual({
      responseRate: 50,
      resolutionRate: 25,
      satisfactionRate: 35,
      onTimeCloseRate: 20,
    });
  });

  it('refuse values outside their bounds', () => {
    const valid = (settings: Record<string, unknown>) => reportSettingsSchema.safeParse(settings).success;

    expect(valid({ basicallySatisfiedWeight: 1, neutralRate: 0, minCasesToRank: 1000 })).toBe(true);
    expect(valid({ basicallySatisfiedWeight: 1.1 })).toBe(false);
    expect(valid({ basicallySatisfiedWeight: -0.1 })).toBe(false);
    expect(valid({ weights: { responseRate: 101 } })).toBe(false);
    expect(valid({ weights: { responseRate: -1 } })).toBe(false);
    expect(valid({ weights: { onTimeCloseRate: 100 } })).toBe(true);
    expect(valid({ minCasesToRank: 0 })).toBe(false);
    expect(valid({ minCasesToRank: 1001 })).toBe(false);
    expect(valid({ minCasesToRank: 2.5 })).toBe(false);
    expect(valid({ neutralRate: 1.01 })).toBe(false);
    expect(valid({ neutralRate: -0.01 })).toBe(false);
    expect(valid({ neutralRate: 0.6 })).toBe(true);
    expect(valid({ lookbackMonths: 0 })).toBe(false);
    expect(valid({ lookbackMonths: 60 })).toBe(true);
    expect(valid({ lookbackMonths: 61 })).toBe(false);
    expect(valid({ cumulativeMonths: 120 })).toBe(true);
    expect(valid({ cumulativeMonths: 121 })).toBe(false);
    expect(valid({ cumulativeMonths: 0 })).toBe(false);
  });
});
