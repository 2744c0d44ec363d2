import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../infra/local/identity-provider.ts';
import { eventually, petitionBody, startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';

let runtime: TestRuntime;

beforeAll(async () => {
  runtime = await startTestRuntime();
});

afterAll(async () => {
  await runtime?.stop();
});

async function login(username: string, password = DEMO_PASSWORD) {
  return runtime.postJson('/api/auth/token', { username, password });
}

async function tokenOf(username: string): Promise<string> {
  const response = await login(username);
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

function staff(token: string) {
  const headers = { authorization: `Bearer ${token}` };
  return {
    get: (path: string) => runtime.request(path, { headers }),
    post: (path: string, body: unknown) => runtime.postJson(path, body, headers),
  };
}

/** A petition routed by category to a unit, waiting to be acknowledged. */
async function assignedCase(categoryCode: string): Promise<{ caseId: string; trackingCode: string }> {
  const created = (await (
    await runtime.postJson('/api/petitions', petitionBody({ categoryCode }))
  ).json()) as { caseId: string; trackingCode: string };
  await eventually(async () => {
    const view = (await (
      await runtime.request(`/api/petitions/${created.trackingCode}?phone=5678`)
    ).json()) as { status: string };
    return view.status === 'assigned' ? true : undefined;
  });
  return created;
}

describe('the local token helper (scripts and tests; the pages sign in through the OIDC provider)', () => {
  it('issues an access token of the provider for a demo login, with the user from the staff record', async () => {
    const response = await login('handler-dept-transport');
    const body = (await response.json()) as {
      token: string;
      user: { id: string; role: string; unitId: string };
    };

    expect(response.status).toBe(200);
    expect(body.user).toMatchObject({
      id: 'handler-dept-transport',
      role: 'handler',
      unitId: 'dept-transport',
    });
    const [header, payload] = body.token
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    // Only identity: role and scope come from the staff record, as with Cognito's access tokens.
    expect(header).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
    expect(payload).toMatchObject({
      sub: 'handler-dept-transport',
      iss: runtime.issuer,
      aud: 'huiyin-console',
      client_id: 'huiyin-console',
    });
    expect(payload).not.toHaveProperty('role');
    expect(payload.exp - payload.iat).toBe(3600);
  });

  it('refuses a wrong password, and rate-limits repeated failures', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++)
      statuses.push((await login('handler-dept-housing', 'wrong-password')).status);

    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect((await login('handler-dept-housing')).status).toBe(429);
  });

  it('answers 401 without a token, with a tampered token and with a token signed by someone else', async () => {
    const token = await tokenOf('supervisor');
    const [header, payload, signature] = token.split('.');
    const forged = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...forged, role: 'admin' })).toString('base64url')}.${signature}`;
    const { privateKey } = await generateKeyPair('ES256');
    const foreign = await new SignJWT({ role: 'supervisor' })
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject('x')
      .setExpirationTime('1h')
      .sign(privateKey);

    expect((await runtime.request('/api/staff/cases')).status).toBe(401);
    expect((await staff(tampered).get('/api/staff/cases')).status).toBe(401);
    expect((await staff(foreign).get('/api/staff/cases')).status).toBe(401);
  });
});

describe('a handler works their own unit’s cases', () => {
  it('sees the case in the inbox, acknowledges and replies; a stale version gets 409 naming who changed it', async () => {
    const { caseId, trackingCode } = await assignedCase('transport');
    const handler = staff(await tokenOf('handler-dept-transport'));

    const inbox = (await (await handler.get('/api/staff/cases?status=assigned')).json()) as {
      items: { caseId: string }[];
    };
    const page = (await (await handler.get(`/api/staff/cases/${caseId}`)).json()) as {
      version: number;
      petitioner: { phone: string };
      allowedActions: string[];
    };
    const acknowledged = await handler.post(`/api/staff/cases/${caseId}/acknowledge`, {
      expectedVersion: page.version,
    });
    const stale = await handler.post(`/api/staff/cases/${caseId}/note`, {
      expectedVersion: page.version,
      text: '晚到的一步',
    });
    const replied = await handler.post(`/api/staff/cases/${caseId}/reply`, {
      expectedVersion: page.version + 1,
      text: '站牌已修复，感谢反映。',
    });
    const tracked = (await (await runtime.request(`/api/petitions/${trackingCode}?phone=5678`)).json()) as {
      status: string;
      reply?: { text: string };
    };

    expect(inbox.items.map((item) => item.caseId)).toContain(caseId);
    expect(page.petitioner.phone).toBe('138****5678');
    expect(page.allowedActions).toEqual(expect.arrayContaining(['acknowledge', 'return', 'note']));
    expect(acknowledged.status).toBe(200);
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({
      changedBy: 'handler-dept-transport',
      currentVersion: page.version + 1,
    });
    expect(replied.status).toBe(200);
    expect(tracked).toMatchObject({ status: 'replied', reply: { text: '站牌已修复，感谢反映。' } });
  });

  it('cannot read or change another unit’s case (404, no hint that it exists)', async () => {
    const { caseId } = await assignedCase('transport');
    const other = staff(await tokenOf('handler-dept-environment'));

    expect((await other.get(`/api/staff/cases/${caseId}`)).status).toBe(404);
    expect((await other.get(`/api/staff/cases/${caseId}/petitioner`)).status).toBe(404);
    expect((await other.post(`/api/staff/cases/${caseId}/acknowledge`, { expectedVersion: 2 })).status).toBe(
      404,
    );
    expect((await other.get('/api/staff/cases?status=assigned&unitId=dept-transport')).status).toBe(403);
  });

  it('records every unmask of the petitioner in the audit trail', async () => {
    const { caseId } = await assignedCase('transport');
    const handler = staff(await tokenOf('handler-dept-transport'));

    const revealed = (await (await handler.get(`/api/staff/cases/${caseId}/petitioner`)).json()) as {
      petitioner: { phone: string };
    };
    const store = runtime.caseStore;

    expect(revealed.petitioner.phone).toBe('13812345678');
    expect((await store.reads(caseId)).map((read) => [read.actor.id, read.what])).toContainEqual([
      'handler-dept-transport',
      'petitioner',
    ]);
  });
});

describe('supervisors and liaison officers', () => {
  it('a supervisor approves an extension and reassigns a case', async () => {
    const { caseId } = await assignedCase('transport');
    const handler = staff(await tokenOf('handler-dept-transport'));
    const supervisor = staff(await tokenOf('supervisor'));
    await handler.post(`/api/staff/cases/${caseId}/acknowledge`, { expectedVersion: 2 });
    await handler.post(`/api/staff/cases/${caseId}/request-extension`, {
      expectedVersion: 3,
      days: 10,
      reason: '需要现场勘查',
    });

    const pending = (await (await supervisor.get(`/api/staff/cases/${caseId}`)).json()) as {
      extensionPending?: { days: number };
      allowedActions: string[];
    };
    const approved = await supervisor.post(`/api/staff/cases/${caseId}/decide-extension`, {
      expectedVersion: 4,
      approve: true,
    });
    const reassigned = await supervisor.post(`/api/staff/cases/${caseId}/assign`, {
      expectedVersion: 5,
      unitId: 'dept-housing',
      reason: '属住建职责',
    });
    const body = (await reassigned.json()) as {
      unitId: string;
      status: string;
      transfers: { kind: string }[];
    };

    expect(pending.extensionPending?.days).toBe(10);
    expect(pending.allowedActions).toContain('decideExtension');
    expect(approved.status).toBe(200);
    expect(reassigned.status).toBe(200);
    expect(body).toMatchObject({ unitId: 'dept-housing', status: 'assigned' });
    expect(body.transfers.map((transfer) => transfer.kind)).toEqual(['assigned', 'reassigned']);
  });

  it('a liaison officer registers a visit for the studio, and finds it in the studio list', async () => {
    const liaison = staff(await tokenOf('liaison-studio-xikou'));
    const { channel: _ignored, ...body } = {
      channel: 'web',
      ...petitionBody({ categoryCode: 'agriculture', jurisdictionCode: 'xikou' }),
    };

    const response = await liaison.post('/api/staff/cases', { ...body, channel: 'visit' });
    const created = (await response.json()) as { caseId: string; status: string };
    const listed = await eventually(async () => {
      const page = (await (await liaison.get('/api/staff/cases?scope=studio&status=assigned')).json()) as {
        items: { caseId: string }[];
      };
      return page.items.some((item) => item.caseId === created.caseId) ? page : undefined;
    });

    expect(response.status).toBe(201);
    expect(created.status).toBe('registered');
    expect(listed.items.map((item) => item.caseId)).toContain(created.caseId);
  });

  it('an admin may not read petitions', async () => {
    const admin = staff(await tokenOf('admin'));

    expect((await admin.get('/api/staff/cases')).status).toBe(403);
  });
});
