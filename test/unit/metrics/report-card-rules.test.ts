import { describe, expect, it } from 'vitest';
import type { CaseFact, ReportMonth } from '../../../shared/domain/metrics/facts.ts';
import {
  buildReportCard,
  compositeScore,
  median,
  metricsOf,
  monthBounds,
  rankUnits,
  type Window,
} from '../../../shared/domain/metrics/report-card.ts';
import { defaultReportSettings, reportSettingsSchema } from '../../../shared/domain/metrics/settings.ts';

/**
 * The report card's rules one at a time, at their edges: the window's bounds, deadlines met to the
 * millisecond, what counts as ended or reviewed, and the ranking's tie-breaks. March 2026 in Shanghai.
 */

const MARCH = '2026-03' as ReportMonth;
const at = (text: string) => new Date(text).toISOString();
const end = (day: string) => at(`2026-${day}T23:59:59.999+08:00`);
const on = (day: string) => at(`2026-${day}T10:00:00+08:00`);
const march: Window = {
  from: Date.parse('2026-03-01T00:00:00+08:00'),
  until: Date.parse('2026-04-01T00:00:00+08:00'),
};

function fact(caseId: string, overrides: Partial<CaseFact> = {}): CaseFact {
  return {
    caseId,
    month: MARCH,
    version: 1,
    status: 'acknowledged',
    channel: 'web',
    registeredAt: on('03-02'),
    reopenCount: 0,
    carded: false,
    ...overrides,
  };
}

const metrics = (facts: readonly CaseFact[], window = march, cohort?: (fact: CaseFact) => boolean) =>
  metricsOf(facts, window, defaultReportSettings, cohort);

describe('the window a card judges', () => {
  it('includes an act at its first millisecond and excludes one at its end', () => {
    const first = fact('first', {
      respondedAt: at('2026-03-01T00:00:00+08:00'),
      acknowledgeBy: end('03-05'),
    });
    const after = fact('after', {
      respondedAt: at('2026-04-01T00:00:00+08:00'),
      acknowledgeBy: end('04-05'),
    });
    const before = fact('before', {
      respondedAt: at('2026-02-28T23:59:59.999+08:00'),
      acknowledgeBy: end('02-28'),
    });

    expect(metrics([first]).responseRate).toEqual({ numerator: 1, denominator: 1, rate: 1 });
    expect(metrics([after]).responseRate).toEqual({ numerator: 0, denominator: 0, rate: null });
    expect(metrics([before]).responseRate).toEqual({ numerator: 0, denominator: 0, rate: null });
  });

  it('counts a reply given exactly at its deadline as on time, and one a millisecond later as late', () => {
    const exactly = fact('exactly', { status: 'replied', replyBy: end('03-10'), repliedAt: end('03-10') });
    const later = fact('later', {
      status: 'replied',
      replyBy: end('03-10'),
      repliedAt: at('2026-03-11T00:00:00+08:00'),
    });

    expect(metrics([exactly])).toMatchObject({
      overdue: 0,
      onTimeCloseRate: { numerator: 1, denominator: 1 },
    });
    expect(metrics([later])).toMatchObject({
      overdue: 1,
      openOverdue: 0,
      onTimeCloseRate: { numerator: 0, denominator: 1, rate: 0 },
    });
  });

  it('counts work done after the window as still open then, and late once its deadline passed inside it', () => {
    const doneInApril = fact('april', {
      status: 'replied',
      replyBy: end('03-20'),
      repliedAt: on('04-02'),
      respondedAt: on('03-03'),
      acknowledgeBy: end('03-17'),
    });
    const deadlineInApril = fact('not-yet', { status: 'acknowledged', replyBy: end('04-20') });
    const deadlineAtTheEnd = fact('at-the-end', {
      status: 'acknowledged',
      replyBy: at('2026-04-01T00:00:00+08:00'),
    });

    expect(metrics([doneInApril])).toMatchObject({ openOverdue: 1, overdue: 1, replied: 0, due: 1 });
    expect(metrics([deadlineInApril])).toMatchObject({ openOverdue: 0, overdue: 0, sample: 0 });
    expect(metrics([deadlineAtTheEnd])).toMatchObject({ openOverdue: 0, overdue: 0, due: 0 });
  });

  it('does not count a past deadline as open work once the case no longer awaits the unit', () => {
    const closedWithoutReply = fact('closed', { status: 'closed', replyBy: end('03-10') });
    const awaiting = fact('awaiting', { status: 'assigned', acknowledgeBy: end('03-10') });
    const acknowledgedWithoutDate = fact('acknowledged', {
      status: 'acknowledged',
      acknowledgeBy: end('03-10'),
    });

    expect(metrics([closedWithoutReply])).toMatchObject({ openOverdue: 0, overdue: 0, due: 1 });
    expect(metrics([awaiting])).toMatchObject({
      openOverdue: 1,
      responseRate: { numerator: 0, denominator: 1 },
    });
    expect(metrics([acknowledgedWithoutDate])).toMatchObject({ openOverdue: 0, sample: 0 });
    expect(metrics([fact('triage', { status: 'triage', acknowledgeBy: end('03-10') })]).openOverdue).toBe(1);
    expect(metrics([fact('reply', { status: 'acknowledged', replyBy: end('03-10') })]).openOverdue).toBe(1);
  });

  it('never judges a rejected case on a reply, but does on its response', () => {
    const rejected = fact('rejected', {
      status: 'rejected',
      acknowledgeBy: end('03-05'),
      respondedAt: on('03-04'),
      replyBy: end('03-10'),
    });

    expect(metrics([rejected], march, () => true)).toMatchObject({
      received: 1,
      rejected: 1,
      due: 0,
      openOverdue: 0,
      responseRate: { numerator: 1, denominator: 1 },
      onTimeCloseRate: { numerator: 0, denominator: 0, rate: null },
    });
    expect(metrics([fact('accepted')], march, () => true)).toMatchObject({ received: 1, rejected: 0 });
    expect(metrics([rejected])).toMatchObject({ received: 0, rejected: 0 });
  });
});

describe('what a card counts', () => {
  it('counts closings, endings and resolutions in the window; a standing 不满意 is not resolved', () => {
    const facts = [
      fact('closed', { status: 'closed', closedAt: on('03-05') }),
      fact('resolved', { status: 'archived', archivedAt: on('03-06'), rating: 'satisfied' }),
      fact('unresolved', { status: 'archived', archivedAt: on('03-06'), rating: 'dissatisfied' }),
      fact('archived-in-april', { status: 'archived', archivedAt: on('04-06') }),
      fact('closed-with-archive-date', { status: 'closed', archivedAt: on('03-07') }),
    ];

    expect(metrics(facts)).toMatchObject({
      closed: 1,
      resolutionRate: { numerator: 1, denominator: 2, rate: 0.5 },
      sample: 2,
    });
  });

  it('counts every survey answer once, and an expired survey apart only when the case ended in the window', () => {
    const answered = (caseId: string, rating: CaseFact['rating']) =>
      fact(caseId, { surveyStatus: 'answered', rating, answeredAt: on('03-09') });
    const facts = [
      answered('s', 'satisfied'),
      answered('b', 'basically_satisfied'),
      answered('d', 'dissatisfied'),
      answered('d2', 'dissatisfied'),
      fact('silent', { status: 'archived', surveyStatus: 'expired', archivedAt: on('03-20') }),
      fact('silent-earlier', { status: 'archived', surveyStatus: 'expired', archivedAt: on('02-20') }),
      fact('pending', { status: 'archived', surveyStatus: 'pending', archivedAt: on('03-20') }),
    ];

    expect(metrics(facts).satisfactionRate).toEqual({
      numerator: 1.9,
      denominator: 4,
      rate: 0.475,
      satisfied: 1,
      basicallySatisfied: 1,
      dissatisfied: 2,
      noResponse: 1,
    });
  });

  it('counts a reopened case as a review only when it had work judged in the window', () => {
    const reviewed = fact('reviewed', {
      reopenCount: 1,
      status: 'replied',
      replyBy: end('03-20'),
      repliedAt: on('03-10'),
    });
    const reopenedEarlier = fact('earlier', {
      reopenCount: 2,
      status: 'replied',
      replyBy: end('02-20'),
      repliedAt: on('02-10'),
    });
    const responded = fact('responded', {
      reopenCount: 1,
      acknowledgeBy: end('03-20'),
      respondedAt: on('03-10'),
    });
    const firstRound = fact('first', { status: 'replied', replyBy: end('03-20'), repliedAt: on('03-10') });

    expect(metrics([reviewed, reopenedEarlier, responded, firstRound]).reviews).toBe(2);
  });

  it('takes the median reply time over the replies given in the window, odd counts included', () => {
    const reply = (caseId: string, day: string, days?: number) =>
      fact(caseId, {
        status: 'replied',
        repliedAt: on(day),
        ...(days === undefined ? {} : { workingDaysToReply: days }),
      });

    expect(
      metrics([
        reply('a', '03-03', 9),
        reply('b', '03-04', 1),
        reply('c', '03-05', 4),
        reply('d', '02-05', 30),
      ]).medianWorkingDaysToReply,
    ).toBe(4);
    expect(metrics([reply('a', '03-03')])).toMatchObject({ replied: 1, medianWorkingDaysToReply: null });
    expect(median([3])).toBe(3);
    expect(median([10, 2, 1])).toBe(2);
    expect(median([10, 20])).toBe(15);
  });

  it('rounds rates to four decimals', () => {
    const facts = [
      fact('a', { acknowledgeBy: end('03-05'), respondedAt: on('03-04') }),
      fact('b', { acknowledgeBy: end('03-05'), respondedAt: on('03-04') }),
      fact('c', { acknowledgeBy: end('03-05'), respondedAt: on('03-08') }),
    ];

    expect(metrics(facts).responseRate).toEqual({ numerator: 2, denominator: 3, rate: 0.6667 });
  });
});

describe('the composite score', () => {
  const rate = (numerator: number, denominator: number) => ({
    numerator,
    denominator,
    rate: denominator > 0 ? Math.round((numerator / denominator) * 10_000) / 10_000 : null,
  });
  const none = rate(0, 0);
  const survey = (numerator: number, denominator: number) => ({
    ...rate(numerator, denominator),
    satisfied: numerator,
    basicallySatisfied: 0,
    dissatisfied: denominator - numerator,
    noResponse: 0,
  });

  it('weighs each rate by its setting, skipping a weight of zero, and rounds to one decimal', () => {
    const rates = {
      responseRate: rate(1, 1),
      resolutionRate: rate(1, 2),
      satisfactionRate: survey(2, 3),
      onTimeCloseRate: rate(0, 1),
    };
    const onlySatisfaction = reportSettingsSchema.parse({
      weights: { responseRate: 0, resolutionRate: 0, satisfactionRate: 10, onTimeCloseRate: 0 },
    });

    // (20 × 1 + 25 × 0.5 + 35 × 2⁄3 + 20 × 0) ÷ 100 = 55.83…
    expect(compositeScore(rates, defaultReportSettings)).toBe(55.8);
    // Unrounded 2⁄3, not the displayed 0.6667
    expect(compositeScore(rates, onlySatisfaction)).toBe(66.7);
  });

  it('uses the neutral value for a missing rate only up to the setting', () => {
    const rates = {
      responseRate: rate(1, 1),
      resolutionRate: none,
      satisfactionRate: survey(0, 0),
      onTimeCloseRate: none,
    };

    expect(compositeScore(rates, reportSettingsSchema.parse({ neutralRate: 0.5 }))).toBe(60);
  });

  it('is null when every weight is zero', () => {
    const zero = reportSettingsSchema.parse({
      weights: { responseRate: 0, resolutionRate: 0, satisfactionRate: 0, onTimeCloseRate: 0 },
    });

    expect(
      compositeScore(
        {
          responseRate: rate(1, 1),
          resolutionRate: none,
          satisfactionRate: survey(0, 0),
          onTimeCloseRate: none,
        },
        zero,
      ),
    ).toBeNull();
  });
});

describe('ranking', () => {
  const row = (unitId: string, score: number | null, overdue: number, sample = 5, unitName = unitId) =>
    ({ unitId, unitName, score, overdue, sample }) as Parameters<typeof rankUnits>[0][number];
  const settings = reportSettingsSchema.parse({ minCasesToRank: 3 });
  const order = (cards: Parameters<typeof rankUnits>[0]) =>
    rankUnits(cards, settings).map((card) => [card.unitId, card.rank, card.sampleTooSmall]);

  it('orders an equal score and overdue count by the larger sample, then the unit id, sharing the rank', () => {
    expect(order([row('b', 90, 0, 4), row('a', 90, 0, 4), row('c', 90, 0, 9)])).toEqual([
      ['c', 1, false],
      ['a', 1, false],
      ['b', 1, false],
    ]);
  });

  it('does not share a rank between equal scores with different overdue counts', () => {
    expect(order([row('late', 90, 2), row('prompt', 90, 1), row('best', 95, 3)])).toEqual([
      ['best', 1, false],
      ['prompt', 2, false],
      ['late', 3, false],
    ]);
  });

  it('ranks a unit with exactly the minimum sample, and lists the unranked by name, then id', () => {
    expect(
      order([
        row('x2', 50, 0, 2, '乙'),
        row('x1', 50, 0, 1, '乙'),
        row('y', null, 0, 7, '甲'),
        row('z', 10, 0, 3, '丙'),
      ]),
    ).toEqual([
      ['z', 1, false],
      ['y', null, false],
      ['x1', null, true],
      ['x2', null, true],
    ]);
  });
});

describe('building the card', () => {
  it('bounds a month in Shanghai time, December included', () => {
    expect(monthBounds('2026-12' as ReportMonth)).toEqual({
      start: Date.parse('2026-12-01T00:00:00+08:00'),
      end: Date.parse('2027-01-01T00:00:00+08:00'),
    });
    expect(monthBounds('2026-02' as ReportMonth)).toEqual({
      start: Date.parse('2026-02-01T00:00:00+08:00'),
      end: Date.parse('2026-03-01T00:00:00+08:00'),
    });
  });

  it('leaves out later months, names unlisted units and studios by id, and counts studio work', () => {
    const card = buildReportCard({
      month: MARCH,
      asOf: new Date('2026-04-01T00:00:00+08:00'),
      settings: defaultReportSettings,
      facts: [
        fact('listed', { unitId: 'u-known', studioId: 's-b', channel: 'visit', status: 'closed' }),
        fact('unlisted', { unitId: 'u-other', studioId: 's-b', channel: 'letter', status: 'archived' }),
        fact('open', { studioId: 's-a', channel: 'visit', status: 'registered' }),
        fact('rejected', { studioId: 's-a', status: 'rejected' }),
        fact('april', { month: '2026-04' as ReportMonth, unitId: 'u-april', studioId: 's-c' }),
        fact('february', { month: '2026-02' as ReportMonth, studioId: 's-a', unitId: 'u-known' }),
      ],
      units: [{ id: 'u-known', name: '甲局' }],
      studios: [{ id: 's-b', name: 'B 工作室' }],
    });

    expect(card.units.map((unit) => [unit.unitId, unit.unitName, unit.received])).toEqual([
      ['u-known', '甲局', 1],
      ['u-other', 'u-other', 1],
    ]);
    expect(card.county.received).toBe(4);
    expect(card.unassigned).toBe(2);
    expect(card.studios).toEqual([
      { studioId: 's-a', studioName: 's-a', visitors: 1, suggestions: 2, closed: 0 },
      { studioId: 's-b', studioName: 'B 工作室', visitors: 1, suggestions: 2, closed: 2 },
    ]);
    expect(card.cumulative).toBeUndefined();
    expect(card).not.toHaveProperty('cumulative');
  });

  it('judges a live card up to asOf, and a past month up to its end', () => {
    const facts = [fact('due', { status: 'acknowledged', replyBy: end('03-20'), unitId: 'u' })];
    const card = (asOf: string) =>
      buildReportCard({ month: MARCH, asOf: new Date(asOf), settings: defaultReportSettings, facts }).county;

    expect(card('2026-03-15T00:00:00+08:00')).toMatchObject({ due: 0, openOverdue: 0 });
    expect(card('2026-05-15T00:00:00+08:00')).toMatchObject({ due: 1, openOverdue: 1 });
  });
});

describe('edges found by mutation testing', () => {
  it('judges no response or reply without a deadline', () => {
    const noDeadlines = fact('no-deadlines', {
      status: 'replied',
      respondedAt: on('03-03'),
      repliedAt: on('03-05'),
    });

    expect(metrics([noDeadlines])).toMatchObject({ replied: 1, overdue: 0, sample: 0 });
  });

  it('counts a reply given exactly at the window’s end as not yet given', () => {
    const atTheEnd = fact('at-the-end', {
      status: 'replied',
      replyBy: end('03-20'),
      repliedAt: at('2026-04-01T00:00:00+08:00'),
    });

    expect(metrics([atTheEnd])).toMatchObject({ openOverdue: 1, replied: 0 });
  });

  it('counts a reply deadline as open while the case is in triage or assigned', () => {
    for (const status of ['triage', 'assigned'] as const)
      expect(metrics([fact(status, { status, replyBy: end('03-10') })]), status).toMatchObject({
        openOverdue: 1,
        onTimeCloseRate: { numerator: 0, denominator: 1 },
      });
  });

  it('counts neither an answer without a rating nor a survey withdrawn as a response', () => {
    const facts = [
      fact('no-rating', { surveyStatus: 'answered', answeredAt: on('03-09') }),
      fact('withdrawn', { status: 'archived', surveyStatus: 'withdrawn', archivedAt: on('03-20') }),
      fact('pending', { status: 'archived', surveyStatus: 'pending', archivedAt: on('03-21') }),
      fact('expired', { status: 'archived', surveyStatus: 'expired', archivedAt: on('03-20') }),
    ];

    expect(metrics(facts).satisfactionRate).toMatchObject({ denominator: 0, dissatisfied: 0, noResponse: 1 });
  });

  it('lists only units and studios with cases when the catalog is not given', () => {
    const card = buildReportCard({
      month: MARCH,
      asOf: new Date('2026-04-01T00:00:00+08:00'),
      settings: defaultReportSettings,
      facts: [fact('a', { unitId: 'u-a' })],
      cumulativeSince: MARCH,
    });

    expect(card.units.map((unit) => unit.unitId)).toEqual(['u-a']);
    expect(card.studios).toEqual([]);
    expect(card.cumulative?.units.map((unit) => unit.unitId)).toEqual(['u-a']);
  });

  it('counts every case given in the cumulative view, and lists the catalog’s idle units there too', () => {
    const card = buildReportCard({
      month: MARCH,
      asOf: new Date('2026-04-01T00:00:00+08:00'),
      settings: defaultReportSettings,
      facts: [fact('a', { unitId: 'u-a' }), fact('old', { unitId: 'u-a', month: '2026-01' as ReportMonth })],
      units: [
        { id: 'u-a', name: '甲局' },
        { id: 'u-idle', name: '乙局' },
      ],
      cumulativeSince: '2026-01' as ReportMonth,
    });

    expect(card.cumulative?.county.received).toBe(2);
    expect(card.cumulative?.units.map((unit) => [unit.unitId, unit.received])).toEqual([
      ['u-a', 2],
      ['u-idle', 0],
    ]);
  });
});
