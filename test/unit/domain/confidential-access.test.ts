import { describe, expect, it } from 'vitest';
import {
  caseFor,
  eventsFor,
  maskedCase,
  maskedEvent,
  mayReadConfidential,
  unrecordedView,
} from '../../../shared/domain/case/confidential-access.ts';
import type { Actor, Case, CaseEvent } from '../../../shared/domain/case/model.ts';
import { toStaffView } from '../../../shared/domain/case/staff-view.ts';
import { confidentialPlaceholders } from '../../../shared/domain/case/wording.ts';
import { caseRow, visitRow } from '../../../shared/domain/reception/ledger.ts';
import type { Catalog } from '../../../shared/domain/reference/model.ts';

/**
 * The confidential-access rule: who reads a confidential case's content, and that everybody else finds none of
 * it anywhere in what they get (every text field, at any depth: the reply again inside an event's changes).
 */

const SECRET = 'MARK-SECRET';
const at = '2026-03-02T02:00:00.000Z';
const deadline = { at, provisional: false, basis: { from: at, steps: [] } };

const confidentialCase = {
  caseId: 'c1',
  trackingCode: 'HY-TEST',
  version: 9,
  status: 'closed',
  channel: 'visit',
  categoryCode: 'mental-health',
  jurisdictionCode: 'xikou',
  studioId: 'studio-xikou',
  title: `${SECRET}-title`,
  content: `${SECRET}-content`,
  petitioner: { name: '王小明', phone: '13800138000', anonymous: false },
  confidential: true,
  attachments: [
    { key: 'attachments/x.jpg', contentType: 'image/jpeg', bytes: 10, name: `${SECRET}.jpg`, source: 'scan' },
  ],
  unitId: 'dept-health',
  routing: { unitId: 'dept-health', ruleId: 'R9', reason: `rule R9, keyword ${SECRET}-keyword` },
  deadlines: { acknowledgeBy: deadline, replyBy: deadline },
  transfers: [
    {
      kind: 'assigned',
      at,
      fromUnitId: null,
      toUnitId: 'dept-health',
      by: 'system',
      reason: `keyword ${SECRET}`,
    },
  ],
  reply: { text: `${SECRET}-reply`, at, by: 'handler-dept-health' },
  closeSummary: `${SECRET}-summary`,
  survey: {
    tokenHash: 'h',
    status: 'answered',
    round: 1,
    rating: 'dissatisfied',
    comment: `${SECRET}-comment`,
  },
  teamReferrals: [{ teamId: 'team-legal', question: `${SECRET}-question`, referredAt: at, referredBy: 'x' }],
  reopenCount: 0,
  createdAt: at,
  updatedAt: at,
} as unknown as Case;

const event = (
  version: number,
  type: CaseEvent['type'],
  changes: CaseEvent['changes'],
  data = {},
): CaseEvent => ({
  caseId: 'c1',
  version,
  type,
  at,
  actor: { id: 'handler-dept-health', role: 'handler', unitId: 'dept-health' },
  changes,
  data,
});

const events: CaseEvent[] = [
  event(
    2,
    'assigned',
    { routing: { before: null, after: confidentialCase.routing } },
    { reason: confidentialCase.routing!.reason },
  ),
  event(3, 'noted', {}, { text: `${SECRET}-note` }),
  event(4, 'replied', {
    reply: { before: null, after: confidentialCase.reply },
    status: { before: 'acknowledged', after: 'replied' },
  }),
  event(5, 'surveyAnswered', { survey: { before: null, after: confidentialCase.survey } }),
  // A text field changed as a whole: `{ before, after }` under the field's own name.
  event(6, 'closed', { closeSummary: { before: null, after: `${SECRET}-closed` } }),
];

const actors: Record<string, { actor: Actor; reads: boolean }> = {
  'handler of the holding unit': { actor: { id: 'h1', role: 'handler', unitId: 'dept-health' }, reads: true },
  'handler of a service team it was referred to': {
    actor: { id: 'h2', role: 'handler', unitId: 'team-legal' },
    reads: true,
  },
  'handler of another unit': { actor: { id: 'h3', role: 'handler', unitId: 'dept-transport' }, reads: false },
  // Even a liaison officer of the holding unit (a studio's triage unit) is not a handler of it.
  'liaison officer of the studio': {
    actor: { id: 'l1', role: 'liaison', unitId: 'dept-health', studioId: 'studio-xikou' },
    reads: false,
  },
  'supervisor not cleared': { actor: { id: 's1', role: 'supervisor' }, reads: false },
  'supervisor cleared': {
    actor: { id: 's2', role: 'supervisor', clearedForConfidential: true },
    reads: true,
  },
  'admin (even if flagged)': {
    actor: { id: 'a1', role: 'admin', clearedForConfidential: true },
    reads: false,
  },
};

describe('who reads a confidential case', () => {
  it.each(Object.entries(actors))('%s', (_name, { actor, reads }) => {
    expect(mayReadConfidential(actor, confidentialCase)).toBe(reads);
    const view = JSON.stringify(toStaffView(confidentialCase, events, actor));
    if (reads) {
      for (const text of [
        'title',
        'content',
        'reply',
        'note',
        'comment',
        'keyword',
        'question',
        'summary',
        'closed',
      ])
        expect(view).toContain(`${SECRET}-${text}`);
      expect(view).toContain(`${SECRET}.jpg`);
    } else {
      expect(view).not.toContain(SECRET);
    }
  });

  it('those not cleared still see that the case exists, its state, unit, deadlines and who did what', () => {
    const view = toStaffView(confidentialCase, events, actors['supervisor not cleared']!.actor);

    expect(view).toMatchObject({
      caseId: 'c1',
      trackingCode: 'HY-TEST',
      status: 'closed',
      unitId: 'dept-health',
      confidential: true,
      title: confidentialPlaceholders.title,
      content: confidentialPlaceholders.content,
      reply: { text: confidentialPlaceholders.text, at, by: 'handler-dept-health' },
      routing: { unitId: 'dept-health', ruleId: 'R9', reason: confidentialPlaceholders.text },
      survey: { rating: 'dissatisfied', comment: confidentialPlaceholders.text },
      deadlines: confidentialCase.deadlines,
    });
    expect(view.attachments).toBeUndefined();
    expect(view.timeline.map((entry) => [entry.type, entry.actor.id])).toEqual(
      events.map((entry) => [entry.type, entry.actor.id]),
    );
    expect(view.timeline[2]!.changes.status).toEqual({ before: 'acknowledged', after: 'replied' });
  });

  it('a case that is not confidential is shown whole to everyone who may see it', () => {
    const open = { ...confidentialCase, confidential: false };
    const view = toStaffView(open, events, actors['handler of another unit']!.actor);

    expect(view.title).toBe(open.title);
    expect(view.reply).toEqual(open.reply);
    expect(eventsFor(actors['supervisor not cleared']!.actor, open, events)).toEqual(events);
  });

  it('lists, exports, the ledger and notices (views nobody’s read is recorded in) mask it for everyone', () => {
    expect(JSON.stringify(unrecordedView(confidentialCase))).not.toContain(SECRET);
    const catalog = { units: [], categories: [], jurisdictions: [], studios: [] } as unknown as Catalog;
    const visit = {
      visitId: 'v1',
      studioId: 'studio-xikou',
      date: '2026-03-10',
      visitor: { name: '王小明' },
      groupSize: 1,
      suggestions: 1,
      representatives: [{ representativeId: 'r1', name: '李代表', title: '县人大代表' }],
      summary: `${SECRET}-visit`,
      outcome: 'case' as const,
      confidential: true,
      registeredBy: 'liaison',
      createdAt: at,
      updatedAt: at,
    };

    // Whether or not the case it became is found yet, the visit's summary stays masked.
    expect(JSON.stringify(visitRow(visit, confidentialCase, catalog, '溪口'))).not.toContain(SECRET);
    expect(JSON.stringify(visitRow(visit, undefined, catalog, '溪口'))).not.toContain(SECRET);
    expect(JSON.stringify(caseRow(confidentialCase, catalog))).not.toContain(SECRET);
  });
});

describe('what the masking replaces and keeps', () => {
  const handlerElsewhere: Actor = { id: 'h3', role: 'handler', unitId: 'dept-transport' };

  it('each content key gets its own placeholder; ids, states, instants and numbers stay', () => {
    const masked = caseFor(handlerElsewhere, confidentialCase);

    expect(masked.title).toBe(confidentialPlaceholders.title);
    expect(masked.content).toBe(confidentialPlaceholders.content);
    expect(masked.closeSummary).toBe(confidentialPlaceholders.text);
    expect(masked.teamReferrals).toEqual([
      { teamId: 'team-legal', question: confidentialPlaceholders.text, referredAt: at, referredBy: 'x' },
    ]);
    expect(masked.version).toBe(9);
    expect(masked.petitioner).toEqual(confidentialCase.petitioner);
    expect(masked.transfers![0]).toMatchObject({
      toUnitId: 'dept-health',
      reason: confidentialPlaceholders.text,
    });
    expect(new Set(Object.values(confidentialPlaceholders)).size).toBe(3);
  });

  it('keeps empty texts empty, null as null, and masks texts inside lists and before/after pairs', () => {
    const masked = maskedEvent({
      changes: {
        title: { before: '', after: `${SECRET}-new` },
        reason: { before: null, after: [`${SECRET}-a`, 3] },
      },
      data: { text: '', note: null, count: 2, reference: `${SECRET}-ref` },
    } as unknown as CaseEvent);
    const noted = maskedEvent({ data: { note: `${SECRET}-note` } } as unknown as CaseEvent);

    expect(masked).toEqual({
      changes: {
        title: { before: '', after: confidentialPlaceholders.title },
        reason: { before: null, after: [confidentialPlaceholders.text, 3] },
      },
      data: { text: '', note: null, count: 2, reference: confidentialPlaceholders.text },
    });
    expect(noted).toEqual({ data: { note: confidentialPlaceholders.text } });
  });

  it('withholds files and locations; keeps the county’s records (representatives, deadlines) as they are', () => {
    const record = {
      confidential: true,
      summary: `${SECRET}-summary`,
      location: { lat: 1, lng: 2 },
      attachments: [{ name: `${SECRET}.jpg` }],
      representatives: [{ name: '李代表', title: '县人大代表' }],
      deadlines: { replyBy: { at, note: 'kept' } },
      nested: { opinion: `${SECRET}-opinion`, list: [{ answer: `${SECRET}-answer` }] },
    };

    expect(unrecordedView(record)).toEqual({
      confidential: true,
      summary: confidentialPlaceholders.text,
      representatives: [{ name: '李代表', title: '县人大代表' }],
      deadlines: { replyBy: { at, note: 'kept' } },
      nested: { opinion: confidentialPlaceholders.text, list: [{ answer: confidentialPlaceholders.text }] },
    });
    expect(maskedCase({ comment: `${SECRET}-c`, title: `${SECRET}-t` } as unknown as Case)).toEqual({
      comment: confidentialPlaceholders.text,
      title: confidentialPlaceholders.title,
    });
  });

  it('a view nobody’s read is recorded in shows a case that is not confidential as it is', () => {
    const open = { confidential: false, title: 'visible' };

    expect(unrecordedView(open)).toBe(open);
    expect(caseFor(handlerElsewhere, { ...confidentialCase, confidential: false }).title).toBe(
      confidentialCase.title,
    );
  });

  it('a handler without a unit, or of a unit the case was never referred to, reads nothing', () => {
    expect(mayReadConfidential({ id: 'h0', role: 'handler' }, { unitId: undefined })).toBe(false);
    expect(mayReadConfidential({ id: 'h0', role: 'handler' }, { unitId: undefined, teamReferrals: [] })).toBe(
      false,
    );
    expect(
      mayReadConfidential({ id: 'h4', role: 'handler', unitId: 'team-legal' }, { unitId: 'dept-health' }),
    ).toBe(false);
    expect(
      mayReadConfidential({ id: 's3', role: 'supervisor', unitId: 'dept-health' }, confidentialCase),
    ).toBe(false);
  });
});
