import * as z from 'zod';
import { approvesAccountChanges, readsPersonalData, type StaffRole, staffRoles } from '../../auth/claims.ts';
import { HuiyinError, type LocalizedText } from '../../errors/index.ts';
import type { StaffUser } from './model.ts';

/**
 * Separation of duties in staff administration (四眼原则). One administrator alone must not be able to obtain an
 * account that reads petitioners' personal data: not by creating one, not by giving an account such a role, not
 * by resetting its password or redirecting its recovery e-mail. Such a change is only requested by one person
 * and applied when a second one, an administrator or a supervisor who is neither the requester nor the account
 * itself, approves it. Accounts that can approve are guarded the same way, or one administrator could create a
 * second administrator account and approve their own request with it. Everything else (names, scope within a
 * role, disabling) stays one step. Pure: the use case (shared/use-cases/admin/account-requests.ts) stores and
 * applies.
 */

/** A request nobody decided within this time can no longer be approved; the requester asks again. */
export const ACCOUNT_REQUEST_LIFETIME_MS = 72 * 3600 * 1000;

/** A role whose accounts need a second person to be created, given, reset or redirected. */
export function isGuardedRole(role: StaffRole): boolean {
  return readsPersonalData(role) || approvesAccountChanges(role);
}

type Account = Pick<StaffUser, 'role' | 'email' | 'clearedForConfidential'>;

export type AccountChange =
  | { readonly kind: 'create'; readonly after: Account }
  | { readonly kind: 'update'; readonly before: Account; readonly after: Account }
  | { readonly kind: 'resetPassword'; readonly before: Account };

export type AccountRequestKind = AccountChange['kind'];

/**
 * Whether the change waits for a second person: creating a guarded account; giving an account a guarded role it
 * did not have; resetting a guarded account's password; giving a guarded account a new e-mail address (the
 * address its password can be recovered through); clearing an account for confidential work (it then reads
 * confidential cases' content). Withdrawing a clearance is one step: it takes access away.
 */
export function needsSecondPerson(change: AccountChange): boolean {
  switch (change.kind) {
    case 'create':
      return isGuardedRole(change.after.role);
    case 'resetPassword':
      return isGuardedRole(change.before.role);
    case 'update': {
      const { before, after } = change;
      if (!isGuardedRole(after.role)) return false;
      if (after.role !== before.role) return true;
      if (after.clearedForConfidential === true && before.clearedForConfidential !== true) return true;
      return after.email !== undefined && after.email !== before.email;
    }
  }
}

/** Who did something: the login for the record, the name for people. */
export const personRefSchema = z.object({ username: z.string().min(1), displayName: z.string().min(1) });
export type PersonRef = z.infer<typeof personRefSchema>;

/** What the audit keeps of an account before and after: role and scope, never a password. */
export const accountSnapshotSchema = z.object({
  role: z.enum(staffRoles),
  unitId: z.string().min(1).optional(),
  studioId: z.string().min(1).optional(),
  disabled: z.boolean().optional(),
  clearedForConfidential: z.boolean().optional(),
  unitLead: z.boolean().optional(),
});
export type AccountSnapshot = z.infer<typeof accountSnapshotSchema>;

export function snapshotOf(
  user: Pick<StaffUser, 'role' | 'unitId' | 'studioId' | 'disabled' | 'clearedForConfidential' | 'unitLead'>,
): AccountSnapshot {
  return {
    role: user.role,
    ...(user.unitId ? { unitId: user.unitId } : {}),
    ...(user.studioId ? { studioId: user.studioId } : {}),
    ...(user.disabled ? { disabled: true } : {}),
    ...(user.clearedForConfidential ? { clearedForConfidential: true } : {}),
    ...(user.unitLead ? { unitLead: true } : {}),
  };
}

export const storedRequestStatuses = ['pending', 'approved', 'refused', 'withdrawn'] as const;
export type StoredRequestStatus = (typeof storedRequestStatuses)[number];
export const accountRequestStatuses = [...storedRequestStatuses, 'expired'] as const;
export type AccountRequestStatus = (typeof accountRequestStatuses)[number];
export const accountRequestKinds = ['create', 'update', 'resetPassword'] as const;

export const accountRequestSchema = z.object({
  requestId: z.string().min(1),
  kind: z.enum(accountRequestKinds),
  /** The account the change is for. */
  username: z.string().min(1),
  /** Its name (for a new account, the name it will have). */
  targetName: z.string().min(1),
  /** The change as the admin API received it, never with a password: a create's body, an update's patch, `{}`. */
  change: z.record(z.string(), z.unknown()),
  before: accountSnapshotSchema.optional(),
  after: accountSnapshotSchema,
  /** The e-mail address changes too (the address itself is not repeated here). */
  emailChanged: z.boolean().optional(),
  requestedBy: personRefSchema,
  requestedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  status: z.enum(storedRequestStatuses),
  decidedBy: personRefSchema.optional(),
  decidedAt: z.iso.datetime().optional(),
  /** When the approved change reached the directory and the staff record. */
  appliedAt: z.iso.datetime().optional(),
});
export type AccountRequest = z.infer<typeof accountRequestSchema>;

/** The status people see: a pending request past its expiry is expired. */
export function statusAt(
  request: Pick<AccountRequest, 'status' | 'expiresAt'>,
  now: Date,
): AccountRequestStatus {
  return request.status === 'pending' && Date.parse(request.expiresAt) <= now.getTime()
    ? 'expired'
    : request.status;
}

export function expiryOf(requestedAt: Date): string {
  return new Date(requestedAt.getTime() + ACCOUNT_REQUEST_LIFETIME_MS).toISOString();
}

/** One line of the account audit: who asked, who decided, what the account was and became. Never changed. */
export const accountAuditEntrySchema = z.object({
  at: z.iso.datetime(),
  requestId: z.string().min(1),
  step: z.enum(['requested', 'approved', 'refused', 'withdrawn']),
  kind: z.enum(accountRequestKinds),
  username: z.string().min(1),
  targetName: z.string().min(1),
  requestedBy: personRefSchema,
  decidedBy: personRefSchema.optional(),
  before: accountSnapshotSchema.optional(),
  after: accountSnapshotSchema,
  emailChanged: z.boolean().optional(),
});
export type AccountAuditEntry = z.infer<typeof accountAuditEntrySchema>;

/** The audit entry a request's current state stands for. */
export function auditEntryOf(request: AccountRequest): AccountAuditEntry {
  const step = request.status === 'pending' ? 'requested' : request.status;
  return {
    at: step === 'requested' ? request.requestedAt : (request.decidedAt ?? request.requestedAt),
    requestId: request.requestId,
    step,
    kind: request.kind,
    username: request.username,
    targetName: request.targetName,
    requestedBy: request.requestedBy,
    ...(request.decidedBy ? { decidedBy: request.decidedBy } : {}),
    ...(request.before ? { before: request.before } : {}),
    after: request.after,
    ...(request.emailChanged ? { emailChanged: true } : {}),
  };
}

/** A refusal with a stable problem type (403 for the wrong person, 409 for the wrong state). */
export class AccountRequestError extends HuiyinError {
  override readonly name = 'AccountRequestError';
  readonly type: string;
  readonly status: number;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(type: string, status: number, title: LocalizedText, details: Record<string, unknown> = {}) {
    super(title);
    this.type = type;
    this.status = status;
    this.details = details;
  }
}

export interface Decider {
  readonly username: string;
  readonly role: StaffRole;
}

export type Decision = 'approve' | 'refuse';

/**
 * What a decision does: `decide` records it, `resume` finishes an approval this approver already recorded whose
 * change did not reach the directory (a retry after a failure). Anything else is refused:
 * - only an administrator or a supervisor decides, never the account the change is for;
 * - the requester never approves their own request (they may withdraw it: refuse);
 * - a decided or expired request is not decided again.
 */
export function decisionFor(
  request: AccountRequest,
  decider: Decider,
  decision: Decision,
  now: Date,
): 'decide' | 'resume' {
  if (!approvesAccountChanges(decider.role))
    throw new AccountRequestError('account-request-not-approver', 403, {
      zh: '只有系统管理员或督办人员可以审批账户变更',
      en: 'Only administrators and supervisors decide account changes',
    });
  if (decider.username === request.username)
    throw new AccountRequestError('account-request-own-account', 403, {
      zh: '不能审批与自己账户有关的申请',
      en: 'Nobody decides a change to their own account',
    });
  if (decision === 'approve' && decider.username === request.requestedBy.username)
    throw new AccountRequestError('account-request-own-request', 403, {
      zh: '申请人不能审批自己的申请，须由另一名管理员或督办人员审批',
      en: 'The requester cannot approve their own request; another administrator or a supervisor must',
    });
  if (
    decision === 'approve' &&
    request.status === 'approved' &&
    request.decidedBy?.username === decider.username &&
    !request.appliedAt
  )
    return 'resume';
  const status = statusAt(request, now);
  if (status === 'expired')
    throw new AccountRequestError(
      'account-request-expired',
      409,
      { zh: '申请已过期，请重新提出', en: 'The request expired; ask again' },
      { requestId: request.requestId, expiresAt: request.expiresAt },
    );
  if (status !== 'pending')
    throw new AccountRequestError(
      'account-request-decided',
      409,
      {
        zh: `申请已由${request.decidedBy?.displayName ?? '他人'}处理，不能再次审批`,
        en: `The request was already decided by ${request.decidedBy?.displayName ?? 'someone else'}`,
      },
      { requestId: request.requestId, requestStatus: status },
    );
  return 'decide';
}

/** The stored status a decision leads to: the requester's own refusal is a withdrawal. */
export function outcomeOf(
  request: AccountRequest,
  decider: Decider,
  decision: Decision,
): StoredRequestStatus {
  if (decision === 'approve') return 'approved';
  return decider.username === request.requestedBy.username ? 'withdrawn' : 'refused';
}
