import { beforeAll, describe, expect, it } from 'vitest';
import type { CaseSummary } from '../../../shared/ports/case-store.ts';

/** The console's pure rules: which deadline a row shows, how urgent it is, and the 409 message. */

const storage = new Map<string, string>();
beforeAll(() => {
  // The console reads its language from localStorage; Node has none.
  Object.assign(globalThis, {
    localStorage: {
      getItem: (key: string) => storage.get(key) ?? null,
      setItem: (key: string, value: string) => storage.set(key, value),
      removeItem: (key: string) => storage.delete(key),
    },
  });
});

const { conflictMessage, deadlineAffected, deadlineState, looksLikePhone, nextDeadline, urgency } =
  await import('../../../web/src/console/model.ts');

const now = Date.parse('2026-12-01T02:00:00Z');
const deadline = (at: string) => ({ at, provisional: false, basis: { from: at, steps: [] } });

function summary(fields: Partial<CaseSummary>): Pick<CaseSummary, 'status' | 'deadlines' | 'overdue'> {
  return { status: 'assigned', deadlines: {}, ...fields };
}

describe('a list row', () => {
  it('shows the deadline that comes next for the case’s state', () => {
    const deadlines = {
      acknowledgeBy: deadline('2026-12-02T15:59:59.999Z'),
      replyBy: deadline('2027-01-30T15:59:59.999Z'),
    };

    expect(nextDeadline(summary({ status: 'assigned', deadlines }))?.name).toBe('acknowledgeBy');
    expect(nextDeadline(summary({ status: 'triage', deadlines }))?.name).toBe('acknowledgeBy');
    expect(nextDeadline(summary({ status: 'acknowledged', deadlines }))?.name).toBe('replyBy');
    expect(nextDeadline(summary({ status: 'replied', deadlines }))).toBeNull();
  });

  it('marks cards first, then passed deadlines, then deadlines within a day', () => {
    const passed = { acknowledgeBy: deadline('2026-11-30T15:59:59.999Z') };
    const tomorrow = { acknowledgeBy: deadline('2026-12-01T15:59:59.999Z') };
    const later = { acknowledgeBy: deadline('2026-12-09T15:59:59.999Z') };
    const card = (color: 'red' | 'yellow') => ({
      card: color,
      deadline: 'acknowledge' as const,
      since: '2026-11-30T16:00:00Z',
    });

    expect(urgency(summary({ deadlines: later, overdue: card('red') }), now)).toBe('red');
    expect(urgency(summary({ deadlines: later, overdue: card('yellow') }), now)).toBe('yellow');
    expect(urgency(summary({ deadlines: passed }), now)).toBe('overdue');
    expect(urgency(summary({ deadlines: tomorrow }), now)).toBe('soon');
    expect(urgency(summary({ deadlines: later }), now)).toBe('ok');
    expect(urgency(summary({ status: 'replied', deadlines: passed }), now)).toBe('ok');
  });
});

describe('a 409', () => {
  it('names who changed the case and when, in Chinese by default and in English on request', () => {
    const problem = {
      status: 409,
      type: 'urn:huiyin:problem:version-conflict',
      title: '…',
      changedBy: 'handler-dept-transport',
      changedAt: '2026-12-01T02:03:00.000Z',
    };

    storage.delete('huiyin.lang');
    expect(conflictMessage(problem)).toBe('已被 handler-dept-transport 于 2026/12/01 10:03 修改，请刷新');
    storage.set('huiyin.lang', 'en');
    expect(conflictMessage(problem)).toMatch(
      /^Changed by handler-dept-transport at 01\/12\/2026,? 10:03; please reload$/,
    );
    storage.delete('huiyin.lang');
    expect(conflictMessage({ ...problem, changedBy: undefined })).toBe('此件已被他人修改，请刷新');
  });

  it('is only a version conflict: an illegal transition keeps its own message', () => {
    expect(
      conflictMessage({ status: 409, type: 'urn:huiyin:problem:illegal-transition', title: 'x' }),
    ).toBeNull();
    expect(
      conflictMessage({ status: 400, type: 'urn:huiyin:problem:version-conflict', title: 'x' }),
    ).toBeNull();
  });
});

describe('actions and fields', () => {
  it('names the deadline each action affects', () => {
    expect(deadlineAffected.acknowledge).toBe('acknowledgeBy');
    expect(deadlineAffected.reply).toBe('replyBy');
    expect(deadlineAffected.return).toBe('objectionUntil');
    expect(deadlineAffected.requestExtension).toBe('replyBy');
    expect(deadlineAffected.note).toBeNull();
  });

  it('checks phones with the API’s own rules', () => {
    expect(looksLikePhone('138 1234 5678')).toBe(true);
    expect(looksLikePhone('0571-87654321')).toBe(true);
    expect(looksLikePhone('1391234')).toBe(false);
  });
});

describe('a deadline on the case page', () => {
  const due = (at: string) => ({ at, provisional: false, basis: { from: at, steps: [] } });
  const deadlines = {
    acknowledgeBy: due('2026-12-10T15:59:59.999Z'),
    replyBy: due('2027-01-27T15:59:59.999Z'),
    objectionUntil: due('2026-12-11T15:59:59.999Z'),
    surveyBy: due('2027-02-27T15:59:59.999Z'),
  };
  const base = { deadlines, assignedAt: '2026-12-01T02:00:00.000Z' } as const;

  it('counts down only while it runs; once met it says when and whether on time', () => {
    expect(deadlineState({ ...base, status: 'assigned' }, 'acknowledgeBy')).toEqual({ kind: 'running' });
    const acknowledged = {
      ...base,
      status: 'acknowledged' as const,
      acknowledgedAt: '2026-12-02T01:00:00.000Z',
    };
    expect(deadlineState(acknowledged, 'acknowledgeBy')).toEqual({
      kind: 'met',
      at: '2026-12-02T01:00:00.000Z',
      onTime: true,
    });
    expect(deadlineState(acknowledged, 'replyBy')).toEqual({ kind: 'running' });
    const late = { ...acknowledged, status: 'replied' as const, repliedAt: '2027-01-28T01:00:00.000Z' };
    expect(deadlineState(late, 'replyBy')).toEqual({
      kind: 'met',
      at: '2027-01-28T01:00:00.000Z',
      onTime: false,
    });
    // Closed: nothing counts down any more.
    const closed = {
      ...late,
      status: 'closed' as const,
      survey: { tokenHash: 'x', status: 'pending' as const, round: 1 },
    };
    expect(deadlineState(closed, 'acknowledgeBy').kind).toBe('met');
    expect(deadlineState(closed, 'replyBy').kind).toBe('met');
    expect(deadlineState(closed, 'objectionUntil').kind).toBe('idle');
    expect(deadlineState(closed, 'surveyBy').kind).toBe('running');
  });

  it('a deadline the sweep carded is overdue whatever the browser’s clock says', () => {
    const carded = {
      ...base,
      status: 'assigned' as const,
      overdue: {
        card: 'yellow' as const,
        deadline: 'acknowledge' as const,
        since: '2026-12-11T00:00:00.000Z',
      },
    };
    expect(deadlineState(carded, 'acknowledgeBy')).toEqual({ kind: 'carded', card: 'yellow' });
  });
});
