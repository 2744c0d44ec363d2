import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoStaffRecords } from '../../shared/adapters/dynamo/dynamo-staff-records.ts';
import { DynamoLocalAccounts } from '../../shared/adapters/dynamo/dynamo-user-accounts.ts';
import { hashPassword } from '../../shared/domain/users/password.ts';
import { eventually, fieldErrors, startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';

/**
 * Staff administration where the identity provider exposes no directory (`USER_DIRECTORY=records`, the AWS
 * China profile): the admin API keeps Huiyin's staff records only, keyed by the subject an administrator copies
 * from the county's provider. The local OIDC provider plays that provider: an account created on its side (as
 * the county's platform would) signs in, and what the person may do comes from the record alone.
 */

const subject = 'f3b1c2d4-7a41-4c8e-9e0f-2b6d1a9c5e77';
let runtime: TestRuntime;
let adminToken: string;
let records: DynamoStaffRecords;

beforeAll(async () => {
  process.env.STAFF_STATUS_CACHE_SECONDS = '1';
  process.env.USER_DIRECTORY = 'records';
  runtime = await startTestRuntime();
  adminToken = await runtime.tokenFor('admin');
  records = new DynamoStaffRecords({ client: runtime.clients.document, tableName: runtime.tables.main });
  // The person exists at the provider only: its account store (here, the local provider's) has the subject.
  await new DynamoLocalAccounts({ client: runtime.clients.document, tableName: runtime.tables.main }).create({
    username: subject,
    displayName: '省平台账号',
    passwordHash: await hashPassword('Provider-Owned-Pass-1!'),
    passwordTemporary: false,
    enabled: true,
    totpFailures: 0,
  });
});

afterAll(async () => {
  await runtime?.stop();
  delete process.env.USER_DIRECTORY;
});

const admin = (method: string, path: string, body?: unknown) =>
  runtime.authorized(adminToken, method, path, body);

const handler = {
  username: 'handler-county-sso',
  displayName: '县平台承办人',
  role: 'handler',
  unitId: 'team-agriculture',
};

describe('a records-only directory', () => {
  it('asks for the subject, keeps the record under it, and returns no password', async () => {
    const withoutSubject = await admin('POST', '/api/admin/users', handler);
    const withPassword = await admin('POST', '/api/admin/users', {
      ...handler,
      subject,
      password: 'Chosen-Password-12!',
    });
    // A handler reads personal data: the account waits for a second person (separation of duties).
    const requested = await admin('POST', '/api/admin/users', { ...handler, subject });
    const requestedBody = (await requested.json()) as { request: { requestId: string } };
    const { request } = requestedBody;
    const approve = async () =>
      runtime.authorized(
        await runtime.tokenFor('supervisor'),
        'POST',
        `/api/admin/account-requests/${request.requestId}/approve`,
      );
    const approved = await approve();
    const body = (await approved.json()) as Record<string, unknown>;
    const again = await approve();
    const list = (await (await admin('GET', '/api/admin/users')).json()) as { directory: string };

    expect(withoutSubject.status).toBe(400);
    expect(await fieldErrors(withoutSubject)).toEqual(['subject']);
    expect(withPassword.status).toBe(400);
    expect(await fieldErrors(withPassword)).toEqual(['password']);
    expect(requested.status).toBe(202);
    expect(approved.status).toBe(200);
    // The provider keeps the password: none in the answer.
    expect(body).toMatchObject({ user: { ...handler, disabled: false } });
    expect(body).not.toHaveProperty('temporaryPassword');
    // Applied once: a second approval is refused, and nothing more is created.
    expect(again.status).toBe(409);
    expect(await records.get(subject)).toMatchObject({ ...handler, subject, disabled: false });
    expect(list.directory).toBe('recordsOnly');
  });

  it('lets the provider’s account act as the record says, and refuses it once the record is disabled', async () => {
    const token = await runtime.tokenFor(subject);
    const me = () => runtime.request('/api/staff/me', { headers: { authorization: `Bearer ${token}` } });
    const before = await me();
    const profile = (await before.json()) as Record<string, unknown>;
    const disabled = await admin('PATCH', `/api/admin/users/${handler.username}`, { disabled: true });
    const refused = await eventually(async () => ((await me()).status === 401 ? true : undefined), 10_000);
    await admin('PATCH', `/api/admin/users/${handler.username}`, { disabled: false });

    expect(before.status).toBe(200);
    expect(profile).toMatchObject({
      displayName: handler.displayName,
      role: 'handler',
      unitId: 'team-agriculture',
    });
    expect(disabled.status).toBe(200);
    expect(refused).toBe(true);
  });

  it('claims each subject once, and leaves passwords to the provider', async () => {
    // Refused when asked (a request that could never be applied does not wait for an approver).
    const sameSubject = await admin('POST', '/api/admin/users', {
      username: 'someone-else',
      displayName: '另一人',
      role: 'supervisor',
      subject,
    });
    const reset = await admin('POST', `/api/admin/users/${handler.username}/reset-password`);
    const problem = (await reset.json()) as { title: string };

    expect(sameSubject.status).toBe(409);
    expect((await records.get(subject))?.username).toBe(handler.username);
    expect(reset.status).toBe(409);
    expect(problem.title).toMatch(/统一身份认证平台/);
  });
});
