import * as z from 'zod';
import type { StaffRole } from '../../auth/claims.ts';
import {
  profileOf,
  type StaffRecord,
  type StaffUser,
  staffUserSchema,
  subjectClaimed,
} from '../../domain/users/model.ts';
import {
  type AccountRequest,
  AccountRequestError,
  type AccountRequestStatus,
  type Decision,
  decisionFor,
  expiryOf,
  needsSecondPerson,
  outcomeOf,
  type PersonRef,
  snapshotOf,
  statusAt,
} from '../../domain/users/separation-of-duties.ts';
import { NotFoundError, ValidationError } from '../../errors/index.ts';
import type { AccountRequestStore } from '../../ports/account-requests.ts';
import {
  checkIdentityFields,
  createUser,
  createUserSchema,
  loadStaff,
  plannedUpdate,
  resetPassword,
  type resetPasswordSchema,
  scopedUser,
  taken,
  type UserAdminDeps,
  updateUser,
  updateUserSchema,
} from './users.ts';

/**
 * Staff administration with separation of duties (shared/domain/users/separation-of-duties.ts). Each change the
 * admin API receives is checked as today; one that needs a second person is stored as a pending request instead
 * of applied, and applied through the same use cases (users.ts, the directory port) only when another
 * administrator or a supervisor approves it. The temporary password of an approved creation or reset goes to the
 * approver, once: the requester never holds the credentials of an account they asked for.
 */

export interface AccountRequestDeps extends UserAdminDeps {
  readonly requests: AccountRequestStore;
  readonly newId: () => string;
}

/** The caller: their login, name and role (from their staff record). */
export type Caller = PersonRef & { readonly role: StaffRole };

export const callerOf = (staff: Pick<StaffRecord, 'username' | 'displayName' | 'role'>): Caller => ({
  username: staff.username,
  displayName: staff.displayName,
  role: staff.role,
});

/** A request as the console lists it: its status as of now, without the raw change. */
export type AccountRequestView = Omit<AccountRequest, 'status' | 'change'> & {
  readonly status: AccountRequestStatus;
};

export function viewOf(request: AccountRequest, now: Date): AccountRequestView {
  const { change: _change, ...rest } = request;
  return { ...rest, status: statusAt(request, now) };
}

/** Either the change was applied at once, or it waits for a second person. */
export type Outcome<T> =
  | { readonly applied: true; readonly result: T }
  | { readonly applied: false; readonly request: AccountRequestView };

export const requestIdPathSchema = z.object({ requestId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/) });
export const accountRequestsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

const ref = (person: PersonRef): PersonRef => ({
  username: person.username,
  displayName: person.displayName,
});

/** A chosen password would be known to the requester: a guarded account gets a generated one, at approval. */
function refuseChosenPassword(password: unknown): void {
  if (password !== undefined)
    throw new ValidationError([
      {
        field: 'password',
        message:
          '此账户须经第二人审批，密码在审批通过后生成，不能由申请人指定 / set at approval, not by the requester',
      },
    ]);
}

const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, inner) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );

/**
 * Stores the request, or finds the one already pending for the account: the same request again (a retry, a
 * double click) is answered with the pending one; anything else waits until that one is decided or expires.
 */
async function open(
  deps: AccountRequestDeps,
  draft: Pick<
    AccountRequest,
    'kind' | 'username' | 'targetName' | 'change' | 'before' | 'after' | 'emailChanged'
  >,
  requester: PersonRef,
  now: Date,
): Promise<AccountRequestView> {
  const request: AccountRequest = {
    requestId: deps.newId(),
    ...draft,
    requestedBy: ref(requester),
    requestedAt: now.toISOString(),
    expiresAt: expiryOf(now),
    status: 'pending',
  };
  const { opened, isNew } = await deps.requests.open(request, now);
  if (
    !isNew &&
    !(
      opened.kind === request.kind &&
      opened.requestedBy.username === requester.username &&
      canonical(opened.change) === canonical(request.change)
    )
  )
    throw new AccountRequestError(
      'account-request-pending',
      409,
      {
        zh: `此账户已有一项待审批的申请（${opened.requestedBy.displayName}提出），请待其处理或过期后再申请`,
        en: `A request for this account by ${opened.requestedBy.displayName} is pending; wait until it is decided or expires`,
      },
      { requestId: opened.requestId, expiresAt: opened.expiresAt },
    );
  return viewOf(opened, now);
}

type CreateRequest = z.infer<typeof createUserSchema>;
type Created = Awaited<ReturnType<typeof createUser>>;

export async function requestCreate(
  deps: AccountRequestDeps,
  requester: Caller,
  body: CreateRequest,
  now: Date,
): Promise<Outcome<Created>> {
  const { password, ...profile } = body;
  checkIdentityFields(deps.directory, body);
  const user = scopedUser(staffUserSchema.parse({ ...profile, disabled: false }), await deps.loadCatalog());
  if (!needsSecondPerson({ kind: 'create', after: user }))
    return { applied: true, result: await createUser(deps, body) };
  refuseChosenPassword(password);
  await refuseTaken(deps, user.username, body.subject);
  return {
    applied: false,
    request: await open(
      deps,
      {
        kind: 'create',
        username: user.username,
        targetName: user.displayName,
        change: profile,
        after: snapshotOf(user),
      },
      requester,
      now,
    ),
  };
}

/** A request that could never be applied is refused when asked, not when approved. */
async function refuseTaken(
  deps: AccountRequestDeps,
  username: string,
  subject: string | undefined,
): Promise<void> {
  const existing = await deps.directory.find(username);
  if (existing && (await deps.records.get(existing.subject))) throw taken(username);
  const claimed = deps.directory.manages === 'recordsOnly' && subject?.trim();
  if (claimed && (await deps.records.get(claimed))) throw subjectClaimed();
}

export async function requestUpdate(
  deps: AccountRequestDeps,
  requester: Caller,
  username: string,
  patch: z.infer<typeof updateUserSchema>,
  now: Date,
): Promise<Outcome<StaffUser>> {
  const { current, user } = await plannedUpdate(deps, requester, username, patch);
  if (!needsSecondPerson({ kind: 'update', before: current, after: user }))
    return { applied: true, result: await updateUser(deps, requester, username, patch) };
  return {
    applied: false,
    request: await open(
      deps,
      {
        kind: 'update',
        username,
        targetName: user.displayName,
        change: patch,
        before: snapshotOf(current),
        after: snapshotOf(user),
        ...(user.email !== current.email ? { emailChanged: true } : {}),
      },
      requester,
      now,
    ),
  };
}

type Reset = Awaited<ReturnType<typeof resetPassword>>;

export async function requestPasswordReset(
  deps: AccountRequestDeps,
  requester: Caller,
  username: string,
  body: z.infer<typeof resetPasswordSchema>,
  now: Date,
): Promise<Outcome<Reset>> {
  const current = await loadStaff(deps, username);
  // Where the identity provider keeps the passwords the directory refuses at once (409): nothing to approve.
  if (
    deps.directory.manages === 'recordsOnly' ||
    !needsSecondPerson({ kind: 'resetPassword', before: current })
  )
    return { applied: true, result: await resetPassword(deps, username, body) };
  refuseChosenPassword(body.password);
  return {
    applied: false,
    request: await open(
      deps,
      {
        kind: 'resetPassword',
        username,
        targetName: current.displayName,
        change: {},
        before: snapshotOf(current),
        after: snapshotOf(current),
      },
      requester,
      now,
    ),
  };
}

export async function listAccountRequests(
  deps: Pick<AccountRequestDeps, 'requests'>,
  limit: number,
  now: Date,
): Promise<AccountRequestView[]> {
  return (await deps.requests.recent(limit)).map((request) => viewOf(request, now));
}

async function load(deps: Pick<AccountRequestDeps, 'requests'>, requestId: string): Promise<AccountRequest> {
  const request = await deps.requests.get(requestId);
  if (!request) throw new NotFoundError({ zh: '没有这项申请', en: 'No such request' });
  return request;
}

/** The decision, recorded with its audit entry; a decision that lost a race is refused as the state now says. */
async function record(
  deps: Pick<AccountRequestDeps, 'requests'>,
  request: AccountRequest,
  decider: Caller,
  decision: Decision,
  now: Date,
): Promise<AccountRequest> {
  const decided: AccountRequest = {
    ...request,
    status: outcomeOf(request, decider, decision),
    decidedBy: ref(decider),
    decidedAt: now.toISOString(),
  };
  if (await deps.requests.decide(decided, now)) return decided;
  decisionFor(await load(deps, request.requestId), decider, decision, now);
  // Still pending after a refused write: only a concurrent decision can explain it; say so rather than guess.
  throw new AccountRequestError('account-request-decided', 409, {
    zh: '申请刚被他人处理，请刷新',
    en: 'Someone else decided the request just now; reload',
  });
}

/** Checks that the change can still be made (the unit still exists, the account too) before anyone approves it. */
async function checkApplicable(deps: AccountRequestDeps, request: AccountRequest): Promise<void> {
  switch (request.kind) {
    case 'create':
      scopedUser(staffUserSchema.parse({ ...request.change, disabled: false }), await deps.loadCatalog());
      await refuseTaken(deps, request.username, createUserSchema.parse(request.change).subject);
      return;
    case 'update':
      await plannedUpdate(
        deps,
        request.requestedBy,
        request.username,
        updateUserSchema.parse(request.change),
      );
      return;
    case 'resetPassword':
      await loadStaff(deps, request.username);
      return;
  }
}

export interface Applied {
  readonly request: AccountRequestView;
  readonly user?: StaffUser;
  readonly temporaryPassword?: string;
}

/**
 * Applies an approved change through the directory port. `resume`: this approver's approval was recorded but the
 * change may not have reached the directory (a failure in between); a creation that did complete is finished by
 * a fresh temporary password, since the first one was never shown.
 */
async function apply(
  deps: AccountRequestDeps,
  request: AccountRequest,
  resume: boolean,
): Promise<{ user?: StaffUser; temporaryPassword?: string }> {
  switch (request.kind) {
    case 'create': {
      const body = createUserSchema.parse(request.change);
      if (resume) {
        const existing = await deps.directory.find(request.username);
        const record = existing ? await deps.records.get(existing.subject) : null;
        if (record) {
          // The provider holds the password of a records-only account: the record is all there is to finish.
          if (deps.directory.manages === 'recordsOnly') return { user: profileOf(record) };
          const { temporaryPassword } = await resetPassword(deps, request.username, {});
          return { user: profileOf(record), temporaryPassword };
        }
      }
      return createUser(deps, body);
    }
    case 'update':
      return {
        user: await updateUser(
          deps,
          request.requestedBy,
          request.username,
          updateUserSchema.parse(request.change),
        ),
      };
    case 'resetPassword': {
      const { temporaryPassword } = await resetPassword(deps, request.username, {});
      return { temporaryPassword };
    }
  }
}

/**
 * Approves a pending request and applies it. Never by the requester or the account itself; never a decided or
 * expired request (409). A retry by the same approver after a failure finishes the same approval.
 */
export async function approveAccountRequest(
  deps: AccountRequestDeps,
  decider: Caller,
  requestId: string,
  now: Date,
): Promise<Applied> {
  const request = await load(deps, requestId);
  const step = decisionFor(request, decider, 'approve', now);
  let approved = request;
  if (step === 'decide') {
    await checkApplicable(deps, request);
    approved = await record(deps, request, decider, 'approve', now);
  }
  const result = await apply(deps, approved, step === 'resume');
  const appliedAt = now.toISOString();
  await deps.requests.markApplied(requestId, appliedAt);
  return { request: viewOf({ ...approved, appliedAt }, now), ...result };
}

/**
 * Refuses a pending request (its requester withdraws it). Repeating the same refusal answers as the first did;
 * anything else on a decided or expired request is a 409.
 */
export async function refuseAccountRequest(
  deps: Pick<AccountRequestDeps, 'requests'>,
  decider: Caller,
  requestId: string,
  now: Date,
): Promise<AccountRequestView> {
  const request = await load(deps, requestId);
  if (
    request.decidedBy?.username === decider.username &&
    request.status === outcomeOf(request, decider, 'refuse')
  )
    return viewOf(request, now);
  decisionFor(request, decider, 'refuse', now);
  return viewOf(await record(deps, request, decider, 'refuse', now), now);
}
