import { describe, expect, it } from 'vitest';
import { nextDue } from '../../../shared/domain/case/due.ts';
import { CommandRefusedError } from '../../../shared/domain/case/errors.ts';
import { deadlineFrom } from '../../../shared/domain/case/lifecycle.ts';
import { toPublicView } from '../../../shared/domain/case/public-view.ts';
import { dispatchesFor } from '../../../shared/domain/dispatch.ts';
import { caseNoticeContext, renderNotification } from '../../../shared/domain/notifications/templates.ts';
import { formatDuration } from '../../../shared/domain/policy/duration-text.ts';
import {
  DEFAULT_REVIEW_BODY,
  hotlinePolicy,
  selectPolicy,
  statutoryPolicy,
  studioSuggestionPolicy,
} from '../../../shared/domain/policy/sla-policy.ts';
import type { Catalog } from '../../../shared/domain/reference/model.ts';
import { routeCase } from '../../../shared/domain/routing/route-case.ts';
import {
  advance,
  attempt,
  caseIn,
  commandSamples,
  endOf,
  ownHandler,
  petitionerActor,
  plus,
  refusal,
  registered,
  type Scenario,
  shanghai,
  supervisor,
  system,
  units,
} from './factories.ts';

/**
 * 重新办理, 复查 and 复核 as 信访工作条例 Art. 35–36 define them (docs/deadlines.md), the petition type and the
 * accused unit, and what the petitioner is told at each step.
 */

const catalog = {
  units: [
    { unitId: units.own, nameZh: '县水利局' },
    { unitId: units.other, nameZh: '县住建局' },
  ],
} as unknown as Catalog;

const dissatisfied = { type: 'answerSurvey', rating: 'dissatisfied', via: 'web' } as const;

/** Closed, answered 不满意, handled again, replied and closed again: the second survey is open. */
function secondRound(): Scenario {
  let scenario = advance(caseIn('closed'), dissatisfied, petitionerActor);
  scenario = advance(scenario, commandSamples.reply, ownHandler);
  return advance(scenario, commandSamples.close, ownHandler);
}

describe('重新办理 (the unit handles it again) is its own step', () => {
  it('a first 不满意 sends the case back to the unit, named 重新办理 for the petitioner, with a new deadline', () => {
    const { case: redo, event } = attempt(caseIn('closed'), dissatisfied, petitionerActor);

    expect(redo).toMatchObject({ status: 'acknowledged', reopenCount: 1 });
    expect(redo.review).toBeUndefined();
    expect(event.data.outcome).toBe('reopened');
    const view = toPublicView(redo, [event], catalog);
    expect(view.timeline[0]?.text).toBe('您的评价：不满意，已交承办单位重新办理');
    expect(view.timeline[0]?.text).not.toContain('复查');
    expect(dispatchesFor(event).map((d) => d.id.split(':').slice(2).join(':'))).toEqual([
      'redo:petitioner',
      'redoAssigned:unit',
    ]);
  });
});

describe('复查 (Art. 35): asked of the level above, decided within 30 days', () => {
  it('不满意 with a request on the survey page goes straight to the reviewing body', () => {
    const scenario = caseIn('closed');
    const at = plus(scenario.now, { hours: 2 });

    const { case: reviewing, event } = attempt(
      scenario,
      { ...dissatisfied, requestReview: true, comment: '处理不公' },
      petitionerActor,
      at,
    );

    expect(reviewing).toMatchObject({ status: 'reviewing', reopenCount: 0 });
    expect(reviewing.review).toEqual({
      requestedAt: at.toISOString(),
      requestedBy: 'public',
      via: 'web',
      reason: '处理不公',
      body: DEFAULT_REVIEW_BODY,
    });
    // 30 days from the request: 2 March → 1 April
    expect(reviewing.deadlines.reviewBy).toMatchObject({ at: endOf('2026-04-01'), provisional: false });
    expect(reviewing.due?.kind).toBe('deadline');
    expect(event.data).toMatchObject({ outcome: 'review', body: DEFAULT_REVIEW_BODY });
    expect(dispatchesFor(event).map((d) => d.body)).toEqual([
      expect.objectContaining({ template: 'reviewRequested', audience: 'petitioner' }),
      expect.objectContaining({ template: 'reviewToDecide', audience: 'supervisors' }),
      // The unit hears of every 不满意 in its bell.
      expect.objectContaining({ template: 'dissatisfiedNotice', audience: 'unit' }),
    ]);
  });

  it('after the second 不满意 the petitioner has 30 days from the reply; then the case concludes (终结)', () => {
    let scenario = advance(secondRound(), dissatisfied, petitionerActor);
    const until = scenario.case.deadlines.reviewRequestBy!;
    expect(scenario.case.due).toEqual({ kind: 'conclude', at: until.at });

    // The window is still open: the sweep's conclude is refused
    const early = refusal(() => attempt(scenario, commandSamples.conclude, system));
    expect(early).toBeInstanceOf(CommandRefusedError);
    expect((early as CommandRefusedError).type).toBe('window-still-open');

    scenario = advance(scenario, commandSamples.conclude, system, plus(new Date(until.at), { ms: 1 }));
    expect(scenario.case).toMatchObject({ status: 'archived', archiveReason: 'concluded' });
    expect(scenario.case.due).toBeUndefined();
    expect(toPublicView(scenario.case, scenario.events, catalog).nextStep?.zh).toContain('已终结');
  });

  it('a written request recorded by staff after the window is refused with the window in words (422)', () => {
    const scenario = advance(secondRound(), dissatisfied, petitionerActor);
    const late = plus(new Date(scenario.case.deadlines.reviewRequestBy!.at), { hours: 1 });

    const error = refusal(() => attempt(scenario, commandSamples.requestReview, supervisor, late));

    expect((error as CommandRefusedError).type).toBe('review-window-passed');
    expect(error.status).toBe(422);
    expect(error.title.zh).toContain('答复之日起30日');
  });

  it('a rejection can be objected to by asking for 复查 within 30 days of the notice', () => {
    const rejected = caseIn('rejected');
    expect(rejected.case.deadlines.reviewRequestBy).toBeDefined();

    const { case: reviewing } = attempt(rejected, commandSamples.requestReview, supervisor);

    expect(reviewing.status).toBe('reviewing');
    expect(toPublicView(rejected.case, rejected.events, catalog).nextStep?.zh).toContain('申请复查');
  });

  it('the decision deadline gets reminders and cards like any other, for the supervisors', () => {
    const reviewing = caseIn('reviewing');
    const due = nextDue(reviewing.case, reviewing.calendar, reviewing.policy);
    expect(due?.kind).toBe('deadline');

    const { event } = attempt(
      reviewing,
      { type: 'escalate', deadline: 'decision', card: 'yellow' },
      system,
      plus(new Date(reviewing.case.deadlines.reviewBy!.at), { hours: 1 }),
    );

    expect(dispatchesFor(event).map((d) => d.body)).toEqual([
      expect.objectContaining({ template: 'yellowCard', audience: 'supervisors' }),
    ]);
  });
});

describe('复核 (Art. 36): within 30 days of the review opinion, decided within 30; it concludes the case', () => {
  it('the review opinion opens the 复核 window; the notice names the opinion and the route', () => {
    const { case: reviewed, event } = attempt(caseIn('reviewing'), commandSamples.decideReview, supervisor);

    expect(reviewed.status).toBe('reviewed');
    expect(reviewed.review).toMatchObject({
      outcome: 'upheld',
      opinion: commandSamples.decideReview.opinion,
    });
    expect(reviewed.deadlines.recheckRequestBy).toEqual(
      deadlineFrom(caseIn('reviewing').calendar, {
        from: event.at,
        steps: [statutoryPolicy.recheckRequestWindow],
      }),
    );
    expect(reviewed.due).toEqual({ kind: 'conclude', at: reviewed.deadlines.recheckRequestBy!.at });
    const notice = renderNotification('reviewDecided', {
      trackingCode: reviewed.trackingCode,
      trackUrl: 'https://example.test/track',
      ...caseNoticeContext('reviewDecided', reviewed, event),
    });
    expect(notice.sms).toContain('复查意见：维持原处理意见');
    expect(notice.sms).toContain('申请复核');
    expect(notice.emailBody).toContain(commandSamples.decideReview.opinion);
  });

  it('the 复核 opinion archives the case as concluded (终结)', () => {
    const { case: concluded, event } = attempt(
      caseIn('rechecking'),
      commandSamples.decideRecheck,
      supervisor,
    );

    expect(concluded).toMatchObject({ status: 'archived', archiveReason: 'concluded' });
    expect(concluded.recheck).toMatchObject({ body: statutoryPolicy.recheckBody, outcome: 'upheld' });
    expect(concluded.due).toBeUndefined();
    expect(dispatchesFor(event).map((d) => d.body)).toEqual([
      expect.objectContaining({ template: 'recheckDecided', audience: 'petitioner' }),
    ]);
  });

  it('a concluded case is not taken up again', () => {
    const concluded = advance(caseIn('rechecking'), commandSamples.decideRecheck, supervisor);

    const error = refusal(() => attempt(concluded, commandSamples.requestReview, supervisor));

    expect((error as CommandRefusedError).type).toBe('review-already-requested');
  });
});

describe('durations always carry their unit (工作日 or 日)', () => {
  it('a 5-working-day extension is announced as 5个工作日 in the SMS and on the public timeline', () => {
    // Studio policy: 10 October 2026 is a 调休 Saturday; +5 working days = 16 October
    let scenario = caseIn('acknowledged', {
      policy: studioSuggestionPolicy,
      start: shanghai('2026-10-09 09:00'),
    });
    scenario = advance(scenario, { ...commandSamples.requestExtension, days: 5 }, ownHandler);
    const { case: extended, event } = attempt(scenario, commandSamples.decideExtension, supervisor);

    const timeline = toPublicView(extended, [event], catalog).timeline.map((entry) => entry.text);
    const sms = renderNotification('extended', {
      trackingCode: extended.trackingCode,
      trackUrl: 'https://example.test/track',
      ...caseNoticeContext('extended', extended, event),
    }).sms;

    expect(timeline[0]).toContain('办理期限延长5个工作日');
    expect(sms).toContain('办理期限延长5个工作日');
    expect(sms).not.toMatch(/延长5日/);
  });

  it('the refusal names the cap with its unit: 不得超过 10个工作日', () => {
    const scenario = caseIn('acknowledged', { policy: studioSuggestionPolicy });

    const error = refusal(() =>
      attempt(scenario, { ...commandSamples.requestExtension, days: 11 }, ownHandler),
    );

    expect(error.title.zh).toBe('延期总计不得超过 10个工作日（已延 0个工作日）');
    expect(error.title.en).toContain('10 working days');
  });

  it('one formatter, both languages', () => {
    expect(formatDuration({ amount: 5, unit: 'workingDays' })).toBe('5个工作日');
    expect(formatDuration({ amount: 30, unit: 'calendarDays' })).toBe('30日');
    expect(formatDuration({ amount: 1, unit: 'workingDays' }, 'en')).toBe('1 working day');
    expect(formatDuration({ amount: 30, unit: 'calendarDays' }, 'en')).toBe('30 days');
  });

  it('the survey SMS states the true window from the reply (30日), not the days left until an end-of-day deadline', () => {
    const closed = caseIn('closed');
    const notice = renderNotification('surveyInvitation', {
      trackingCode: closed.case.trackingCode,
      trackUrl: 'https://example.test/track',
      surveyUrl: 'https://example.test/survey.html?t=x',
      ...caseNoticeContext('surveyInvitation', closed.case),
    });

    expect(notice.sms).toContain('自答复之日起30日内有效');
    expect(notice.sms).toContain('4月1日前评价');
    expect(notice.sms).not.toContain('31日');
  });
});

describe('petition types drive the policy; 检举控告 never goes to the unit it accuses', () => {
  it('a hotline type selects the hotline limits (山东省政务服务热线管理办法), a 条例 type the statutory ones', () => {
    const policies = [statutoryPolicy, studioSuggestionPolicy, hotlinePolicy];

    expect(selectPolicy(policies, { channel: 'web', petitionType: 'complaint' }).policyId).toBe('hotline');
    expect(selectPolicy(policies, { channel: 'web', petitionType: 'claim' }).policyId).toBe('statutory');
    expect(selectPolicy(policies, { channel: 'web' }).policyId).toBe('statutory');
    expect(hotlinePolicy).toMatchObject({
      reply: { amount: 5, unit: 'workingDays' },
      objectionWindow: { amount: 2, unit: 'workingDays' },
      extensionCap: { amount: 10, unit: 'workingDays' },
    });
  });

  it('the router sends an accusation to triage when its best rule names the accused unit', () => {
    const rule = {
      ruleId: 'R3',
      unitId: units.own,
      priority: 1,
      enabled: true,
      keywords: ['灌溉'],
      categoryCodes: [],
      jurisdictionCodes: [],
      channels: [],
    };
    const subject = {
      ...registered().case,
      petitionType: 'accusation' as const,
      accusedUnitId: units.own,
    };

    expect(routeCase(subject, [rule]).unitId).toBeNull();
    expect(routeCase({ ...subject, accusedUnitId: units.other }, [rule]).unitId).toBe(units.own);
  });

  it('assigning an accusation to the accused unit is refused (422); another unit is fine', () => {
    const scenario = registered({
      registration: { petitionType: 'report', accusedUnitId: units.own },
    });

    const error = refusal(() => attempt(scenario, commandSamples.assign, supervisor));
    const { case: assigned } = attempt(
      scenario,
      { ...commandSamples.assign, unitId: units.other },
      supervisor,
    );

    expect((error as CommandRefusedError).type).toBe('accused-unit');
    expect(error.status).toBe(422);
    expect(assigned.unitId).toBe(units.other);
  });

  it('staff set the type at triage and the policy it selects applies from the assignment on', () => {
    const triage = caseIn('triage');

    const { case: classified, event } = attempt(
      triage,
      { type: 'classify', petitionType: 'complaint', policyId: 'hotline' },
      supervisor,
    );

    expect(classified).toMatchObject({ petitionType: 'complaint', policyId: 'hotline' });
    expect(event.type).toBe('classified');
  });
});

describe('the petitioner is told on assignment, acceptance and rejection (Art. 23)', () => {
  it('assignment names the unit and the reply deadline; acceptance too; rejection gives the reason and the route', () => {
    const assigned = caseIn('assigned');
    const accepted = advance(caseIn('triage'), commandSamples.accept, supervisor);
    const rejected = caseIn('rejected');
    const texts = (template: 'assignedNotice' | 'acceptedNotice' | 'rejected', scenario: Scenario) =>
      renderNotification(template, {
        trackingCode: scenario.case.trackingCode,
        trackUrl: 'https://example.test/track',
        unitName: '县水利局',
        ...caseNoticeContext(template, scenario.case, scenario.events.at(-1)),
      });

    expect(
      dispatchesFor(assigned.events.at(-1)!).map((d) => d.body.kind === 'notify' && d.body.template),
    ).toContain('assignedNotice');
    expect(
      dispatchesFor(accepted.events.at(-1)!).map((d) => d.body.kind === 'notify' && d.body.template),
    ).toEqual(['acceptedNotice']);
    expect(texts('assignedNotice', assigned).sms).toContain('交由县水利局办理，将于5月6日前答复您');
    expect(texts('acceptedNotice', accepted).sms).toContain('县水利局受理');
    const rejection = texts('rejected', rejected);
    expect(rejection.sms).toContain(commandSamples.reject.reason);
    expect(rejection.sms).toContain(`向${DEFAULT_REVIEW_BODY}申请复查`);
    expect(rejection.emailBody).toContain('第三十五条');
  });
});
