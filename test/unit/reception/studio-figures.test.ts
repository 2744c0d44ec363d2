import { describe, expect, it } from 'vitest';
import { studioFigures } from '../../../shared/domain/reception/studio-figures.ts';
import { toVisitListItem, type Visit, visitSchema } from '../../../shared/domain/reception/visit.ts';

const visit = (change: Partial<Visit> = {}): Visit => ({
  visitId: 'v1',
  studioId: 'studio-cg',
  date: '2026-03-10',
  visitor: { name: '张小明', phone: '13912345678' },
  groupSize: 1,
  suggestions: 1,
  representatives: [{ representativeId: 'r1', name: '王芳', title: '' }],
  summary: '路灯坏了',
  outcome: 'answered',
  registeredBy: 'liaison-cg',
  createdAt: '2026-03-10T02:00:00.000Z',
  updatedAt: '2026-03-10T02:00:00.000Z',
  ...change,
});

describe('a studio’s figures', () => {
  it('counts nothing, from nowhere, without visits or cases', () => {
    expect(studioFigures([], [])).toEqual({
      months: [],
      sinceStart: { from: null, peopleReceived: 0, suggestionsCollected: 0, itemsClosed: 0 },
    });
  });

  it('counts people, suggestions and closed items by month, in Shanghai time, and since the start', () => {
    const visits = [
      visit({ date: '2026-04-10', groupSize: 12, suggestions: 3, outcome: 'answered' }),
      visit({ date: '2026-03-20', groupSize: 1, suggestions: 2, outcome: 'case', caseId: 'c-visit' }),
      visit({ date: '2026-03-10', groupSize: 2, suggestions: 0, outcome: 'answered' }),
    ];
    const cases = [
      // Came from a visit: counted once, as the visit; closed in April (Shanghai), 31 March in UTC.
      {
        caseId: 'c-visit',
        createdAt: '2026-03-20T03:00:00.000Z',
        status: 'closed' as const,
        closedAt: '2026-03-31T17:00:00.000Z',
      },
      // A letter registered on 1 February in Shanghai (still 31 January in UTC), archived after closing in March.
      {
        caseId: 'c-letter',
        createdAt: '2026-01-31T16:30:00.000Z',
        status: 'archived' as const,
        closedAt: '2026-03-02T01:00:00.000Z',
      },
      // Open, or closed without a date: never an item closed.
      { caseId: 'c-open', createdAt: '2026-04-01T01:00:00.000Z', status: 'acknowledged' as const },
      { caseId: 'c-odd', createdAt: '2026-04-02T01:00:00.000Z', status: 'closed' as const },
      {
        caseId: 'c-reopened',
        createdAt: '2026-04-03T01:00:00.000Z',
        status: 'acknowledged' as const,
        closedAt: '2026-04-04T01:00:00.000Z',
      },
    ];
    expect(studioFigures(visits, cases)).toEqual({
      months: [
        { month: '2026-02', peopleReceived: 0, suggestionsCollected: 1, itemsClosed: 0 },
        { month: '2026-03', peopleReceived: 3, suggestionsCollected: 2, itemsClosed: 1 },
        { month: '2026-04', peopleReceived: 12, suggestionsCollected: 6, itemsClosed: 4 },
      ],
      sinceStart: { from: '2026-02', peopleReceived: 15, suggestionsCollected: 9, itemsClosed: 5 },
    });
  });
});

describe('visits', () => {
  it('checks a visit and fills in a single visitor with one suggestion', () => {
    const { groupSize: _g, suggestions: _s, ...minimal } = visit();
    expect(visitSchema.parse(minimal)).toEqual(visit());
    expect(visitSchema.safeParse(visit({ groupSize: 0 })).success).toBe(false);
    expect(visitSchema.safeParse(visit({ groupSize: 500 })).success).toBe(true);
    expect(visitSchema.safeParse(visit({ groupSize: 501 })).success).toBe(false);
    expect(visitSchema.safeParse(visit({ suggestions: 0 })).success).toBe(true);
    expect(visitSchema.safeParse(visit({ suggestions: -1 })).success).toBe(false);
    expect(visitSchema.safeParse(visit({ suggestions: 51 })).success).toBe(false);
    expect(visitSchema.safeParse(visit({ representatives: [] })).success).toBe(false);
    const six = Array.from({ length: 6 }, (_, i) => ({ representativeId: `r${i}`, name: '王芳', title: '' }));
    expect(visitSchema.safeParse(visit({ representatives: six.slice(0, 5) })).success).toBe(true);
    expect(visitSchema.safeParse(visit({ representatives: six })).success).toBe(false);
    expect(visitSchema.safeParse(visit({ date: '2026-3-10' })).success).toBe(false);
    expect(visitSchema.safeParse(visit({ date: 'x2026-03-10' })).success).toBe(false);
    expect(visitSchema.safeParse(visit({ date: '2026-03-10x' })).success).toBe(false);
    expect(visitSchema.safeParse(visit({ visitor: { name: '' } })).success).toBe(false);
    expect(visitSchema.safeParse(visit({ visitor: { name: '张'.repeat(31) } })).success).toBe(false);
    expect(visitSchema.safeParse(visit({ summary: '' })).success).toBe(false);
    expect(visitSchema.safeParse(visit({ summary: '路'.repeat(2001) })).success).toBe(false);
    expect(visitSchema.safeParse(visit({ answer: '答'.repeat(2001) })).success).toBe(false);
    expect(visitSchema.safeParse(visit({ outcome: 'case' })).success).toBe(true);
    expect(visitSchema.safeParse(visit({ outcome: 'referred' as never })).success).toBe(false);
  });

  it('lists a visit with the visitor masked, and the summary of a confidential one hidden', () => {
    const listed = toVisitListItem(visit());
    expect(listed.visitor).toEqual({ name: '张**', phone: '139****5678', masked: true });
    expect(listed.summary).toBe('路灯坏了');
    expect(toVisitListItem(visit({ visitor: { name: '李四' } })).visitor).toEqual({
      name: '李*',
      phone: null,
      masked: true,
    });
    expect(toVisitListItem(visit({ confidential: true })).summary).not.toBe('路灯坏了');
  });
});
