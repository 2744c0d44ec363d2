import { describe, expect, it } from 'vitest';
import type { Case, CaseEvent } from '../../../shared/domain/case/model.ts';
import {
  caseNoticeContext,
  formatDeadline,
  templatesNeedingEvent,
} from '../../../shared/domain/notifications/templates.ts';

/** The case-specific words of a notice: dates as 12月14日, durations with their unit, from the case and event. */

const day = (at: string, steps: unknown[] = []) => ({ at, provisional: false, basis: { from: at, steps } });
const item = {
  caseId: 'c1',
  trackingCode: 'HY-TEST-0001',
  status: 'acknowledged',
  deadlines: {
    replyBy: day('2026-12-14T15:59:59.999Z'),
    surveyBy: day('2026-12-31T15:59:59.999Z', [{ amount: 30, unit: 'calendarDays' }]),
    reviewRequestBy: day('2027-01-05T15:59:59.999Z'),
    reviewBy: day('2027-02-01T15:59:59.999Z'),
    recheckRequestBy: day('2027-02-20T15:59:59.999Z'),
    recheckBy: day('2027-03-10T15:59:59.999Z'),
  },
  rejection: { reason: '不属于受理范围' },
  review: { body: '县人民政府', opinion: '维持。', outcome: 'upheld' },
  recheck: { body: '市信访局', opinion: '变更。', outcome: 'revised' },
} as unknown as Case;
const make = (change: Record<string, unknown>) => ({ ...item, ...change }) as unknown as Case;
const event = (data: Record<string, unknown>) => ({ data }) as unknown as CaseEvent;

describe('the case-specific parts of a notice', () => {
  it('formats deadlines as the Shanghai day', () => {
    expect(formatDeadline('2026-12-14T15:59:59.999Z')).toBe('12月14日');
    expect(templatesNeedingEvent).toEqual(
      new Set(['extended', 'concluded', 'rejected', 'dissatisfiedNotice']),
    );
  });

  it('gives the survey window with its unit and the survey deadline', () => {
    expect(caseNoticeContext('surveyInvitation', item)).toEqual({
      surveyWindow: '30日',
      deadline: '12月31日',
    });
    expect(caseNoticeContext('surveyInvitation', make({ deadlines: {} }))).toEqual({});
  });

  it('gives an extension with its unit, its reason and the new deadline', () => {
    expect(
      caseNoticeContext('extended', item, event({ days: 15, unit: 'workingDays', reason: '需现场勘查' })),
    ).toEqual({ extension: '15个工作日', reason: '需现场勘查', deadline: '12月14日' });
    expect(caseNoticeContext('extended', item, event({ days: 10 }))).toEqual({
      extension: '10日',
      deadline: '12月14日',
    });
    expect(caseNoticeContext('extended', item)).toEqual({ deadline: '12月14日' });
  });

  it('gives who takes a review and until when, for a dissatisfied petitioner', () => {
    expect(
      caseNoticeContext(
        'dissatisfiedNotice',
        item,
        event({ body: '县人民政府', until: '2027-01-05T15:59:59.999Z' }),
      ),
    ).toEqual({ reviewBody: '县人民政府', requestUntil: '1月5日' });
    expect(caseNoticeContext('dissatisfiedNotice', item, event({ body: 1, until: 2 }))).toEqual({});
    // The event not found (the notifier passes none): no body, no date, no error.
    expect(caseNoticeContext('dissatisfiedNotice', item)).toEqual({});
  });

  it('gives the reason of a refusal and where to ask for a review', () => {
    expect(caseNoticeContext('rejected', item, event({ body: '县信访局' }))).toEqual({
      reason: '不属于受理范围',
      requestUntil: '1月5日',
      reviewBody: '县信访局',
    });
    expect(caseNoticeContext('rejected', make({ rejection: undefined, deadlines: {} }))).toEqual({
      reviewBody: '上一级机关',
    });
  });

  it('gives the reply deadline to the unit and the petitioner', () => {
    for (const template of ['assignedNotice', 'acceptedNotice', 'redo', 'redoAssigned'] as const)
      expect(caseNoticeContext(template, item)).toEqual({ deadline: '12月14日' });
  });

  it('gives the body and deadline of a review or recheck', () => {
    expect(caseNoticeContext('reviewRequested', item)).toEqual({
      reviewBody: '县人民政府',
      deadline: '2月1日',
    });
    expect(caseNoticeContext('recheckRequested', item)).toEqual({
      reviewBody: '市信访局',
      deadline: '3月10日',
    });
    expect(caseNoticeContext('reviewToDecide', make({ status: 'reviewing' }))).toEqual({
      reviewBody: '县人民政府',
      deadline: '2月1日',
    });
    expect(caseNoticeContext('reviewToDecide', make({ status: 'rechecking' }))).toEqual({
      reviewBody: '市信访局',
      deadline: '3月10日',
    });
    // A case without the step (data written before it was recorded): the deadline only, no error.
    const stepless = make({ review: undefined, recheck: undefined });
    expect(caseNoticeContext('reviewRequested', stepless)).toEqual({ deadline: '2月1日' });
    expect(caseNoticeContext('recheckRequested', stepless)).toEqual({ deadline: '3月10日' });
    expect(caseNoticeContext('reviewToDecide', stepless)).toEqual({ deadline: '2月1日' });
    expect(caseNoticeContext('reviewDecided', stepless)).toEqual({ requestUntil: '2月20日' });
  });

  it('gives an opinion in words, never only its code', () => {
    expect(caseNoticeContext('reviewDecided', item)).toEqual({
      reviewBody: '县人民政府',
      opinion: '维持。',
      outcome: '维持原处理意见',
      requestUntil: '2月20日',
    });
    expect(caseNoticeContext('recheckDecided', item)).toEqual({
      reviewBody: '市信访局',
      opinion: '变更。',
      outcome: '变更原处理意见',
    });
    expect(caseNoticeContext('reviewDecided', make({ review: { body: '县人民政府' } }))).toEqual({
      reviewBody: '县人民政府',
      requestUntil: '2月20日',
    });
    expect(caseNoticeContext('recheckDecided', make({ recheck: undefined }))).toEqual({});
  });

  it('says which window passed when a case concludes', () => {
    expect(caseNoticeContext('concluded', item, event({ stage: 'review' }))).toEqual({ stage: 'review' });
    expect(caseNoticeContext('concluded', item, event({ stage: 'other' }))).toEqual({ stage: 'reply' });
    expect(caseNoticeContext('concluded', item)).toEqual({ stage: 'reply' });
  });

  it('reminds a review body of its own deadline, and leaves the unit’s to the caller', () => {
    for (const template of ['reminder', 'yellowCard', 'redCard'] as const) {
      expect(caseNoticeContext(template, make({ status: 'reviewing' }))).toEqual({ deadline: '2月1日' });
      expect(caseNoticeContext(template, make({ status: 'rechecking' }))).toEqual({ deadline: '3月10日' });
      expect(caseNoticeContext(template, item)).toEqual({});
    }
    expect(caseNoticeContext('registered', item)).toEqual({});
  });
});
