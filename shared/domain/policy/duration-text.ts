/**
 * The one way a duration is shown to anyone (SMS, e-mail, public timeline, refusals, pages): always with its
 * unit, 工作日 or 日, because "5日" and "5个工作日" are different promises (10/10 + 5 working days is 10/16).
 * Pure and free of zod, so the light public pages can import it too.
 */

export type DurationUnit = 'workingDays' | 'calendarDays';

export interface DurationLike {
  readonly amount: number;
  readonly unit: DurationUnit;
}

export function formatDuration(duration: DurationLike, lang: 'zh' | 'en' = 'zh'): string {
  const { amount, unit } = duration;
  if (lang === 'en') {
    const noun = unit === 'workingDays' ? 'working day' : 'day';
    return `${amount} ${noun}${amount === 1 ? '' : 's'}`;
  }
  return unit === 'workingDays' ? `${amount}个工作日` : `${amount}日`;
}

/** Events written before durations carried their unit held calendar days only for the statutory policy. */
export function durationOf(amount: unknown, unit: unknown): DurationLike | null {
  if (typeof amount !== 'number') return null;
  return { amount, unit: unit === 'workingDays' ? 'workingDays' : 'calendarDays' };
}

/** The Shanghai day of an instant as people write it: 2026-12-14T15:59:59.999Z → 12月14日. */
export function formatDay(iso: string): string {
  const shanghai = new Date(Date.parse(iso) + 8 * 3_600_000);
  return `${shanghai.getUTCMonth() + 1}月${shanghai.getUTCDate()}日`;
}
