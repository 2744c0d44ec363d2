import type { StaffRole } from '../auth/claims.ts';

/**
 * The identity provider's side of a staff account: Cognito's user pool in the cloud, the local OIDC provider's
 * account store on one machine. It signs people in and issues their tokens; what they may do is Huiyin's own
 * staff record (`StaffRecords`). The admin use cases write both together. No method returns a password; a
 * new or reset password goes to the admin who set it, once.
 */
export interface DirectoryAccount {
  readonly username: string;
  readonly displayName: string;
  readonly role: StaffRole;
  readonly unitId?: string;
  readonly studioId?: string;
  readonly email?: string;
  /**
   * The person's subject at the issuer, as an administrator copied it from the provider's own console: given
   * only to a records-only directory, where Huiyin cannot ask the provider for it.
   */
  readonly subject?: string;
}

export interface DirectoryEntry {
  /** The subject (`sub`) the provider puts in this account's tokens. */
  readonly subject: string;
  readonly enabled: boolean;
}

export interface UserDirectory {
  /**
   * `accounts`: the directory creates accounts and sets passwords (Cognito, the local provider); it assigns the
   * subject. `recordsOnly`: the county's provider exposes no directory to Huiyin (AWS China profile); accounts,
   * passwords and sessions are the provider's, and Huiyin keeps only its staff records, keyed by the subject an
   * administrator enters.
   */
  readonly manages: 'accounts' | 'recordsOnly';
  /**
   * Creates the account with a temporary password that must be changed at the first sign-in, and returns its
   * subject. Refuses a username that exists (ConflictError).
   */
  create(account: DirectoryAccount, temporaryPassword: string): Promise<DirectoryEntry>;
  find(username: string): Promise<DirectoryEntry | null>;
  /** Mirrors name, e-mail, role (Cognito: group) and scope (Cognito: custom attributes) into the provider. */
  update(account: DirectoryAccount): Promise<void>;
  /** Refuses new sign-ins and ends the account's sessions (Cognito: global sign-out of refresh tokens). */
  disable(username: string): Promise<void>;
  enable(username: string): Promise<void>;
  /** A new temporary password, to be changed at the next sign-in; existing sessions end. */
  resetPassword(username: string, temporaryPassword: string): Promise<void>;
}
