import { describe, expect, it } from 'vitest';
import type { CommandRefusedError } from '../../../shared/domain/case/errors.ts';
import { type CaseCommand, permittedCommands } from '../../../shared/domain/case/lifecycle.ts';
import {
  advance,
  attempt,
  caseIn,
  commandSamples,
  ownHandler,
  petitionerActor,
  plus,
  refusal,
  type Scenario,
  supervisor,
  system,
  units,
} from './factories.ts';

/**
 * Every refusal of the state machine as staff read it (code, status, both titles, details), the field a
 * missing text is reported on, and what an accepted command records on the case and its event. The table and
 * branch tests check which commands are refused; these check what the refusal and the record say.
 */

/** Closed, and still dissatisfied after the unit's second answer: 复查 may be asked for until its window ends. */
function reviewable(): Scenario {
  const dissatisfied = { type: 'answerSurvey', rating: 'dissatisfied', via: 'web' } as const;
  const reopened = advance(caseIn('closed'), dissatisfied, petitionerActor);
  const reclosed = advance(
    advance(reopened, commandSamples.reply, ownHandler),
    commandSamples.close,
    ownHandler,
  );
  return advance(reclosed, dissatisfied, petitionerActor);
}

function refused(scenario: Scenario, command: CaseCommand, actor = supervisor, now?: Date) {
  const error = refusal(() => attempt(scenario, command, actor, now)) as CommandRefusedError;
  return { type: error.type, status: error.status, title: error.title, details: error.details };
}

describe('refusals, word for word', () => {
  it('an accusation is not sent to the unit it accuses', () => {
    const accused = advance(
      caseIn('assigned'),
      { type: 'classify', petitionType: 'accusation', accusedUnitId: units.other },
      ownHandler,
    );
    expect(refused(accused, { type: 'reassign', unitId: units.other, reason: '改派' }, supervisor)).toEqual({
      type: 'accused-unit',
      status: 422,
      title: {
        zh: '检举控告件不得交由被检举控告的单位办理，请选择其他单位',
        en: 'An accusation cannot be handled by the unit it accuses; choose another unit',
      },
      details: { rule: 'accused-unit', field: 'unitId', unitId: units.other },
    });
  });

  it('a case is not reassigned to the unit that holds it', () => {
    expect(
      refused(caseIn('assigned'), { type: 'reassign', unitId: units.own, reason: '改派' }),
    ).toMatchObject({
      type: 'same-unit',
      title: { zh: '已由该单位承办', en: 'The case is already with that unit' },
    });
  });

  it('a unit returns a case only within the objection window', () => {
    const scenario = caseIn('assigned');
    expect(
      refused(scenario, commandSamples.return, ownHandler, plus(scenario.now, { days: 30 })),
    ).toMatchObject({
      type: 'objection-window-passed',
      title: {
        zh: '已超过派单异议期，不能退回，请申请改派',
        en: 'The objection window has passed; ask a supervisor to reassign instead',
      },
    });
  });

  it('one extension request at a time, within the cap, and a decision only on a pending one', () => {
    const acknowledged = caseIn('acknowledged');
    const pending = advance(acknowledged, commandSamples.requestExtension, ownHandler);
    expect(refused(pending, commandSamples.requestExtension, ownHandler)).toMatchObject({
      type: 'extension-pending',
      title: { zh: '已有一项延期申请待审批', en: 'An extension request is already pending' },
    });
    expect(
      refused(acknowledged, { type: 'requestExtension', days: 1000, reason: '施工' }, ownHandler),
    ).toEqual({
      type: 'extension-over-cap',
      status: 422,
      title: {
        zh: '延期总计不得超过 30日（已延 0日）',
        en: 'Extensions may total at most 30 days (0 days granted)',
      },
      details: { rule: 'extension-over-cap', field: 'days', cap: 30, unit: 'calendarDays', granted: 0 },
    });
    expect(refused(acknowledged, commandSamples.decideExtension)).toMatchObject({
      type: 'no-extension-pending',
      title: { zh: '没有待审批的延期申请', en: 'There is no pending extension request' },
    });
  });

  it('a survey is answered once, on the web only before it expires, and a review needs dissatisfaction', () => {
    const closed = caseIn('closed');
    const twice = reviewable();
    expect(twice.events.at(-1)?.type).toBe('surveyAnswered');
    expect(refused(twice, commandSamples.answerSurvey, petitionerActor)).toEqual({
      type: 'survey-already-answered',
      status: 409,
      title: { zh: '该评价已经提交过', en: 'This survey has already been answered' },
      details: { rule: 'survey-already-answered' },
    });
    expect(
      refused(closed, commandSamples.answerSurvey, petitionerActor, plus(closed.now, { days: 400 })),
    ).toEqual({
      type: 'survey-expired',
      status: 410,
      title: { zh: '评价链接已过期', en: 'The survey link has expired' },
      details: { rule: 'survey-expired' },
    });
    expect(
      refused(
        closed,
        { type: 'answerSurvey', rating: 'satisfied', via: 'web', requestReview: true },
        petitionerActor,
      ),
    ).toMatchObject({
      type: 'review-needs-dissatisfied',
      title: {
        zh: '只有对办理结果不满意时才能申请复查',
        en: 'Only a dissatisfied petitioner can ask for a review',
      },
      details: { rule: 'review-needs-dissatisfied', field: 'requestReview' },
    });
    // A survey that was answered never expires, however late the sweep comes.
    expect(refused(twice, commandSamples.expireSurvey, system, plus(twice.now, { days: 400 }))).toMatchObject(
      {
        type: 'survey-not-expired',
        title: { zh: '评价尚未到期', en: 'The survey has not expired' },
      },
    );
    expect(refused(closed, commandSamples.expireSurvey, system)).toMatchObject({
      type: 'survey-not-expired',
    });
  });

  it('a case is not its own duplicate, an alert is sent once, and a recompute must change something', () => {
    const assigned = caseIn('assigned');
    expect(
      refused(assigned, { type: 'linkDuplicate', duplicateOf: assigned.case.caseId }, ownHandler),
    ).toMatchObject({
      type: 'self-duplicate',
      title: { zh: '不能关联自身', en: 'A case cannot duplicate itself' },
    });
    const reminded = advance(assigned, commandSamples.remind, system);
    expect(reminded.events.at(-1)?.data).toEqual({ deadline: 'acknowledge' });
    expect(refused(reminded, commandSamples.remind, system)).toEqual({
      type: 'alert-already-sent',
      status: 409,
      title: { zh: '该提醒已发送', en: 'Alert acknowledge:reminder was already sent' },
      details: { rule: 'alert-already-sent' },
    });
    expect(refused(assigned, commandSamples.recomputeDeadlines, system)).toEqual({
      type: 'nothing-to-recompute',
      status: 409,
      title: { zh: '期限无变化', en: 'No deadline changes' },
      details: { rule: 'nothing-to-recompute' },
    });
  });

  it('复查 is asked for once, never after the case concluded, and within its window to the millisecond', () => {
    const concludedAfterRecheck = advance(caseIn('rechecking'), commandSamples.decideRecheck, supervisor);
    expect(refused(concludedAfterRecheck, commandSamples.requestReview)).toMatchObject({
      type: 'review-already-requested',
      title: { zh: '此件已申请过复查', en: 'A review was already requested for this case' },
    });
    const closed = caseIn('closed');
    const waiting = reviewable();
    const concluded = advance(waiting, commandSamples.conclude, system, plus(waiting.now, { days: 400 }));
    expect(refused(concluded, commandSamples.requestReview)).toMatchObject({
      type: 'case-concluded',
      title: { zh: '此件已终结，不再受理', en: 'The case has concluded and is not taken up again' },
    });
    const late = refused(closed, commandSamples.requestReview, supervisor, plus(closed.now, { days: 400 }));
    expect(late).toMatchObject({
      type: 'review-window-passed',
      title: {
        zh: '已超过复查申请期限（答复之日起30日）',
        en: 'The time to ask for a review (30 days from the reply) has passed',
      },
    });
    const until = (late.details as { until: string }).until;
    expect(Number.isNaN(Date.parse(until))).toBe(false);
    // The last millisecond of the window still counts.
    const inTime = advance(closed, commandSamples.requestReview, supervisor, new Date(until));
    expect(inTime.case.status).toBe('reviewing');
    expect(inTime.case.review).toMatchObject({ via: 'staff', reason: commandSamples.requestReview.reason });
  });

  it('a case concludes only once the time to ask for 复查 has passed', () => {
    const waiting = reviewable();
    expect(refused(waiting, commandSamples.conclude, system)).toEqual({
      type: 'window-still-open',
      status: 409,
      title: { zh: '申请期限尚未届满', en: 'The window to ask for a review is still open' },
      details: { rule: 'window-still-open' },
    });
    const concluded = advance(waiting, commandSamples.conclude, system, plus(waiting.now, { days: 400 }));
    expect(concluded.events.at(-1)).toMatchObject({ type: 'concluded', data: { stage: 'reply' } });
    expect(concluded.case).toMatchObject({ status: 'archived', archiveReason: 'concluded' });
  });

  it('a 复核 gets reminders of its own decision deadline, whatever the 复查 had', () => {
    const reminded = advance(caseIn('reviewing'), { type: 'remind', deadline: 'decision' }, system);
    expect(reminded.case.alertsSent).toContain('decision:reminder');
    const reviewed = advance(reminded, commandSamples.decideReview, supervisor);
    const rechecking = advance(reviewed, commandSamples.requestRecheck, supervisor);
    expect(rechecking.case.alertsSent ?? []).not.toContain('decision:reminder');
    expect(advance(rechecking, { type: 'remind', deadline: 'decision' }, system).case.alertsSent).toContain(
      'decision:reminder',
    );
  });

  it('复核 is asked for within its window, recorded as a staff request', () => {
    const reviewed = caseIn('reviewed');
    expect(
      refused(reviewed, commandSamples.requestRecheck, supervisor, plus(reviewed.now, { days: 400 })),
    ).toMatchObject({
      type: 'recheck-window-passed',
      title: {
        en: 'The time to ask for a recheck (30 days from the review opinion) has passed',
      },
    });
    const rechecking = advance(reviewed, commandSamples.requestRecheck, supervisor);
    expect(rechecking.case.recheck).toMatchObject({
      via: 'staff',
      reason: commandSamples.requestRecheck.reason,
    });
  });
});

describe('a missing text is reported on its field', () => {
  const blank = '  ';
  it.each([
    ['reject', caseIn('assigned'), { type: 'reject', reason: blank }, ownHandler, 'reason'],
    ['return', caseIn('assigned'), { type: 'return', reason: blank }, ownHandler, 'reason'],
    [
      'reassign',
      caseIn('assigned'),
      { type: 'reassign', unitId: units.other, reason: blank },
      supervisor,
      'reason',
    ],
    ['reply', caseIn('acknowledged'), { type: 'reply', text: blank }, ownHandler, 'text'],
    [
      'requestExtension',
      caseIn('acknowledged'),
      { type: 'requestExtension', days: 5, reason: blank },
      ownHandler,
      'reason',
    ],
    ['reopen', caseIn('closed'), { type: 'reopen', reason: blank }, supervisor, 'reason'],
    [
      'followUp',
      caseIn('assigned'),
      { type: 'followUp', text: blank, via: 'open311' },
      petitionerActor,
      'text',
    ],
    ['requestReview', caseIn('closed'), { type: 'requestReview', reason: blank }, supervisor, 'reason'],
    [
      'decideReview',
      caseIn('reviewing'),
      { type: 'decideReview', outcome: 'upheld', opinion: blank },
      supervisor,
      'opinion',
    ],
    ['requestRecheck', caseIn('reviewed'), { type: 'requestRecheck', reason: blank }, supervisor, 'reason'],
  ] as const)('%s', (_name, scenario, command, actor, field) => {
    expect(refused(scenario, command as CaseCommand, actor)).toEqual({
      type: 'text-required',
      status: 422,
      title: { zh: '请填写内容', en: `${field} is required` },
      details: { rule: 'text-required', field },
    });
  });
});

describe('what accepted commands record', () => {
  it('registration, triage and acceptance name their events and transfers', () => {
    const triage = caseIn('triage');
    expect(triage.events[0]?.type).toBe('registered');
    expect(triage.case.transfers?.at(-1)?.kind).toBe('assigned');
    const accepted = advance(triage, commandSamples.accept, { ...supervisor });
    expect(accepted.case.transfers?.at(-1)?.kind).toBe('accepted');
  });

  it('an assignment keeps its routing and gives its reason, or none', () => {
    const registered = caseIn('registered');
    const assign = commandSamples.assign;
    const routed = advance(registered, assign, system);
    expect(routed.case.routing).toEqual(assign.routing);
    expect(routed.events.at(-1)?.data).toEqual({ reason: assign.routing?.reason });
    const plain = advance(registered, { type: 'assign', unitId: units.own }, supervisor);
    expect(plain.events.at(-1)?.data).toEqual({ reason: null });
  });

  it('a rejection records its grounds on the case and the event', () => {
    const rejected = advance(
      caseIn('assigned'),
      { type: 'reject', reason: '已处理完毕', grounds: 'no-further-action' },
      ownHandler,
    );
    expect(rejected.case.rejection?.grounds).toBe('no-further-action');
    expect(rejected.events.at(-1)?.data).toMatchObject({
      grounds: 'no-further-action',
      reason: '已处理完毕',
    });
  });

  it('a reply records its text, time and author; an extension its length, unit and reason', () => {
    const acknowledged = caseIn('acknowledged');
    const replied = advance(acknowledged, commandSamples.reply, ownHandler);
    expect(replied.case.reply).toEqual({
      text: commandSamples.reply.text,
      at: replied.now.toISOString(),
      by: ownHandler.id,
    });
    const requested = advance(
      acknowledged,
      { type: 'requestExtension', days: 1, reason: '等材料' },
      ownHandler,
    );
    expect(requested.events.at(-1)?.data).toEqual({ days: 1, unit: 'calendarDays', reason: '等材料' });
    const declined = advance(requested, { type: 'decideExtension', approve: false }, supervisor);
    expect(declined.events.at(-1)).toMatchObject({
      type: 'extensionDecided',
      data: { approved: false, days: 1, note: null },
    });
  });

  it('a review opinion names its outcome, opinion and bodies', () => {
    const reviewed = caseIn('reviewed');
    expect(reviewed.events.at(-1)).toMatchObject({
      type: 'reviewDecided',
      data: {
        outcome: commandSamples.decideReview.outcome,
        opinion: commandSamples.decideReview.opinion,
        body: reviewed.policy.reviewBody,
        recheckBody: reviewed.policy.recheckBody,
      },
    });
  });
});

describe('the commands offered as buttons', () => {
  it('offer a decision only on a pending extension, and a request only when none is pending', () => {
    const acknowledged = caseIn('acknowledged');
    const pending = advance(acknowledged, commandSamples.requestExtension, ownHandler);
    expect(permittedCommands(acknowledged.case, supervisor)).not.toContain('decideExtension');
    expect(permittedCommands(pending.case, supervisor)).toContain('decideExtension');
    expect(permittedCommands(acknowledged.case, ownHandler)).toContain('requestExtension');
    expect(permittedCommands(pending.case, ownHandler)).not.toContain('requestExtension');
  });

  it('offer the call-back only while the survey is pending, and 复查 only once and never after the end', () => {
    const closed = caseIn('closed');
    expect(permittedCommands(closed.case, supervisor)).toEqual(
      expect.arrayContaining(['answerSurvey', 'requestReview']),
    );
    // Closed still, with its survey answered: no second call-back.
    expect(permittedCommands(reviewable().case, supervisor)).not.toContain('answerSurvey');
    const answered = advance(
      closed,
      { type: 'answerSurvey', rating: 'satisfied', via: 'callback' },
      supervisor,
    );
    expect(permittedCommands(answered.case, supervisor)).not.toContain('answerSurvey');
    expect(permittedCommands(answered.case, supervisor)).toContain('requestReview');
    const waiting = reviewable();
    const concluded = advance(waiting, commandSamples.conclude, system, plus(waiting.now, { days: 400 }));
    expect(permittedCommands(concluded.case, supervisor)).not.toContain('requestReview');
    const afterRecheck = advance(caseIn('rechecking'), commandSamples.decideRecheck, supervisor);
    expect(permittedCommands(afterRecheck.case, supervisor)).not.toContain('requestReview');
  });

  it('offer a handler of the unit the commands of its state, and nothing the rules do not allow', () => {
    const commands = permittedCommands(caseIn('acknowledged').case, ownHandler);
    expect(commands).toEqual(expect.arrayContaining(['reply', 'requestExtension', 'note', 'return']));
    expect(commands).not.toContain('decideExtension');
  });
});
