import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { hashPassword } from '../../domain/users/password.ts';
import type { DirectoryAccount, DirectoryEntry, UserDirectory } from '../../ports/user-directory.ts';
import { DynamoLocalAccounts } from './dynamo-user-accounts.ts';

/**
 * The local `UserDirectory`: the local OIDC provider's accounts, whose subject is the username. Role and scope
 * are not kept here (the provider does not put them in tokens); they live in the staff record. A new or reset
 * account signs in with its temporary password once and must choose a new one, then enrol TOTP, as in Cognito.
 */
export class DynamoUserDirectory implements UserDirectory {
  readonly manages = 'accounts' as const;
  readonly #accounts: DynamoLocalAccounts;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#accounts = new DynamoLocalAccounts(options);
  }

  async create(account: DirectoryAccount, temporaryPassword: string): Promise<DirectoryEntry> {
    await this.#accounts.create({
      username: account.username,
      displayName: account.displayName,
      ...(account.email ? { email: account.email } : {}),
      passwordHash: await hashPassword(temporaryPassword),
      passwordTemporary: true,
      enabled: true,
      totpFailures: 0,
    });
    return { subject: account.username, enabled: true };
  }

  async find(username: string): Promise<DirectoryEntry | null> {
    const account = await this.#accounts.get(username);
    return account ? { subject: account.username, enabled: account.enabled } : null;
  }

  update(account: DirectoryAccount): Promise<void> {
    return this.#accounts.updateProfile(account.username, {
      displayName: account.displayName,
      ...(account.email ? { email: account.email } : {}),
    });
  }

  disable(username: string): Promise<void> {
    return this.#accounts.setEnabled(username, false);
  }

  enable(username: string): Promise<void> {
    return this.#accounts.setEnabled(username, true);
  }

  async resetPassword(username: string, temporaryPassword: string): Promise<void> {
    await this.#accounts.setPassword(username, await hashPassword(temporaryPassword), true);
  }
}
