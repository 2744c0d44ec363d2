import { randomBytes } from 'node:crypto';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { provisionTables } from '../../infra/local/provision.ts';
import { CognitoUserDirectory } from '../../shared/adapters/cognito/cognito-user-directory.ts';
import { DynamoStaffRecords } from '../../shared/adapters/dynamo/dynamo-staff-records.ts';
import { StaffRecordCache } from '../../shared/auth/staff-record-cache.ts';
import { demoCounty } from '../../shared/seed/demo-county.ts';
import {
  createUser,
  resetPassword,
  type UserAdminDeps,
  updateUser,
} from '../../shared/use-cases/admin/users.ts';
import { type CognitoStub, startCognitoStub } from '../support/cognito-stub.ts';

/**
 * The Cognito adapter of the user directory, with the real SDK client against a local stand-in of the Cognito
 * API that checks what each request carries; and the admin use cases writing Cognito and Huiyin's staff records
 * (DynamoDB Local) together.
 */

let stub: CognitoStub;
let directory: CognitoUserDirectory;
let records: DynamoStaffRecords;
let deps: UserAdminDeps;
const local = { accessKeyId: 'test', secretAccessKey: 'test' };

beforeAll(async () => {
  stub = await startCognitoStub();
  const cognito = new CognitoIdentityProviderClient({
    endpoint: stub.endpoint,
    region: 'us-east-1',
    credentials: local,
    maxAttempts: 1,
  });
  directory = new CognitoUserDirectory({ client: cognito, userPoolId: stub.userPoolId });
  const dynamodb = new DynamoDBClient({
    endpoint: inject('dynamodbEndpoint'),
    region: 'us-east-1',
    credentials: local,
  });
  const tables = await provisionTables(dynamodb, `t${randomBytes(4).toString('hex')}-`);
  records = new DynamoStaffRecords({
    client: DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } }),
    tableName: tables.main,
  });
  deps = { directory, records, loadCatalog: async () => demoCounty };
});

afterAll(async () => {
  await stub?.stop();
});

const sent = (operation: string, username: string) =>
  stub.requests.filter((request) => request.operation === operation && request.body.Username === username);

describe('the Cognito user directory', () => {
  it('creates the account with a temporary password, no invitation, its attributes and its role group', async () => {
    const entry = await directory.create(
      {
        username: 'handler-roads',
        displayName: '公路承办人',
        role: 'handler',
        unitId: 'dept-transport',
        email: 'roads@example.gov.cn',
      },
      'Temp-Password-2027!',
    );
    const [create] = sent('AdminCreateUser', 'handler-roads');
    const user = stub.users.get('handler-roads')!;

    expect(create?.headers['x-amz-target']).toBe('AWSCognitoIdentityProviderService.AdminCreateUser');
    expect(create?.body).toMatchObject({
      UserPoolId: stub.userPoolId,
      Username: 'handler-roads',
      TemporaryPassword: 'Temp-Password-2027!',
      MessageAction: 'SUPPRESS',
    });
    expect(create?.body.UserAttributes).toEqual(
      expect.arrayContaining([
        { Name: 'name', Value: '公路承办人' },
        { Name: 'email', Value: 'roads@example.gov.cn' },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'custom:unitId', Value: 'dept-transport' },
      ]),
    );
    expect(entry).toEqual({ subject: user.sub, enabled: true });
    expect(user.status).toBe('FORCE_CHANGE_PASSWORD');
    expect([...user.groups]).toEqual(['handler']);
  });

  it('moves the role group and the scope attributes on update, removing what no longer applies', async () => {
    await directory.create(
      { username: 'mover', displayName: '调动人员', role: 'handler', unitId: 'dept-housing' },
      'Temp-Password-2027!',
    );
    await directory.update({ username: 'mover', displayName: '督办人员乙', role: 'supervisor' });
    const user = stub.users.get('mover')!;

    expect(sent('AdminListGroupsForUser', 'mover').length).toBeGreaterThanOrEqual(2);
    expect(sent('AdminRemoveUserFromGroup', 'mover').map((request) => request.body.GroupName)).toEqual([
      'handler',
    ]);
    expect(sent('AdminDeleteUserAttributes', 'mover').at(-1)?.body.UserAttributeNames).toEqual([
      'email',
      'custom:unitId',
      'custom:studioId',
    ]);
    expect([...user.groups]).toEqual(['supervisor']);
    expect(user.attributes.get('name')).toBe('督办人员乙');
    expect(user.attributes.has('custom:unitId')).toBe(false);
  });

  it('follows NextToken through a user’s groups', async () => {
    await directory.create(
      { username: 'many-groups', displayName: '多组', role: 'liaison', studioId: 's' },
      'Temp-Password-2027!',
    );
    const user = stub.users.get('many-groups')!;
    user.groups.add('admin');
    user.groups.add('handler');
    await directory.update({ username: 'many-groups', displayName: '多组', role: 'handler', unitId: 'u' });

    expect([...user.groups]).toEqual(['handler']);
  });

  it('signs the user out everywhere when disabling and when resetting the password', async () => {
    await directory.create(
      { username: 'leaver', displayName: '离职人员', role: 'handler', unitId: 'u' },
      'Temp-Password-2027!',
    );
    await directory.disable('leaver');
    const disabled = { ...stub.users.get('leaver')! };
    await directory.enable('leaver');
    await directory.resetPassword('leaver', 'Reset-Password-2027#');
    const user = stub.users.get('leaver')!;

    expect(disabled.enabled).toBe(false);
    expect(user.enabled).toBe(true);
    expect(sent('AdminSetUserPassword', 'leaver')[0]?.body).toMatchObject({
      Password: 'Reset-Password-2027#',
      Permanent: false,
    });
    expect(user.status).toBe('FORCE_CHANGE_PASSWORD');
    expect(user.globalSignOuts).toBe(2);
  });

  it('maps Cognito’s errors: a taken username is a 409, an unknown user null or 404, a weak password a 400', async () => {
    await expect(
      directory.create({ username: 'handler-roads', displayName: 'x', role: 'admin' }, 'Temp-Password-2027!'),
    ).rejects.toMatchObject({ status: 409 });
    await expect(directory.find('nobody')).resolves.toBeNull();
    await expect(directory.disable('nobody')).rejects.toMatchObject({ status: 404 });
    await expect(
      directory.create({ username: 'weak', displayName: 'x', role: 'admin' }, 'weak'),
    ).rejects.toMatchObject({ status: 400 });
  });
});

describe('admin use cases on Cognito and the staff records', () => {
  const admin = { id: 'admin', username: 'admin', role: 'admin' as const };

  it('writes the staff record under Cognito’s subject, and the record is what a request sees', async () => {
    const result = await createUser(deps, {
      username: 'liaison-new',
      displayName: '新联络员',
      role: 'liaison',
      studioId: 'studio-xikou',
    });
    const sub = stub.users.get('liaison-new')!.sub;
    const cache = new StaffRecordCache({ load: (subject) => records.get(subject), ttlMs: 0 });

    expect(result.temporaryPassword).toBe(stub.users.get('liaison-new')!.password);
    expect(await cache.get(sub)).toMatchObject({
      subject: sub,
      username: 'liaison-new',
      role: 'liaison',
      studioId: 'studio-xikou',
      unitId: expect.any(String),
      disabled: false,
    });
    expect(stub.users.get('liaison-new')!.attributes.get('custom:studioId')).toBe('studio-xikou');
  });

  it('finishes a create that stopped half-way: the account is adopted with a new temporary password', async () => {
    stub.failNext('AdminAddUserToGroup');
    const failed = await createUser(deps, {
      username: 'half-done',
      displayName: '半途',
      role: 'supervisor',
    }).catch((error: unknown) => error);
    const sub = stub.users.get('half-done')!.sub;
    const recordAfterFailure = await records.get(sub);
    const retried = await createUser(deps, {
      username: 'half-done',
      displayName: '半途',
      role: 'supervisor',
    });
    const again = await createUser(deps, {
      username: 'half-done',
      displayName: '半途',
      role: 'supervisor',
    }).catch((error: unknown) => error);

    expect(failed).toBeInstanceOf(Error);
    expect(recordAfterFailure).toBeNull();
    expect(stub.users.get('half-done')!.password).toBe(retried.temporaryPassword);
    expect([...stub.users.get('half-done')!.groups]).toEqual(['supervisor']);
    expect(await records.get(sub)).toMatchObject({ username: 'half-done', role: 'supervisor' });
    expect(again).toMatchObject({ status: 409 });
  });

  it('disables in the record first, then in Cognito with a global sign-out; a retry after a failure finishes it', async () => {
    await createUser(deps, {
      username: 'to-disable',
      displayName: '待停用',
      role: 'handler',
      unitId: 'dept-transport',
    });
    const sub = stub.users.get('to-disable')!.sub;
    stub.failNext('AdminDisableUser');
    const failed = await updateUser(deps, admin, 'to-disable', { disabled: true }).catch(
      (error: unknown) => error,
    );
    const recordAfterFailure = await records.get(sub);
    const enabledInCognito = stub.users.get('to-disable')!.enabled;
    await updateUser(deps, admin, 'to-disable', { disabled: true });
    const reset = await resetPassword(deps, 'to-disable', {});

    expect(failed).toBeInstanceOf(Error);
    expect(recordAfterFailure?.disabled).toBe(true);
    expect(enabledInCognito).toBe(true);
    expect(stub.users.get('to-disable')!.enabled).toBe(false);
    expect(stub.users.get('to-disable')!.globalSignOuts).toBeGreaterThanOrEqual(2);
    expect(stub.users.get('to-disable')!.password).toBe(reset.temporaryPassword);
  });

  it('answers 404 for an account in the pool that has no staff record', async () => {
    await directory.create(
      { username: 'pool-only', displayName: '仅池内', role: 'admin' },
      'Temp-Password-2027!',
    );

    await expect(updateUser(deps, admin, 'pool-only', { displayName: 'x' })).rejects.toMatchObject({
      status: 404,
    });
    await expect(resetPassword(deps, 'pool-only', {})).rejects.toMatchObject({ status: 404 });
  });
});
