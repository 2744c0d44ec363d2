import { describe, expect, it } from 'vitest';
import { alertsFor, autoCloseAt, nextDue, runningDeadline } from '../../../shared/domain/case/due.ts';
import type { Case } from '../../../shared/domain/case/model.ts';
import { type SlaPolicy, statutoryPolicy } from '../../../shared/domain/policy/sla-policy.ts';
import {
  advance,
  calendar,
  caseIn,
  commandSamples,
  nineAm,
  ownHandler,
  petitionerActor,
  registered,
  shanghai,
  supervisor,
} from './factories.ts';

/** The deadline each state runs against, and what the sweep looks at next (due.ts). */

const dissatisfied = { type: 'answerSurvey', rating: 'dissatisfied', via: 'web' } as const;
const running = (item: Case) => runningDeadline(item, calendar, statutoryPolicy);

describe('the running deadline of each state', () => {
  it('names the deadline whoever has to act next', () => {
    const triage = caseIn('triage').case;
    const assigned = caseIn('assigned').case;
    const acknowledged = caseIn('acknowledged').case;
    const closed = caseIn('closed').case;
    const reviewing = caseIn('reviewing').case;
    const reviewed = caseIn('reviewed').case;
    const rechecking = caseIn('rechecking').case;

    expect(running(registered().case)).toBeUndefined();
    expect(running(triage)).toEqual({ name: 'acknowledgeBy', at: triage.deadlines.acknowledgeBy!.at });
    expect(running(assigned)).toEqual({ name: 'acknowledgeBy', at: assigned.deadlines.acknowledgeBy!.at });
    expect(running(acknowledged)).toEqual({ name: 'replyBy', at: acknowledged.deadlines.replyBy!.at });
    expect(running(closed)).toEqual({ name: 'surveyBy', at: closed.deadlines.surveyBy!.at });
    expect(running(reviewing)).toEqual({ name: 'reviewBy', at: reviewing.deadlines.reviewBy!.at });
    expect(running(reviewed)).toEqual({
      name: 'recheckRequestBy',
      at: reviewed.deadlines.recheckRequestBy!.at,
    });
    expect(running(rechecking)).toEqual({ name: 'recheckBy', at: rechecking.deadlines.recheckBy!.at });
    expect(running(caseIn('archived').case)).toBeUndefined();
    expect(running(caseIn('rejected').case)).toBeUndefined();
  });

  it('a replied case runs against the system’s close; a closed case after the last answer, the 复查 window', () => {
    const replied = caseIn('replied').case;
    let second = advance(caseIn('closed'), dissatisfied, petitionerActor);
    second = advance(second, commandSamples.reply, ownHandler);
    second = advance(second, commandSamples.close, ownHandler);
    second = advance(second, dissatisfied, petitionerActor);

    expect(running(replied)).toEqual({
      name: 'closeAt',
      at: autoCloseAt(replied, calendar, statutoryPolicy),
    });
    expect(running(second.case)).toEqual({
      name: 'reviewRequestBy',
      at: second.case.deadlines.reviewRequestBy!.at,
    });
    expect(running({ ...replied, repliedAt: undefined } as Case)).toBeUndefined();
    expect(running({ ...caseIn('acknowledged').case, deadlines: {} })).toBeUndefined();
  });
});

describe('the system’s close of a replied case', () => {
  it('is at 09:00 three working days after the reply by default, or as the policy says in calendar days', () => {
    // Replied Friday 6 March 2026 around noon.
    const replied = { ...caseIn('replied').case, repliedAt: shanghai('2026-03-06 12:00').toISOString() };
    const calendarDays: SlaPolicy = {
      ...statutoryPolicy,
      autoCloseAfter: { amount: 2, unit: 'calendarDays' },
    };

    expect(autoCloseAt(replied, calendar, statutoryPolicy)).toBe(nineAm('2026-03-11'));
    // Two calendar days end on Sunday 8 March, so on the next working day, Monday 9 March (a period ending on a
    // rest day ends on the next working day); two working days would be Tuesday 10 March.
    expect(autoCloseAt(replied, calendar, calendarDays)).toBe(nineAm('2026-03-09'));
    expect(autoCloseAt({ ...replied, status: 'closed' }, calendar, statutoryPolicy)).toBeUndefined();
  });
});

describe('what the sweep looks at next', () => {
  it('a reviewed case waits for the end of the 复核 window, then concludes', () => {
    const reviewed = caseIn('reviewed').case;

    expect(nextDue(reviewed, calendar, statutoryPolicy)).toEqual({
      kind: 'conclude',
      at: reviewed.deadlines.recheckRequestBy!.at,
    });
  });

  it('a case under review runs against the decision deadline’s alerts', () => {
    const reviewing = caseIn('reviewing').case;
    const rechecking = caseIn('rechecking').case;

    expect(alertsFor(reviewing, calendar, statutoryPolicy).map(({ alert }) => alert)).toEqual([
      'decision:reminder',
      'decision:yellow',
      'decision:red',
    ]);
    expect(alertsFor(rechecking, calendar, statutoryPolicy).map(({ at }) => at)[1]).toBe(
      rechecking.deadlines.recheckBy!.at,
    );
    expect(nextDue(reviewing, calendar, statutoryPolicy)?.kind).toBe('deadline');
  });

  it('a red card counts calendar days when the policy says so', () => {
    const acknowledged = caseIn('acknowledged').case;
    const calendarDays: SlaPolicy = { ...statutoryPolicy, redCardAfter: { amount: 5, unit: 'calendarDays' } };

    const red = alertsFor(acknowledged, calendar, calendarDays).find(({ kind }) => kind === 'red')!;
    const working = alertsFor(acknowledged, calendar, statutoryPolicy).find(({ kind }) => kind === 'red')!;

    expect(red).toMatchObject({ alert: 'reply:red', deadline: 'reply' });
    expect(red.at).not.toBe(working.at);
  });

  it('an archived, rejected or concluded case is due for nothing', () => {
    expect(nextDue(caseIn('archived').case, calendar, statutoryPolicy)).toBeUndefined();
    expect(alertsFor(caseIn('archived').case, calendar, statutoryPolicy)).toEqual([]);
    expect(alertsFor(caseIn('replied').case, calendar, statutoryPolicy)).toEqual([]);
    const concluded = advance(caseIn('rechecking'), commandSamples.decideRecheck, supervisor).case;
    expect(nextDue(concluded, calendar, statutoryPolicy)).toBeUndefined();
  });
});
