import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../../shared/domain/case/model.ts';
import {
  accountNoticeDispatch,
  DELIVERY_LOST_AFTER_MS,
  deliveryLostAfter,
  dispatchesFor,
} from '../../../shared/domain/dispatch.ts';

const AT = '2026-03-02T02:00:00.000Z';
const LOST_AT = '2026-03-02T02:05:00.000Z';

function event(
  type: string,
  data: Record<string, unknown> = {},
  changes: CaseEvent['changes'] = {},
): CaseEvent {
  return {
    caseId: 'C1',
    version: 7,
    type: type as CaseEvent['type'],
    at: AT,
    actor: { kind: 'system' } as unknown as CaseEvent['actor'],
    changes,
    data,
  };
}

/** Each dispatch as `queue id`, plus `template→audience` for a notice. */
const summary = (value: CaseEvent) =>
  dispatchesFor(value).map(({ queue, id, body }) =>
    body.kind === 'notify' ? `${queue} ${id} ${body.template}→${body.audience}` : `${queue} ${id}`,
  );

describe('what each case event sets in motion', () => {
  it('a registration is routed, acknowledged to the petitioner and looked at for similar cases', () => {
    const dispatches = dispatchesFor(event('registered'));

    expect(dispatches).toEqual([
      { queue: 'routing', id: 'C1:7:route', body: { kind: 'route-case', caseId: 'C1', version: 7 } },
      {
        queue: 'notifications',
        id: 'C1:7:registered:petitioner',
        body: {
          kind: 'notify',
          template: 'registered',
          audience: 'petitioner',
          caseId: 'C1',
          version: 7,
          pendingDueAt: LOST_AT,
        },
      },
      { queue: 'similar', id: 'C1:7:similar', body: { kind: 'index-similar', caseId: 'C1', version: 7 } },
    ]);
  });

  it('an assignment is delivered to its unit and told to the petitioner; without a unit, only told', () => {
    const assigned = event('assigned', {}, { unitId: { before: null, after: 'dept-a' } });

    expect(dispatchesFor(assigned)[0]).toEqual({
      queue: 'delivery',
      id: 'C1:7:deliver',
      body: { kind: 'deliver-assignment', caseId: 'C1', version: 7, unitId: 'dept-a', pendingDueAt: LOST_AT },
    });
    expect(summary(assigned)).toEqual([
      'delivery C1:7:deliver',
      'notifications C1:7:assignedNotice:petitioner assignedNotice→petitioner',
    ]);
    expect(summary(event('reassigned', {}, { unitId: { before: 'dept-a', after: 'dept-b' } }))).toEqual([
      'delivery C1:7:deliver',
      'notifications C1:7:assignedNotice:petitioner assignedNotice→petitioner',
    ]);
    expect(summary(event('assigned', {}, { unitId: { before: 'dept-a', after: null } }))).toEqual([
      'notifications C1:7:assignedNotice:petitioner assignedNotice→petitioner',
    ]);
    expect(summary(event('triaged', {}, { unitId: { before: null, after: 'office' } }))).toEqual([
      'delivery C1:7:deliver',
    ]);
    expect(summary(event('triaged'))).toEqual([]);
  });

  it.each([
    ['returned', {}, ['routing C1:7:route']],
    ['accepted', {}, ['notifications C1:7:acceptedNotice:petitioner acceptedNotice→petitioner']],
    ['replied', {}, ['notifications C1:7:replied:petitioner replied→petitioner']],
    ['closed', {}, ['notifications C1:7:surveyInvitation:petitioner surveyInvitation→petitioner']],
    ['rejected', {}, ['notifications C1:7:rejected:petitioner rejected→petitioner']],
    ['extensionDecided', { approved: true }, ['notifications C1:7:extended:petitioner extended→petitioner']],
    ['extensionDecided', { approved: false }, []],
    [
      'reopened',
      {},
      [
        'notifications C1:7:redo:petitioner redo→petitioner',
        'notifications C1:7:redoAssigned:unit redoAssigned→unit',
      ],
    ],
    [
      'surveyAnswered',
      { outcome: 'reopened' },
      [
        'notifications C1:7:redo:petitioner redo→petitioner',
        'notifications C1:7:redoAssigned:unit redoAssigned→unit',
      ],
    ],
    [
      'surveyAnswered',
      { outcome: 'review' },
      [
        'notifications C1:7:reviewRequested:petitioner reviewRequested→petitioner',
        'notifications C1:7:reviewToDecide:supervisors reviewToDecide→supervisors',
        'notifications C1:7:dissatisfiedNotice:unit dissatisfiedNotice→unit',
      ],
    ],
    [
      'surveyAnswered',
      { outcome: 'reviewable' },
      ['notifications C1:7:dissatisfiedNotice:unit dissatisfiedNotice→unit'],
    ],
    ['surveyAnswered', { outcome: 'archived' }, []],
    [
      'reviewRequested',
      {},
      [
        'notifications C1:7:reviewRequested:petitioner reviewRequested→petitioner',
        'notifications C1:7:reviewToDecide:supervisors reviewToDecide→supervisors',
      ],
    ],
    ['reviewDecided', {}, ['notifications C1:7:reviewDecided:petitioner reviewDecided→petitioner']],
    [
      'recheckRequested',
      {},
      [
        'notifications C1:7:recheckRequested:petitioner recheckRequested→petitioner',
        'notifications C1:7:reviewToDecide:supervisors reviewToDecide→supervisors',
      ],
    ],
    ['recheckDecided', {}, ['notifications C1:7:recheckDecided:petitioner recheckDecided→petitioner']],
    ['concluded', {}, ['notifications C1:7:concluded:petitioner concluded→petitioner']],
    ['reminded', { deadline: 'reply' }, ['notifications C1:7:reminder:unit reminder→unit']],
    ['reminded', { deadline: 'decision' }, ['notifications C1:7:reminder:supervisors reminder→supervisors']],
    [
      'escalated',
      { deadline: 'decision', card: 'red' },
      ['notifications C1:7:redCard:supervisors redCard→supervisors'],
    ],
    [
      'escalated',
      { deadline: 'decision', card: 'yellow' },
      ['notifications C1:7:yellowCard:supervisors yellowCard→supervisors'],
    ],
    [
      'escalated',
      { deadline: 'reply', card: 'red' },
      [
        'notifications C1:7:redCard:unit redCard→unit',
        'notifications C1:7:redCard:supervisors redCard→supervisors',
      ],
    ],
    [
      'escalated',
      { deadline: 'reply', card: 'yellow' },
      ['notifications C1:7:yellowCard:unit yellowCard→unit'],
    ],
    ['noted', {}, []],
  ] as const)('%s %j', (type, data, expected) => {
    expect(summary(event(type, data))).toEqual(expected);
  });
});

describe('delivery deadlines and account notices', () => {
  it('consider a delivery lost five minutes after its event', () => {
    expect(DELIVERY_LOST_AFTER_MS).toBe(300_000);
    expect(deliveryLostAfter(AT)).toBe(LOST_AT);
  });

  it('tell the supervisors about an account request step, keyed by request and step', () => {
    expect(accountNoticeDispatch({ requestId: 'R9', step: 'approved' })).toEqual({
      queue: 'notifications',
      id: 'account:R9:approved',
      body: { kind: 'account-request-notice', requestId: 'R9', step: 'approved' },
    });
  });
});
