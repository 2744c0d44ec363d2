import type { StaffUser } from '../domain/users/model.ts';

/**
 * Staff accounts as the admins manage them. Locally the accounts of the local identity provider (DynamoDB,
 * scrypt hashes); in a cloud stage a Cognito user pool (see docs/console.md, "Users in the cloud"). No method
 * ever returns a password hash; a new or reset password is returned once, to the admin who set it.
 */
export interface UserDirectory {
  list(): Promise<StaffUser[]>;
  get(username: string): Promise<StaffUser | null>;
  /** Creates the account with a temporary password; refuses a username that exists (409). */
  create(user: StaffUser, temporaryPassword: string): Promise<StaffUser>;
  /** Replaces the account's profile (role, scope, e-mail, disabled); the password stays as it is. */
  update(user: StaffUser): Promise<StaffUser>;
  setPassword(username: string, temporaryPassword: string): Promise<void>;
}
