import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_REQUEST_LIFETIME_MS,
  type AccountRequest,
  AccountRequestError,
  accountAuditEntrySchema,
  accountRequestSchema,
  accountSnapshotSchema,
  auditEntryOf,
  decisionFor,
  expiryOf,
  needsSecondPerson,
  outcomeOf,
  personRefSchema,
  snapshotOf,
  statusAt,
} from '../../../shared/domain/users/separation-of-duties.ts';

/**
 * What an administrator or supervisor is told when a decision is refused, the audit entry of each step, and the
 * shapes stored: the texts and records people read, pinned word for word.
 */

const requestedAt = new Date('2026-12-07T02:00:00.000Z');
const pending: AccountRequest = {
  requestId: '01KC0000000000000000000001',
  kind: 'update',
  username: 'handler-x',
  targetName: '张三',
  change: { role: 'supervisor' },
  before: { role: 'handler', unitId: 'dept-transport' },
  after: { role: 'supervisor' },
  requestedBy: { username: 'admin', displayName: '系统管理员' },
  requestedAt: requestedAt.toISOString(),
  expiresAt: expiryOf(requestedAt),
  status: 'pending',
};
const soon = new Date(requestedAt.getTime() + 3600_000);
const refusedWith = (run: () => unknown): AccountRequestError => {
  try {
    run();
  } catch (error) {
    if (error instanceof AccountRequestError) return error;
    throw error;
  }
  throw new Error('not refused');
};

describe('what a refused decision says', () => {
  it('names who may decide, and why nobody decides their own account or approves their own request', () => {
    const notApprover = refusedWith(() =>
      decisionFor(pending, { username: 'h', role: 'handler' }, 'approve', soon),
    );
    expect([notApprover.type, notApprover.status, notApprover.title]).toEqual([
      'account-request-not-approver',
      403,
      {
        zh: '只有系统管理员或督办人员可以审批账户变更',
        en: 'Only administrators and supervisors decide account changes',
      },
    ]);
    const ownAccount = refusedWith(() =>
      decisionFor(pending, { username: 'handler-x', role: 'supervisor' }, 'refuse', soon),
    );
    expect(ownAccount.title).toEqual({
      zh: '不能审批与自己账户有关的申请',
      en: 'Nobody decides a change to their own account',
    });
    const ownRequest = refusedWith(() =>
      decisionFor(pending, { username: 'admin', role: 'admin' }, 'approve', soon),
    );
    expect(ownRequest.title).toEqual({
      zh: '申请人不能审批自己的申请，须由另一名管理员或督办人员审批',
      en: 'The requester cannot approve their own request; another administrator or a supervisor must',
    });
    expect([notApprover.details, ownAccount.details, ownRequest.details]).toEqual([{}, {}, {}]);
    expect(notApprover.name).toBe('AccountRequestError');
  });

  it('says when a request expired, and which request, at the very instant it expires', () => {
    const atExpiry = new Date(Date.parse(pending.expiresAt));
    const expired = refusedWith(() =>
      decisionFor(pending, { username: 'admin-b', role: 'admin' }, 'approve', atExpiry),
    );
    expect([expired.type, expired.status, expired.title, expired.details]).toEqual([
      'account-request-expired',
      409,
      { zh: '申请已过期，请重新提出', en: 'The request expired; ask again' },
      { requestId: pending.requestId, expiresAt: pending.expiresAt },
    ]);
    expect(statusAt(pending, new Date(atExpiry.getTime() - 1))).toBe('pending');
    expect(statusAt(pending, atExpiry)).toBe('expired');
    expect(statusAt({ ...pending, status: 'refused' }, atExpiry)).toBe('refused');
    expect(pending.expiresAt).toBe(
      new Date(requestedAt.getTime() + ACCOUNT_REQUEST_LIFETIME_MS).toISOString(),
    );
    expect(ACCOUNT_REQUEST_LIFETIME_MS).toBe(72 * 3600 * 1000);
  });

  it('names who decided a request already, or says someone else did', () => {
    const decided = refusedWith(() =>
      decisionFor(
        { ...pending, status: 'refused', decidedBy: { username: 'sup', displayName: '李督办' } },
        { username: 'admin-b', role: 'admin' },
        'approve',
        soon,
      ),
    );
    expect([decided.type, decided.status, decided.title, decided.details]).toEqual([
      'account-request-decided',
      409,
      { zh: '申请已由李督办处理，不能再次审批', en: 'The request was already decided by 李督办' },
      { requestId: pending.requestId, requestStatus: 'refused' },
    ]);
    const unnamed = refusedWith(() =>
      decisionFor(
        { ...pending, status: 'withdrawn' },
        { username: 'admin-b', role: 'admin' },
        'refuse',
        soon,
      ),
    );
    expect(unnamed.title).toEqual({
      zh: '申请已由他人处理，不能再次审批',
      en: 'The request was already decided by someone else',
    });
    expect(unnamed.details).toEqual({ requestId: pending.requestId, requestStatus: 'withdrawn' });
  });

  it('resumes only the same approver’s approval, and only while it has not been applied', () => {
    const approved: AccountRequest = {
      ...pending,
      status: 'approved',
      decidedBy: { username: 'admin-b', displayName: '第二管理员' },
    };
    expect(decisionFor(approved, { username: 'admin-b', role: 'admin' }, 'approve', soon)).toBe('resume');
    expect(
      refusedWith(() => decisionFor(approved, { username: 'sup', role: 'supervisor' }, 'approve', soon)).type,
    ).toBe('account-request-decided');
    expect(
      refusedWith(() =>
        decisionFor(
          { ...pending, status: 'refused', decidedBy: approved.decidedBy },
          { username: 'admin-b', role: 'admin' },
          'approve',
          soon,
        ),
      ).type,
    ).toBe('account-request-decided');
  });
});

describe('what a decision leads to', () => {
  it('an approval is approved whoever gives it; a refusal is the requester’s withdrawal or a refusal', () => {
    expect(outcomeOf(pending, { username: 'sup', role: 'supervisor' }, 'approve')).toBe('approved');
    expect(outcomeOf(pending, { username: 'admin', role: 'admin' }, 'approve')).toBe('approved');
    expect(outcomeOf(pending, { username: 'admin', role: 'admin' }, 'refuse')).toBe('withdrawn');
    expect(outcomeOf(pending, { username: 'sup', role: 'supervisor' }, 'refuse')).toBe('refused');
  });

  it('an approved request whose approver was not recorded is decided, not resumed', () => {
    const refused = refusedWith(() =>
      decisionFor(
        { ...pending, status: 'approved' },
        { username: 'admin-b', role: 'admin' },
        'approve',
        soon,
      ),
    );
    expect(refused.details).toEqual({ requestId: pending.requestId, requestStatus: 'approved' });
  });
});

describe('the audit entry of each step', () => {
  it('is "requested" at the request time while pending, and the decision at its time after', () => {
    const decidedAt = soon.toISOString();
    const decidedBy = { username: 'sup', displayName: '李督办' };
    expect(auditEntryOf(pending)).toEqual({
      at: pending.requestedAt,
      requestId: pending.requestId,
      step: 'requested',
      kind: 'update',
      username: 'handler-x',
      targetName: '张三',
      requestedBy: pending.requestedBy,
      before: pending.before,
      after: pending.after,
    });
    for (const status of ['approved', 'refused', 'withdrawn'] as const) {
      const entry = auditEntryOf({ ...pending, status, decidedBy, decidedAt, emailChanged: true });
      expect(entry).toMatchObject({ step: status, at: decidedAt, decidedBy, emailChanged: true });
      expect(accountAuditEntrySchema.parse(entry)).toEqual(entry);
    }
    // A decision stored without its time falls back to the request's.
    expect(auditEntryOf({ ...pending, status: 'refused' }).at).toBe(pending.requestedAt);
    expect(auditEntryOf({ ...pending, emailChanged: false })).not.toHaveProperty('emailChanged');
    const { before: _before, ...created } = { ...pending, kind: 'create' as const };
    expect(auditEntryOf(created)).not.toHaveProperty('before');
  });

  it('accepts only the four steps and a whole record', () => {
    const entry = auditEntryOf(pending);
    expect(accountAuditEntrySchema.safeParse({ ...entry, step: 'expired' }).success).toBe(false);
    expect(accountAuditEntrySchema.safeParse({ ...entry, requestId: '' }).success).toBe(false);
    expect(accountAuditEntrySchema.safeParse({ ...entry, at: 'yesterday' }).success).toBe(false);
    expect(personRefSchema.safeParse({ username: 'a', displayName: '' }).success).toBe(false);
    expect(personRefSchema.safeParse({ username: '', displayName: '甲' }).success).toBe(false);
  });
});

describe('what is stored of an account and a request', () => {
  it('keeps role and scope, and only the flags that are set', () => {
    expect(snapshotOf({ role: 'handler', unitId: 'dept-water', disabled: false })).toEqual({
      role: 'handler',
      unitId: 'dept-water',
    });
    expect(
      snapshotOf({
        role: 'supervisor',
        studioId: 'studio-a',
        disabled: true,
        clearedForConfidential: true,
        unitLead: true,
      }),
    ).toEqual({
      role: 'supervisor',
      studioId: 'studio-a',
      disabled: true,
      clearedForConfidential: true,
      unitLead: true,
    });
    expect(
      snapshotOf({ role: 'admin', disabled: false, clearedForConfidential: false, unitLead: false }),
    ).toEqual({
      role: 'admin',
    });
    expect(accountSnapshotSchema.safeParse({ role: 'handler', unitId: '' }).success).toBe(false);
    expect(accountSnapshotSchema.safeParse({ role: 'petitioner' }).success).toBe(false);
  });

  it('refuses a request record with an unknown kind or status, or empty names', () => {
    expect(accountRequestSchema.parse(pending)).toEqual(pending);
    for (const change of [
      { kind: 'delete' },
      { status: 'expired' },
      { username: '' },
      { targetName: '' },
      { requestId: '' },
      { expiresAt: 'soon' },
    ])
      expect(accountRequestSchema.safeParse({ ...pending, ...change }).success, JSON.stringify(change)).toBe(
        false,
      );
  });

  it('clearing a guarded account for confidential work waits, once', () => {
    const update = (before: boolean | undefined, after: boolean | undefined) =>
      needsSecondPerson({
        kind: 'update',
        before: { role: 'supervisor', ...(before === undefined ? {} : { clearedForConfidential: before }) },
        after: { role: 'supervisor', ...(after === undefined ? {} : { clearedForConfidential: after }) },
      });
    expect(update(undefined, true)).toBe(true);
    expect(update(false, true)).toBe(true);
    expect(update(true, true)).toBe(false);
    expect(update(true, false)).toBe(false);
    expect(update(undefined, undefined)).toBe(false);
  });
});
