import { describe, expect, it } from 'vitest';
import { durationOf, formatDay, formatDuration } from '../../../shared/domain/policy/duration-text.ts';
import { normalizeText } from '../../../shared/domain/routing/normalize.ts';

describe('durations as people read them', () => {
  it('always name the unit, in Chinese by default and in English with a plural', () => {
    expect(formatDuration({ amount: 15, unit: 'workingDays' })).toBe('15个工作日');
    expect(formatDuration({ amount: 1, unit: 'calendarDays' }, 'zh')).toBe('1日');
    expect(formatDuration({ amount: 2, unit: 'workingDays' }, 'en')).toBe('2 working days');
    expect(formatDuration({ amount: 1, unit: 'calendarDays' }, 'en')).toBe('1 day');
    expect(formatDuration({ amount: 0, unit: 'calendarDays' }, 'en')).toBe('0 days');
  });

  it('read an old event without a unit as calendar days, and nothing without an amount', () => {
    expect(durationOf(60, undefined)).toEqual({ amount: 60, unit: 'calendarDays' });
    expect(durationOf(5, 'workingDays')).toEqual({ amount: 5, unit: 'workingDays' });
    expect(durationOf(5, 'weeks')).toEqual({ amount: 5, unit: 'calendarDays' });
    expect(durationOf('5', 'workingDays')).toBeNull();
    expect(durationOf(undefined, 'workingDays')).toBeNull();
  });

  it('write an instant as its Shanghai day', () => {
    expect(formatDay('2026-12-14T15:59:59.999Z')).toBe('12月14日');
    expect(formatDay('2026-12-14T16:00:00.000Z')).toBe('12月15日');
    expect(formatDay('2026-01-31T16:00:00.000Z')).toBe('2月1日');
  });
});

describe('routing text folding', () => {
  it('folds full-width and case, and drops white space and invisible characters anywhere', () => {
    expect(normalizeText('ＷＩＦＩ 坏了')).toBe('wifi坏了');
    expect(normalizeText(' 灌\u200b溉\u3000\n用水 ')).toBe('灌溉用水');
    expect(normalizeText('A\u00adB\ufeffC')).toBe('abc');
  });
});
