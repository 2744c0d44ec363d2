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
 * The report card's arithmetic against a fixture month computed by hand (docs/metrics.md has the same
 * numbers): March 2026, judged at 1 April 00:00 Shanghai, w = 0.9, weights 20/25/35/20.
 */

const MARCH = '2026-03' as ReportMonth;
const asOf = new Date('2026-03-31T16:00:00Z');
/** `03-10` → the end of that March day in Shanghai (a deadline). */
const end = (day: string) => new Date(`2026-${day}T23:59:59.999+08:00`).toISOString();
const on = (day: string) => new Date(`2026-${day}T10:00:00+08:00`).toISOString();

function fact(caseId: string, overrides: Partial<CaseFact>): CaseFact {
  return {
    caseId,
    month: MARCH,
    version: 5,
    status: 'acknowledged',
    channel: 'web',
    registeredAt: on('03-01'),
    reopenCount: 0,
    carded: false,
    ...overrides,
  };
}

const answered = (rating: CaseFact['rating']): Partial<CaseFact> => ({
  status: 'archived',
  surveyStatus: 'answered',
  rating,
  archiveReason: 'survey',
});

const A = { unitId: 'dept-a', acknowledgeBy: end('03-03'), respondedAt: on('03-02'), replyBy: end('03-10') };
const B = { unitId: 'dept-b', acknowledgeBy: end('03-03'), respondedAt: on('03-02') };

const fixture: CaseFact[] = [
  fact('a1', { ...A, ...answered('satisfied'), repliedAt: on('03-06'), workingDaysToReply: 4 }),
  fact('a2', { ...A, ...answered('basically_satisfied'), repliedAt: on('03-12'), workingDaysToReply: 8 }),
  fact('a3', {
    ...A,
    status: 'archived',
    surveyStatus: 'expired',
    archiveReason: 'no_response',
    acknowledgeBy: end('03-04'),
    respondedAt: on('03-05'),
    repliedAt: on('03-09'),
    workingDaysToReply: 3,
    carded: true,
  }),
  fact('a4', { ...A, replyBy: end('03-25') }),
  fact('a5', {
    unitId: 'dept-a',
    status: 'assigned',
    acknowledgeBy: end('04-02'),
    replyBy: end('04-20'),
    studioId: 'studio-x',
    channel: 'visit',
  }),
  fact('a6', {
    ...A,
    status: 'closed',
    surveyStatus: 'answered',
    rating: 'dissatisfied',
    reopenCount: 1,
    replyBy: end('03-25'),
    repliedAt: on('03-20'),
    workingDaysToReply: 2,
  }),
  fact('a7', {
    ...A,
    ...answered('satisfied'),
    repliedAt: on('03-09'),
    workingDaysToReply: 5,
    studioId: 'studio-y',
    channel: 'visit',
  }),
  fact('b1', { ...B, status: 'rejected', studioId: 'studio-x', channel: 'visit' }),
  fact('b2', {
    ...B,
    ...answered('satisfied'),
    replyBy: end('03-10'),
    repliedAt: on('03-03'),
    workingDaysToReply: 1,
    studioId: 'studio-x',
    channel: 'letter',
  }),
  fact('b3', {
    ...B,
    status: 'replied',
    replyBy: end('03-31'),
    repliedAt: on('03-30'),
    workingDaysToReply: 6,
  }),
  fact('c1', { unitId: 'dept-c', status: 'assigned', acknowledgeBy: end('04-03') }),
  fact('u1', { status: 'registered' }),
  // Another month's case never counts in March.
  fact('x1', { ...A, month: '2026-02' as ReportMonth, ...answered('dissatisfied') }),
];

const card = buildReportCard({
  month: MARCH,
  facts: fixture,
  asOf,
  settings: defaultReportSettings,
  units: [
    { id: 'dept-a', name: '甲局' },
    { id: 'dept-b', name: '乙局' },
    { id: 'dept-c', name: '丙局' },
    { id: 'dept-d', name: '丁局' },
  ],
  studios: [
    { id: 'studio-x', name: 'X 工作室' },
    { id: 'studio-y', name: 'Y 工作室' },
  ],
});
const unit = (id: string) => card.units.find((row) => row.unitId === id)!;

describe('report card arithmetic (hand-computed fixture month)', () => {
  it('unit A: 7 cases, rates, overdue, reviews and median days to reply', () => {
    const a = unit('dept-a');

    expect(a.received).toBe(7);
    expect(a.rejected).toBe(0);
    // Responded on time: a1 a2 a4 a6 a7; late: a3; a5 not due yet.
    expect(a.responseRate).toEqual({ numerator: 5, denominator: 6, rate: 0.8333 });
    // Closed or archived without a standing 不满意: a1 a2 a3 a7 (a no-response case is resolved, not satisfied),
    // of the six whose resolution is due (a5's reply deadline is in April).
    expect(a.resolutionRate).toEqual({ numerator: 4, denominator: 6, rate: 0.6667 });
    // (2 + 0.9 × 1) / 4 answered; the expired survey of a3 is counted apart.
    expect(a.satisfactionRate).toEqual({
      numerator: 2.9,
      denominator: 4,
      rate: 0.725,
      satisfied: 2,
      basicallySatisfied: 1,
      dissatisfied: 1,
      noResponse: 1,
    });
    // Replied on time: a1 a3 a6 a7; late: a2; a4 past its deadline unreplied.
    expect(a.onTimeCloseRate).toEqual({ numerator: 4, denominator: 6, rate: 0.6667 });
    // a2 replied late, a3 carded (and responded late), a4 open past its reply deadline.
    expect(a.overdue).toBe(3);
    expect(a.reviews).toBe(1);
    // 2 3 4 5 8
    expect(a.medianWorkingDaysToReply).toBe(4);
    // 20×5/6 + 25×4/6 + 35×0.725 + 20×4/6 = 72.04…
    expect(a.score).toBe(72);
  });

  it('unit B: a rejection counts as a response but not in the resolution or closure rates', () => {
    // b3 was replied on 30 March and its deadline (31 March) has passed at the freeze: its resolution is due.
    const b = unit('dept-b');

    expect(b).toMatchObject({
      received: 3,
      rejected: 1,
      overdue: 0,
      reviews: 0,
      medianWorkingDaysToReply: 3.5,
    });
    expect(b.responseRate.rate).toBe(1);
    expect(b.resolutionRate).toEqual({ numerator: 1, denominator: 2, rate: 0.5 });
    expect(b.satisfactionRate.rate).toBe(1);
    expect(b.onTimeCloseRate).toEqual({ numerator: 2, denominator: 2, rate: 1 });
    // 20 + 25×0.5 + 35 + 20
    expect(b.score).toBe(87.5);
  });

  it('ranks scored units and lists the others after them without a rank', () => {
    expect(card.units.map((row) => [row.unitId, row.rank, row.score])).toEqual([
      ['dept-b', 1, 87.5],
      ['dept-a', 2, 72],
      ['dept-c', null, null],
      ['dept-d', null, null],
    ]);
    expect(unit('dept-c')).toMatchObject({
      received: 1,
      responseRate: { rate: null },
      medianWorkingDaysToReply: null,
    });
    expect(unit('dept-d').received).toBe(0);
  });

  it('the county total counts every case of the month, the unassigned one too', () => {
    expect(card.unassigned).toBe(1);
    expect(card.county).toMatchObject({
      received: 12,
      rejected: 1,
      responseRate: { numerator: 8, denominator: 9, rate: 0.8889 },
      resolutionRate: { numerator: 5, denominator: 8, rate: 0.625 },
      satisfactionRate: { numerator: 3.9, denominator: 5, rate: 0.78, noResponse: 1 },
      onTimeCloseRate: { numerator: 6, denominator: 8, rate: 0.75 },
      overdue: 3,
      medianWorkingDaysToReply: 4,
      score: 75.7,
    });
  });

  it('per studio: visitors, everything collected, and items closed (rejections excluded)', () => {
    expect(card.studios).toEqual([
      { studioId: 'studio-x', studioName: 'X 工作室', visitors: 2, suggestions: 3, closed: 1 },
      { studioId: 'studio-y', studioName: 'Y 工作室', visitors: 1, suggestions: 1, closed: 1 },
    ]);
  });

  it('records what it was judged against', () => {
    expect(card).toMatchObject({ month: '2026-03', asOf: asOf.toISOString(), frozen: false });
    expect(card.settings).toEqual(defaultReportSettings);
  });
});

describe('satisfaction weight, composite weights and ranking rules', () => {
  it('w = 1 counts 基本满意 as 满意; w = 0 not at all; silence never counts', () => {
    const facts = [
      fact('s', { unitId: 'u', ...answered('satisfied') }),
      fact('b', { unitId: 'u', ...answered('basically_satisfied') }),
      fact('n', { unitId: 'u', status: 'archived', surveyStatus: 'expired' }),
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

  it('the composite re-weighs over the rates that have data, and is null without any', () => {
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

  it('equal score and overdue share a rank (1, 1, 3); fewer overdue breaks a tie; too few cases are not ranked', () => {
    const row = (unitId: string, score: number | null, overdue: number, received = 5) =>
      ({ unitId, unitName: unitId, score, overdue, received }) as Parameters<typeof rankUnits>[0][number];
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
    const csv = reportCsv(card);
    const lines = csv.split('\r\n');

    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(lines[1]).toBe(
      '排名,单位,受理件数,不予受理,响应率,解决率,满意率,满意,基本满意,不满意,未评价,按期办结率,超期件数,复查件数,答复用时中位数（工作日）,综合得分',
    );
    expect(lines[2]).toBe('1,乙局,3,1,100.0%,50.0%,100.0%,1,0,0,0,100.0%,0,0,3.5,87.5');
    expect(lines[3]).toBe('2,甲局,7,0,83.3%,66.7%,72.5%,2,1,1,1,66.7%,3,1,4,72');
    expect(lines).toContain('—,全县合计,12,1,88.9%,62.5%,78.0%,3,1,1,1,75.0%,3,1,4,75.7');
    expect(lines).toContain('X 工作室,2,3,1');
  });

  it('CSV: a unit name a spreadsheet would run as a formula is defused, and commas are quoted', () => {
    const tricky = { ...card, units: [{ ...unit('dept-a'), unitName: '=HYPERLINK("x"),局' }] };

    expect(reportCsv(tricky)).toContain(`,"'=HYPERLINK(""x""),局",`);
  });

  it('XLSX: a workbook with the units and studios sheets', async () => {
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
