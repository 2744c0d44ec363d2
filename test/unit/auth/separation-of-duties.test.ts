import { describe, expect, it } from 'vitest';
import { personalDataRoles, type StaffRole, staffRoles } from '../../../shared/auth/claims.ts';
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
  isGuardedRole,
  needsSecondPerson,
  outcomeOf,
  personRefSchema,
  snapshotOf,
  statusAt,
} from '../../../shared/domain/users/separation-of-duties.ts';

/** The rule of who needs a second person, and who may be that person: pure, no AWS. */

const requestedAt = new Date('2026-12-07T02:00:00.000Z');
const pending: AccountRequest = {
  requestId: '01KC0000000000000000000000',
  kind: 'create',
  username: 'supervisor-2',
  targetName: '第二督办人员',
  change: { username: 'supervisor-2', displayName: '第二督办人员', role: 'supervisor' },
  after: { role: 'supervisor' },
  requestedBy: { username: 'admin', displayName: '系统管理员' },
  requestedAt: requestedAt.toISOString(),
  expiresAt: expiryOf(requestedAt),
  status: 'pending',
};
const soon = new Date(requestedAt.getTime() + 3600_000);
/** The refusal `run` throws (anything else fails the test), or null when it is not refused. */
const refusedOrNull = (run: () => unknown): AccountRequestError | null => {
  try {
    run();
  } catch (error) {
    if (error instanceof AccountRequestError) return error;
    throw error;
  }
  return null;
};
const refusal = (run: () => unknown) => {
  const error = refusedOrNull(run);
  return error && { type: error.type, status: error.status };
};
const refusedWith = (run: () => unknown): AccountRequestError => {
  const error = refusedOrNull(run);
  if (!error) throw new Error('not refused');
  return error;
};
/** A guarded role given to an existing account, for the texts and records people read. */
const updating: AccountRequest = {
  ...pending,
  requestId: '01KC0000000000000000000001',
  kind: 'update',
  username: 'handler-x',
  targetName: '张三',
  change: { role: 'supervisor' },
  before: { role: 'handler', unitId: 'dept-transport' },
  after: { role: 'supervisor' },
};

describe('which changes need a second person', () => {
  it('guards every role that reads personal data, and every role that may approve', () => {
    for (const role of personalDataRoles) expect(isGuardedRole(role)).toBe(true);
    // An administrator account is guarded too: otherwise one admin creates a second admin account and
    // approves their own request with it.
    expect(isGuardedRole('admin')).toBe(true);
  });

  it.each(staffRoles)('creating a %s account waits for a second person', (role) => {
    expect(needsSecondPerson({ kind: 'create', after: { role } })).toBe(isGuardedRole(role));
  });

  it.each(staffRoles)('resetting the password of a %s waits for a second person', (role) => {
    expect(needsSecondPerson({ kind: 'resetPassword', before: { role } })).toBe(isGuardedRole(role));
  });

  it('a new guarded role waits; the same role with a new name or scope does not', () => {
    const update = (before: StaffRole, after: StaffRole, emails: [string?, string?] = []) =>
      needsSecondPerson({
        kind: 'update',
        before: { role: before, ...(emails[0] ? { email: emails[0] } : {}) },
        after: { role: after, ...(emails[1] ? { email: emails[1] } : {}) },
      });

    expect(update('handler', 'supervisor')).toBe(true);
    expect(update('admin', 'handler')).toBe(true);
    expect(update('liaison', 'handler')).toBe(true);
    expect(update('handler', 'handler')).toBe(false);
    expect(update('supervisor', 'supervisor', ['a@county.gov.cn', 'a@county.gov.cn'])).toBe(false);
  });

  it('a guarded account’s new e-mail waits (it is where its password can be recovered); removing it does not', () => {
    const update = (before?: string, after?: string) =>
      needsSecondPerson({
        kind: 'update',
        before: { role: 'supervisor', ...(before ? { email: before } : {}) },
        after: { role: 'supervisor', ...(after ? { email: after } : {}) },
      });

    expect(update('a@county.gov.cn', 'mine@example.com')).toBe(true);
    expect(update(undefined, 'mine@example.com')).toBe(true);
    expect(update('a@county.gov.cn', undefined)).toBe(false);
  });

  it('clearing a supervisor for confidential work waits; withdrawing the clearance does not', () => {
    const update = (before: boolean, after: boolean) =>
      needsSecondPerson({
        kind: 'update',
        before: { role: 'supervisor', ...(before ? { clearedForConfidential: true } : {}) },
        after: { role: 'supervisor', ...(after ? { clearedForConfidential: true } : {}) },
      });

    expect(update(false, true)).toBe(true);
    expect(update(true, true)).toBe(false);
    expect(update(true, false)).toBe(false);
  });
});

describe('who decides a request', () => {
  it('another administrator or a supervisor decides; the requester may not approve, only withdraw', () => {
    expect(decisionFor(pending, { username: 'admin-b', role: 'admin' }, 'approve', soon)).toBe('decide');
    expect(decisionFor(pending, { username: 'supervisor', role: 'supervisor' }, 'approve', soon)).toBe(
      'decide',
    );
    expect(
      refusal(() => decisionFor(pending, { username: 'admin', role: 'admin' }, 'approve', soon)),
    ).toEqual({
      type: 'account-request-own-request',
      status: 403,
    });
    expect(decisionFor(pending, { username: 'admin', role: 'admin' }, 'refuse', soon)).toBe('decide');
    expect(outcomeOf(pending, { username: 'admin', role: 'admin' }, 'refuse')).toBe('withdrawn');
    expect(outcomeOf(pending, { username: 'admin-b', role: 'admin' }, 'refuse')).toBe('refused');
  });

  it('nobody decides a change to their own account, and roles that may not approve never do', () => {
    const reset: AccountRequest = { ...pending, kind: 'resetPassword', username: 'admin-b' };

    expect(
      refusal(() => decisionFor(reset, { username: 'admin-b', role: 'admin' }, 'approve', soon)),
    ).toEqual({
      type: 'account-request-own-account',
      status: 403,
    });
    expect(refusal(() => decisionFor(reset, { username: 'admin-b', role: 'admin' }, 'refuse', soon))).toEqual(
      {
        type: 'account-request-own-account',
        status: 403,
      },
    );
    for (const role of ['handler', 'liaison'] as const)
      expect(refusal(() => decisionFor(pending, { username: 'x', role }, 'approve', soon))?.status).toBe(403);
  });

  it('an expired or decided request is not decided again (409); the approver’s own unfinished approval resumes', () => {
    const late = new Date(requestedAt.getTime() + ACCOUNT_REQUEST_LIFETIME_MS);
    const approved: AccountRequest = {
      ...pending,
      status: 'approved',
      decidedBy: { username: 'admin-b', displayName: '第二管理员' },
      decidedAt: soon.toISOString(),
    };

    expect(statusAt(pending, late)).toBe('expired');
    expect(statusAt(pending, soon)).toBe('pending');
    expect(
      refusal(() => decisionFor(pending, { username: 'admin-b', role: 'admin' }, 'approve', late)),
    ).toEqual({
      type: 'account-request-expired',
      status: 409,
    });
    expect(
      refusal(() => decisionFor(approved, { username: 'supervisor', role: 'supervisor' }, 'approve', soon)),
    ).toEqual({ type: 'account-request-decided', status: 409 });
    expect(decisionFor(approved, { username: 'admin-b', role: 'admin' }, 'approve', soon)).toBe('resume');
    expect(
      refusal(() =>
        decisionFor(
          { ...approved, appliedAt: soon.toISOString() },
          { username: 'admin-b', role: 'admin' },
          'approve',
          soon,
        ),
      ),
    ).toEqual({ type: 'account-request-decided', status: 409 });
    expect(
      refusal(() => decisionFor(approved, { username: 'admin-b', role: 'admin' }, 'refuse', soon))?.status,
    ).toBe(409);
  });

  it('the audit entry of a decision names both people and the role before and after', () => {
    const entry = auditEntryOf({
      ...pending,
      kind: 'update',
      username: 'handler-x',
      before: { role: 'handler', unitId: 'dept-transport' },
      after: { role: 'supervisor' },
      status: 'approved',
      decidedBy: { username: 'admin-b', displayName: '第二管理员' },
      decidedAt: soon.toISOString(),
    });

    expect(entry).toMatchObject({
      step: 'approved',
      at: soon.toISOString(),
      requestedBy: { displayName: '系统管理员' },
      decidedBy: { displayName: '第二管理员' },
      before: { role: 'handler', unitId: 'dept-transport' },
      after: { role: 'supervisor' },
    });
  });
});

// What an administrator or supervisor is told when a decision is refused, the audit entry of each step, and the
// shapes stored: the texts and records people read, pinned word for word.

describe('what a refused decision says', () => {
  it('names who may decide, and why nobody decides their own account or approves their own request', () => {
    const notApprover = refusedWith(() =>
      decisionFor(updating, { username: 'h', role: 'handler' }, 'approve', soon),
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
      decisionFor(updating, { username: 'handler-x', role: 'supervisor' }, 'refuse', soon),
    );
    expect(ownAccount.title).toEqual({
      zh: '不能审批与自己账户有关的申请',
      en: 'Nobody decides a change to their own account',
    });
    const ownRequest = refusedWith(() =>
      decisionFor(updating, { username: 'admin', role: 'admin' }, 'approve', soon),
    );
    expect(ownRequest.title).toEqual({
      zh: '申请人不能审批自己的申请，须由另一名管理员或督办人员审批',
      en: 'The requester cannot approve their own request; another administrator or a supervisor must',
    });
    expect([notApprover.details, ownAccount.details, ownRequest.details]).toEqual([{}, {}, {}]);
    expect(notApprover.name).toBe('AccountRequestError');
  });

  it('says when a request expired, and which request, at the very instant it expires', () => {
    const atExpiry = new Date(Date.parse(updating.expiresAt));
    const expired = refusedWith(() =>
      decisionFor(updating, { username: 'admin-b', role: 'admin' }, 'approve', atExpiry),
    );
    expect([expired.type, expired.status, expired.title, expired.details]).toEqual([
      'account-request-expired',
      409,
      { zh: '申请已过期，请重新提出', en: 'The request expired; ask again' },
      { requestId: updating.requestId, expiresAt: updating.expiresAt },
    ]);
    expect(statusAt(updating, new Date(atExpiry.getTime() - 1))).toBe('pending');
    expect(statusAt(updating, atExpiry)).toBe('expired');
    expect(statusAt({ ...updating, status: 'refused' }, atExpiry)).toBe('refused');
    expect(updating.expiresAt).toBe(
      new Date(requestedAt.getTime() + ACCOUNT_REQUEST_LIFETIME_MS).toISOString(),
    );
    expect(ACCOUNT_REQUEST_LIFETIME_MS).toBe(72 * 3600 * 1000);
  });

  it('names who decided a request already, or says someone else did', () => {
    const decided = refusedWith(() =>
      decisionFor(
        { ...updating, status: 'refused', decidedBy: { username: 'sup', displayName: '李督办' } },
        { username: 'admin-b', role: 'admin' },
        'approve',
        soon,
      ),
    );
    expect([decided.type, decided.status, decided.title, decided.details]).toEqual([
      'account-request-decided',
      409,
      { zh: '申请已由李督办处理，不能再次审批', en: 'The request was already decided by 李督办' },
      { requestId: updating.requestId, requestStatus: 'refused' },
    ]);
    const unnamed = refusedWith(() =>
      decisionFor(
        { ...updating, status: 'withdrawn' },
        { username: 'admin-b', role: 'admin' },
        'refuse',
        soon,
      ),
    );
    expect(unnamed.title).toEqual({
      zh: '申请已由他人处理，不能再次审批',
      en: 'The request was already decided by someone else',
    });
    expect(unnamed.details).toEqual({ requestId: updating.requestId, requestStatus: 'withdrawn' });
  });

  it('resumes only the same approver’s approval, and only while it has not been applied', () => {
    const approved: AccountRequest = {
      ...updating,
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
          { ...updating, status: 'refused', decidedBy: approved.decidedBy },
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
    expect(outcomeOf(updating, { username: 'sup', role: 'supervisor' }, 'approve')).toBe('approved');
    expect(outcomeOf(updating, { username: 'admin', role: 'admin' }, 'approve')).toBe('approved');
    expect(outcomeOf(updating, { username: 'admin', role: 'admin' }, 'refuse')).toBe('withdrawn');
    expect(outcomeOf(updating, { username: 'sup', role: 'supervisor' }, 'refuse')).toBe('refused');
  });

  it('an approved request whose approver was not recorded is decided, not resumed', () => {
    const refused = refusedWith(() =>
      decisionFor(
        { ...updating, status: 'approved' },
        { username: 'admin-b', role: 'admin' },
        'approve',
        soon,
      ),
    );
    expect(refused.details).toEqual({ requestId: updating.requestId, requestStatus: 'approved' });
  });
});

describe('the audit entry of each step', () => {
  it('is "requested" at the request time while updating, and the decision at its time after', () => {
    const decidedAt = soon.toISOString();
    const decidedBy = { username: 'sup', displayName: '李督办' };
    expect(auditEntryOf(updating)).toEqual({
      at: updating.requestedAt,
      requestId: updating.requestId,
      step: 'requested',
      kind: 'update',
      username: 'handler-x',
      targetName: '张三',
      requestedBy: updating.requestedBy,
      before: updating.before,
      after: updating.after,
    });
    for (const status of ['approved', 'refused', 'withdrawn'] as const) {
      const entry = auditEntryOf({ ...updating, status, decidedBy, decidedAt, emailChanged: true });
      expect(entry).toMatchObject({ step: status, at: decidedAt, decidedBy, emailChanged: true });
      expect(accountAuditEntrySchema.parse(entry)).toEqual(entry);
    }
    // A decision stored without its time falls back to the request's.
    expect(auditEntryOf({ ...updating, status: 'refused' }).at).toBe(updating.requestedAt);
    expect(auditEntryOf({ ...updating, emailChanged: false })).not.toHaveProperty('emailChanged');
    const { before: _before, ...created } = { ...updating, kind: 'create' as const };
    expect(auditEntryOf(created)).not.toHaveProperty('before');
  });

  it('accepts only the four steps and a whole record', () => {
    const entry = auditEntryOf(updating);
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
    expect(accountRequestSchema.parse(updating)).toEqual(updating);
    for (const change of [
      { kind: 'delete' },
      { status: 'expired' },
      { username: '' },
      { targetName: '' },
      { requestId: '' },
      { expiresAt: 'soon' },
    ])
      expect(accountRequestSchema.safeParse({ ...updating, ...change }).success, JSON.stringify(change)).toBe(
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
