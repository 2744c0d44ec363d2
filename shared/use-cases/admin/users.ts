import * as z from 'zod';
import type { StaffActor } from '../../auth/claims.ts';
import { staffRoles } from '../../auth/claims.ts';
import type { Catalog } from '../../domain/reference/model.ts';
import { profileOf, type StaffRecord, type StaffUser, staffUserSchema } from '../../domain/users/model.ts';
import { chosenPasswordSchema } from '../../domain/users/password-policy.ts';
import { temporaryPassword } from '../../domain/users/temporary-password.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../errors/index.ts';
import type { StaffRecords } from '../../ports/staff-records.ts';
import type { DirectoryAccount, UserDirectory } from '../../ports/user-directory.ts';
import { lineText } from '../../schemas/text.ts';

/**
 * Staff accounts managed by admins: create (with a temporary password shown once), change role, scope and
 * e-mail, disable, reset the password. Two stores are written together: the identity provider's account
 * (Cognito, or the local provider) and Huiyin's staff record keyed by the provider's subject, which is what
 * staff requests are authorised by. Every operation can be retried after a partial failure and converges.
 * A handler belongs to an existing unit; a liaison officer to an existing studio (and its triage unit);
 * supervisors and admins to neither. Admins cannot lock themselves out.
 */

const optionalEmail = z.union([z.email(), z.literal('').transform(() => undefined)]).optional();

export const createUserSchema = z.strictObject({
  username: staffUserSchema.shape.username,
  displayName: lineText(1, 30),
  role: z.enum(staffRoles),
  unitId: z.string().min(1).optional(),
  studioId: z.string().min(1).optional(),
  email: optionalEmail,
  /** Supervisors: cleared for confidential work (needs a second person's approval). */
  clearedForConfidential: z.boolean().optional(),
  /** Handlers: the unit's lead (assigns the unit's cases to people). */
  unitLead: z.boolean().optional(),
  /** Optional: without it a temporary password is generated and returned once. Accounts directories only. */
  password: chosenPasswordSchema.optional(),
  /** The person's subject at the issuer: required by a records-only directory, refused by the others. */
  subject: z.string().trim().min(1).max(128).optional(),
});

/** `null` removes an optional attribute. */
export const updateUserSchema = z.strictObject({
  displayName: lineText(1, 30).optional(),
  role: z.enum(staffRoles).optional(),
  unitId: z.string().min(1).nullable().optional(),
  studioId: z.string().min(1).nullable().optional(),
  email: z.email().nullable().optional(),
  clearedForConfidential: z.boolean().nullable().optional(),
  unitLead: z.boolean().nullable().optional(),
  disabled: z.boolean().optional(),
});

export const usernamePathSchema = z.object({ username: staffUserSchema.shape.username });

export const resetPasswordSchema = z.strictObject({ password: chosenPasswordSchema.optional() });

export interface UserAdminDeps {
  readonly directory: UserDirectory;
  readonly records: StaffRecords;
  readonly loadCatalog: () => Promise<Catalog>;
}

/** Fills in and checks the scope that goes with the role. */
export function scopedUser(user: StaffUser, catalog: Catalog): StaffUser {
  const { unitId: _unit, studioId: _studio, clearedForConfidential, unitLead, ...base } = user;
  if (unitLead && user.role !== 'handler')
    throw new ValidationError([
      { field: 'unitLead', message: '只有承办人可以担任单位负责人 / only a handler leads a unit' },
    ]);
  if (clearedForConfidential && user.role !== 'supervisor')
    throw new ValidationError([
      {
        field: 'clearedForConfidential',
        message: '只有督办人员可以授予保密件查阅资格 / only supervisors are cleared for confidential work',
      },
    ]);
  switch (user.role) {
    case 'handler': {
      if (!user.unitId)
        throw new ValidationError([{ field: 'unitId', message: '承办人需要所属单位 / required' }]);
      if (!catalog.units.some((unit) => unit.unitId === user.unitId))
        throw new ValidationError([{ field: 'unitId', message: '单位不存在 / unknown unit' }]);
      return { ...base, unitId: user.unitId, ...(unitLead ? { unitLead: true } : {}) };
    }
    case 'liaison': {
      const studio = catalog.studios.find((candidate) => candidate.studioId === user.studioId);
      if (!studio)
        throw new ValidationError([
          {
            field: 'studioId',
            message: user.studioId ? '工作室不存在 / unknown studio' : '联络员需要所属工作室 / required',
          },
        ]);
      return { ...base, studioId: studio.studioId, unitId: studio.triageUnitId };
    }
    case 'supervisor':
      return { ...base, ...(clearedForConfidential ? { clearedForConfidential: true } : {}) };
    default:
      return base;
  }
}

function accountOf(user: StaffUser): DirectoryAccount {
  return {
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    ...(user.unitId ? { unitId: user.unitId } : {}),
    ...(user.studioId ? { studioId: user.studioId } : {}),
    ...(user.email ? { email: user.email } : {}),
  };
}

const notFound = () => new NotFoundError({ zh: '没有这个用户', en: 'No such user' });
export const taken = (username: string) =>
  new ConflictError({ zh: '用户名已存在', en: 'That username is taken' }, { field: 'username', username });

/** The account and its staff record, or 404 when either is missing (a provider account alone is no staff). */
export async function loadStaff(deps: UserAdminDeps, username: string): Promise<StaffRecord> {
  const entry = await deps.directory.find(username);
  const record = entry ? await deps.records.get(entry.subject) : null;
  if (!record || record.username !== username) throw notFound();
  return record;
}

export function listUsers(deps: Pick<UserAdminDeps, 'records'>): Promise<StaffUser[]> {
  return deps.records.list().then((records) => records.map(profileOf));
}

/**
 * Who names the subject and who keeps the password depends on the directory: the provider assigns the subject
 * where Huiyin manages accounts; a records-only directory needs the subject and keeps no password. Checked before
 * anything is written or asked of a second person.
 */
export function checkIdentityFields(
  directory: Pick<UserAdminDeps['directory'], 'manages'>,
  request: Pick<z.infer<typeof createUserSchema>, 'password' | 'subject'>,
): void {
  if (directory.manages === 'accounts') {
    if (request.subject !== undefined)
      throw new ValidationError([
        { field: 'subject', message: '用户标识由身份认证服务分配 / assigned by the identity provider' },
      ]);
    return;
  }
  if (request.password !== undefined)
    throw new ValidationError([
      { field: 'password', message: '密码由统一身份认证平台管理 / kept by the identity provider' },
    ]);
  if (!request.subject?.trim())
    throw new ValidationError([
      {
        field: 'subject',
        message: '请填写统一身份认证平台中的用户标识 / the subject at the identity provider',
      },
    ]);
}

/**
 * The provider account first (it assigns the subject), then the record. An account left without a record by an
 * earlier attempt that failed half-way is adopted: it gets the new temporary password and its record.
 */
export async function createUser(
  deps: UserAdminDeps,
  request: z.infer<typeof createUserSchema>,
): Promise<{ user: StaffUser; temporaryPassword?: string }> {
  const { password: chosen, subject: _subject, ...profile } = request;
  checkIdentityFields(deps.directory, request);
  const user = scopedUser(staffUserSchema.parse({ ...profile, disabled: false }), await deps.loadCatalog());
  if (deps.directory.manages === 'recordsOnly') return createRecordOnly(deps, user, request);
  const secret = chosen ?? temporaryPassword();
  const existing = await deps.directory.find(user.username);
  let subject: string;
  if (existing) {
    if (await deps.records.get(existing.subject)) throw taken(user.username);
    await deps.directory.update(accountOf(user));
    await deps.directory.resetPassword(user.username, secret);
    if (!existing.enabled) await deps.directory.enable(user.username);
    subject = existing.subject;
  } else {
    subject = (await deps.directory.create(accountOf(user), secret)).subject;
  }
  await deps.records.put({ ...user, subject });
  return { user, temporaryPassword: secret };
}

/**
 * Records-only directory: the provider holds the account and its password; the admin names its subject. A retry
 * after a failure finds the record (same username and subject) and answers as the first attempt would have.
 */
async function createRecordOnly(
  deps: UserAdminDeps,
  user: StaffUser,
  request: z.infer<typeof createUserSchema>,
): Promise<{ user: StaffUser }> {
  const existing = await deps.directory.find(user.username);
  if (existing) {
    const record = await deps.records.get(existing.subject);
    if (record && existing.subject === request.subject?.trim() && sameProfile(profileOf(record), user))
      return { user: profileOf(record) };
    throw taken(user.username);
  }
  // No password: the provider keeps it (the directory ignores the argument).
  const { subject } = await deps.directory.create({ ...accountOf(user), subject: request.subject ?? '' }, '');
  await deps.records.put({ ...user, subject });
  return { user };
}

function sameProfile(a: StaffUser, b: StaffUser): boolean {
  return JSON.stringify(accountOf(a)) === JSON.stringify(accountOf(b));
}

/**
 * The record first, so a disable takes effect for Huiyin even if the provider call then fails (a retry
 * finishes it); then the provider's copy of the profile, and its enabled state with a global sign-out.
 */
export async function updateUser(
  deps: UserAdminDeps,
  actor: Pick<StaffActor, 'username'>,
  username: string,
  patch: z.infer<typeof updateUserSchema>,
): Promise<StaffUser> {
  const { current, user } = await plannedUpdate(deps, actor, username, patch);
  await deps.records.put({ ...user, subject: current.subject });
  await deps.directory.update(accountOf(user));
  if (user.disabled) await deps.directory.disable(username);
  else if (current.disabled) await deps.directory.enable(username);
  return user;
}

/** The account as it is and as the patch would leave it, checked; nothing written. */
export async function plannedUpdate(
  deps: UserAdminDeps,
  actor: Pick<StaffActor, 'username'>,
  username: string,
  patch: z.infer<typeof updateUserSchema>,
): Promise<{ current: StaffRecord; user: StaffUser }> {
  const current = await loadStaff(deps, username);
  if (username === actor.username && (patch.disabled === true || (patch.role && patch.role !== 'admin')))
    throw new ValidationError([
      {
        field: patch.disabled ? 'disabled' : 'role',
        message: '不能停用自己或取消自己的管理员角色 / not on yourself',
      },
    ]);
  const merged: Record<string, unknown> = { ...profileOf(current) };
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) delete merged[name];
    else if (value !== undefined) merged[name] = value;
  }
  return { current, user: scopedUser(staffUserSchema.parse(merged), await deps.loadCatalog()) };
}

export async function resetPassword(
  deps: UserAdminDeps,
  username: string,
  request: z.infer<typeof resetPasswordSchema>,
): Promise<{ username: string; temporaryPassword: string }> {
  await loadStaff(deps, username);
  const secret = request.password ?? temporaryPassword();
  await deps.directory.resetPassword(username, secret);
  return { username, temporaryPassword: secret };
}
