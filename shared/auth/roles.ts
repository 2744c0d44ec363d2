/**
 * The staff roles and what each may read: the one place that says it (re-exported by ./claims.ts for the
 * functions). Plain constants without imports, so the browser pages (the dashboard) read the same lists.
 */

export const staffRoles = ['liaison', 'handler', 'supervisor', 'admin'] as const;
export type StaffRole = (typeof staffRoles)[number];

/**
 * `personalDataRoles` read petitions and may unmask their petitioners (the case pages and the reveal route admit
 * exactly these); `accountApproverRoles` may approve or refuse an account change that needs a second person
 * (shared/domain/users/separation-of-duties.ts).
 */
export const personalDataRoles = ['liaison', 'handler', 'supervisor'] as const satisfies readonly StaffRole[];
export const accountApproverRoles = ['admin', 'supervisor'] as const satisfies readonly StaffRole[];

/**
 * Report data (the monthly report card and its CSV / Excel export, the dashboard's overdue board) is read by the
 * roles that read petitions, each within their scope; an administrator keeps the reference data and accounts
 * and reads no figures about cases.
 */
export const reportReaderRoles = personalDataRoles;

export const readsPersonalData = (role: StaffRole): boolean =>
  (personalDataRoles as readonly StaffRole[]).includes(role);
export const readsReports = (role: string): boolean =>
  (reportReaderRoles as readonly string[]).includes(role);
export const approvesAccountChanges = (role: StaffRole): boolean =>
  (accountApproverRoles as readonly StaffRole[]).includes(role);
