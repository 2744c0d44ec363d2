import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoAccountRequestStore } from '../../shared/adapters/dynamo/dynamo-account-requests.ts';
import { accountRequestKey, pendingAccountRequestKey } from '../../shared/adapters/dynamo/keys.ts';
import { readOutbox } from '../../shared/adapters/notify/outbox-transport.ts';
import { eventually, petitionBody, startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';

/**
 * Separation of duties in staff administration, through the real gateway, handlers, stream dispatcher and
 * notifier: an administrator alone cannot obtain an account that reads personal data. Admin A asks for a
 * supervisor account; A cannot approve it; admin B does; only then does the account exist, sign in and unmask a
 * petitioner. Resetting such an account's password goes the same way. Both names are in the audit, and the
 * county's supervisors hear of each step.
 */

let runtime: TestRuntime;
let requests: DynamoAccountRequestStore;
const tokens = new Map<string, string>();

interface RequestView {
  requestId: string;
  status: string;
  username: string;
  requestedBy: { displayName: string };
  decidedBy?: { displayName: string };
  before?: { role: string };
  after: { role: string };
}

beforeAll(async () => {
  runtime = await startTestRuntime();
  requests = new DynamoAccountRequestStore({
    client: runtime.clients.document,
    tableName: runtime.tables.main,
  });
});

afterAll(async () => {
  await runtime?.stop();
});

async function as(user: string, method: string, path: string, body?: unknown): Promise<Response> {
  if (!tokens.has(user)) tokens.set(user, await runtime.tokenFor(user));
  return runtime.request(path, {
    method,
    headers: {
      authorization: `Bearer ${tokens.get(user)}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const requestOf = async (response: Response) => ((await response.json()) as { request: RequestView }).request;
const problemType = async (response: Response) => ((await response.json()) as { type: string }).type;
const approve = (user: string, requestId: string) =>
  as(user, 'POST', `/api/admin/account-requests/${requestId}/approve`);
const signIn = (username: string, password: string, newPassword?: string) =>
  runtime.postJson('/api/auth/token', { username, password, ...(newPassword ? { newPassword } : {}) });

/** A second administrator, itself created under the rule: the seeded supervisor confirms it. */
async function secondAdmin(): Promise<void> {
  const asked = await as('admin', 'POST', '/api/admin/users', {
    username: 'admin-b',
    displayName: '第二管理员',
    role: 'admin',
  });
  expect(asked.status).toBe(202);
  const confirmed = await approve('supervisor', (await requestOf(asked)).requestId);
  expect(confirmed.status).toBe(200);
}

describe('an account that reads personal data needs a second person', () => {
  it('admin A asks for a supervisor, cannot approve it; admin B approves; the account then signs in and unmasks', async () => {
    await secondAdmin();
    const body = {
      username: 'supervisor-2',
      displayName: '第二督办人员',
      role: 'supervisor',
      email: 'supervisor-2@qingxi.gov.cn',
    };

    const asked = await as('admin', 'POST', '/api/admin/users', body);
    const request = await requestOf(asked.clone());
    const again = await as('admin', 'POST', '/api/admin/users', body);
    const other = await as('admin', 'POST', '/api/admin/users', {
      ...body,
      role: 'handler',
      unitId: 'dept-housing',
    });
    const chosen = await as('admin', 'POST', '/api/admin/users', {
      ...body,
      username: 'supervisor-3',
      password: 'Chosen-By-Admin-1!',
    });
    const beforeApproval = await signIn('supervisor-2', 'anything-at-all');
    const listedBefore = await (await as('admin', 'GET', '/api/admin/users')).text();
    const byRequester = await approve('admin', request.requestId);
    const byHandler = await approve('handler-dept-transport', request.requestId);
    const approved = await approve('admin-b', request.requestId);
    const approvedBody = (await approved.json()) as {
      request: RequestView;
      user: { role: string };
      temporaryPassword: string;
    };
    const twice = await approve('admin-b', request.requestId);

    expect(asked.status).toBe(202);
    expect(JSON.stringify(await asked.json())).not.toMatch(/temporaryPassword|password/i);
    expect(request).toMatchObject({
      status: 'pending',
      username: 'supervisor-2',
      after: { role: 'supervisor' },
      requestedBy: { displayName: '系统管理员' },
    });
    // A retry is the same request; anything else for the account waits for it.
    expect(again.status).toBe(202);
    expect((await requestOf(again)).requestId).toBe(request.requestId);
    expect(other.status).toBe(409);
    expect(await problemType(other)).toMatch(/account-request-pending$/);
    expect(chosen.status).toBe(400);
    expect(beforeApproval.status).toBe(401);
    expect(listedBefore).not.toContain('supervisor-2');
    expect(byRequester.status).toBe(403);
    expect(await problemType(byRequester)).toMatch(/account-request-own-request$/);
    expect(byHandler.status).toBe(403);
    expect(approved.status).toBe(200);
    expect(approvedBody.user.role).toBe('supervisor');
    expect(approvedBody.request).toMatchObject({
      status: 'approved',
      decidedBy: { displayName: '第二管理员' },
    });
    expect(twice.status).toBe(409);
    expect(await problemType(twice)).toMatch(/account-request-decided$/);

    // The account works now, with the password only the approver was shown, and reads personal data.
    const changed = await signIn('supervisor-2', approvedBody.temporaryPassword, 'Second-Supervisor-1!');
    const token = ((await changed.json()) as { token: string }).token;
    const petition = (await (await runtime.postJson('/api/petitions', petitionBody())).json()) as {
      caseId: string;
    };
    const revealed = await eventually(async () => {
      const response = await runtime.request(`/api/staff/cases/${petition.caseId}/petitioner`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return response.status === 200
        ? ((await response.json()) as { petitioner: { phone: string } })
        : undefined;
    });

    expect(changed.status).toBe(200);
    expect(revealed.petitioner.phone).toBe('13812345678');
  });

  it('writes both names and the role before and after to the audit, and tells the supervisors', async () => {
    const asked = await as('admin', 'PATCH', '/api/admin/users/handler-dept-education', {
      role: 'supervisor',
    });
    const request = await requestOf(asked);
    const unchanged = await as('admin', 'GET', '/api/admin/users');
    const approved = await approve('admin-b', request.requestId);

    const audit = (await requests.audit(50)).filter((entry) => entry.requestId === request.requestId);
    const listed = (await (await as('supervisor', 'GET', '/api/admin/account-requests')).json()) as {
      items: RequestView[];
    };
    const bell = await eventually(async () => {
      const notices = (await (await as('supervisor', 'GET', '/api/staff/notices')).json()) as {
        items: { template: string; text: string; caseId: string }[];
      };
      const found = notices.items.filter(
        (notice) => notice.template === 'accountRequest' && notice.text.includes('县教育局承办人'),
      );
      return found.length === 2 ? found : undefined;
    });

    expect(asked.status).toBe(202);
    expect(request.before).toEqual({ role: 'handler', unitId: 'dept-education' });
    expect(
      ((await unchanged.json()) as { items: { username: string; role: string }[] }).items.find(
        (user) => user.username === 'handler-dept-education',
      )?.role,
    ).toBe('handler');
    expect(approved.status).toBe(200);
    expect(audit.map((entry) => entry.step).sort()).toEqual(['approved', 'requested']);
    expect(audit.find((entry) => entry.step === 'approved')).toMatchObject({
      kind: 'update',
      username: 'handler-dept-education',
      requestedBy: { username: 'admin', displayName: '系统管理员' },
      decidedBy: { username: 'admin-b', displayName: '第二管理员' },
      before: { role: 'handler', unitId: 'dept-education' },
      after: { role: 'supervisor' },
    });
    expect(listed.items.find((item) => item.requestId === request.requestId)).toMatchObject({
      status: 'approved',
      requestedBy: { displayName: '系统管理员' },
      decidedBy: { displayName: '第二管理员' },
    });
    // The bell names people, not logins; the notice is about an account, not a case.
    expect(bell.map((notice) => notice.text).join('\n')).toMatch(/系统管理员申请变更账户角色或邮箱/);
    expect(bell.map((notice) => notice.text).join('\n')).toMatch(/第二管理员批准了系统管理员的申请/);
    expect(bell.every((notice) => notice.caseId === '')).toBe(true);
    expect(bell.map((notice) => notice.text).join('\n')).not.toMatch(/handler-dept-education|admin-b/);
  });

  it('resetting a supervisor’s password waits for a second person; the old password stops at approval', async () => {
    const refused = await as('admin', 'POST', '/api/admin/users/supervisor-2/reset-password', {
      password: 'Chosen-By-Admin-2!',
    });
    const asked = await as('admin', 'POST', '/api/admin/users/supervisor-2/reset-password');
    const request = await requestOf(asked);
    const stillOld = await signIn('supervisor-2', 'Second-Supervisor-1!');
    const byTarget = await approve('supervisor-2', request.requestId);
    const approved = await approve('supervisor', request.requestId);
    const { temporaryPassword } = (await approved.json()) as { temporaryPassword: string };
    const old = await signIn('supervisor-2', 'Second-Supervisor-1!');
    const renewed = await signIn('supervisor-2', temporaryPassword, 'Second-Supervisor-2!');
    // The supervisor's own address hears of it too (e-mail to every active supervisor with one).
    const mail = await eventually(async () =>
      (await readOutbox(runtime.clients.document, runtime.outboxTable, 1000)).find(
        (entry) =>
          entry.template === 'accountRequest' &&
          entry.to === 'supervisor-2@qingxi.gov.cn' &&
          entry.subject?.includes('重置密码') &&
          entry.subject.includes('批准'),
      ),
    );

    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { errors: { field: string }[] }).errors[0]?.field).toBe('password');
    expect(asked.status).toBe(202);
    expect(stillOld.status).toBe(200);
    expect(byTarget.status).toBe(403);
    expect(await problemType(byTarget)).toMatch(/account-request-own-account$/);
    expect(approved.status).toBe(200);
    expect(old.status).toBe(401);
    expect(renewed.status).toBe(200);
    expect(mail.subject).toContain('督办人员批准了系统管理员的申请');
  });

  it('a withdrawn or expired request cannot be approved; accounts’ names and scope stay one step', async () => {
    const withdrawnAsk = await requestOf(
      await as('admin', 'POST', '/api/admin/users/handler-team-culture/reset-password'),
    );
    const withdrawn = await as(
      'admin',
      'POST',
      `/api/admin/account-requests/${withdrawnAsk.requestId}/refuse`,
    );
    const withdrawnAgain = await as(
      'admin',
      'POST',
      `/api/admin/account-requests/${withdrawnAsk.requestId}/refuse`,
    );
    const afterWithdrawal = await approve('admin-b', withdrawnAsk.requestId);

    const expiring = await requestOf(
      await as('admin', 'POST', '/api/admin/users/handler-team-culture/reset-password'),
    );
    // Three days pass: the request and the account's guard both carry its expiry.
    for (const Key of [
      accountRequestKey(expiring.requestId),
      pendingAccountRequestKey('handler-team-culture'),
    ])
      await runtime.clients.document.send(
        new UpdateCommand({
          TableName: runtime.tables.main,
          Key,
          UpdateExpression: 'SET expiresAt = :past',
          ExpressionAttributeValues: { ':past': new Date(Date.now() - 1000).toISOString() },
        }),
      );
    const expired = await approve('admin-b', expiring.requestId);
    const askedAgain = await as('admin', 'POST', '/api/admin/users/handler-team-culture/reset-password');
    const renamed = await as('admin', 'PATCH', '/api/admin/users/handler-team-culture', {
      displayName: '文化服务队承办人',
    });

    expect(withdrawn.status).toBe(200);
    expect((await requestOf(withdrawn)).status).toBe('withdrawn');
    expect(withdrawnAgain.status).toBe(200);
    expect(afterWithdrawal.status).toBe(409);
    expect(expired.status).toBe(409);
    expect(await problemType(expired)).toMatch(/account-request-expired$/);
    // The expired request no longer holds the account.
    expect(askedAgain.status).toBe(202);
    expect((await requestOf(askedAgain)).requestId).not.toBe(expiring.requestId);
    expect(renamed.status).toBe(200);
    expect(((await renamed.json()) as { displayName: string }).displayName).toBe('文化服务队承办人');
  });
});
