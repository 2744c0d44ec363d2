import { describe, expect, it } from 'vitest';
import { jobEvent, parseJobArgs } from '../../../scripts/job.ts';
import { parseScheduledRun } from '../../../shared/use-cases/sweeps-event.ts';

describe('npm run job arguments', () => {
  it('takes a schedule name and optional --now and --month', () => {
    const parsed = parseJobArgs(['--', 'deadline-sweep', '--now', '2026-12-03T09:00:00+08:00']);

    expect(parsed).toMatchObject({
      kind: 'run',
      schedule: { name: 'deadline-sweep', fn: 'jobDeadlineSweep' },
      now: '2026-12-03T01:00:00.000Z',
    });
    expect(parseJobArgs(['monthly-report', '--month', '2026-11'])).toMatchObject({ month: '2026-11' });
  });

  it.each([
    [[], 'missing job name'],
    [['nightly'], 'unknown job "nightly"'],
    [['deadline-sweep', '--now'], '--now needs a value'],
    [['deadline-sweep', '--now', 'tomorrow'], 'is not an ISO instant'],
    [['monthly-report', '--month', '2026-13'], 'is not YYYY-MM'],
    [['deadline-sweep', '--fast'], 'unknown option --fast'],
    [['deadline-sweep', 'survey-expiry'], 'unexpected argument'],
  ])('%j is refused: %s', (argv, message) => {
    const parsed = parseJobArgs(argv);

    expect(parsed.kind).toBe('error');
    expect(parsed.kind === 'error' && parsed.message).toContain(message);
  });

  it('builds the scheduler event with the options in detail, which the job functions accept', () => {
    const parsed = parseJobArgs([
      'monthly-report',
      '--month',
      '2026-11',
      '--now',
      '2026-12-01T08:00:00+08:00',
    ]);
    if (parsed.kind !== 'run') throw new Error('expected a run');

    const event = jobEvent(parsed, new Date('2026-12-01T00:00:00Z'));

    expect(event).toMatchObject({
      source: 'aws.scheduler',
      'detail-type': 'Scheduled Event',
      detail: { schedule: 'monthly-report', month: '2026-11', now: '2026-12-01T00:00:00.000Z' },
    });
    expect(parseScheduledRun(event).detail).toMatchObject({ month: '2026-11' });
    expect(parseScheduledRun({}).detail).toBeUndefined();
  });
});
