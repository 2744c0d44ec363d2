import * as z from 'zod';
import type { StaffActor } from '../../auth/claims.ts';
import { staffRoles } from '../../auth/claims.ts';
import type { Catalog } from '../../domain/reference/model.ts';
import { type StaffUser, staffUserSchema } from '../../domain/users/model.ts';
import { temporaryPassword } from '../../domain/users/temporary-password.ts';
import { HuiyinError, NotFoundError, ValidationError } from '../../errors/index.ts';
import type { UserDirectory } from '../../ports/user-directory.ts';
import { lineText } from '../../schemas/text.ts';

/**
 * Staff accounts managed by admins: create (with a temporary password shown once), change role, scope and
 * e-mail, disable, reset the password. A handler belongs to an existing unit; a liaison officer to an existing
 * studio (and its triage unit); supervisors and admins to neither. Admins cannot lock themselves out.
 */

const optionalEmail = z.union([z.email(), z.literal('').transform(() => undefined)]).optional();
const password = z.string().min(10, '至少 10 位 / at least 10 characters').max(200);

export const createUserSchema = z.strictObject({
  username: staffUserSchema.shape.username,
  displayName: lineText(1, 30),
  role: z.enum(staffRoles),
  unitId: z.string().min(1).optional(),
  studioId: z.string().min(1).optional(),
  email: optionalEmail,
  /** Optional: without it a temporary password is generated and returned once. */
  password: password.optional(),
});

/** `null` removes an optional attribute. */
export const updateUserSchema = z.strictObject({
  displayName: lineText(1, 30).optional(),
  role: z.enum(staffRoles).optional(),
  unitId: z.string().min(1).nullable().optional(),
  studioId: z.string().min(1).nullable().optional(),
  email: z.email().nullable().optional(),
  disabled: z.boolean().optional(),
});

export const resetPasswordSchema = z.strictObject({ password: password.optional() });

/** A cloud stage manages staff in Cognito; until its adapter lands this API says so plainly. */
export class UserAdministrationUnavailableError extends HuiyinError {
  override readonly name = 'UserAdministrationUnavailableError';
  readonly type = 'user-administration-unavailable';
  readonly status = 501;

  constructor() {
    super({
      zh: '云端环境的账号在 Cognito 用户池中管理',
      en: 'In a cloud stage staff accounts are managed in the Cognito user pool',
    });
  }
}

export interface UserAdminDeps {
  readonly directory: UserDirectory;
  readonly loadCatalog: () => Promise<Catalog>;
}

/** Fills in and checks the scope that goes with the role. */
export function scopedUser(user: StaffUser, catalog: Catalog): StaffUser {
  const { unitId: _unit, studioId: _studio, ...base } = user;
  switch (user.role) {
    case 'handler': {
      if (!user.unitId)
        throw new ValidationError([{ field: 'unitId', message: '承办人需要所属单位 / required' }]);
      if (!catalog.units.some((unit) => unit.unitId === user.unitId))
        throw new ValidationError([{ field: 'unitId', message: '单位不存在 / unknown unit' }]);
      return { ...base, unitId: user.unitId };
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
    default:
      return base;
  }
}

export async function createUser(
  deps: UserAdminDeps,
  request: z.infer<typeof createUserSchema>,
): Promise<{ user: StaffUser; temporaryPassword: string }> {
  const { password: chosen, ...profile } = request;
  const user = scopedUser(staffUserSchema.parse({ ...profile, disabled: false }), await deps.loadCatalog());
  const secret = chosen ?? temporaryPassword();
  await deps.directory.create(user, secret);
  return { user, temporaryPassword: secret };
}

const notFound = () => new NotFoundError({ zh: '没有这个用户', en: 'No such user' });

export async function updateUser(
  deps: UserAdminDeps,
  actor: StaffActor,
  username: string,
  patch: z.infer<typeof updateUserSchema>,
): Promise<StaffUser> {
  const current = await deps.directory.get(username);
  if (!current) throw notFound();
  if (username === actor.username && (patch.disabled === true || (patch.role && patch.role !== 'admin')))
    throw new ValidationError([
      {
        field: patch.disabled ? 'disabled' : 'role',
        message: '不能停用自己或取消自己的管理员角色 / not on yourself',
      },
    ]);
  const merged: Record<string, unknown> = { ...current };
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) delete merged[name];
    else if (value !== undefined) merged[name] = value;
  }
  const user = scopedUser(staffUserSchema.parse(merged), await deps.loadCatalog());
  return deps.directory.update(user);
}

export async function resetPassword(
  deps: UserAdminDeps,
  username: string,
  request: z.infer<typeof resetPasswordSchema>,
): Promise<{ username: string; temporaryPassword: string }> {
  if (!(await deps.directory.get(username))) throw notFound();
  const secret = request.password ?? temporaryPassword();
  await deps.directory.setPassword(username, secret);
  return { username, temporaryPassword: secret };
}
