import * as z from 'zod';
import { staffRoles } from '../../auth/claims.ts';

export const staffUserSchema = z.object({
  username: z.string().regex(/^[a-z0-9][a-z0-9-]{2,59}$/, 'lower-case letters, digits and dashes'),
  displayName: z.string().min(1).max(30),
  role: z.enum(staffRoles),
  /** Handlers: their unit. Liaison officers: their studio's triage unit. */
  unitId: z.string().min(1).optional(),
  studioId: z.string().min(1).optional(),
  /** Where staff notifications (new assignments, reminders, cards) go besides the console. */
  email: z.email().optional(),
  disabled: z.boolean().default(false),
});
export type StaffUser = z.infer<typeof staffUserSchema>;

export interface StoredStaffUser extends StaffUser {
  readonly passwordHash: string;
}
