import { describe, expect, it } from 'vitest';
import type { Case } from '../../../shared/domain/case/model.ts';
import { nextStep, toPublicView } from '../../../shared/domain/case/public-view.ts';
import { hearBackText } from '../../../shared/domain/case/wording.ts';
import { formatDay } from '../../../shared/domain/policy/duration-text.ts';
import type { Catalog } from '../../../shared/domain/reference/model.ts';
import {
  advance,
  caseIn,
  commandSamples,
  ownHandler,
  petitionerActor,
  plus,
  registered,
  type Scenario,
  supervisor,
  units,
} from './factories.ts';

/** The tracking page: what happens next in plain words, deadlines, the petition and the survey (public-view.ts). */

const catalog = { units: [{ unitId: units.own, nameZh: '县水利局' }] } as unknown as Catalog;
const dissatisfied = { type: 'answerSurvey', rating: 'dissatisfied', via: 'web' } as const;
const step = (scenario: Scenario | Case) => nextStep('case' in scenario ? scenario.case : scenario, catalog);

describe('what happens next, in plain words', () => {
  it('while the unit is chosen: by SMS for a mobile, on this page otherwise', () => {
    const sms = registered();
    const email = registered({
      registration: { petitioner: { name: '王', email: 'wang@example.com', anonymous: false } },
    });

    expect(step(sms)).toEqual({
      zh: '正在确定承办单位，确定后会短信告知您',
      en: 'The responsible unit is being chosen; you will be told by SMS',
    });
    expect(step(caseIn('triage'))).toEqual(step(sms));
    expect(step(email)).toEqual({
      zh: '正在确定承办单位，确定后可在本页查询',
      en: 'The responsible unit is being chosen; this page will show it',
    });
  });

  it('the unit and the reply deadline once assigned and acknowledged', () => {
    const assigned = caseIn('assigned').case;
    const acknowledged = caseIn('acknowledged').case;
    const by = assigned.deadlines.replyBy!.at;

    expect(step(assigned)).toEqual({
      zh: `县水利局将签收并于${formatDay(by)}前答复您`,
      en: `县水利局 will take it on and reply by ${by.slice(0, 10)}`,
    });
    expect(step(acknowledged)).toEqual({
      zh: `县水利局正在办理，将于${formatDay(acknowledged.deadlines.replyBy!.at)}前答复您`,
      en: `县水利局 is handling it and will reply by ${acknowledged.deadlines.replyBy!.at.slice(0, 10)}`,
    });
    expect(step({ ...assigned, unitId: 'unit-unknown' })?.zh).toContain('承办单位将签收');
    expect(step({ ...assigned, deadlines: {} })).toBeUndefined();
    expect(step({ ...acknowledged, deadlines: {} })).toBeUndefined();
  });

  it('after the reply, the survey; a second round says 如仍不满意', () => {
    const closed = caseIn('closed');
    let second = advance(closed, dissatisfied, petitionerActor);
    second = advance(second, commandSamples.reply, ownHandler);
    second = advance(second, commandSamples.close, ownHandler);

    expect(step(caseIn('replied'))).toEqual({
      zh: '办结后将请您评价办理结果',
      en: 'Once closed, you will be asked to rate the handling',
    });
    expect(step(closed)).toEqual({
      zh: '请评价办理结果：不满意的，承办单位将重新办理；也可直接申请上一级机关复查',
      en: 'Please rate the handling: if dissatisfied the unit handles it again, or you may ask the level above for a review',
    });
    expect(step(second)).toEqual({
      zh: '请评价办理结果：如仍不满意，可申请上一级机关复查',
      en: 'Please rate the handling: if still dissatisfied you may ask the level above for a review',
    });

    const last = advance(second, dissatisfied, petitionerActor);
    const until = last.case.deadlines.reviewRequestBy!.at;
    expect(step(last)).toEqual({
      zh: `如对处理意见不服，可于${formatDay(until)}前向上一级机关申请复查；逾期此件终结`,
      en: `If you disagree, you may ask for a review by ${until.slice(0, 10)}; after that the case concludes`,
    });
    expect(step({ ...last.case, deadlines: {} })).toBeUndefined();
  });

  it('under review and recheck: who decides by when; a concluded case is final', () => {
    const reviewing = caseIn('reviewing').case;
    const reviewed = caseIn('reviewed').case;
    const rechecking = caseIn('rechecking').case;
    const body = reviewing.review!.body;

    expect(step(reviewing)).toEqual({
      zh: `${body}将于${formatDay(reviewing.deadlines.reviewBy!.at)}前作出复查意见并书面答复您`,
      en: `The reviewing body will give its opinion by ${reviewing.deadlines.reviewBy!.at.slice(0, 10)}`,
    });
    expect(step({ ...reviewing, review: undefined })?.zh).toMatch(/^上一级机关将于/);
    expect(step({ ...reviewing, deadlines: {} })).toBeUndefined();
    expect(step(reviewed)).toEqual({
      zh: `如对复查意见不服，可于${formatDay(reviewed.deadlines.recheckRequestBy!.at)}前向上一级机关申请复核；逾期复查意见为最终意见`,
      en: `If you disagree with the review, you may ask for a recheck by ${reviewed.deadlines.recheckRequestBy!.at.slice(0, 10)}`,
    });
    expect(step({ ...reviewed, deadlines: {} })).toBeUndefined();
    expect(step(rechecking)).toEqual({
      zh: `${rechecking.recheck!.body}将于${formatDay(rechecking.deadlines.recheckBy!.at)}前作出复核意见；复核意见为最终意见`,
      en: `The rechecking body will decide by ${rechecking.deadlines.recheckBy!.at.slice(0, 10)}; its opinion is final`,
    });
    expect(step({ ...rechecking, recheck: undefined })?.zh).toMatch(/^上一级机关将于/);
    expect(step({ ...rechecking, deadlines: {} })).toBeUndefined();

    const concluded = advance(caseIn('rechecking'), commandSamples.decideRecheck, supervisor);
    expect(step(concluded)).toEqual({
      zh: '此件已终结，以同一事实和理由再次提出的不再受理',
      en: 'The case has concluded; the same matter is not taken up again',
    });
    expect(step(caseIn('archived'))).toBeUndefined();
  });

  it('a rejection may be objected to until the window ends', () => {
    const rejected = caseIn('rejected').case;
    const until = rejected.deadlines.reviewRequestBy!.at;

    expect(step(rejected)).toEqual({
      zh: `如对不予受理有异议，可于${formatDay(until)}前向上一级机关申请复查`,
      en: `If you object, you may ask the level above for a review by ${until.slice(0, 10)}`,
    });
    expect(step({ ...rejected, deadlines: {} })).toBeUndefined();
  });
});

describe('the tracking page', () => {
  const surveyUrl = (caseId: string, round: number) => `https://huiyin.example/survey/${caseId}/${round}`;

  it('shows the unit once assigned, the deadlines, the petition with its photo count, and how to hear back', () => {
    const base = caseIn('acknowledged');
    const item: Case = {
      ...base.case,
      attachments: [
        { key: 'a/1.jpg', contentType: 'image/jpeg', bytes: 1, name: '1.jpg', source: 'photo' },
        { key: 'a/2.jpg', contentType: 'image/jpeg', bytes: 1, name: '2.jpg', source: 'photo' },
        { key: 'a/3.pdf', contentType: 'application/pdf', bytes: 1, name: '3.pdf', source: 'scan' },
      ],
    } as Case;

    const view = toPublicView(item, base.events, catalog);

    expect(view).toMatchObject({
      trackingCode: item.trackingCode,
      status: 'acknowledged',
      categoryCode: 'water',
      unit: { id: units.own, name: '县水利局' },
      confidential: false,
      petition: { title: item.title, content: item.content, photos: 2 },
      hearBack: hearBackText.sms,
    });
    expect(view.deadlines).toEqual({
      acknowledgeBy: item.deadlines.acknowledgeBy!.at,
      replyBy: item.deadlines.replyBy!.at,
      provisional: false,
    });
    expect(view.reply).toBeUndefined();
    expect(view.survey).toBeUndefined();
    expect(view.timeline.length).toBeGreaterThan(0);
    expect(view.timeline.every((entry) => entry.text.length > 0)).toBe(true);
  });

  it('a registered case shows no unit and no category when it has none; a confidential one no petition', () => {
    const scenario = registered({ registration: { categoryCode: undefined, confidential: true } });

    const view = toPublicView({ ...scenario.case, unitId: units.own }, scenario.events, catalog);

    expect(view.unit).toBeUndefined();
    expect(view.categoryCode).toBeNull();
    expect(view.petition).toBeUndefined();
    expect(view.confidential).toBe(true);
    expect(toPublicView(caseIn('acknowledged').case, [], catalog).petition?.photos).toBe(0);
  });

  it('flags provisional deadlines and shows the review deadlines', () => {
    const reviewed = caseIn('reviewed').case;
    const provisional: Case = {
      ...reviewed,
      deadlines: {
        ...reviewed.deadlines,
        recheckRequestBy: { ...reviewed.deadlines.recheckRequestBy!, provisional: true },
      },
    };

    const view = toPublicView(provisional, [], catalog);

    expect(view.deadlines).toMatchObject({
      reviewBy: reviewed.deadlines.reviewBy!.at,
      recheckRequestBy: reviewed.deadlines.recheckRequestBy!.at,
      provisional: true,
    });
    expect(toPublicView(reviewed, [], catalog).deadlines.provisional).toBe(false);
    expect(toPublicView(caseIn('rechecking').case, [], catalog).deadlines.recheckBy).toBeDefined();
  });

  it('the reply and the survey with its link and window; expired as soon as the window passed', () => {
    const closed = caseIn('closed');
    const until = closed.case.deadlines.surveyBy!.at;

    const open = toPublicView(closed.case, closed.events, catalog, { surveyUrl, now: new Date(until) });
    const late = toPublicView(closed.case, closed.events, catalog, {
      surveyUrl,
      now: plus(new Date(until), { ms: 1 }),
    });
    const noLink = toPublicView(closed.case, closed.events, catalog, { now: new Date(until) });

    expect(open.reply).toEqual({ text: closed.case.reply!.text, at: closed.case.reply!.at });
    expect(open.survey).toEqual({
      url: surveyUrl(closed.case.caseId, 1),
      status: 'pending',
      expiresAt: until,
    });
    expect(late.survey).toMatchObject({ status: 'expired', expiresAt: until });
    expect(noLink.survey).toBeUndefined();
  });

  it('an answered survey shows its state without a window', () => {
    const answered = advance(caseIn('closed'), commandSamples.answerSurvey, petitionerActor);

    const view = toPublicView(answered.case, answered.events, catalog, { surveyUrl });

    expect(view.survey).toEqual({ url: surveyUrl(answered.case.caseId, 1), status: 'answered' });
  });
});
