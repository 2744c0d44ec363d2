import * as z from 'zod';
import { staffRoles } from '../../auth/claims.ts';
import { ConflictError } from '../../errors/index.ts';
import { glossary } from '../glossary.ts';

/** Role names in notices people read (the console has its own, in its language). */
export const staffRoleNamesZh = {
  liaison: glossary.liaison.zh,
  handler: glossary.handler.zh,
  supervisor: glossary.supervisor.zh,
  admin: glossary.admin.zh,
} as const satisfies Record<(typeof staffRoles)[number], string>;

/** A staff member as admins see and edit them (the admin API's shape). */
export const staffUserSchema = z.object({
  username: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9-]{2,59}$/,
      '只能用小写字母、数字和连字符，3–60 个字符 / lower-case letters, digits and dashes',
    ),
  displayName: z.string().min(1).max(30),
  role: z.enum(staffRoles),
  /** Handlers: their unit. Liaison officers: their studio's triage unit. */
  unitId: z.string().min(1).optional(),
  studioId: z.string().min(1).optional(),
  /** Where staff notifications (new assignments, reminders, cards) go besides the console. */
  email: z.email().optional(),
  /**
   * Supervisors only: cleared for confidential work, so they read confidential cases' content
   * (shared/domain/case/confidential-access.ts). Granting it needs a second person, like a role that reads
   * personal data (separation-of-duties.ts).
   */
  clearedForConfidential: z.boolean().optional(),
  /**
   * Handlers only: the unit's lead, who assigns the unit's cases to its people (shared/domain/case/ownership.ts).
   * It reads no more than any handler of the unit, so it needs no second person.
   */
  unitLead: z.boolean().optional(),
  disabled: z.boolean().default(false),
});
export type StaffUser = z.infer<typeof staffUserSchema>;

/**
 * Huiyin's own record of a staff member, keyed by the identity provider's subject (`sub`). The token only
 * proves who is calling; role, scope and whether the account is active come from this record. Cognito and the
 * local provider are written together with it by the admin use cases; another OIDC provider (the AWS China
 * profile) gives nothing but the subject, which is why the record, not the token, is the truth.
 */
export const staffRecordSchema = staffUserSchema.extend({
  subject: z.string().min(1).max(128),
});
export type StaffRecord = z.infer<typeof staffRecordSchema>;

/** The admin API's view of a record: everything but the provider's subject. */
export function profileOf(record: StaffRecord): StaffUser {
  const { subject: _subject, ...profile } = record;
  return profile;
}

/** A subject at the identity provider belongs to one staff record (records-only directories claim it). */
export const subjectClaimed = () =>
  new ConflictError(
    { zh: '该用户标识已对应其他工作人员', en: 'That subject already belongs to a staff member' },
    { field: 'subject' },
  );
