import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { ConflictError, NotFoundError } from '../../errors/index.ts';
import { isConditionFailure } from './condition-failure.ts';
import { localAccountKey } from './keys.ts';

/**
 * The accounts of the local OIDC provider, the stand-in for Cognito's user pool on one machine: password
 * hash (scrypt), whether the password is temporary, TOTP enrolment, and the sign-in lockout. They only say who
 * someone is; role and scope live in Huiyin's staff records, as they do in the cloud. The local provider
 * (infra/local) signs people in with them and the local `UserDirectory` adapter manages them for admins.
 */

export const localAccountSchema = z.object({
  username: z.string().min(1),
  displayName: z.string().min(1),
  email: z.string().optional(),
  passwordHash: z.string().min(1),
  /** Set by an admin (create, reset): the next sign-in must choose a new password, as with Cognito. */
  passwordTemporary: z.boolean(),
  enabled: z.boolean(),
  /** Base32 TOTP secret, once enrolled. */
  totpSecret: z.string().optional(),
  /** The last accepted TOTP time step: each code is accepted once. */
  totpLastStep: z.number().int().optional(),
  /** Wrong TOTP codes in a row. */
  totpFailures: z.number().int().default(0),
  /** ISO instant until which sign-in is refused after too many wrong codes. */
  lockedUntil: z.string().optional(),
  /** Sessions and refresh tokens issued before this ISO instant are void (disable, password reset). */
  sessionsValidAfter: z.string().optional(),
});
export type LocalAccount = z.infer<typeof localAccountSchema>;

const accountNotFound = () => new NotFoundError({ zh: '没有这个用户', en: 'No such user' });

export class DynamoLocalAccounts {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async get(username: string): Promise<LocalAccount | null> {
    const result = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: localAccountKey(username), ConsistentRead: true }),
    );
    return result.Item ? localAccountSchema.parse(result.Item) : null;
  }

  /** Creates the account; a username that exists is a 409 (never overwritten). */
  async create(account: LocalAccount): Promise<void> {
    if (!(await this.createIfAbsent(account)))
      throw new ConflictError(
        { zh: '用户名已存在', en: 'That username is taken' },
        { field: 'username', username: account.username },
      );
  }

  /** For seeding: true when the account was created, false when it already existed. */
  async createIfAbsent(account: LocalAccount): Promise<boolean> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            ...localAccountKey(account.username),
            entity: 'localAccount',
            ...localAccountSchema.parse(account),
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** SET/REMOVE on an existing account; a missing one is a 404. */
  async #update(
    username: string,
    set: Record<string, unknown>,
    remove: readonly string[] = [],
    condition = 'attribute_exists(PK)',
    extraValues: Record<string, unknown> = {},
  ): Promise<boolean> {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ...extraValues };
    const assignments = Object.entries(set).map(([name, value], index) => {
      names[`#s${index}`] = name;
      values[`:s${index}`] = value;
      return `#s${index} = :s${index}`;
    });
    remove.forEach((name, index) => {
      names[`#r${index}`] = name;
    });
    const expression = [
      assignments.length > 0 ? `SET ${assignments.join(', ')}` : '',
      remove.length > 0 ? `REMOVE ${remove.map((_, index) => `#r${index}`).join(', ')}` : '',
    ]
      .filter(Boolean)
      .join(' ');
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: localAccountKey(username),
          UpdateExpression: expression,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async #mustUpdate(username: string, set: Record<string, unknown>, remove: readonly string[] = []) {
    if (!(await this.#update(username, set, remove))) throw accountNotFound();
  }

  updateProfile(username: string, profile: { displayName: string; email?: string }): Promise<void> {
    return this.#mustUpdate(
      username,
      { displayName: profile.displayName, ...(profile.email ? { email: profile.email } : {}) },
      profile.email ? [] : ['email'],
    );
  }

  /** Disabling also voids the account's sessions and refresh tokens at the provider. */
  setEnabled(username: string, enabled: boolean, now = new Date()): Promise<void> {
    return this.#mustUpdate(username, {
      enabled,
      ...(enabled ? {} : { sessionsValidAfter: now.toISOString() }),
    });
  }

  /**
   * A new password hash. `temporary` (an admin's reset) forces a change at the next sign-in and ends existing
   * sessions; either way the TOTP lockout is lifted.
   */
  setPassword(username: string, passwordHash: string, temporary: boolean, now = new Date()): Promise<void> {
    return this.#mustUpdate(
      username,
      {
        passwordHash,
        passwordTemporary: temporary,
        totpFailures: 0,
        ...(temporary ? { sessionsValidAfter: now.toISOString() } : {}),
      },
      ['lockedUntil'],
    );
  }

  enrolTotp(username: string, secret: string, step: number): Promise<void> {
    return this.#mustUpdate(username, { totpSecret: secret, totpLastStep: step, totpFailures: 0 }, [
      'lockedUntil',
    ]);
  }

  /** Accepts a code's time step once: false when that step (or a later one) was already used. */
  acceptTotpStep(username: string, step: number): Promise<boolean> {
    return this.#update(
      username,
      { totpLastStep: step, totpFailures: 0 },
      ['lockedUntil'],
      'attribute_exists(PK) AND (attribute_not_exists(totpLastStep) OR totpLastStep < :step)',
      { ':step': step },
    );
  }

  /**
   * Counts a wrong code; at `maxFailures` in a row the account's sign-in is locked until `lockUntil` and the
   * count starts again. Returns the lock when this failure set one.
   */
  async recordTotpFailure(
    username: string,
    maxFailures: number,
    lockUntil: Date,
  ): Promise<{ failures: number; lockedUntil?: string }> {
    const result = await this.#client.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: localAccountKey(username),
        UpdateExpression: 'ADD totpFailures :one',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const failures = Number(result.Attributes?.totpFailures ?? 0);
    if (failures < maxFailures) return { failures };
    const lockedUntil = lockUntil.toISOString();
    await this.#mustUpdate(username, { lockedUntil, totpFailures: 0 });
    return { failures, lockedUntil };
  }
}
