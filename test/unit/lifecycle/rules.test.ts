import { describe, expect, it } from 'vitest';
import { CommandRefusedError, ForbiddenCommandError } from '../../../shared/domain/case/errors.ts';
import {
  applyDuration,
  openReferralOf,
  ownsCase,
  permittedCommands,
  register,
  runningAlertDeadline,
} from '../../../shared/domain/case/lifecycle.ts';
import type { Actor } from '../../../shared/domain/case/model.ts';
import { statutoryPolicy } from '../../../shared/domain/policy/sla-policy.ts';
import {
  advance,
  attempt,
  calendar,
  caseIn,
  commandSamples,
  handlerOf,
  liaisonOf,
  ownHandler,
  petitionerActor,
  plus,
  refusal,
  registered,
  registration,
  type Scenario,
  shanghai,
  studioLiaison,
  studios,
  supervisor,
  system,
  T0,
  units,
} from './factories.ts';

/**
 * The business rules of the commands that the table and branch tests leave aside: service-team referrals, the
 * owner inside the unit, classification, duplicates, follow-ups, the windows of 复查 and 复核, and what the
 * registration event records.
 */

const teamHandler: Actor = handlerOf(units.team);
const lead: Actor = { ...handlerOf(units.own), id: 'lead-water', unitLead: true };
const colleague: Actor = { ...handlerOf(units.own), id: 'zhang-water' };
const dissatisfied = { type: 'answerSurvey', rating: 'dissatisfied', via: 'web' } as const;

function refusedRule(act: () => unknown): { type: string; status: number; error: unknown } {
  const error = refusal(act);
  return { type: (error as CommandRefusedError).type, status: error.status, error };
}

describe('registration', () => {
  it('records the channel, category, type, jurisdiction, and a possible duplicate and placement when given', () => {
    const { case: created, event } = register(
      registration({ petitionType: 'complaint', possibleDuplicateOf: 'case-0000', placedBy: 'address' }),
      { actor: liaisonOf(units.own), now: T0 },
    );

    expect(created).toMatchObject({ status: 'registered', version: 1, reopenCount: 0, deadlines: {} });
    expect(created.due).toEqual({ kind: 'stuck', at: plus(T0, { minutes: 2 }).toISOString() });
    expect(event.data).toEqual({
      channel: 'web',
      categoryCode: 'water',
      petitionType: 'complaint',
      jurisdictionCode: '330102001',
      possibleDuplicateOf: 'case-0000',
      placedBy: 'address',
    });
  });

  it('records absent category and type as null and leaves out what was not given', () => {
    const input = { ...registration(), categoryCode: undefined };
    const { event } = register(input, { actor: liaisonOf(units.own), now: T0 });

    expect(event.data).toEqual({
      channel: 'web',
      categoryCode: null,
      petitionType: null,
      jurisdictionCode: '330102001',
    });
    expect(event.changes).toEqual({ status: { before: null, after: 'registered' } });
  });
});

describe('who owns a case', () => {
  it('a liaison officer owns the cases their studio registered, not those of another studio', () => {
    const item = { unitId: units.own, studioId: studios.own };

    expect(ownsCase(studioLiaison, item)).toBe(true);
    expect(ownsCase(liaisonOf(units.studioOffice, studios.other), item)).toBe(false);
    expect(ownsCase(liaisonOf(units.studioOffice), { unitId: units.own })).toBe(false);
    expect(ownsCase(liaisonOf(units.own), { unitId: units.own })).toBe(true);
  });

  it('nobody owns a case through an absent unit', () => {
    const unitless: Actor = { id: 'handler-nowhere', role: 'handler' };

    expect(ownsCase(unitless, {})).toBe(false);
    expect(ownsCase({ id: 'liaison-nowhere', role: 'liaison' }, {})).toBe(false);
    expect(ownsCase(supervisor, {})).toBe(true);
  });
});

describe('the deadline alerts run against', () => {
  it('acknowledge in triage and assigned, reply once acknowledged, the decision under review, none otherwise', () => {
    expect(runningAlertDeadline({ status: 'triage' })).toBe('acknowledge');
    expect(runningAlertDeadline({ status: 'assigned' })).toBe('acknowledge');
    expect(runningAlertDeadline({ status: 'acknowledged' })).toBe('reply');
    expect(runningAlertDeadline({ status: 'reviewing' })).toBe('decision');
    expect(runningAlertDeadline({ status: 'rechecking' })).toBe('decision');
    expect(runningAlertDeadline({ status: 'replied' })).toBeNull();
    expect(runningAlertDeadline({ status: 'registered' })).toBeNull();
  });

  it('adds working days or calendar days as the duration says', () => {
    const thursday = shanghai('2026-03-05 10:00');

    const working = applyDuration(calendar, thursday, { amount: 3, unit: 'workingDays' });
    const calendarDays = applyDuration(calendar, thursday, { amount: 3, unit: 'calendarDays' });

    expect(working.at).not.toBe(calendarDays.at);
    expect(Date.parse(working.at)).toBeGreaterThan(Date.parse(calendarDays.at));
  });
});

describe('service teams (服务团队)', () => {
  it('a referral records the question; only the team’s handlers answer it, once', () => {
    const scenario = caseIn('acknowledged');
    const referred = advance(scenario, commandSamples.referToTeam, ownHandler);

    expect(referred.events.at(-1)).toMatchObject({
      type: 'teamReferred',
      data: { teamId: units.team, question: commandSamples.referToTeam.question },
    });
    expect(referred.case.teamReferrals).toEqual([
      {
        teamId: units.team,
        question: commandSamples.referToTeam.question,
        referredAt: referred.now.toISOString(),
        referredBy: ownHandler.id,
      },
    ]);
    expect(openReferralOf(referred.case, units.team)).toEqual(referred.case.teamReferrals![0]);
    expect(openReferralOf(referred.case, undefined)).toBeUndefined();
    expect(openReferralOf(referred.case, units.other)).toBeUndefined();
    expect(permittedCommands(referred.case, teamHandler)).toEqual(['answerReferral']);
    expect(permittedCommands(referred.case, handlerOf(units.other))).toEqual([]);

    const answered = advance(referred, commandSamples.answerReferral, teamHandler);

    expect(answered.case.teamReferrals).toEqual([
      {
        ...referred.case.teamReferrals![0],
        answer: commandSamples.answerReferral.answer,
        answeredAt: answered.now.toISOString(),
        answeredBy: teamHandler.id,
      },
    ]);
    expect(answered.events.at(-1)).toMatchObject({
      type: 'teamAnswered',
      data: { teamId: units.team, answer: commandSamples.answerReferral.answer },
    });
    expect(openReferralOf(answered.case, units.team)).toBeUndefined();
    expect(permittedCommands(answered.case, teamHandler)).toEqual([]);
    const again = refusal(() => attempt(answered, commandSamples.answerReferral, teamHandler));
    expect(again).toBeInstanceOf(ForbiddenCommandError);
    expect((again as ForbiddenCommandError).details).toMatchObject({ reason: 'not-own-unit' });
  });

  it('an answer only touches the team’s own referral and needs text', () => {
    let scenario = advance(caseIn('acknowledged'), commandSamples.referToTeam, ownHandler);
    scenario = advance(
      scenario,
      { type: 'referToTeam', teamId: units.other, question: '请住建局提供意见' },
      ownHandler,
    );

    const blank = refusedRule(() => attempt(scenario, { type: 'answerReferral', answer: '  ' }, teamHandler));
    const answered = attempt(scenario, commandSamples.answerReferral, teamHandler);

    expect(blank.type).toBe('text-required');
    expect(answered.case.teamReferrals![1]).toEqual(scenario.case.teamReferrals![1]);
    expect(answered.case.teamReferrals![0]!.answeredBy).toBe(teamHandler.id);
  });

  it('refuses a referral to the unit holding the case, a second open one to the same team, and an empty question', () => {
    const scenario = caseIn('acknowledged');
    const referred = advance(scenario, commandSamples.referToTeam, ownHandler);

    const self = refusedRule(() =>
      attempt(scenario, { type: 'referToTeam', teamId: units.own, question: '请协助' }, ownHandler),
    );
    const twice = refusedRule(() => attempt(referred, commandSamples.referToTeam, ownHandler));
    const empty = refusedRule(() =>
      attempt(scenario, { type: 'referToTeam', teamId: units.team, question: ' ' }, ownHandler),
    );

    expect(self).toMatchObject({ type: 'team-holds-case', status: 422 });
    expect(twice).toMatchObject({ type: 'referral-open', status: 409 });
    expect(empty).toMatchObject({ type: 'text-required', status: 422 });
  });

  it('a team may be asked again once it answered', () => {
    let scenario = advance(caseIn('acknowledged'), commandSamples.referToTeam, ownHandler);
    scenario = advance(scenario, commandSamples.answerReferral, teamHandler);

    const again = attempt(scenario, commandSamples.referToTeam, ownHandler);

    expect(again.case.teamReferrals).toHaveLength(2);
  });
});

describe('the owner inside the unit', () => {
  it('refuses a handler giving the case to someone else (403) and the same owner twice (422)', () => {
    const scenario = caseIn('assigned');
    const owned = advance(scenario, { type: 'assignOwner', ownerId: colleague.id }, lead);

    const notLead = refusedRule(() =>
      attempt(scenario, { type: 'assignOwner', ownerId: lead.id }, colleague),
    );
    const same = refusedRule(() => attempt(owned, { type: 'assignOwner', ownerId: colleague.id }, lead));
    const unassignedAgain = refusedRule(() =>
      attempt(scenario, { type: 'assignOwner', ownerId: null }, lead),
    );

    expect(notLead).toMatchObject({ type: 'not-unit-lead', status: 403 });
    expect((notLead.error as CommandRefusedError).details).toMatchObject({ field: 'ownerId' });
    expect(same).toMatchObject({ type: 'same-owner', status: 422 });
    expect(unassignedAgain).toMatchObject({ type: 'same-owner', status: 422 });
  });

  it('the console offers the unit lead the assignment, and a handler only while nobody owns the case', () => {
    const scenario = caseIn('assigned');
    const owned = advance(scenario, { type: 'assignOwner', ownerId: colleague.id }, lead);

    expect(permittedCommands(scenario.case, lead)).toContain('assignOwner');
    expect(permittedCommands(owned.case, lead)).toContain('assignOwner');
    expect(permittedCommands(owned.case, colleague)).not.toContain('assignOwner');
    expect(permittedCommands(scenario.case, colleague)).toContain('assignOwner');
  });
});

describe('classification (信访事项类型)', () => {
  it('names an accused unit only on an accusation', () => {
    const scenario = caseIn('triage');

    const wrong = refusedRule(() =>
      attempt(
        scenario,
        { type: 'classify', petitionType: 'complaint', accusedUnitId: units.other },
        supervisor,
      ),
    );
    const right = attempt(
      scenario,
      { type: 'classify', petitionType: 'report', accusedUnitId: units.other },
      supervisor,
    );

    expect(wrong).toMatchObject({ type: 'accused-unit-needs-accusation', status: 422 });
    expect((wrong.error as CommandRefusedError).details).toMatchObject({ field: 'accusedUnitId' });
    expect(right.case).toMatchObject({ petitionType: 'report', accusedUnitId: units.other });
    expect(right.event).toMatchObject({
      type: 'classified',
      data: { petitionType: 'report', accusedUnitId: units.other },
    });
  });

  it('keeps the type and accused unit not named in the command; null clears the accused unit', () => {
    const accused = advance(
      caseIn('triage'),
      { type: 'classify', petitionType: 'accusation', accusedUnitId: units.other },
      supervisor,
    );

    const kept = attempt(accused, { type: 'classify' }, supervisor);
    const cleared = attempt(accused, { type: 'classify', accusedUnitId: null }, supervisor);
    const retyped = attempt(
      accused,
      { type: 'classify', petitionType: 'complaint', accusedUnitId: null },
      supervisor,
    );

    expect(kept.case).toMatchObject({ petitionType: 'accusation', accusedUnitId: units.other });
    expect(cleared.case.accusedUnitId).toBeUndefined();
    expect(cleared.case.petitionType).toBe('accusation');
    expect(cleared.event.data).toEqual({ petitionType: 'accusation', accusedUnitId: null });
    expect(retyped.case.petitionType).toBe('complaint');
  });

  it('records an untyped case as null', () => {
    const result = attempt(caseIn('triage'), { type: 'classify' }, supervisor);

    expect(result.event.data).toEqual({ petitionType: null, accusedUnitId: null });
  });

  it('takes the policy the type selects only while the case is at triage', () => {
    const atTriage = attempt(
      caseIn('triage'),
      { type: 'classify', petitionType: 'inquiry', policyId: 'hotline' },
      supervisor,
    );
    const assigned = caseIn('assigned');
    const afterAssignment = attempt(
      assigned,
      { type: 'classify', petitionType: 'inquiry', policyId: 'hotline' },
      ownHandler,
    );
    const noPolicy = caseIn('triage');
    const withoutPolicy = attempt(noPolicy, { type: 'classify', petitionType: 'inquiry' }, supervisor);

    expect(atTriage.case.policyId).toBe('hotline');
    expect(afterAssignment.case.policyId).toBe(assigned.case.policyId);
    expect(withoutPolicy.case.policyId).toBe(noPolicy.case.policyId);
  });

  it('refuses naming the holding unit as accused once a unit works the case, not at triage', () => {
    const assigned = caseIn('assigned');
    const triage = caseIn('triage');

    const holding = refusedRule(() =>
      attempt(
        assigned,
        { type: 'classify', petitionType: 'accusation', accusedUnitId: units.own },
        ownHandler,
      ),
    );
    const otherUnit = attempt(
      assigned,
      { type: 'classify', petitionType: 'accusation', accusedUnitId: units.other },
      ownHandler,
    );
    const atTriage = attempt(
      triage,
      { type: 'classify', petitionType: 'accusation', accusedUnitId: units.triage },
      supervisor,
    );

    expect(holding).toMatchObject({ type: 'accused-unit', status: 422 });
    expect(holding.error).toBeInstanceOf(CommandRefusedError);
    expect((holding.error as CommandRefusedError).details).toMatchObject({ field: 'accusedUnitId' });
    expect(otherUnit.case.accusedUnitId).toBe(units.other);
    expect(atTriage.case.accusedUnitId).toBe(units.triage);
  });

  it('refuses accepting at triage an accusation of the triage unit itself', () => {
    const accused = advance(
      caseIn('triage'),
      { type: 'classify', petitionType: 'accusation', accusedUnitId: units.triage },
      supervisor,
    );

    const error = refusedRule(() => attempt(accused, commandSamples.accept, liaisonOf(units.triage)));

    expect(error).toMatchObject({ type: 'accused-unit', status: 422 });
    expect((error.error as CommandRefusedError).details).toMatchObject({
      field: 'unitId',
      unitId: units.triage,
    });
  });

  it('refuses reassigning an accusation to the accused unit', () => {
    const accused = advance(
      caseIn('assigned'),
      { type: 'classify', petitionType: 'accusation', accusedUnitId: units.other },
      ownHandler,
    );

    const error = refusedRule(() => attempt(accused, commandSamples.reassign, supervisor));

    expect(error).toMatchObject({ type: 'accused-unit', status: 422 });
  });
});

describe('duplicates and follow-ups', () => {
  it('links a duplicate, never the case to itself', () => {
    const scenario = caseIn('assigned');

    const linked = attempt(scenario, commandSamples.linkDuplicate, ownHandler);
    const self = refusedRule(() =>
      attempt(scenario, { type: 'linkDuplicate', duplicateOf: scenario.case.caseId }, ownHandler),
    );

    expect(linked.case.duplicateOf).toBe(commandSamples.linkDuplicate.duplicateOf);
    expect(linked.event).toMatchObject({
      type: 'duplicateLinked',
      data: { duplicateOf: commandSamples.linkDuplicate.duplicateOf },
    });
    expect(self).toMatchObject({ type: 'self-duplicate', status: 422 });
  });

  it('a follow-up records the text, the channel, and the reported status and reference when given', () => {
    const scenario = caseIn('acknowledged');

    const full = attempt(
      scenario,
      { type: 'followUp', text: '还没修好', via: 'open311', reportedStatus: 'OPEN', reference: 'client:42' },
      petitionerActor,
    );
    const plain = attempt(scenario, { type: 'followUp', text: '还没修好', via: 'open311' }, petitionerActor);
    const blank = refusedRule(() =>
      attempt(scenario, { type: 'followUp', text: '', via: 'open311' }, petitionerActor),
    );

    expect(full.event).toMatchObject({ type: 'followedUp', changes: {} });
    expect(full.event.data).toEqual({
      text: '还没修好',
      via: 'open311',
      reportedStatus: 'OPEN',
      reference: 'client:42',
    });
    expect(plain.event.data).toEqual({ text: '还没修好', via: 'open311' });
    expect(blank.type).toBe('text-required');
  });

  it('a note records its text and changes nothing else', () => {
    const scenario = caseIn('assigned');

    const noted = attempt(scenario, commandSamples.note, ownHandler);
    const blank = refusedRule(() => attempt(scenario, { type: 'note', text: '\n' }, ownHandler));

    expect(noted.event).toMatchObject({
      type: 'noted',
      changes: {},
      data: { text: commandSamples.note.text },
    });
    expect(noted.case.version).toBe(scenario.case.version + 1);
    expect(blank).toMatchObject({ type: 'text-required', status: 422 });
    expect((blank.error as CommandRefusedError).details).toEqual({ rule: 'text-required', field: 'text' });
  });
});

describe('the survey answer and 复查', () => {
  it('asking for 复查 with a satisfied answer is refused', () => {
    const scenario = caseIn('closed');

    const error = refusedRule(() =>
      attempt(
        scenario,
        { type: 'answerSurvey', rating: 'satisfied', via: 'web', requestReview: true },
        petitionerActor,
      ),
    );

    expect(error).toMatchObject({ type: 'review-needs-dissatisfied', status: 422 });
  });

  it('a 复查 asked on a call-back is recorded as by staff, with the comment as its reason', () => {
    const scenario = caseIn('closed');

    const result = attempt(
      scenario,
      {
        type: 'answerSurvey',
        rating: 'dissatisfied',
        via: 'callback',
        requestReview: true,
        comment: '没修好',
      },
      supervisor,
    );
    const web = attempt(
      scenario,
      { type: 'answerSurvey', rating: 'dissatisfied', via: 'web', requestReview: true },
      petitionerActor,
    );

    expect(result.case.status).toBe('reviewing');
    expect(result.case.review).toMatchObject({
      via: 'staff',
      reason: '没修好',
      body: statutoryPolicy.reviewBody,
    });
    expect(result.case.survey).toMatchObject({ status: 'answered', comment: '没修好', via: 'callback' });
    expect(web.case.review).toMatchObject({ via: 'web' });
    expect(web.case.review).not.toHaveProperty('reason');
    expect(web.event.data).toEqual({
      rating: 'dissatisfied',
      via: 'web',
      outcome: 'review',
      body: statutoryPolicy.reviewBody,
    });
  });

  it('a web answer posing as a call-back, or a call-back posing as the petitioner, is forbidden', () => {
    const scenario = caseIn('closed');

    expect(() =>
      attempt(scenario, { type: 'answerSurvey', rating: 'satisfied', via: 'callback' }, petitionerActor),
    ).toThrow(ForbiddenCommandError);
    expect(() =>
      attempt(scenario, { type: 'answerSurvey', rating: 'satisfied', via: 'web' }, supervisor),
    ).toThrow(ForbiddenCommandError);
  });

  it('a call-back is recorded even after the web link expired', () => {
    const scenario = caseIn('closed');
    const late = plus(new Date(scenario.case.deadlines.surveyBy!.at), { hours: 1 });

    const result = attempt(
      scenario,
      { type: 'answerSurvey', rating: 'satisfied', via: 'callback' },
      supervisor,
      late,
    );

    expect(result.case).toMatchObject({ status: 'archived', archiveReason: 'callback' });
  });

  it('a concluded case without a review is not taken up again', () => {
    let scenario = advance(caseIn('closed'), dissatisfied, petitionerActor);
    scenario = advance(scenario, commandSamples.reply, ownHandler);
    scenario = advance(scenario, commandSamples.close, ownHandler);
    scenario = advance(scenario, dissatisfied, petitionerActor);
    const until = new Date(scenario.case.deadlines.reviewRequestBy!.at);
    scenario = advance(scenario, commandSamples.conclude, system, plus(until, { ms: 1 }));

    const error = refusedRule(() => attempt(scenario, commandSamples.requestReview, supervisor));

    expect(scenario.events.at(-1)!.data).toEqual({ stage: 'reply' });
    expect(error).toMatchObject({ type: 'case-concluded', status: 422 });
    expect(permittedCommands(scenario.case, supervisor)).not.toContain('requestReview');
  });

  it('a 复查 recorded by staff names where the case came from; an empty reason is refused', () => {
    const scenario = caseIn('closed');

    const result = attempt(scenario, commandSamples.requestReview, supervisor);
    const blank = refusedRule(() => attempt(scenario, { type: 'requestReview', reason: '' }, supervisor));

    expect(result.event.data).toEqual({
      body: statutoryPolicy.reviewBody,
      reason: commandSamples.requestReview.reason,
      from: 'closed',
    });
    expect(result.case.survey?.status).toBe('withdrawn');
    expect(blank.type).toBe('text-required');
  });
});

describe('复核 (recheck) window', () => {
  it('refuses a 复核 request after its window, naming the window', () => {
    const reviewed = caseIn('reviewed');
    const until = new Date(reviewed.case.deadlines.recheckRequestBy!.at);

    const late = refusedRule(() =>
      attempt(reviewed, commandSamples.requestRecheck, supervisor, plus(until, { ms: 1 })),
    );
    const onTime = attempt(reviewed, commandSamples.requestRecheck, supervisor, until);

    expect(late).toMatchObject({ type: 'recheck-window-passed', status: 422 });
    expect((late.error as CommandRefusedError).details).toMatchObject({ until: until.toISOString() });
    expect((late.error as CommandRefusedError).title.zh).toContain('复查意见之日起');
    expect(onTime.case.status).toBe('rechecking');
    expect(onTime.event.data).toEqual({
      body: statutoryPolicy.recheckBody,
      reason: commandSamples.requestRecheck.reason,
    });
  });

  it('after the 复核 window the sweep concludes the reviewed case, recording the review stage', () => {
    const reviewed = caseIn('reviewed');
    const until = new Date(reviewed.case.deadlines.recheckRequestBy!.at);

    const early = refusedRule(() => attempt(reviewed, commandSamples.conclude, system, until));
    const concluded = attempt(reviewed, commandSamples.conclude, system, plus(until, { ms: 1 }));

    expect(early).toMatchObject({ type: 'window-still-open', status: 409 });
    expect(concluded.case).toMatchObject({ status: 'archived', archiveReason: 'concluded' });
    expect(concluded.event.data).toEqual({ stage: 'review' });
  });

  it('a closed case whose survey is still pending does not conclude', () => {
    const closed = caseIn('closed');

    const error = refusedRule(() =>
      attempt(closed, commandSamples.conclude, system, plus(closed.now, { days: 400 })),
    );

    expect(error.type).toBe('window-still-open');
  });
});

describe('archive and reject record what staff wrote', () => {
  it('archive records the note, or null', () => {
    const closed = caseIn('closed');

    expect(attempt(closed, commandSamples.archive, supervisor).event.data).toEqual({
      note: commandSamples.archive.note,
    });
    expect(attempt(closed, { type: 'archive' }, supervisor).event.data).toEqual({ note: null });
  });

  it('reject records the reason, the reviewing body and the grounds when given', () => {
    const triage: Scenario = caseIn('triage');
    const triageLiaison = liaisonOf(units.triage);

    const plain = attempt(triage, commandSamples.reject, triageLiaison);

    expect(plain.event.data).toEqual({
      reason: commandSamples.reject.reason,
      body: statutoryPolicy.reviewBody,
    });
    expect(plain.case.rejection).toEqual({
      reason: commandSamples.reject.reason,
      at: plain.event.at,
      by: triageLiaison.id,
    });
    expect(refusedRule(() => attempt(triage, { type: 'reject', reason: ' ' }, triageLiaison)).type).toBe(
      'text-required',
    );
  });

  it('a registered case has no deadline-bound actions for the unit', () => {
    const scenario = registered();

    expect(permittedCommands(scenario.case, ownHandler)).toEqual([]);
  });
});

describe('the refusals tell staff why, in both languages', () => {
  const titleOf = (act: () => unknown) => refusal(act).title;

  it('service-team refusals', () => {
    const scenario = caseIn('acknowledged');
    const referred = advance(scenario, commandSamples.referToTeam, ownHandler);

    expect(
      titleOf(() =>
        attempt(scenario, { type: 'referToTeam', teamId: units.own, question: '请协助' }, ownHandler),
      ),
    ).toEqual({ zh: '该服务团队就是承办单位', en: 'That team already holds the case' });
    expect(titleOf(() => attempt(referred, commandSamples.referToTeam, ownHandler))).toEqual({
      zh: '已请该服务团队协助，尚未回复',
      en: 'That team has an open referral on this case',
    });
    const noQuestion = refusal(() =>
      attempt(scenario, { type: 'referToTeam', teamId: units.team, question: '' }, ownHandler),
    );
    const noAnswer = refusal(() => attempt(referred, { type: 'answerReferral', answer: '' }, teamHandler));
    expect(noQuestion.title).toEqual({ zh: '请填写内容', en: 'question is required' });
    expect((noQuestion as CommandRefusedError).details).toEqual({ rule: 'text-required', field: 'question' });
    expect((noAnswer as CommandRefusedError).details).toEqual({ rule: 'text-required', field: 'answer' });
  });

  it('owner refusals', () => {
    const scenario = caseIn('assigned');
    const owned = advance(scenario, { type: 'assignOwner', ownerId: colleague.id }, lead);

    expect(titleOf(() => attempt(scenario, { type: 'assignOwner', ownerId: lead.id }, colleague))).toEqual({
      zh: '只有单位负责人可以分配给他人；其他承办人只能认领尚未分配的诉求',
      en: 'Only the unit lead assigns cases to others; a handler may take an unassigned case',
    });
    expect(titleOf(() => attempt(owned, { type: 'assignOwner', ownerId: colleague.id }, lead))).toEqual({
      zh: '已由该承办人负责',
      en: 'The case already has that owner',
    });
  });

  it('classification refusals', () => {
    const assigned = caseIn('assigned');

    expect(
      titleOf(() =>
        attempt(
          assigned,
          { type: 'classify', petitionType: 'complaint', accusedUnitId: units.other },
          ownHandler,
        ),
      ),
    ).toEqual({ zh: '只有检举控告件可以填写被检举控告单位', en: 'Only an accusation names an accused unit' });
    expect(
      titleOf(() =>
        attempt(
          assigned,
          { type: 'classify', petitionType: 'accusation', accusedUnitId: units.own },
          ownHandler,
        ),
      ),
    ).toEqual({
      zh: '此件检举控告的正是承办单位，请报督办部门改派',
      en: 'The case accuses the unit that holds it; ask a supervisor to reassign it',
    });
  });
});
