import { describe, expect, it } from 'vitest';
import type { LocalDate } from '../../../shared/domain/calendar/shanghai-time.ts';
import { daysForVisits, isGroupVisit, visitMonths } from '../../../shared/domain/reception/visit-days.ts';

/** Which days the 接待日来访 form offers, and what a group visit is. */

const today = '2026-12-10' as LocalDate;

describe('days a reception-day visit can be registered against', () => {
  it('offers published days up to today, newest first; not unpublished or future ones', () => {
    const days = [
      { date: '2026-11-10', published: true },
      { date: '2026-11-20', published: false },
      { date: '2026-11-23', published: true },
      { date: '2026-12-10', published: true },
      { date: '2026-12-21', published: true },
    ];
    expect(daysForVisits(days, today).map((day) => day.date)).toEqual([
      '2026-12-10',
      '2026-11-23',
      '2026-11-10',
    ]);
    expect(daysForVisits([{ date: '2026-12-21', published: true }], today)).toEqual([]);
  });

  it('looks at this month and the previous one, across a year end', () => {
    expect(visitMonths(today)).toEqual(['2026-12', '2026-11']);
    expect(visitMonths('2027-01-04' as LocalDate)).toEqual(['2027-01', '2026-12']);
  });

  it('calls a visit of more than one person a group visit, as the record book does', () => {
    expect(isGroupVisit(1)).toBe(false);
    expect(isGroupVisit(2)).toBe(true);
    expect(isGroupVisit(12)).toBe(true);
  });
});
