import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserAttributesCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  type AttributeType,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { staffRoles } from '../../auth/claims.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../errors/index.ts';
import type { DirectoryAccount, DirectoryEntry, UserDirectory } from '../../ports/user-directory.ts';

/**
 * Staff accounts in a Cognito user pool. Roles are groups (one per role), unit and studio the custom attributes
 * `custom:unitId` / `custom:studioId`, the display name `name`. The pool's managed login signs people in (with
 * the TOTP the pool requires); Huiyin's staff record decides what they may do, so what is written here mirrors
 * the record for people looking at the pool and for the ID token. New accounts get a temporary password that
 * the admin hands over (`MessageAction: SUPPRESS`: Cognito sends no invitation) and must change at first
 * sign-in. Disabling and password resets also sign the user out everywhere (their refresh tokens stop working;
 * access tokens live out their hour, which the staff-record check covers).
 */

const scopeAttributes = { unitId: 'custom:unitId', studioId: 'custom:studioId' } as const;

const hasName = (error: unknown, name: string) => (error as { name?: string })?.name === name;

const userNotFound = () => new NotFoundError({ zh: '没有这个用户', en: 'No such user' });

function attributesOf(account: DirectoryAccount): AttributeType[] {
  const attributes: AttributeType[] = [{ Name: 'name', Value: account.displayName }];
  if (account.email) {
    attributes.push({ Name: 'email', Value: account.email }, { Name: 'email_verified', Value: 'true' });
  }
  for (const [field, attribute] of Object.entries(scopeAttributes) as [
    keyof typeof scopeAttributes,
    string,
  ][]) {
    const value = account[field];
    if (value) attributes.push({ Name: attribute, Value: value });
  }
  return attributes;
}

function absentAttributes(account: DirectoryAccount): string[] {
  const absent: string[] = [];
  if (!account.email) absent.push('email');
  for (const [field, attribute] of Object.entries(scopeAttributes) as [
    keyof typeof scopeAttributes,
    string,
  ][]) {
    if (!account[field]) absent.push(attribute);
  }
  return absent;
}

export class CognitoUserDirectory implements UserDirectory {
  readonly manages = 'accounts' as const;
  readonly #client: CognitoIdentityProviderClient;
  readonly #pool: string;

  constructor(options: { client: CognitoIdentityProviderClient; userPoolId: string }) {
    this.#client = options.client;
    this.#pool = options.userPoolId;
  }

  async create(account: DirectoryAccount, temporaryPassword: string): Promise<DirectoryEntry> {
    let subject: string | undefined;
    try {
      const created = await this.#client.send(
        new AdminCreateUserCommand({
          UserPoolId: this.#pool,
          Username: account.username,
          TemporaryPassword: temporaryPassword,
          MessageAction: 'SUPPRESS',
          UserAttributes: attributesOf(account),
        }),
      );
      subject = created.User?.Attributes?.find((attribute) => attribute.Name === 'sub')?.Value;
    } catch (error) {
      if (hasName(error, 'UsernameExistsException'))
        throw new ConflictError(
          { zh: '用户名已存在', en: 'That username is taken' },
          { field: 'username', username: account.username },
          { cause: error },
        );
      if (hasName(error, 'InvalidPasswordException'))
        throw new ValidationError([{ field: 'password', message: (error as Error).message }]);
      throw error;
    }
    await this.#setGroup(account);
    if (subject) return { subject, enabled: true };
    const found = await this.find(account.username);
    if (!found) throw userNotFound();
    return found;
  }

  async find(username: string): Promise<DirectoryEntry | null> {
    try {
      const user = await this.#client.send(
        new AdminGetUserCommand({ UserPoolId: this.#pool, Username: username }),
      );
      const subject = user.UserAttributes?.find((attribute) => attribute.Name === 'sub')?.Value;
      if (!subject) throw new Error(`Cognito user ${username} has no sub attribute`);
      return { subject, enabled: user.Enabled !== false };
    } catch (error) {
      if (hasName(error, 'UserNotFoundException')) return null;
      throw error;
    }
  }

  async update(account: DirectoryAccount): Promise<void> {
    await this.#mapNotFound(async () => {
      await this.#client.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: this.#pool,
          Username: account.username,
          UserAttributes: attributesOf(account),
        }),
      );
      const absent = absentAttributes(account);
      if (absent.length > 0)
        await this.#client.send(
          new AdminDeleteUserAttributesCommand({
            UserPoolId: this.#pool,
            Username: account.username,
            UserAttributeNames: absent,
          }),
        );
      await this.#setGroup(account);
    });
  }

  disable(username: string): Promise<void> {
    return this.#mapNotFound(async () => {
      await this.#client.send(new AdminDisableUserCommand({ UserPoolId: this.#pool, Username: username }));
      await this.#signOutEverywhere(username);
    });
  }

  enable(username: string): Promise<void> {
    return this.#mapNotFound(async () => {
      await this.#client.send(new AdminEnableUserCommand({ UserPoolId: this.#pool, Username: username }));
    });
  }

  resetPassword(username: string, temporaryPassword: string): Promise<void> {
    return this.#mapNotFound(async () => {
      try {
        await this.#client.send(
          new AdminSetUserPasswordCommand({
            UserPoolId: this.#pool,
            Username: username,
            Password: temporaryPassword,
            Permanent: false,
          }),
        );
      } catch (error) {
        if (hasName(error, 'InvalidPasswordException'))
          throw new ValidationError([{ field: 'password', message: (error as Error).message }]);
        throw error;
      }
      await this.#signOutEverywhere(username);
    });
  }

  /** Exactly one role group: the account's role. Other groups (not Huiyin's) are left alone. */
  async #setGroup(account: DirectoryAccount): Promise<void> {
    const current: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.#client.send(
        new AdminListGroupsForUserCommand({
          UserPoolId: this.#pool,
          Username: account.username,
          ...(nextToken ? { NextToken: nextToken } : {}),
        }),
      );
      for (const group of page.Groups ?? []) if (group.GroupName) current.push(group.GroupName);
      nextToken = page.NextToken;
    } while (nextToken);
    for (const group of current) {
      if (group !== account.role && (staffRoles as readonly string[]).includes(group))
        await this.#client.send(
          new AdminRemoveUserFromGroupCommand({
            UserPoolId: this.#pool,
            Username: account.username,
            GroupName: group,
          }),
        );
    }
    if (!current.includes(account.role))
      await this.#client.send(
        new AdminAddUserToGroupCommand({
          UserPoolId: this.#pool,
          Username: account.username,
          GroupName: account.role,
        }),
      );
  }

  async #signOutEverywhere(username: string): Promise<void> {
    await this.#client.send(
      new AdminUserGlobalSignOutCommand({ UserPoolId: this.#pool, Username: username }),
    );
  }

  async #mapNotFound(action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      if (hasName(error, 'UserNotFoundException')) throw userNotFound();
      throw error;
    }
  }
}
