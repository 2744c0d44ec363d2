import { describe, expect, it } from 'vitest';
import { type CaseEvent, type CaseStatus, caseStatuses } from '../../../shared/domain/case/model.ts';
import {
  currentStatusCode,
  externalStatusCodes,
  isUpdateEvent,
  requestUpdate,
  statusNotes,
  updateEventTypes,
  updateId,
} from '../../../shared/domain/open311/updates.ts';
import { demoCounty } from '../../../shared/seed/demo-county.ts';

/**
 * What an Open311 client hears of a request it filed: one update per public event, with FixMyStreet's status and
 * the case's finer state (docs/intake-channels.md, "Updates both ways"), and the status notes of `requests`.
 */

const caseId = '01KCQ8Z3V5W7X9Y1A2B3C4D5E6';
const event = (type: CaseEvent['type'], extra: Partial<CaseEvent> = {}): CaseEvent => ({
  caseId,
  version: 12,
  type,
  at: '2026-12-03T01:00:00.000Z',
  actor: { id: 'supervisor-county', role: 'supervisor' },
  changes: {},
  data: {},
  ...extra,
});
const update = (type: CaseEvent['type'], extra: Partial<CaseEvent> = {}) =>
  requestUpdate(event(type, extra), demoCounty);

/** Each event a client hears about, but a rejection: its FixMyStreet status and finer state. */
const statusByEvent = [
  ['triaged', 'OPEN', 'triage'],
  ['accepted', 'OPEN', 'assigned'],
  ['assigned', 'OPEN', 'assigned'],
  ['reassigned', 'OPEN', 'assigned'],
  ['returned', 'OPEN', 'returned'],
  ['reopened', 'OPEN', 'reopened'],
  ['acknowledged', 'IN_PROGRESS', 'acknowledged'],
  ['extensionDecided', 'IN_PROGRESS', 'extended'],
  ['replied', 'FIXED', 'replied'],
  ['closed', 'FIXED', 'closed'],
  ['archived', 'FIXED', 'archived'],
  ['duplicateLinked', 'DUPLICATE', 'duplicate'],
  ['reviewRequested', 'IN_PROGRESS', 'reviewing'],
  ['reviewDecided', 'FIXED', 'reviewed'],
  ['recheckRequested', 'IN_PROGRESS', 'rechecking'],
  ['recheckDecided', 'FIXED', 'archived'],
  ['concluded', 'FIXED', 'archived'],
] as const;

describe('the status and finer state of each update', () => {
  it.each(statusByEvent)('%s → %s / %s', (type, status, code) => {
    const answer = update(type, { data: { approved: true, days: 10, unit: 'workdays', reason: '需协调' } });
    expect([answer.status, answer.external_status_code]).toEqual([status, code]);
    expect(externalStatusCodes).toContain(code);
  });

  it('covers every event a client hears about', () => {
    // The table above, and a rejection (its grounds are tested below): every event, no other.
    expect([...updateEventTypes].sort()).toEqual([...statusByEvent.map(([type]) => type), 'rejected'].sort());
    for (const type of updateEventTypes)
      expect(isUpdateEvent(event(type, { data: { approved: true } })), type).toBe(true);
    // Only an extension depends on its decision; every other event is news without one.
    for (const type of updateEventTypes.filter((type) => type !== 'extensionDecided'))
      expect(isUpdateEvent(event(type)), type).toBe(true);
  });

  it('reads unknown rejection grounds as "not ours", the default staff are offered', () => {
    for (const grounds of [undefined, 'nonsense', 42]) {
      const answer = update('rejected', { data: { reason: '不属实', grounds } });
      expect([answer.status, answer.external_status_code], String(grounds)).toEqual([
        'NOT_COUNCILS_RESPONSIBILITY',
        'rejected_not_responsible',
      ]);
    }
  });

  it('gives every update the same stable id and the fields the extension defines', () => {
    expect(updateId('abc', 3)).toBe('abc-3');
    expect(update('acknowledged')).toEqual({
      update_id: `${caseId}-12`,
      service_request_id: caseId,
      status: 'IN_PROGRESS',
      updated_datetime: '2026-12-03T09:00:00+08:00',
      description: '承办单位已签收，正在办理',
      media_url: '',
      external_status_code: 'acknowledged',
    });
  });
});

describe('the description of each update', () => {
  it('is the unit’s reply for a reply, else the tracking page’s sentence', () => {
    expect(
      update('replied', { changes: { reply: { before: null, after: { text: '已修复。' } } } }).description,
    ).toBe('已修复。');
    // A reply whose text is not recorded on the event still says that the unit replied.
    for (const after of [null, undefined, {}, { text: 7 }])
      expect(update('replied', { changes: { reply: { before: null, after } } }).description).toBe(
        '承办单位已答复',
      );
    expect(update('replied').description).toBe('承办单位已答复');
  });

  it('gives the grounds and the reason of a rejection, the reason empty when none is recorded', () => {
    expect(
      update('rejected', { data: { reason: '已于上月处理完毕', grounds: 'no-further-action' } }).description,
    ).toBe('不予受理（无需进一步处理）：已于上月处理完毕');
    expect(update('rejected', { data: { grounds: 'not-responsible' } }).description).toBe(
      '不予受理（不属于受理范围）：',
    );
  });

  it('gives the close summary when there is one', () => {
    expect(
      update('closed', { changes: { closeSummary: { before: null, after: '路灯已更换' } } }).description,
    ).toBe('已办结：路灯已更换');
    expect(update('closed').description).toBe('已办结');
    expect(update('closed', { changes: { closeSummary: { before: null, after: 3 } } }).description).toBe(
      '已办结',
    );
  });

  it('says a duplicate was merged, and tells the other events in the tracking page’s words', () => {
    expect(update('duplicateLinked').description).toBe('重复件：已与其他诉求合并办理');
    expect(update('returned').description).toBe('正在重新确定承办单位');
    expect(update('reopened').description).toBe('已交承办单位重新办理');
    expect(update('archived').description).toBe('已归档');
    expect(update('reviewRequested', { data: { body: '县信访局' } }).description).toBe(
      '复查申请已受理，由县信访局办理',
    );
    expect(
      update('extensionDecided', { data: { approved: true, days: 10, unit: 'workdays', reason: '需协调' } })
        .description,
    ).toMatch(/^办理期限延长.+，原因：需协调$/);
  });

  it('falls back to the registered sentence when the tracking page has none for the event', () => {
    // An approved extension without a length has no sentence of its own.
    expect(update('extensionDecided', { data: { approved: true } }).description).toBe(
      '已登记，正在分派承办单位',
    );
  });
});

describe('the finer state of a request now', () => {
  const expected: Record<CaseStatus, string> = {
    registered: 'registered',
    triage: 'triage',
    assigned: 'assigned',
    acknowledged: 'acknowledged',
    replied: 'replied',
    closed: 'closed',
    archived: 'archived',
    rejected: 'rejected_not_responsible',
    reviewing: 'reviewing',
    reviewed: 'reviewed',
    rechecking: 'rechecking',
  };

  it('names every state the case can be in, never one it is not in', () => {
    for (const status of caseStatuses) {
      expect(currentStatusCode({ status }), status).toBe(expected[status]);
      expect(externalStatusCodes).toContain(currentStatusCode({ status }));
    }
  });

  it('tells the grounds of a rejection apart', () => {
    expect(
      currentStatusCode({
        status: 'rejected',
        rejection: { reason: '', at: '', by: '', grounds: 'no-further-action' },
      }),
    ).toBe('rejected_no_further_action');
    expect(
      currentStatusCode({
        status: 'rejected',
        rejection: { reason: '', at: '', by: '', grounds: 'not-responsible' },
      }),
    ).toBe('rejected_not_responsible');
  });

  it('calls an open duplicate a duplicate, and a closed or archived one by its state', () => {
    for (const status of ['registered', 'triage', 'assigned', 'acknowledged', 'replied'] as const)
      expect(currentStatusCode({ status, duplicateOf: 'other' }), status).toBe('duplicate');
    expect(currentStatusCode({ status: 'closed', duplicateOf: 'other' })).toBe('closed');
    expect(currentStatusCode({ status: 'archived', duplicateOf: 'other' })).toBe('archived');
    expect(
      currentStatusCode({
        status: 'rejected',
        duplicateOf: 'other',
        rejection: { reason: '', at: '', by: '', grounds: 'no-further-action' },
      }),
    ).toBe('rejected_no_further_action');
  });
});

describe('status notes', () => {
  const reply = { text: '站牌已修复。', at: '', by: '' };

  it('show the reply once the case is replied, closed or archived, and not before', () => {
    for (const status of ['replied', 'closed', 'archived'] as const)
      expect(statusNotes({ status, reply }), status).toBe('站牌已修复。');
    // A reply taken back (the case returned to the unit) is not shown as the answer.
    expect(statusNotes({ status: 'acknowledged', reply })).toBe('承办单位正在办理');
    expect(statusNotes({ status: 'reviewing', reply })).toBe('复查中（上一级机关办理）');
  });

  it('give a rejection’s grounds and reason, and nothing after the colon when no reason is recorded', () => {
    expect(
      statusNotes({
        status: 'rejected',
        rejection: { reason: '重复', at: '', by: '', grounds: 'no-further-action' },
      }),
    ).toBe('不予受理（无需进一步处理）：重复');
    expect(statusNotes({ status: 'rejected' })).toBe('不予受理（不属于受理范围）：');
  });

  it('prefer the reply to the duplicate note, and the duplicate note to the plain status', () => {
    expect(statusNotes({ status: 'closed', reply, duplicateOf: 'other' })).toBe('站牌已修复。');
    expect(statusNotes({ status: 'closed', duplicateOf: 'other' })).toBe('重复件：已与其他诉求合并办理');
    expect(statusNotes({ status: 'registered' })).toBe('已登记，正在分派承办单位');
  });
});
