import { describe, expect, it } from 'vitest';
import { personalDataRoles, type StaffRole, staffRoles } from '../../../shared/auth/claims.ts';
import {
  ACCOUNT_REQUEST_LIFETIME_MS,
  type AccountRequest,
  AccountRequestError,
  auditEntryOf,
  decisionFor,
  expiryOf,
  isGuardedRole,
  needsSecondPerson,
  outcomeOf,
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
const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof AccountRequestError) return { type: error.type, status: error.status };
    throw error;
  }
  return null;
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
