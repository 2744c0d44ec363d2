import { describe, expect, it } from 'vitest';
import { alertsFor, nextDue, reminderAt, STUCK_AFTER_MS } from '../../../shared/domain/case/due.ts';
import {
  CommandRefusedError,
  ForbiddenCommandError,
  IllegalTransitionError,
} from '../../../shared/domain/case/errors.ts';
import { deadlineFrom } from '../../../shared/domain/case/lifecycle.ts';
import type { Case, CaseEvent } from '../../../shared/domain/case/model.ts';
import { statutoryPolicy, studioSuggestionPolicy } from '../../../shared/domain/policy/sla-policy.ts';
import {
  admin,
  advance,
  asStored,
  attempt,
  calendar,
  calendarWith2027,
  caseIn,
  commandSamples,
  endOf,
  fieldsChanged,
  handlerOf,
  LATE_T0,
  liaisonOf,
  nineAm,
  otherUnitHandler,
  ownHandler,
  petitionerActor,
  plus,
  refusal,
  registered,
  type Scenario,
  shanghai,
  shanghaiDateOf,
  supervisor,
  system,
  T0,
  units,
  YEAR_END_T0,
} from './factories.ts';

function refusedWith(error: unknown, rule: string, status: number): void {
  expect(error).toBeInstanceOf(CommandRefusedError);
  expect((error as CommandRefusedError).type).toBe(rule);
  expect((error as CommandRefusedError).status).toBe(status);
}

describe('return (退回) within the objection window', () => {
  it('lets the unit return the case on the last day of the window', () => {
    // Prepare: assigned Monday 2 March 10:00; 5 working days → end of Monday 9 March
    const scenario = caseIn('assigned');
    expect(scenario.case.deadlines.objectionUntil?.at).toBe(endOf('2026-03-09'));

    // Act
    const { case: returned, event } = attempt(
      scenario,
      commandSamples.return,
      ownHandler,
      new Date(endOf('2026-03-09')),
    );

    // Assess
    expect(returned.status).toBe('registered');
    expect(returned.unitId).toBeUndefined();
    expect(event).toMatchObject({ type: 'returned', data: { reason: commandSamples.return.reason } });
  });

  it('refuses a return a day after the window (objection-window-passed, 422)', () => {
    // Prepare
    const scenario = caseIn('acknowledged');
    const aDayLate = plus(new Date(scenario.case.deadlines.objectionUntil!.at), { days: 1 });

    // Act
    const error = refusal(() => attempt(scenario, commandSamples.return, ownHandler, aDayLate));

    // Assess
    refusedWith(error, 'objection-window-passed', 422);
  });

  it('refuses a return without a reason', () => {
    // Prepare
    const scenario = caseIn('assigned');

    // Act
    const error = refusal(() => attempt(scenario, { type: 'return', reason: '   ' }, ownHandler));

    // Assess
    refusedWith(error, 'text-required', 422);
  });

  it('remembers every unit that returned the case, keeps the transfer history and the reply deadline', () => {
    // Prepare
    const assigned = caseIn('acknowledged');
    const replyBy = assigned.case.deadlines.replyBy;

    // Act: own unit returns, the router sends it to the other unit, which returns it too
    const first = advance(assigned, commandSamples.return, ownHandler);
    const rerouted = advance(first, { type: 'assign', unitId: units.other }, system);
    const second = advance(rerouted, { type: 'return', reason: '也不属于本单位' }, otherUnitHandler);

    // Assess
    expect(first.case.returnedByUnitIds).toEqual([units.own]);
    expect(first.case.deadlines).toEqual({ replyBy });
    expect(first.case.acknowledgedAt).toBeUndefined();
    expect(rerouted.case.deadlines.replyBy).toEqual(replyBy);
    expect(second.case.returnedByUnitIds).toEqual([units.own, units.other]);
    expect(
      second.case.transfers?.map(({ kind, fromUnitId, toUnitId }) => [kind, fromUnitId, toUnitId]),
    ).toEqual([
      ['assigned', null, units.own],
      ['returned', units.own, null],
      ['assigned', null, units.other],
      ['returned', units.other, null],
    ]);
    expect(second.case.transfers?.[1]).toMatchObject({
      by: ownHandler.id,
      reason: commandSamples.return.reason,
    });
  });
});

describe('reassign (转办)', () => {
  it('keeps the petitioner’s reply deadline but gives the new unit fresh acknowledge and objection deadlines', () => {
    // Prepare
    const scenario = caseIn('acknowledged');
    const at = shanghai('2026-03-05 10:00');

    // Act
    const { case: moved, event } = attempt(scenario, commandSamples.reassign, supervisor, at);

    // Assess
    expect(moved).toMatchObject({ status: 'assigned', unitId: units.other, assignedAt: at.toISOString() });
    expect(moved.deadlines.replyBy).toEqual(scenario.case.deadlines.replyBy);
    expect(moved.deadlines.acknowledgeBy?.at).toBe(endOf('2026-03-20'));
    expect(moved.deadlines.objectionUntil?.at).toBe(endOf('2026-03-12'));
    expect(moved.acknowledgedAt).toBeUndefined();
    expect(moved.transfers?.at(-1)).toEqual({
      kind: 'reassigned',
      at: at.toISOString(),
      fromUnitId: units.own,
      toUnitId: units.other,
      by: supervisor.id,
      reason: commandSamples.reassign.reason,
    });
    expect(event.data).toEqual({ reason: commandSamples.reassign.reason });
  });

  it('refuses to reassign to the unit that already holds the case', () => {
    // Prepare
    const scenario = caseIn('assigned');

    // Act
    const error = refusal(() =>
      attempt(scenario, { ...commandSamples.reassign, unitId: units.own }, supervisor),
    );

    // Assess
    refusedWith(error, 'same-unit', 422);
  });

  it('drops a pending extension request of the previous unit', () => {
    // Prepare
    const scenario = advance(caseIn('acknowledged'), commandSamples.requestExtension, ownHandler);

    // Act
    const { case: moved } = attempt(scenario, commandSamples.reassign, supervisor);

    // Assess
    expect(moved.extensionPending).toBeUndefined();
  });
});

describe('extension (延期)', () => {
  it('refuses a request over the policy cap', () => {
    // Prepare
    const scenario = caseIn('acknowledged');

    // Act
    const error = refusal(() =>
      attempt(scenario, { ...commandSamples.requestExtension, days: 31 }, ownHandler),
    );

    // Assess
    refusedWith(error, 'extension-over-cap', 422);
    expect((error as CommandRefusedError).details).toMatchObject({ cap: 30, granted: 0 });
  });

  it('counts days already granted against the cap', () => {
    // Prepare: 20 of 30 days granted
    let scenario = advance(
      caseIn('acknowledged'),
      { ...commandSamples.requestExtension, days: 20 },
      ownHandler,
    );
    scenario = advance(scenario, commandSamples.decideExtension, supervisor);

    // Act
    const error = refusal(() =>
      attempt(scenario, { ...commandSamples.requestExtension, days: 11 }, ownHandler),
    );
    const { case: withinCap } = attempt(
      scenario,
      { ...commandSamples.requestExtension, days: 10 },
      ownHandler,
    );

    // Assess
    refusedWith(error, 'extension-over-cap', 422);
    expect((error as CommandRefusedError).details).toMatchObject({ granted: 20 });
    expect(withinCap.extensionPending?.days).toBe(10);
  });

  it.each([0, -3, 2.5])('refuses %s days', (days) => {
    // Prepare
    const scenario = caseIn('acknowledged');

    // Act
    const error = refusal(() => attempt(scenario, { ...commandSamples.requestExtension, days }, ownHandler));

    // Assess
    refusedWith(error, 'extension-over-cap', 422);
  });

  it('refuses a second request while one is pending', () => {
    // Prepare
    const scenario = advance(caseIn('acknowledged'), commandSamples.requestExtension, ownHandler);

    // Act
    const error = refusal(() =>
      attempt(scenario, { ...commandSamples.requestExtension, days: 1 }, ownHandler),
    );

    // Assess
    refusedWith(error, 'extension-pending', 422);
  });

  it('refuses a decision when nothing is pending', () => {
    // Prepare
    const scenario = caseIn('acknowledged');

    // Act
    const error = refusal(() => attempt(scenario, commandSamples.decideExtension, supervisor));

    // Assess
    refusedWith(error, 'no-extension-pending', 422);
  });

  it('approval moves the reply deadline by calendar days under a calendar-day policy, and tells the petitioner why', () => {
    // Prepare: 60 days from 2 March land on Labour Day (1 May) → Wednesday 6 May
    const scenario = advance(caseIn('acknowledged'), commandSamples.requestExtension, ownHandler);
    expect(scenario.case.deadlines.replyBy?.at).toBe(endOf('2026-05-06'));

    // Act
    const { case: extended, event } = attempt(scenario, commandSamples.decideExtension, supervisor);

    // Assess: 6 May + 10 days = Saturday 16 May → Monday 18 May
    expect(extended.deadlines.replyBy?.at).toBe(endOf('2026-05-18'));
    expect(extended.deadlines.replyBy?.basis.steps).toEqual([
      { amount: 60, unit: 'calendarDays' },
      { amount: 10, unit: 'calendarDays' },
    ]);
    expect(extended.extensionGrantedDays).toBe(10);
    expect(extended.extensionPending).toBeUndefined();
    expect(event.data).toEqual({
      approved: true,
      days: 10,
      unit: 'calendarDays',
      reason: commandSamples.requestExtension.reason,
      note: '同意',
    });
  });

  it('approval moves the reply deadline by working days under a working-day policy', () => {
    // Prepare: studio policy, reply 5 working days from Monday 2 March → Monday 9 March
    let scenario = caseIn('acknowledged', { policy: studioSuggestionPolicy });
    expect(scenario.case.deadlines.replyBy?.at).toBe(endOf('2026-03-09'));
    scenario = advance(scenario, { ...commandSamples.requestExtension, days: 3 }, ownHandler);

    // Act
    const { case: extended } = attempt(scenario, commandSamples.decideExtension, supervisor);

    // Assess
    expect(extended.deadlines.replyBy?.at).toBe(endOf('2026-03-12'));
    expect(extended.extensionGrantedDays).toBe(3);
  });

  it('rejection clears the request and leaves the deadline and the granted days alone', () => {
    // Prepare
    const scenario = advance(caseIn('acknowledged'), commandSamples.requestExtension, ownHandler);

    // Act
    const { case: decided, event } = attempt(
      scenario,
      { type: 'decideExtension', approve: false, note: '理由不充分' },
      supervisor,
    );

    // Assess
    expect(decided.extensionPending).toBeUndefined();
    expect(decided.deadlines.replyBy).toEqual(scenario.case.deadlines.replyBy);
    expect(decided.extensionGrantedDays).toBeUndefined();
    expect(event.data).toEqual({ approved: false, days: 10, unit: 'calendarDays', note: '理由不充分' });
  });

  it('approval lifts a reply card when the new deadline lies ahead', () => {
    // Prepare: the reply deadline passed and a yellow card was shown
    let scenario = caseIn('acknowledged');
    const late = plus(new Date(scenario.case.deadlines.replyBy!.at), { hours: 1 });
    scenario = advance(scenario, { type: 'escalate', deadline: 'reply', card: 'yellow' }, system, late);
    scenario = advance(scenario, commandSamples.requestExtension, ownHandler);

    // Act
    const { case: extended } = attempt(scenario, commandSamples.decideExtension, supervisor);

    // Assess
    expect(scenario.case.overdue?.card).toBe('yellow');
    expect(extended.overdue).toBeUndefined();
  });
});

describe('close and the satisfaction survey (满意度测评)', () => {
  it('close raises a pending survey that expires after the policy survey window, counted from the reply', () => {
    // Prepare: replied Monday 2 March at 12:00; closed two days later
    const scenario = caseIn('replied');
    expect(scenario.case.repliedAt).toBe(shanghai('2026-03-02 12:00').toISOString());
    const at = shanghai('2026-03-04 13:00');

    // Act
    const { case: closed } = attempt(scenario, commandSamples.close, ownHandler, at);

    // Assess: 30 calendar days from the reply on 2 March → Wednesday 1 April (not from the close on 4 March)
    expect(closed.survey).toEqual({
      tokenHash: commandSamples.close.surveyTokenHash,
      status: 'pending',
      round: 1,
    });
    expect(closed.deadlines.surveyBy).toEqual({
      at: endOf('2026-04-01'),
      provisional: false,
      basis: { from: scenario.case.repliedAt, steps: [statutoryPolicy.surveyWindow] },
    });
    expect(closed).toMatchObject({ closedAt: at.toISOString(), closeSummary: commandSamples.close.summary });
    expect(closed.due).toEqual({ kind: 'survey', at: endOf('2026-04-01') });
  });

  it.each(['satisfied', 'basically_satisfied'] as const)(
    'a %s answer on the web archives the case as survey',
    (rating) => {
      // Prepare
      const scenario = caseIn('closed');

      // Act
      const { case: archived, event } = attempt(
        scenario,
        { type: 'answerSurvey', rating, via: 'web' },
        petitionerActor,
      );

      // Assess
      expect(archived).toMatchObject({ status: 'archived', archiveReason: 'survey' });
      expect(archived.archivedAt).toBe(event.at);
      expect(archived.survey).toMatchObject({ status: 'answered', rating, via: 'web', answeredAt: event.at });
      expect(archived.due).toBeUndefined();
      expect(event.data).toEqual({ rating, via: 'web', outcome: 'archived' });
    },
  );

  it('an answer recorded from a call-back (回访) archives the case as callback', () => {
    // Prepare
    const scenario = caseIn('closed');

    // Act
    const { case: archived } = attempt(
      scenario,
      { type: 'answerSurvey', rating: 'satisfied', via: 'callback', comment: '电话回访' },
      supervisor,
    );

    // Assess
    expect(archived).toMatchObject({ status: 'archived', archiveReason: 'callback' });
    expect(archived.survey).toMatchObject({ via: 'callback', comment: '电话回访' });
  });

  it('the first dissatisfied answer reopens the case for review (复查) against a fresh reply deadline', () => {
    // Prepare: a reply reminder was sent in the first round
    let scenario = caseIn('acknowledged');
    scenario = advance(scenario, { type: 'remind', deadline: 'reply' }, system);
    scenario = advance(scenario, commandSamples.reply, ownHandler);
    scenario = advance(scenario, commandSamples.close, ownHandler);
    const at = shanghai('2026-03-10 10:00');

    // Act
    const { case: reopened, event } = attempt(
      scenario,
      { type: 'answerSurvey', rating: 'dissatisfied', via: 'web' },
      petitionerActor,
      at,
    );

    // Assess: review window 30 days from 10 March → Thursday 9 April
    expect(reopened).toMatchObject({ status: 'acknowledged', reopenCount: 1, unitId: units.own });
    expect(reopened.deadlines.replyBy).toEqual({
      at: endOf('2026-04-09'),
      provisional: false,
      basis: { from: at.toISOString(), steps: [statutoryPolicy.redoWindow] },
    });
    expect(reopened.deadlines.surveyBy).toBeUndefined();
    // The answer is kept (not withdrawn): it is what started the review
    expect(reopened.survey).toMatchObject({ status: 'answered', rating: 'dissatisfied', round: 1 });
    expect(reopened.alertsSent).toBeUndefined();
    // Reminder 3 working days before Thursday 9 April: 8, 7, (Qingming 4–6 April), Friday 3 April at 09:00
    expect(reopened.due).toEqual({ kind: 'deadline', at: nineAm('2026-04-03') });
    expect(event.data).toEqual({ rating: 'dissatisfied', via: 'web', outcome: 'reopened' });
  });

  it('a dissatisfied answer after the redo opens the 复查 window (from the reply) and the case waits to conclude', () => {
    // Prepare: first round dissatisfied, unit replies again and closes
    let scenario = advance(
      caseIn('closed'),
      { type: 'answerSurvey', rating: 'dissatisfied', via: 'web' },
      petitionerActor,
    );
    scenario = advance(scenario, { type: 'reply', text: '复查后已重新施工' }, ownHandler);
    scenario = advance(scenario, { ...commandSamples.close, surveyTokenHash: 'b'.repeat(64) }, ownHandler);
    expect(scenario.case.survey).toMatchObject({ status: 'pending', round: 2 });

    // Act
    const { case: escalated, event } = attempt(
      scenario,
      { type: 'answerSurvey', rating: 'dissatisfied', via: 'web' },
      petitionerActor,
    );

    // Assess: Art. 35 — 30 days from the (second) reply to ask the level above for 复查; then 终结
    const reply = escalated.repliedAt!;
    expect(escalated.status).toBe('closed');
    expect(escalated.reopenCount).toBe(1);
    expect(escalated.deadlines.reviewRequestBy).toEqual(
      deadlineFrom(scenario.calendar, { from: reply, steps: [statutoryPolicy.reviewRequestWindow] }),
    );
    expect(escalated.due).toEqual({ kind: 'conclude', at: escalated.deadlines.reviewRequestBy!.at });
    expect(event.data).toMatchObject({ outcome: 'reviewable', body: statutoryPolicy.reviewBody });
  });

  it('refuses a second answer (409)', () => {
    // Prepare: answered after review, still closed awaiting a supervisor
    let scenario = advance(
      caseIn('closed'),
      { type: 'answerSurvey', rating: 'dissatisfied', via: 'web' },
      petitionerActor,
    );
    scenario = advance(scenario, commandSamples.reply, ownHandler);
    scenario = advance(scenario, commandSamples.close, ownHandler);
    scenario = advance(
      scenario,
      { type: 'answerSurvey', rating: 'dissatisfied', via: 'web' },
      petitionerActor,
    );

    // Act
    const error = refusal(() => attempt(scenario, commandSamples.answerSurvey, petitionerActor));

    // Assess
    refusedWith(error, 'survey-already-answered', 409);
  });

  it('refuses a web answer after the link expired (410)', () => {
    // Prepare
    const scenario = caseIn('closed');
    const expired = plus(new Date(scenario.case.deadlines.surveyBy!.at), { ms: 1 });

    // Act
    const error = refusal(() => attempt(scenario, commandSamples.answerSurvey, petitionerActor, expired));
    const { case: lastMoment } = attempt(
      scenario,
      commandSamples.answerSurvey,
      petitionerActor,
      new Date(scenario.case.deadlines.surveyBy!.at),
    );

    // Assess
    refusedWith(error, 'survey-expired', 410);
    expect(lastMoment.status).toBe('archived');
  });

  it('refuses to expire the survey before its deadline, and archives it as no response after', () => {
    // Prepare
    const scenario = caseIn('closed');
    const surveyBy = new Date(scenario.case.deadlines.surveyBy!.at);

    // Act
    const early = refusal(() => attempt(scenario, commandSamples.expireSurvey, system, surveyBy));
    const { case: expired, event } = attempt(
      scenario,
      commandSamples.expireSurvey,
      system,
      plus(surveyBy, { ms: 1 }),
    );

    // Assess
    refusedWith(early, 'survey-not-expired', 422);
    expect(expired).toMatchObject({ status: 'archived', archiveReason: 'no_response', archivedAt: event.at });
    expect(expired.survey?.status).toBe('expired');
    expect(event.type).toBe('surveyExpired');
  });

  it('only a supervisor archives by hand; the system may not (403 role)', () => {
    // Prepare
    const scenario = caseIn('closed');

    // Act
    const error = refusal(() => attempt(scenario, commandSamples.archive, system));

    // Assess
    expect(error).toBeInstanceOf(ForbiddenCommandError);
    expect((error as ForbiddenCommandError).details).toEqual({
      command: 'archive',
      role: 'system',
      reason: 'role',
    });
  });

  it('a supervisor archiving while the survey is open withdraws the survey', () => {
    // Prepare
    const scenario = caseIn('closed');
    const pending = scenario.case.survey;

    // Act
    const { case: archived, event } = attempt(scenario, commandSamples.archive, supervisor);

    // Assess
    expect(archived).toMatchObject({ status: 'archived', archiveReason: 'supervisor', archivedAt: event.at });
    expect(archived.survey).toEqual({ ...pending, status: 'withdrawn' });
    expect(archived.due).toBeUndefined();
    expect(event.changes.survey).toEqual({ before: pending, after: { ...pending, status: 'withdrawn' } });
    expect(event.data).toEqual({ note: commandSamples.archive.note });
  });

  it('a supervisor archiving after a dissatisfied review keeps the answered survey and ends the review', () => {
    // Prepare: dissatisfied twice; the case waits for a supervisor
    let scenario = advance(
      caseIn('closed'),
      { type: 'answerSurvey', rating: 'dissatisfied', via: 'web' },
      petitionerActor,
    );
    scenario = advance(scenario, commandSamples.reply, ownHandler);
    scenario = advance(scenario, commandSamples.close, ownHandler);
    scenario = advance(
      scenario,
      { type: 'answerSurvey', rating: 'dissatisfied', via: 'web' },
      petitionerActor,
    );
    const answered = scenario.case.survey;

    // Act
    const { case: archived } = attempt(scenario, commandSamples.archive, supervisor);

    // Assess
    expect(answered?.status).toBe('answered');
    expect(archived.survey).toEqual(answered);
    expect(archived.due).toBeUndefined();
  });

  it('the system closes a replied case (DESIGN §1), raising the survey like staff would', () => {
    // Prepare
    const scenario = caseIn('replied');
    const at = shanghai('2026-03-02 13:00');

    // Act
    const { case: closed, event } = attempt(scenario, commandSamples.close, system, at);

    // Assess
    expect(closed).toMatchObject({ status: 'closed', closedAt: at.toISOString() });
    expect(closed.survey).toEqual({
      tokenHash: commandSamples.close.surveyTokenHash,
      status: 'pending',
      round: 1,
    });
    expect(closed.due).toEqual({ kind: 'survey', at: endOf('2026-04-01') });
    expect(event).toMatchObject({ type: 'closed', actor: system });
  });
});

describe('reminders (催办) and cards (督办)', () => {
  it('sends each reminder and card once per deadline', () => {
    // Prepare
    const scenario = caseIn('assigned');

    // Act
    const reminded = advance(scenario, { type: 'remind', deadline: 'acknowledge' }, system);
    const again = refusal(() => attempt(reminded, { type: 'remind', deadline: 'acknowledge' }, system));
    const yellow = advance(reminded, { type: 'escalate', deadline: 'acknowledge', card: 'yellow' }, system);
    const yellowAgain = refusal(() =>
      attempt(yellow, { type: 'escalate', deadline: 'acknowledge', card: 'yellow' }, system),
    );
    const red = advance(yellow, { type: 'escalate', deadline: 'acknowledge', card: 'red' }, system);

    // Assess
    refusedWith(again, 'alert-already-sent', 409);
    refusedWith(yellowAgain, 'alert-already-sent', 409);
    expect(red.case.alertsSent).toEqual(['acknowledge:reminder', 'acknowledge:yellow', 'acknowledge:red']);
    expect(red.events.at(-1)).toMatchObject({
      type: 'escalated',
      data: { deadline: 'acknowledge', card: 'red' },
    });
  });

  it('a reminder does not mark the case overdue; a card does, and acknowledging clears it', () => {
    // Prepare
    const reminded = advance(caseIn('assigned'), { type: 'remind', deadline: 'acknowledge' }, system);

    // Act
    const carded = advance(reminded, { type: 'escalate', deadline: 'acknowledge', card: 'yellow' }, system);
    const acknowledged = advance(carded, commandSamples.acknowledge, ownHandler);

    // Assess
    expect(reminded.case.overdue).toBeUndefined();
    expect(carded.case.overdue).toEqual({
      card: 'yellow',
      deadline: 'acknowledge',
      since: carded.now.toISOString(),
    });
    expect(acknowledged.case.overdue).toBeUndefined();
    expect(acknowledged.events.at(-1)?.changes.overdue).toEqual({ before: carded.case.overdue, after: null });
  });

  it('refuses a reply reminder while the case waits for acknowledgement', () => {
    // Prepare
    const scenario = caseIn('assigned');

    // Act
    const error = refusal(() => attempt(scenario, { type: 'remind', deadline: 'reply' }, system));

    // Assess
    expect(error).toBeInstanceOf(IllegalTransitionError);
  });
});

describe('nextDue', () => {
  const nothingSent = (scenario: Scenario) => alertsFor(scenario.case, scenario.calendar, scenario.policy);

  it('a registered case is due as stuck shortly after its last change', () => {
    // Prepare
    const scenario = registered();

    // Act
    const due = nextDue(scenario.case, calendar, statutoryPolicy);

    // Assess
    expect(due).toEqual({ kind: 'stuck', at: new Date(T0.getTime() + STUCK_AFTER_MS).toISOString() });
    expect(scenario.case.due).toEqual(due);
  });

  it('an assigned case is due for its acknowledge alerts, in time order', () => {
    // Prepare
    const scenario = caseIn('assigned');

    // Act
    const alerts = nothingSent(scenario);

    // Assess: acknowledge by Tuesday 17 March; reminder at 09:00 three working days before (16, 13, Thursday 12
    // March, over the weekend); red 5 working days after
    expect(alerts.map(({ alert, at }) => [alert, at])).toEqual([
      ['acknowledge:reminder', nineAm('2026-03-12')],
      ['acknowledge:yellow', endOf('2026-03-17')],
      ['acknowledge:red', endOf('2026-03-24')],
    ]);
    expect(nextDue(scenario.case, calendar, statutoryPolicy)).toEqual({
      kind: 'deadline',
      at: nineAm('2026-03-12'),
    });
  });

  it('an acknowledged case is due for its reply alerts; the red card counts the 调休 Saturday as a working day', () => {
    // Prepare
    const scenario = caseIn('acknowledged');

    // Act
    const alerts = nothingSent(scenario);

    // Assess: reply by Wednesday 6 May, right after Labour Day (1–5 May): the reminder skips the holiday and goes
    // out at 09:00 three working days before (30, 29, Tuesday 28 April); red 5 working days later: 7, 8,
    // Saturday 9 (make-up), 11, 12 May
    expect(alerts.map(({ alert, at }) => [alert, at])).toEqual([
      ['reply:reminder', nineAm('2026-04-28')],
      ['reply:yellow', endOf('2026-05-06')],
      ['reply:red', endOf('2026-05-12')],
    ]);
  });

  it('moves on to the next alert once one is sent, and is empty after the red card', () => {
    // Prepare
    let scenario = caseIn('assigned');

    // Act
    scenario = advance(scenario, { type: 'remind', deadline: 'acknowledge' }, system);
    const afterReminder = scenario.case.due;
    scenario = advance(scenario, { type: 'escalate', deadline: 'acknowledge', card: 'yellow' }, system);
    const afterYellow = scenario.case.due;
    scenario = advance(scenario, { type: 'escalate', deadline: 'acknowledge', card: 'red' }, system);

    // Assess
    expect(afterReminder).toEqual({ kind: 'deadline', at: endOf('2026-03-17') });
    expect(afterYellow).toEqual({ kind: 'deadline', at: endOf('2026-03-24') });
    expect(scenario.case.due).toBeUndefined();
  });

  it('a closed case is due when its survey expires', () => {
    // Prepare
    const scenario = caseIn('closed');

    // Act
    const due = nextDue(scenario.case, calendar, statutoryPolicy);

    // Assess
    expect(due).toEqual({ kind: 'survey', at: scenario.case.deadlines.surveyBy?.at });
  });

  it('a replied case is due for closing by the system at 09:00, three working days after the reply', () => {
    // Prepare: replied on Monday 2 March 2026
    const scenario = caseIn('replied');

    // Act
    const due = nextDue(scenario.case, calendar, statutoryPolicy);

    // Assess
    expect(scenario.case.repliedAt?.slice(0, 10)).toBe('2026-03-02');
    expect(due).toEqual({ kind: 'close', at: nineAm('2026-03-05') });
    expect(scenario.case.due).toEqual(due);
  });

  it.each(['archived', 'rejected'] as const)('a %s case is never due', (state) => {
    // Prepare
    const scenario = caseIn(state);

    // Act
    const due = nextDue(scenario.case, calendar, statutoryPolicy);

    // Assess
    expect(due).toBeUndefined();
    expect(scenario.case.due).toBeUndefined();
  });
});

describe('recomputeDeadlines', () => {
  it('recomputes every deadline from its basis once the 2027 schedule is official: only provisional ones move', () => {
    // Prepare: assigned Friday 20 November 2026; 60 days → 19 January 2027, provisional
    const scenario = caseIn('acknowledged', { start: LATE_T0 });
    const before = scenario.case.deadlines;
    expect(before.replyBy).toMatchObject({ at: endOf('2027-01-19'), provisional: true });
    expect(before.acknowledgeBy).toMatchObject({ at: endOf('2026-12-07'), provisional: false });

    // Act: the admins entered 2027, with a holiday on 19 January
    const { case: recomputed, event } = attempt(
      { ...scenario, calendar: calendarWith2027 },
      commandSamples.recomputeDeadlines,
      system,
    );

    // Assess
    expect(recomputed.deadlines.replyBy).toEqual({
      at: endOf('2027-01-20'),
      provisional: false,
      basis: before.replyBy?.basis,
    });
    expect(recomputed.deadlines.acknowledgeBy).toEqual(before.acknowledgeBy);
    expect(recomputed.deadlines.objectionUntil).toEqual(before.objectionUntil);
    expect(Object.keys(event.changes)).toEqual(['deadlines']);
    expect(event.type).toBe('deadlinesRecomputed');
  });

  it('moves a working-day deadline when a holiday is entered inside its span, and clears the provisional flags', () => {
    // Prepare: studio policy, assigned Monday 28 December 2026; 5 working days skip the provisional 元旦 → 5 January
    const scenario = caseIn('acknowledged', {
      start: shanghai('2026-12-28 09:00'),
      policy: studioSuggestionPolicy,
    });
    expect(scenario.case.deadlines.replyBy).toMatchObject({ at: endOf('2027-01-05'), provisional: true });
    expect(scenario.case.deadlines.acknowledgeBy).toMatchObject({
      at: endOf('2026-12-29'),
      provisional: true,
    });

    // Act: 2027 official, 4 January a holiday
    const { case: recomputed } = attempt(
      { ...scenario, calendar: calendarWith2027 },
      commandSamples.recomputeDeadlines,
      system,
    );

    // Assess
    expect(recomputed.deadlines.replyBy).toMatchObject({ at: endOf('2027-01-06'), provisional: false });
    expect(recomputed.deadlines.acknowledgeBy).toMatchObject({ at: endOf('2026-12-29'), provisional: false });
    expect(recomputed.due).toEqual(nextDue(recomputed, calendarWith2027, studioSuggestionPolicy));
  });

  it('with the same calendar nothing changes, so it refuses instead of recording an empty version (409)', () => {
    // Prepare: the reply deadline is provisional, but the 2027 schedule is still unknown
    const scenario = caseIn('acknowledged', { start: LATE_T0 });
    expect(scenario.case.deadlines.replyBy?.provisional).toBe(true);

    // Act
    const error = refusal(() => attempt(scenario, commandSamples.recomputeDeadlines, system));

    // Assess
    refusedWith(error, 'nothing-to-recompute', 409);
    expect((error as CommandRefusedError).details).toEqual({ rule: 'nothing-to-recompute' });
  });

  it.each(['registered', 'triage', 'assigned', 'acknowledged', 'replied', 'closed'] as const)(
    'refuses on a %s case whose deadlines are all official (nothing-to-recompute, 409)',
    (state) => {
      // Prepare: T0, every deadline inside official 2026
      const scenario = caseIn(state);

      // Act
      const error = refusal(() =>
        attempt({ ...scenario, calendar: calendarWith2027 }, commandSamples.recomputeDeadlines, system),
      );

      // Assess
      refusedWith(error, 'nothing-to-recompute', 409);
    },
  );

  it('recomputes a triage owner’s provisional acknowledge deadline', () => {
    // Prepare: triaged Monday 14 December 10:00; 15 days → Tuesday 29 December, provisional (2027 is near)
    const scenario = caseIn('triage', { start: YEAR_END_T0 });
    expect(scenario.case.deadlines.acknowledgeBy).toMatchObject({
      at: endOf('2026-12-29'),
      provisional: true,
    });

    // Act
    const { case: recomputed, event } = attempt(
      { ...scenario, calendar: calendarWith2027 },
      commandSamples.recomputeDeadlines,
      system,
    );

    // Assess: the same day, now official
    expect(recomputed.deadlines.acknowledgeBy).toMatchObject({ at: endOf('2026-12-29'), provisional: false });
    expect(Object.keys(event.changes)).toEqual(['deadlines']);
  });
});

/** Replay a story step by step, returning each (before, after, event). */
function story(steps: readonly ((scenario: Scenario) => Scenario)[], start: Scenario = registered()) {
  const replay: { before: Case; after: Case; event: CaseEvent }[] = [];
  let scenario = start;
  for (const step of steps) {
    const next = step(scenario);
    replay.push({ before: scenario.case, after: next.case, event: next.events.at(-1)! });
    scenario = next;
  }
  return replay;
}

describe('audit trail', () => {
  const stories = {
    'triage, review and supervisor archive': [
      (s: Scenario) => advance(s, commandSamples.routeToTriage, system),
      (s: Scenario) => advance(s, { type: 'assign', unitId: units.own }, liaisonOf(units.triage)),
      (s: Scenario) => advance(s, { type: 'remind', deadline: 'acknowledge' }, system),
      (s: Scenario) => advance(s, { type: 'escalate', deadline: 'acknowledge', card: 'yellow' }, system),
      (s: Scenario) => advance(s, commandSamples.acknowledge, ownHandler),
      (s: Scenario) => advance(s, commandSamples.note, supervisor),
      (s: Scenario) => advance(s, commandSamples.linkDuplicate, ownHandler),
      (s: Scenario) => advance(s, commandSamples.requestExtension, ownHandler),
      (s: Scenario) => advance(s, commandSamples.decideExtension, supervisor),
      (s: Scenario) => advance(s, { ...commandSamples.requestExtension, days: 5 }, ownHandler),
      (s: Scenario) => advance(s, { type: 'decideExtension', approve: false }, supervisor),
      (s: Scenario) => advance(s, { type: 'remind', deadline: 'reply' }, system),
      (s: Scenario) => advance(s, commandSamples.reply, ownHandler),
      (s: Scenario) => advance(s, commandSamples.close, ownHandler),
      (s: Scenario) =>
        advance(s, { type: 'answerSurvey', rating: 'dissatisfied', via: 'web' }, petitionerActor),
      (s: Scenario) => advance(s, commandSamples.reply, ownHandler),
      (s: Scenario) => advance(s, commandSamples.close, supervisor),
      (s: Scenario) =>
        advance(s, { type: 'answerSurvey', rating: 'dissatisfied', via: 'callback' }, supervisor),
      (s: Scenario) => advance(s, commandSamples.archive, supervisor),
    ],
    'return, reassign, accept and expiry': [
      (s: Scenario) => advance(s, commandSamples.assign, system),
      (s: Scenario) => advance(s, commandSamples.return, ownHandler),
      (s: Scenario) => advance(s, commandSamples.routeToTriage, system),
      (s: Scenario) => advance(s, commandSamples.accept, handlerOf(units.triage)),
      (s: Scenario) => advance(s, commandSamples.reassign, supervisor),
      (s: Scenario) => advance(s, commandSamples.acknowledge, otherUnitHandler),
      (s: Scenario) => advance(s, commandSamples.reply, otherUnitHandler),
      (s: Scenario) => advance(s, commandSamples.close, otherUnitHandler),
      (s: Scenario) => advance(s, commandSamples.reopen, supervisor),
      (s: Scenario) => advance(s, commandSamples.reply, otherUnitHandler),
      (s: Scenario) => advance(s, commandSamples.close, otherUnitHandler),
      (s: Scenario) =>
        advance(
          s,
          commandSamples.expireSurvey,
          system,
          plus(new Date(s.case.deadlines.surveyBy!.at), { minutes: 1 }),
        ),
    ],
    'triage alerts, accept, extension re-arm, system close and withdrawn surveys': [
      (s: Scenario) => advance(s, commandSamples.routeToTriage, system),
      (s: Scenario) => advance(s, { type: 'remind', deadline: 'acknowledge' }, system),
      (s: Scenario) => advance(s, { type: 'escalate', deadline: 'acknowledge', card: 'yellow' }, system),
      (s: Scenario) => advance(s, commandSamples.accept, liaisonOf(units.triage)),
      (s: Scenario) => advance(s, { type: 'remind', deadline: 'acknowledge' }, system),
      (s: Scenario) => advance(s, commandSamples.acknowledge, handlerOf(units.triage)),
      (s: Scenario) => advance(s, { type: 'remind', deadline: 'reply' }, system),
      (s: Scenario) => advance(s, commandSamples.requestExtension, handlerOf(units.triage)),
      (s: Scenario) => advance(s, commandSamples.decideExtension, supervisor),
      (s: Scenario) => advance(s, commandSamples.reply, handlerOf(units.triage)),
      (s: Scenario) => advance(s, commandSamples.close, system),
      (s: Scenario) => advance(s, commandSamples.reopen, supervisor),
      (s: Scenario) => advance(s, commandSamples.reply, handlerOf(units.triage)),
      (s: Scenario) => advance(s, commandSamples.close, system),
      (s: Scenario) => advance(s, commandSamples.archive, supervisor),
    ],
    'triage rejection': [
      (s: Scenario) => advance(s, commandSamples.routeToTriage, system),
      (s: Scenario) => advance(s, commandSamples.reject, liaisonOf(units.triage)),
      (s: Scenario) => advance(s, commandSamples.note, admin),
    ],
  };

  it.each(Object.entries(stories))(
    'every event of “%s” lists exactly the fields that changed, before and after',
    (_name, steps) => {
      // Prepare + Act
      const replay = story(steps);

      // Assess
      expect(replay).toHaveLength(steps.length);
      for (const { before, after, event } of replay) {
        expect(asStored(event.changes), `${event.type} v${event.version}`).toEqual(
          fieldsChanged(before, after),
        );
        expect(event.version).toBe(after.version);
      }
    },
  );
});

describe('a new deadline re-arms its reminder and cards (fixed after review)', () => {
  const pending = (scenario: Scenario) =>
    alertsFor(scenario.case, scenario.calendar, scenario.policy).map(({ alert, at }) => [alert, at]);

  it('a unit taking over by reassignment gets its own acknowledge reminder and cards', () => {
    // Prepare: the first unit was reminded and carded for acknowledging
    let scenario = caseIn('assigned');
    scenario = advance(scenario, { type: 'remind', deadline: 'acknowledge' }, system);
    scenario = advance(scenario, { type: 'escalate', deadline: 'acknowledge', card: 'yellow' }, system);

    // Act: a supervisor moves the case to another unit, which gets a fresh acknowledge deadline
    const moved = advance(scenario, commandSamples.reassign, supervisor, shanghai('2026-03-18 09:00'));

    // Assess: acknowledge by Thursday 2 April; reminder 31 March, 1 April... three working days before: 30 March
    expect(moved.case.alertsSent).toBeUndefined();
    expect(moved.case.overdue).toBeUndefined();
    expect(pending(moved)).toEqual([
      ['acknowledge:reminder', nineAm('2026-03-30')],
      ['acknowledge:yellow', endOf('2026-04-02')],
      ['acknowledge:red', endOf('2026-04-10')],
    ]);
    expect(moved.case.due).toEqual({ kind: 'deadline', at: nineAm('2026-03-30') });
  });

  it('a unit assigned after another returned the case gets its own acknowledge reminder', () => {
    // Prepare: reminded at 11:00, returned at 12:00
    let scenario = caseIn('assigned');
    scenario = advance(scenario, { type: 'remind', deadline: 'acknowledge' }, system);
    scenario = advance(scenario, commandSamples.return, ownHandler);

    // Act: assigned at 13:00
    const reassigned = advance(scenario, { type: 'assign', unitId: units.other }, system);

    // Assess
    expect(reassigned.case.alertsSent).toBeUndefined();
    expect(pending(reassigned)).toEqual([
      ['acknowledge:reminder', nineAm('2026-03-12')],
      ['acknowledge:yellow', endOf('2026-03-17')],
      ['acknowledge:red', endOf('2026-03-24')],
    ]);
  });

  it('a triage owner accepting the case gets a fresh acknowledge reminder and loses its triage card', () => {
    // Prepare: reminded and yellow-carded while in triage
    let scenario = caseIn('triage');
    scenario = advance(scenario, { type: 'remind', deadline: 'acknowledge' }, system);
    scenario = advance(scenario, { type: 'escalate', deadline: 'acknowledge', card: 'yellow' }, system);
    expect(scenario.case.overdue).toMatchObject({ deadline: 'acknowledge', card: 'yellow' });

    // Act
    const accepted = advance(scenario, commandSamples.accept, handlerOf(units.triage));

    // Assess
    expect(accepted.case).toMatchObject({ status: 'assigned', unitId: units.triage });
    expect(accepted.case.alertsSent).toBeUndefined();
    expect(accepted.case.overdue).toBeUndefined();
    expect(pending(accepted).map(([alert]) => alert)).toEqual([
      'acknowledge:reminder',
      'acknowledge:yellow',
      'acknowledge:red',
    ]);
    expect(accepted.events.at(-1)?.changes.alertsSent).toEqual({
      before: ['acknowledge:reminder', 'acknowledge:yellow'],
      after: null,
    });
  });

  it('assigning out of triage clears the triage owner’s acknowledge alerts too', () => {
    // Prepare
    const scenario = advance(caseIn('triage'), { type: 'remind', deadline: 'acknowledge' }, system);

    // Act
    const assigned = advance(scenario, commandSamples.assign, liaisonOf(units.triage));

    // Assess
    expect(assigned.case.alertsSent).toBeUndefined();
    expect(assigned.case.due).toEqual({ kind: 'deadline', at: nineAm('2026-03-12') });
  });

  it('reassignment keeps the reply alerts: the petitioner’s reply deadline does not move', () => {
    // Prepare
    let scenario = caseIn('assigned');
    scenario = advance(scenario, { type: 'remind', deadline: 'acknowledge' }, system);
    scenario = advance(scenario, commandSamples.acknowledge, ownHandler);
    scenario = advance(scenario, { type: 'remind', deadline: 'reply' }, system);

    // Act
    const moved = advance(scenario, commandSamples.reassign, supervisor);

    // Assess
    expect(moved.case.deadlines.replyBy).toEqual(scenario.case.deadlines.replyBy);
    expect(moved.case.alertsSent).toEqual(['reply:reminder']);
  });

  it('an approved extension re-arms the reply reminder and cards for the new deadline', () => {
    // Prepare: reminded and yellow-carded on the original reply deadline (6 May)
    let scenario = caseIn('acknowledged');
    const late = plus(new Date(scenario.case.deadlines.replyBy!.at), { hours: 1 });
    scenario = advance(scenario, { type: 'remind', deadline: 'reply' }, system, plus(late, { days: -3 }));
    scenario = advance(scenario, { type: 'escalate', deadline: 'reply', card: 'yellow' }, system, late);
    scenario = advance(scenario, { ...commandSamples.requestExtension, days: 30 }, ownHandler);

    // Act
    const extended = advance(scenario, commandSamples.decideExtension, supervisor);

    // Assess: 6 May + 30 days = Friday 5 June; reminder 4, 3, 2 June at 09:00; red 8–12 June
    expect(extended.case.deadlines.replyBy?.at).toBe(endOf('2026-06-05'));
    expect(extended.case.alertsSent).toBeUndefined();
    expect(extended.case.overdue).toBeUndefined();
    expect(pending(extended)).toEqual([
      ['reply:reminder', nineAm('2026-06-02')],
      ['reply:yellow', endOf('2026-06-05')],
      ['reply:red', endOf('2026-06-12')],
    ]);
    expect(extended.case.due).toEqual({ kind: 'deadline', at: nineAm('2026-06-02') });
  });

  it('an approved extension clears only the reply alerts, never the acknowledge ones', () => {
    // Prepare
    let scenario = caseIn('assigned');
    scenario = advance(scenario, { type: 'remind', deadline: 'acknowledge' }, system);
    scenario = advance(scenario, commandSamples.acknowledge, ownHandler);
    scenario = advance(scenario, { type: 'remind', deadline: 'reply' }, system);
    scenario = advance(scenario, commandSamples.requestExtension, ownHandler);

    // Act
    const extended = advance(scenario, commandSamples.decideExtension, supervisor);

    // Assess
    expect(scenario.case.alertsSent).toEqual(['acknowledge:reminder', 'reply:reminder']);
    expect(extended.case.alertsSent).toEqual(['acknowledge:reminder']);
  });

  it('an approved extension that still ends in the past keeps the alerts sent and the card shown', () => {
    // Prepare: yellow on 7 May, red on 14 May; an extension of 5 days asked and approved on 30 May
    let scenario = caseIn('acknowledged');
    const replyBy = new Date(scenario.case.deadlines.replyBy!.at);
    scenario = advance(
      scenario,
      { type: 'escalate', deadline: 'reply', card: 'yellow' },
      system,
      plus(replyBy, { hours: 1 }),
    );
    scenario = advance(
      scenario,
      { type: 'escalate', deadline: 'reply', card: 'red' },
      system,
      plus(replyBy, { days: 7 }),
    );
    scenario = advance(
      scenario,
      { ...commandSamples.requestExtension, days: 5 },
      ownHandler,
      shanghai('2026-05-30 10:00'),
    );

    // Act
    const extended = advance(scenario, commandSamples.decideExtension, supervisor);

    // Assess: 6 May + 5 days = Monday 11 May, long gone
    expect(extended.case.deadlines.replyBy?.at).toBe(endOf('2026-05-11'));
    expect(extended.case.alertsSent).toEqual(['reply:yellow', 'reply:red']);
    expect(extended.case.overdue).toEqual(scenario.case.overdue);
    expect(extended.events.at(-1)?.changes).not.toHaveProperty('alertsSent');
  });

  it('a rejected extension keeps the reply alerts', () => {
    // Prepare
    let scenario = advance(caseIn('acknowledged'), { type: 'remind', deadline: 'reply' }, system);
    scenario = advance(scenario, commandSamples.requestExtension, ownHandler);

    // Act
    const decided = advance(scenario, { type: 'decideExtension', approve: false }, supervisor);

    // Assess
    expect(decided.case.alertsSent).toEqual(['reply:reminder']);
  });
});

describe('the triage owner’s acknowledge deadline (首接负责制)', () => {
  it('routing to triage records the policy and a 15-day acknowledge deadline for the triage owner', () => {
    // Prepare
    const scenario = registered();
    const at = shanghai('2026-03-02 10:00');

    // Act
    const { case: triaged, event } = attempt(scenario, commandSamples.routeToTriage, system, at);

    // Assess: 15 days from Monday 2 March → Tuesday 17 March
    expect(triaged).toMatchObject({ status: 'triage', unitId: units.triage, policyId: 'statutory' });
    expect(triaged.deadlines).toEqual({
      acknowledgeBy: {
        at: endOf('2026-03-17'),
        provisional: false,
        basis: { from: at.toISOString(), steps: [{ amount: 15, unit: 'calendarDays' }] },
      },
    });
    expect(event.changes.policyId).toEqual({ before: null, after: 'statutory' });
  });

  it('under the studio policy the triage owner has one working day, reminded that morning at 09:00', () => {
    // Prepare
    const scenario = registered({ policy: studioSuggestionPolicy });

    // Act
    const { case: triaged } = attempt(
      scenario,
      commandSamples.routeToTriage,
      system,
      shanghai('2026-03-02 10:00'),
    );

    // Assess
    expect(triaged.policyId).toBe('studio-suggestion');
    expect(triaged.deadlines.acknowledgeBy?.at).toBe(endOf('2026-03-03'));
    expect(triaged.due).toEqual({ kind: 'deadline', at: nineAm('2026-03-03') });
  });

  it('a triage case is due for its acknowledge alerts, like an assigned one', () => {
    // Prepare
    const scenario = caseIn('triage');

    // Act
    const alerts = alertsFor(scenario.case, calendar, statutoryPolicy);

    // Assess
    expect(alerts.map(({ alert, at }) => [alert, at])).toEqual([
      ['acknowledge:reminder', nineAm('2026-03-12')],
      ['acknowledge:yellow', endOf('2026-03-17')],
      ['acknowledge:red', endOf('2026-03-24')],
    ]);
    expect(scenario.case.due).toEqual({ kind: 'deadline', at: nineAm('2026-03-12') });
  });

  it('the sweep reminds and cards the triage owner, once each', () => {
    // Prepare
    const scenario = caseIn('triage');

    // Act
    const reminded = advance(scenario, { type: 'remind', deadline: 'acknowledge' }, system);
    const again = refusal(() => attempt(reminded, { type: 'remind', deadline: 'acknowledge' }, system));
    const red = advance(reminded, { type: 'escalate', deadline: 'acknowledge', card: 'red' }, system);

    // Assess
    expect(reminded.case).toMatchObject({ status: 'triage', alertsSent: ['acknowledge:reminder'] });
    expect(reminded.case.due).toEqual({ kind: 'deadline', at: endOf('2026-03-17') });
    refusedWith(again, 'alert-already-sent', 409);
    expect(red.case.overdue).toEqual({ card: 'red', deadline: 'acknowledge', since: red.now.toISOString() });
    expect(red.events.at(-1)).toMatchObject({
      type: 'escalated',
      data: { deadline: 'acknowledge', card: 'red' },
    });
  });

  it('rejecting a carded triage case lifts the card and ends the alerts', () => {
    // Prepare
    const scenario = advance(
      caseIn('triage'),
      { type: 'escalate', deadline: 'acknowledge', card: 'yellow' },
      system,
    );

    // Act
    const rejected = advance(scenario, commandSamples.reject, liaisonOf(units.triage));

    // Assess
    expect(rejected.case.overdue).toBeUndefined();
    expect(rejected.case.due).toBeUndefined();
  });

  it('a returned case sent to triage keeps the petitioner’s reply deadline and gets a fresh acknowledge one', () => {
    // Prepare: assigned at 10:00, returned at 12:00
    let scenario = caseIn('acknowledged');
    const replyBy = scenario.case.deadlines.replyBy;
    scenario = advance(scenario, commandSamples.return, ownHandler);

    // Act: triaged on 5 March
    const triaged = advance(scenario, commandSamples.routeToTriage, system, shanghai('2026-03-05 10:00'));

    // Assess
    expect(triaged.case.deadlines.replyBy).toEqual(replyBy);
    expect(triaged.case.deadlines.acknowledgeBy?.at).toBe(endOf('2026-03-20'));
    expect(triaged.case.deadlines.objectionUntil).toBeUndefined();
  });
});

describe('reminders go out at 09:00 on a working day (reminderAt)', () => {
  it.each([
    ['on the deadline day itself with no lead', '2026-03-17', 0, '2026-03-17'],
    ['the working day before', '2026-03-17', 1, '2026-03-16'],
    ['over a weekend', '2026-03-16', 1, '2026-03-13'],
    ['before Labour Day when the deadline follows it', '2026-05-06', 1, '2026-04-30'],
    ['three working days before, skipping Labour Day', '2026-05-06', 3, '2026-04-28'],
    ['before National Day', '2026-10-08', 1, '2026-09-30'],
    ['counting a make-up Saturday (调休) as a working day', '2026-05-11', 1, '2026-05-09'],
    ['across the Spring Festival, counting the make-up Saturday 14 February', '2026-02-24', 3, '2026-02-12'],
  ] as const)('%s: deadline %s, lead %i → 09:00 on %s', (_why, deadline, lead, expected) => {
    // Act
    const at = reminderAt(calendar, endOf(deadline), lead);

    // Assess
    expect(at).toBe(nineAm(expected));
    expect(calendar.isWorkday(shanghaiDateOf(at))).toBe(true);
  });

  it('follows the calendar it is given: an entered holiday moves the reminder', () => {
    // Prepare: Tuesday 5 January 2027; the admins made Monday 4 January a holiday (元旦调休)
    const deadline = endOf('2027-01-05');

    // Act
    const provisional = reminderAt(calendar, deadline, 1);
    const official = reminderAt(calendarWith2027, deadline, 1);

    // Assess: back over 4 January, the weekend and 元旦 to Thursday 31 December
    expect(provisional).toBe(nineAm('2027-01-04'));
    expect(official).toBe(nineAm('2026-12-31'));
  });

  it('the studio policy reminds on the morning of the deadline day', () => {
    // Prepare: assigned Monday 2 March 10:00, acknowledged at 11:00; 5 working days → Monday 9 March
    const scenario = caseIn('acknowledged', { policy: studioSuggestionPolicy });

    // Act
    const alerts = alertsFor(scenario.case, scenario.calendar, scenario.policy);

    // Assess: red 2 working days after
    expect(alerts.map(({ alert, at }) => [alert, at])).toEqual([
      ['reply:reminder', nineAm('2026-03-09')],
      ['reply:yellow', endOf('2026-03-09')],
      ['reply:red', endOf('2026-03-11')],
    ]);
  });

  it('the policy field is reminderLeadWorkingDays: statutory 3, studio 0', () => {
    // Assess
    expect(statutoryPolicy.reminderLeadWorkingDays).toBe(3);
    expect(studioSuggestionPolicy.reminderLeadWorkingDays).toBe(0);
    expect(statutoryPolicy).not.toHaveProperty('reminderLeadHours');
  });
});

describe('reopen (复查) is a procedure of its own', () => {
  /** Acknowledged, 30 days (the whole cap) granted, reply reminder sent, replied and closed. */
  function closedAfterFullExtension(): Scenario {
    let scenario = caseIn('acknowledged');
    scenario = advance(scenario, { ...commandSamples.requestExtension, days: 30 }, ownHandler);
    scenario = advance(scenario, commandSamples.decideExtension, supervisor);
    scenario = advance(scenario, { type: 'remind', deadline: 'reply' }, system);
    scenario = advance(scenario, commandSamples.reply, ownHandler);
    scenario = advance(scenario, commandSamples.close, ownHandler);
    expect(scenario.case).toMatchObject({ extensionGrantedDays: 30, alertsSent: ['reply:reminder'] });
    return scenario;
  }

  it('a supervisor reopening withdraws the pending survey, resets the extension allowance and the reply alerts', () => {
    // Prepare
    const scenario = closedAfterFullExtension();
    const survey = scenario.case.survey;
    const at = shanghai('2026-03-10 10:00');

    // Act
    const { case: reopened, event } = attempt(scenario, commandSamples.reopen, supervisor, at);

    // Assess
    expect(reopened).toMatchObject({ status: 'acknowledged', reopenCount: 1 });
    expect(reopened.survey).toEqual({ ...survey, status: 'withdrawn' });
    expect(reopened.extensionGrantedDays).toBeUndefined();
    expect(reopened.alertsSent).toBeUndefined();
    expect(reopened.deadlines.replyBy?.at).toBe(endOf('2026-04-09'));
    expect(reopened.deadlines.surveyBy).toBeUndefined();
    expect(reopened.due).toEqual({ kind: 'deadline', at: nineAm('2026-04-03') });
    expect(event.changes.extensionGrantedDays).toEqual({ before: 30, after: null });
    expect(event.data).toEqual({ reason: commandSamples.reopen.reason });
  });

  it('the review may be extended by the full cap again', () => {
    // Prepare
    const reopened = advance(closedAfterFullExtension(), commandSamples.reopen, supervisor);

    // Act
    const { case: requested } = attempt(
      reopened,
      { ...commandSamples.requestExtension, days: 30 },
      ownHandler,
    );

    // Assess
    expect(requested.extensionPending?.days).toBe(30);
  });

  it('a dissatisfied answer reopening the case resets the allowance too, and keeps the answer', () => {
    // Prepare
    const scenario = closedAfterFullExtension();

    // Act
    const { case: reopened } = attempt(
      scenario,
      { type: 'answerSurvey', rating: 'dissatisfied', via: 'web' },
      petitionerActor,
    );

    // Assess
    expect(reopened.extensionGrantedDays).toBeUndefined();
    expect(reopened.survey).toMatchObject({ status: 'answered', rating: 'dissatisfied' });
  });

  it('closing the review raises a fresh round-2 survey in place of the withdrawn one', () => {
    // Prepare
    let scenario = advance(caseIn('closed'), commandSamples.reopen, supervisor);
    expect(scenario.case.survey?.status).toBe('withdrawn');
    scenario = advance(scenario, commandSamples.reply, ownHandler);

    // Act
    const closed = advance(
      scenario,
      { ...commandSamples.close, surveyTokenHash: 'c'.repeat(64) },
      ownHandler,
    );

    // Assess
    expect(closed.case.survey).toEqual({ tokenHash: 'c'.repeat(64), status: 'pending', round: 2 });
  });
});

describe('fixed defects', () => {
  it('a returned case sent to triage re-arms the acknowledge alerts for the triage owner', () => {
    // Prepare: the first unit was reminded and yellow-carded for acknowledging, then returned the case
    let scenario = caseIn('assigned');
    scenario = advance(scenario, { type: 'remind', deadline: 'acknowledge' }, system);
    scenario = advance(scenario, { type: 'escalate', deadline: 'acknowledge', card: 'yellow' }, system);
    scenario = advance(scenario, commandSamples.return, ownHandler);

    // Act: no other unit matches, so the router sends it to triage with a fresh 15-day acknowledge deadline
    const triaged = advance(scenario, commandSamples.routeToTriage, system);

    // Assess: the triage owner should get the reminder and both cards for its own deadline (today it only gets
    // the red card, and `remind acknowledge` is refused as already sent)
    expect(triaged.case.alertsSent).toBeUndefined();
    expect(alertsFor(triaged.case, calendar, statutoryPolicy).map(({ alert }) => alert)).toEqual([
      'acknowledge:reminder',
      'acknowledge:yellow',
      'acknowledge:red',
    ]);
  });
});
