import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createWorkCalendar } from '../../../shared/domain/calendar/index.ts';
import type { Case } from '../../../shared/domain/case/model.ts';
import {
  type CaseFact,
  caseFactFor,
  monthOf,
  monthsEndingWith,
  previousMonth,
  type ReportMonth,
} from '../../../shared/domain/metrics/facts.ts';
import {
  buildReportCard,
  compositeScore,
  median,
  rankUnits,
} from '../../../shared/domain/metrics/report-card.ts';
import { defaultReportSettings, reportSettingsSchema } from '../../../shared/domain/metrics/settings.ts';
import { reportCsv } from '../../../shared/use-cases/reports-export.ts';
import { reportXlsx } from '../../../shared/use-cases/reports-xlsx.ts';

/**
 * The report card's arithmetic against a month computed by hand (docs/metrics.md has the same worked example):
 * March 2026, judged at 1 April 00:00 Shanghai, w = 0.9, weights 20/25/35/20, neutral value 0.8, at least 3
 * judged items to be ranked.
 */

const MARCH = '2026-03' as ReportMonth;
const JANUARY = '2026-01' as ReportMonth;
const asOf = new Date('2026-03-31T16:00:00Z');
/** `03-10` → the end of that 2026 day in Shanghai (a deadline). */
const end = (day: string) => new Date(`2026-${day}T23:59:59.999+08:00`).toISOString();
const on = (day: string) => new Date(`2026-${day}T10:00:00+08:00`).toISOString();

function fact(caseId: string, overrides: Partial<CaseFact>): CaseFact {
  return {
    caseId,
    month: MARCH,
    version: 5,
    status: 'acknowledged',
    channel: 'web',
    registeredAt: on('03-02'),
    reopenCount: 0,
    carded: false,
    ...overrides,
  };
}

const answered = (rating: CaseFact['rating'], day = '03-13'): Partial<CaseFact> => ({
  status: 'archived',
  surveyStatus: 'answered',
  rating,
  answeredAt: on(day),
  archivedAt: on(day),
  archiveReason: 'survey',
});

/** Registered and assigned 2 March: acknowledge by 17 March (15 days), reply by 1 May (60 days). */
const assigned = {
  assignedAt: on('03-02'),
  acknowledgeBy: end('03-17'),
  respondedAt: on('03-03'),
  replyBy: end('05-06'),
};

/** 甲局 acknowledged its three cases and did nothing else in March. */
const onlyAcknowledged = [1, 2, 3].map((n) => fact(`ack-${n}`, { unitId: 'dept-ack', ...assigned }));
/** 乙局 replied within a week and got 满意, 基本满意, 基本满意. */
const replying = (['satisfied', 'basically_satisfied', 'basically_satisfied'] as const).map((rating, n) =>
  fact(`reply-${n}`, {
    unitId: 'dept-reply',
    ...assigned,
    repliedAt: on('03-09'),
    workingDaysToReply: 5,
    closedAt: on('03-12'),
    ...answered(rating),
  }),
);
/** 丙局: a January case still unanswered past its 6 March deadline, and a March case answered on time. */
const backlog = [
  fact('old-1', {
    unitId: 'dept-backlog',
    month: JANUARY,
    registeredAt: on('01-05'),
    assignedAt: on('01-05'),
    acknowledgeBy: end('01-20'),
    respondedAt: on('01-06'),
    replyBy: end('03-06'),
  }),
  fact('new-1', {
    unitId: 'dept-backlog',
    ...assigned,
    replyBy: end('03-25'),
    repliedAt: on('03-20'),
    workingDaysToReply: 13,
    status: 'replied',
  }),
];
/** 丁局: one acknowledgement is not a record to rank on. */
const small = [fact('small-1', { unitId: 'dept-small', ...assigned })];

const fixture: CaseFact[] = [
  ...onlyAcknowledged,
  ...replying,
  ...backlog,
  ...small,
  fact('u1', { status: 'registered', studioId: 'studio-x', channel: 'visit' }),
];

const units = [
  { id: 'dept-ack', name: '甲局' },
  { id: 'dept-reply', name: '乙局' },
  { id: 'dept-backlog', name: '丙局' },
  { id: 'dept-small', name: '丁局' },
  { id: 'dept-idle', name: '戊局' },
];

/** Built inside each test, not at load, so that mutation testing knows which tests exercise the card. */
const marchCard = () =>
  buildReportCard({
    month: MARCH,
    facts: fixture,
    asOf,
    settings: defaultReportSettings,
    units,
    studios: [{ id: 'studio-x', name: 'X 工作室' }],
    cumulativeSince: JANUARY,
  });

const unit = (id: string) => marchCard().units.find((candidate) => candidate.unitId === id)!;

describe('report card: the month’s work (hand-computed month)', () => {
  it('a unit that replied within a week and got 满意, 基本满意, 基本满意 ranks above one that only acknowledged', () => {
    const replied = unit('dept-reply');
    const acknowledged = unit('dept-ack');

    // 乙局: every rate has data: (20 + 25 + 35 × 2.8⁄3 + 20) ÷ 100 = 97.7
    expect(replied).toMatchObject({
      due: 0,
      replied: 3,
      closed: 3,
      openOverdue: 0,
      sample: 12,
      score: 97.7,
      rank: 1,
    });
    expect(replied.satisfactionRate).toMatchObject({ numerator: 2.8, denominator: 3, rate: 0.9333 });
    expect(replied.onTimeCloseRate).toMatchObject({ numerator: 3, denominator: 3 });
    expect(replied.resolutionRate).toMatchObject({ numerator: 3, denominator: 3 });
    // 甲局: only the response rate has data; the other three take min(0.8, 1.0) = 0.8 → 84.0, never 100
    expect(acknowledged).toMatchObject({ replied: 0, closed: 0, sample: 3, score: 84, rank: 2 });
    expect(acknowledged.responseRate).toMatchObject({ numerator: 3, denominator: 3 });
    expect(acknowledged.onTimeCloseRate.rate).toBeNull();
    expect(acknowledged.satisfactionRate.rate).toBeNull();
  });

  it('work still open past its deadline counts against the unit, whatever month the case came from', () => {
    const late = unit('dept-backlog');

    // The January case: due 6 March, unanswered at the month's end → one late reply; the March case on time
    expect(late).toMatchObject({ received: 1, due: 2, replied: 1, openOverdue: 1, overdue: 1, sample: 3 });
    expect(late.onTimeCloseRate).toMatchObject({ numerator: 1, denominator: 2, rate: 0.5 });
    // Its January acknowledgement is January's work, not March's
    expect(late.responseRate).toMatchObject({ numerator: 1, denominator: 1 });
    // Missing rates take min(0.8, 0.5): (20 × 1 + 80 × 0.5) ÷ 100 = 60.0, rank 3
    expect(late).toMatchObject({ score: 60, rank: 3 });
  });

  it('too small a sample is listed apart as 样本不足, after every ranked unit; a unit without work has no score', () => {
    const card = marchCard();
    expect(unit('dept-small')).toMatchObject({ sample: 1, score: 84, rank: null, sampleTooSmall: true });
    expect(unit('dept-idle')).toMatchObject({ sample: 0, score: null, rank: null });
    expect(card.units.map((row) => row.unitId)).toEqual([
      'dept-reply',
      'dept-ack',
      'dept-backlog',
      'dept-small',
      'dept-idle',
    ]);
  });

  it('a missing rate never lifts a score above the unit’s own worst rate or the neutral value', () => {
    const rate = (numerator: number, denominator: number) => ({
      numerator,
      denominator,
      rate: denominator ? numerator / denominator : null,
    });
    const none = rate(0, 0);
    const noSurvey = { ...none, satisfied: 0, basicallySatisfied: 0, dissatisfied: 0, noResponse: 0 };
    const score = (response: ReturnType<typeof rate>, onTime: ReturnType<typeof rate>) =>
      compositeScore(
        { responseRate: response, resolutionRate: none, satisfactionRate: noSurvey, onTimeCloseRate: onTime },
        defaultReportSettings,
      );

    // Good work and no more data: the missing rates count at the pass line
    expect(score(rate(1, 1), none)).toBe(84);
    // Poor work: missing rates count at the unit's own worst, so they neither lift nor sink it
    expect(score(rate(1, 2), none)).toBe(50);
    expect(score(rate(1, 1), rate(1, 4))).toBe(40);
  });

  it('the county total judges all the month’s work; received counts the month’s registrations', () => {
    const card = marchCard();
    expect(card.county).toMatchObject({
      received: 9,
      due: 2,
      replied: 4,
      closed: 3,
      openOverdue: 1,
      overdue: 1,
      medianWorkingDaysToReply: 5,
    });
    expect(card.county.responseRate).toMatchObject({ numerator: 8, denominator: 8 });
    expect(card.county.onTimeCloseRate).toMatchObject({ numerator: 4, denominator: 5, rate: 0.8 });
    expect(card.county.score).toBe(93.7);
    expect(card.unassigned).toBe(1);
    expect(card.studios).toEqual([
      { studioId: 'studio-x', studioName: 'X 工作室', visitors: 1, suggestions: 1, closed: 0 },
    ]);
  });

  it('the cumulative view (截至目前) judges everything up to asOf, older registrations included', () => {
    const card = marchCard();
    const cumulative = card.cumulative!;
    const late = cumulative.units.find((row) => row.unitId === 'dept-backlog')!;

    expect(cumulative).toMatchObject({ since: JANUARY, asOf: asOf.toISOString() });
    expect(late.received).toBe(2);
    // January's acknowledgement counts now, on time
    expect(late.responseRate).toMatchObject({ numerator: 2, denominator: 2 });
    expect(cumulative.units[0]).toMatchObject({ unitId: 'dept-reply', rank: 1 });
  });

  it('a card judged mid-month counts only what had happened or come due by then', () => {
    const early = buildReportCard({
      month: MARCH,
      facts: fixture,
      asOf: new Date(on('03-08')),
      settings: defaultReportSettings,
      units,
    });
    const replied = early.units.find((row) => row.unitId === 'dept-reply')!;

    expect(replied).toMatchObject({ replied: 0, closed: 0, sample: 3 });
    expect(early.units.find((row) => row.unitId === 'dept-backlog')).toMatchObject({ openOverdue: 1 });
  });

  it('records what it was judged against', () => {
    const card = marchCard();
    expect(card.asOf).toBe(asOf.toISOString());
    expect(card.frozen).toBe(false);
    expect(card.settings).toEqual(defaultReportSettings);
  });
});

describe('satisfaction weight, composite weights and ranking rules', () => {
  it('w = 1 counts 基本满意 as 满意; w = 0 not at all; silence never counts', () => {
    const facts = [
      fact('s', { unitId: 'u', ...answered('satisfied') }),
      fact('b', { unitId: 'u', ...answered('basically_satisfied') }),
      fact('n', { unitId: 'u', status: 'archived', surveyStatus: 'expired', archivedAt: on('03-20') }),
    ];
    const rateWith = (w: number) =>
      buildReportCard({
        month: MARCH,
        facts,
        asOf,
        settings: reportSettingsSchema.parse({ basicallySatisfiedWeight: w }),
      }).units[0]!.satisfactionRate.rate;

    expect(rateWith(1)).toBe(1);
    expect(rateWith(0)).toBe(0.5);
    expect(rateWith(0.9)).toBe(0.95);
  });

  it('the composite gives missing rates the neutral value, and is null without any rate', () => {
    const rate = (numerator: number, denominator: number) => ({
      numerator,
      denominator,
      rate: denominator ? numerator / denominator : null,
    });
    const none = rate(0, 0);

    expect(
      compositeScore(
        {
          responseRate: rate(1, 2),
          resolutionRate: none,
          satisfactionRate: { ...none, satisfied: 0, basicallySatisfied: 0, dissatisfied: 0, noResponse: 0 },
          onTimeCloseRate: none,
        },
        defaultReportSettings,
      ),
    ).toBe(50);
    expect(
      compositeScore(
        {
          responseRate: none,
          resolutionRate: none,
          satisfactionRate: { ...none, satisfied: 0, basicallySatisfied: 0, dissatisfied: 0, noResponse: 0 },
          onTimeCloseRate: none,
        },
        defaultReportSettings,
      ),
    ).toBeNull();
  });

  it('equal score and overdue share a rank (1, 1, 3); fewer overdue breaks a tie; 样本不足 is not ranked', () => {
    const row = (unitId: string, score: number | null, overdue: number, sample = 5) =>
      ({ unitId, unitName: unitId, score, overdue, sample }) as Parameters<typeof rankUnits>[0][number];
    const settings = reportSettingsSchema.parse({ minCasesToRank: 3 });

    const ranked = rankUnits(
      [row('c', 80, 1), row('a', 90, 0), row('b', 90, 0), row('d', 80, 0), row('e', 99, 0, 2)],
      settings,
    );

    expect(ranked.map((card) => [card.unitId, card.rank])).toEqual([
      ['a', 1],
      ['b', 1],
      ['d', 3],
      ['c', 4],
      ['e', null],
    ]);
  });

  it('median of an even count is the mean of the middle two; of nothing, null', () => {
    expect(median([5, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});

describe('facts from a case image', () => {
  const calendar = createWorkCalendar({ overrides: [] });
  const base: Case = {
    caseId: '01JP3ZK8W6T4QH2N9RB5XC7DMV',
    trackingCode: 'HY-7K3Q-9MXD',
    version: 6,
    status: 'replied',
    channel: 'visit',
    categoryCode: 'transport',
    jurisdictionCode: 'chengguan',
    studioId: 'studio-chengguan',
    title: '标题',
    content: '内容',
    petitioner: { phone: '13812345678', name: '张三', anonymous: false },
    confidential: false,
    unitId: 'dept-transport',
    deadlines: {
      acknowledgeBy: { at: end('02-14'), provisional: false, basis: { from: on('02-13'), steps: [] } },
      replyBy: { at: end('02-27'), provisional: false, basis: { from: on('02-13'), steps: [] } },
    },
    reopenCount: 0,
    alertsSent: ['acknowledge:reminder', 'reply:yellow'],
    // 28 February 23:30 Shanghai: still February there, although UTC says 28 February 15:30.
    createdAt: '2026-02-28T15:30:00.000Z',
    assignedAt: new Date('2026-02-13T10:00:00+08:00').toISOString(),
    acknowledgedAt: new Date('2026-02-14T08:00:00+08:00').toISOString(),
    repliedAt: new Date('2026-02-25T15:00:00+08:00').toISOString(),
    updatedAt: new Date('2026-02-25T15:00:00+08:00').toISOString(),
  };

  it('keys the fact by the Shanghai month of registration and keeps no personal data', () => {
    const derived = caseFactFor(base, calendar);

    expect(derived.month).toBe('2026-02');
    expect(caseFactFor({ ...base, createdAt: '2026-02-28T16:00:00.000Z' }, calendar).month).toBe('2026-03');
    expect(JSON.stringify(derived)).not.toMatch(/13812345678|张三|标题|内容/);
  });

  it('counts working days to the first reply across Spring Festival, and marks a card', () => {
    const derived = caseFactFor(base, calendar);

    // Assigned Friday 13 February; working days after it up to the reply day: 14 (make-up Saturday), 24, 25.
    expect(derived.workingDaysToReply).toBe(3);
    expect(derived.carded).toBe(true);
    expect(derived).toMatchObject({
      respondedAt: base.acknowledgedAt,
      replyBy: end('02-27'),
      status: 'replied',
    });
  });

  it('a review round leaves the first reply time to the stored fact (not recomputed from the second)', () => {
    expect(caseFactFor({ ...base, reopenCount: 1 }, calendar).workingDaysToReply).toBeUndefined();
  });

  it('months: Shanghai month of an instant, the one before, and a trend window', () => {
    expect(monthOf('2025-12-31T16:00:00Z')).toBe('2026-01');
    expect(previousMonth('2026-01' as ReportMonth)).toBe('2025-12');
    expect(monthsEndingWith('2026-02' as ReportMonth, 3)).toEqual(['2025-12', '2026-01', '2026-02']);
  });
});

describe('exports', () => {
  it('CSV: UTF-8 with a byte-order mark, Chinese headers, percentages, county total, studios', () => {
    const card = marchCard();
    const csv = reportCsv(card);
    const lines = csv.split('\r\n');

    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(lines[1]).toBe(
      '排名,单位,新收件数,不予受理,本月到期,本月答复,本月办结,超期未办,响应率,解决率,满意率,满意,基本满意,不满意,未评价,按期答复率,超期件数,重新办理件数,答复用时中位数（工作日）,综合得分',
    );
    expect(lines[2]).toBe('1,乙局,3,0,0,3,3,0,100.0%,100.0%,93.3%,1,2,0,0,100.0%,0,0,5,97.7');
    expect(lines[3]).toBe('2,甲局,3,0,0,0,0,0,100.0%,—,—,0,0,0,0,—,0,0,—,84');
    expect(lines).toContain('样本不足,丁局,1,0,0,0,0,0,100.0%,—,—,0,0,0,0,—,0,0,—,84');
    expect(lines).toContain('—,全县合计,9,0,2,4,3,1,100.0%,100.0%,93.3%,1,2,0,0,80.0%,1,0,5,93.7');
    expect(lines).toContain('X 工作室,1,1,0');
    expect(lines).toContain('截至目前（2026-01 起）');
  });

  it('CSV: a unit name a spreadsheet would run as a formula is defused, and commas are quoted', () => {
    const card = marchCard();
    const tricky = { ...card, units: [{ ...unit('dept-ack'), unitName: '=HYPERLINK("x"),局' }] };

    expect(reportCsv(tricky)).toContain(`,"'=HYPERLINK(""x""),局",`);
  });

  it('XLSX: a workbook with the units and studios sheets', async () => {
    const card = marchCard();
    const buffer = await reportXlsx(card);
    const files = unzipSync(new Uint8Array(buffer));
    const text = (name: string) => new TextDecoder().decode(files[name]);
    const all = Object.keys(files)
      .filter((name) => name.endsWith('.xml'))
      .map(text)
      .join('\n');

    expect(buffer.subarray(0, 2).toString()).toBe('PK');
    expect(text('xl/workbook.xml')).toContain('单位排名');
    expect(text('xl/workbook.xml')).toContain('工作室');
    expect(all).toContain('乙局');
    expect(all).toContain('综合得分');
  });
});
