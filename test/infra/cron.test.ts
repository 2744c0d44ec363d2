import { describe, expect, it } from 'vitest';
import { CronConversionError, fromEventBridgeCron, toEventBridgeCron } from '../../infra/cdk/cron.ts';
import { schedules } from '../../shared/topology.ts';

describe('toEventBridgeCron', () => {
  it.each([
    ['*/5 * * * *', 'cron(0/5 * * * ? *)'],
    ['0 9 * * *', 'cron(0 9 * * ? *)'],
    ['0 8 1 * *', 'cron(0 8 1 * ? *)'],
    ['0 18 * * MON-FRI', 'cron(0 18 ? * MON-FRI *)'],
    ['0 9 10,20 * *', 'cron(0 9 10,20 * ? *)'],
    ['30 7 * * 1-5', 'cron(30 7 ? * MON-FRI *)'],
    ['0 7 * * 0', 'cron(0 7 ? * SUN *)'],
    ['0 7 * * 7', 'cron(0 7 ? * SUN *)'],
    ['0 7 * * 5-7', 'cron(0 7 ? * SUN,FRI-SAT *)'],
    ['0 7 * * mon,wed', 'cron(0 7 ? * MON,WED *)'],
    ['0 */2 * * *', 'cron(0 0/2 * * ? *)'],
    ['0 0 */10 * *', 'cron(0 0 1/10 * ? *)'],
    ['0 0 1 */3 *', 'cron(0 0 1 1/3 ? *)'],
    ['0 0 1 jan,jul *', 'cron(0 0 1 JAN,JUL ? *)'],
    ['10-40/10 8 * * *', 'cron(10,20,30,40 8 * * ? *)'],
  ])('converts %s to %s', (cron, expected) => {
    expect(toEventBridgeCron(cron)).toBe(expected);
  });

  it.each([
    ['0 9 1 * MON', /both day-of-month and day-of-week/],
    ['0 9 * *', /expected 5 fields/],
    ['0 9 * * * *', /expected 5 fields/],
    ['60 9 * * *', /minute value 60/],
    ['0 24 * * *', /hour value 24/],
    ['0 9 0 * *', /day-of-month value 0/],
    ['0 9 * 13 *', /month value 13/],
    ['0 9 * * */2', /steps in day-of-week/],
    ['0 9 * * 8', /day-of-week value "8"/],
    ['0 9 * * FRI-MON', /runs backwards/],
    ['5/10 * * * *', /must start from \* or a range/],
    ['*/0 * * * *', /must be ≥ 1/],
    ['0 9 L * *', /not a number/],
  ])('refuses %s', (cron, message) => {
    expect(() => toEventBridgeCron(cron)).toThrow(CronConversionError);
    expect(() => toEventBridgeCron(cron)).toThrow(message);
  });
});

describe('fromEventBridgeCron', () => {
  it.each([
    '*/5 * * * *',
    '0 9 * * *',
    '0 8 1 * *',
    '0 18 * * MON-FRI',
    '0 9 10,20 * *',
    '0 */2 * * *',
    '0 0 */10 * *',
    '0 0 1 */3 *',
    '0 7 * * SUN,FRI-SAT',
  ])('recovers %s from its EventBridge form', (cron) => {
    expect(fromEventBridgeCron(toEventBridgeCron(cron))).toBe(cron);
  });

  it('refuses expressions it never produces', () => {
    expect(() => fromEventBridgeCron('rate(5 minutes)')).toThrow(CronConversionError);
    expect(() => fromEventBridgeCron('cron(0 9 * * ? 2027)')).toThrow(/restricts the year/);
    expect(() => fromEventBridgeCron('cron(0 9 * * ?)')).toThrow(/6 fields/);
  });

  it('round-trips every topology schedule exactly, so the cloud and local descriptions can be compared', () => {
    for (const schedule of schedules) {
      expect(fromEventBridgeCron(toEventBridgeCron(schedule.cron)), schedule.name).toBe(schedule.cron);
    }
  });
});
