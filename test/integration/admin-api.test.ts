import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../infra/local/identity-provider.ts';
import { DynamoCaseStore } from '../../shared/adapters/dynamo/dynamo-case-store.ts';
import { DynamoStaffRecords } from '../../shared/adapters/dynamo/dynamo-staff-records.ts';
import { createWorkCalendar } from '../../shared/domain/calendar/index.ts';
import { decide } from '../../shared/domain/case/lifecycle.ts';
import { statutoryPolicy } from '../../shared/domain/policy/sla-policy.ts';
import {
  eventually,
  fieldErrors,
  petitionBody,
  startTestRuntime,
  type TestRuntime,
} from '../support/runtime-harness.ts';

/** The admin API: reference data with cross-checks, SLA policies in the table, staff accounts, the calendar. */

let runtime: TestRuntime;
let adminToken: string;
let store: DynamoCaseStore;
const calendar = createWorkCalendar({ overrides: [] });

beforeAll(async () => {
  // Staff records are trusted for a second here, not five minutes, so a disable shows within the test.
  process.env.STAFF_STATUS_CACHE_SECONDS = '1';
  runtime = await startTestRuntime();
  adminToken = await runtime.tokenFor('admin');
  store = new DynamoCaseStore({
    client: runtime.clients.document,
    tableName: runtime.tables.main,
    idempotencyTableName: runtime.tables.idempotency,
    cursorSecret: 'unused-in-this-test',
  });
});

afterAll(async () => {
  await runtime?.stop();
});

const admin = (method: string, path: string, body?: unknown) =>
  runtime.authorized(adminToken, method, path, body);

/** The demo supervisor approves an account change the admin asked for. */
async function approve(requestId: string) {
  return runtime.request(`/api/admin/account-requests/${requestId}/approve`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await runtime.tokenFor('supervisor')}` },
  });
}

const legalPolicy = {
  name: '法律咨询时限',
  categoryCodes: ['legal'],
  channels: [],
  acknowledge: { amount: 2, unit: 'workingDays' },
  reply: { amount: 10, unit: 'workingDays' },
  extensionCap: { amount: 5, unit: 'workingDays' },
  objectionWindow: { amount: 1, unit: 'workingDays' },
  surveyWindow: { amount: 15, unit: 'calendarDays' },
  reviewWindow: { amount: 5, unit: 'workingDays' },
};

describe('SLA policies live in the table', () => {
  // First in this file: the router of this runtime has not cached any policies yet.
  it('an admin’s policy is stored with the defaults and the router applies it to new cases', async () => {
    const before = (await (await admin('GET', '/api/admin/policies')).json()) as { defaults: boolean };
    const saved = await admin('PUT', '/api/admin/policies/legal-advice', legalPolicy);
    const after = (await (await admin('GET', '/api/admin/policies')).json()) as {
      defaults: boolean;
      policies: { policyId: string }[];
    };
    const created = (await (
      await runtime.postJson('/api/petitions', petitionBody({ categoryCode: 'legal' }))
    ).json()) as { caseId: string };
    const routed = await eventually(async () => {
      const found = await store.get(created.caseId);
      return found?.status === 'assigned' ? found : undefined;
    }, 10_000);

    expect(before.defaults).toBe(true);
    expect(saved.status).toBe(200);
    expect(after.defaults).toBe(false);
    expect(after.policies.map((policy) => policy.policyId).sort()).toEqual([
      'hotline',
      'legal-advice',
      'statutory',
      'studio-suggestion',
    ]);
    expect(routed.policyId).toBe('legal-advice');
  });

  it('refuses unknown categories, unknown fields and deleting the catch-all', async () => {
    const unknownCategory = await admin('PUT', '/api/admin/policies/bad', {
      ...legalPolicy,
      categoryCodes: ['nope'],
    });
    const unknownField = await admin('PUT', '/api/admin/policies/bad', {
      ...legalPolicy,
      acknowledgeDays: 3,
    });
    const catchAll = await admin('DELETE', '/api/admin/policies/statutory');

    expect(unknownCategory.status).toBe(400);
    expect(await fieldErrors(unknownCategory)).toEqual(['categoryCodes.0']);
    expect(unknownField.status).toBe(400);
    expect(catchAll.status).toBe(422);
  });
});

describe('reference data', () => {
  it('checks a routing rule against the catalog and field by field', async () => {
    const bad = await admin('PUT', '/api/admin/reference/routing-rules/R90', {
      unitId: 'no-such-unit',
      priority: 100,
      categoryCodes: ['no-such-category'],
      jurisdictionCodes: ['atlantis'],
    });
    const empty = await admin('PUT', '/api/admin/reference/routing-rules/R91', {
      unitId: 'dept-housing',
      priority: 1,
    });
    const badId = await admin('PUT', '/api/admin/reference/routing-rules/rule-1', {
      unitId: 'dept-housing',
      priority: 1,
      keywords: ['井盖'],
    });
    const good = await admin('PUT', '/api/admin/reference/routing-rules/R92', {
      unitId: 'dept-housing',
      priority: 950,
      keywords: ['井盖'],
    });
    const dryRun = await admin('POST', '/api/admin/routing-rules/dry-run', {
      title: '井盖丢失',
      content: '小区门口井盖丢失，很危险。',
      categoryCode: 'transport',
      jurisdictionCode: 'chengguan',
    });

    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await fieldErrors(bad)).sort()).toEqual(['categoryCodes.0', 'jurisdictionCodes.0', 'unitId']);
    expect(empty.status).toBe(400);
    expect(await fieldErrors(empty)).toEqual(['']);
    expect(badId.status).toBe(400);
    expect(await fieldErrors(badId)).toEqual(['ruleId']);
    expect(good.status).toBe(200);
    expect(await dryRun.json()).toMatchObject({ unitId: 'dept-housing', ruleId: 'R92', outcome: 'assigned' });
  });

  it('creates a new entry only when its id is free: a second admin adding the same rule number gets 409', async () => {
    const first = await admin('PUT', '/api/admin/reference/routing-rules/R93?create=true', {
      unitId: 'dept-housing',
      priority: 940,
      keywords: ['路灯'],
    });
    const second = await admin('PUT', '/api/admin/reference/routing-rules/R93?create=true', {
      unitId: 'dept-transport',
      priority: 930,
      keywords: ['公交'],
    });
    const typedCode = await admin('PUT', '/api/admin/reference/categories/transport?create=true', {
      nameZh: '重名的类别',
      nameEn: 'A second transport',
      descriptionZh: '与已有类别同代码',
    });
    const catalog = (await (await admin('GET', '/api/admin/reference')).json()) as {
      routingRules: { ruleId: string; unitId: string; keywords?: string[] }[];
      categories: { code: string; nameZh: string }[];
    };

    expect(first.status).toBe(200);
    expect(second.status).toBe(409);
    expect(second.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await second.json()) as { title: string }).title).toMatch(/^编号 R93 已被占用/);
    expect(catalog.routingRules.find((rule) => rule.ruleId === 'R93')).toMatchObject({
      unitId: 'dept-housing',
      keywords: ['路灯'],
    });
    expect(typedCode.status).toBe(409);
    expect(catalog.categories.find((category) => category.code === 'transport')?.nameZh).not.toBe(
      '重名的类别',
    );
  });

  it('refuses to delete what others point at, and deletes what nobody does', async () => {
    const referenced = await admin('DELETE', '/api/admin/reference/units/dept-transport');
    await admin('PUT', '/api/admin/reference/categories/temporary', {
      nameZh: '临时类别',
      nameEn: 'Temporary',
      descriptionZh: '用完即删',
    });
    const deleted = await admin('DELETE', '/api/admin/reference/categories/temporary');
    const catalog = (await (await admin('GET', '/api/admin/reference')).json()) as {
      categories: { code: string }[];
    };

    expect(referenced.status).toBe(409);
    expect(((await referenced.json()) as { referencedBy: string[] }).referencedBy).toEqual(
      expect.arrayContaining(['rule:R3', 'user:handler-dept-transport']),
    );
    expect(deleted.status).toBe(204);
    expect(catalog.categories.map((category) => category.code)).not.toContain('temporary');
  });

  it('refuses to delete a unit that holds a case, and deletes one that holds none', async () => {
    const unit = (unitId: string) =>
      admin('PUT', `/api/admin/reference/units/${unitId}`, {
        nameZh: '临时单位',
        nameEn: 'Temporary unit',
        kind: 'department',
      });
    expect((await unit('dept-holding')).status).toBe(200);
    expect((await unit('dept-idle')).status).toBe(200);
    // A petition routed as usual, then moved to the new unit by a supervisor.
    const submitted = (await (await runtime.postJson('/api/petitions', petitionBody())).json()) as {
      caseId: string;
    };
    const routed = await eventually(async () => {
      const item = await store.get(submitted.caseId);
      return item?.status === 'assigned' ? item : undefined;
    });
    await store.commit(
      decide(
        routed,
        { type: 'reassign', unitId: 'dept-holding', reason: '测试' },
        {
          actor: { id: 'supervisor', role: 'supervisor' },
          now: new Date(),
          calendar,
          policy: statutoryPolicy,
        },
      ),
    );

    const holding = await admin('DELETE', '/api/admin/reference/units/dept-holding');
    const idle = await admin('DELETE', '/api/admin/reference/units/dept-idle');

    expect(holding.status).toBe(409);
    expect(((await holding.json()) as { referencedBy: string[] }).referencedBy).toEqual([
      'cases:dept-holding',
    ]);
    expect(idle.status).toBe(204);
  });
});

describe('staff accounts', () => {
  it('creates an account with a one-time password, never returns a hash, disables and resets it', async () => {
    // A liaison officer reads personal data: the admin asks, the supervisor approves (separation of duties).
    const created = await admin('POST', '/api/admin/users', {
      username: 'liaison-xikou-2',
      displayName: '溪口第二联络员',
      role: 'liaison',
      studioId: 'studio-xikou',
    });
    const asked = (await created.json()) as { request: { requestId: string } };
    const createdBody = (await (await approve(asked.request.requestId)).json()) as {
      user: { unitId: string };
      temporaryPassword: string;
    };
    const listed = await (await admin('GET', '/api/admin/users')).text();
    const record = await new DynamoStaffRecords({
      client: runtime.clients.document,
      tableName: runtime.tables.main,
    }).get('liaison-xikou-2');
    const login = (password: string, newPassword?: string) =>
      runtime.postJson('/api/auth/token', {
        username: 'liaison-xikou-2',
        password,
        ...(newPassword ? { newPassword } : {}),
      });
    // A temporary password must be replaced at the first sign-in, as at Cognito.
    const first = await login(createdBody.temporaryPassword);
    const weak = await login(createdBody.temporaryPassword, 'short');
    const changed = await login(createdBody.temporaryPassword, 'Xikou-Liaison-2nd!');
    const token = ((await changed.json()) as { token: string }).token;
    const me = () => runtime.request('/api/staff/me', { headers: { authorization: `Bearer ${token}` } });
    const before = await me();
    await admin('PATCH', '/api/admin/users/liaison-xikou-2', { disabled: true });
    const whileDisabled = await login('Xikou-Liaison-2nd!');
    // The token it already holds stops working once its staff record is read again (here within a second).
    const refused = await eventually(async () => ((await me()).status === 401 ? true : undefined), 10_000);
    await admin('PATCH', '/api/admin/users/liaison-xikou-2', { disabled: false });
    const resetAsked = (await (
      await admin('POST', '/api/admin/users/liaison-xikou-2/reset-password')
    ).json()) as {
      request: { requestId: string };
    };
    const reset = (await (await approve(resetAsked.request.requestId)).json()) as {
      temporaryPassword: string;
    };
    const old = await login('Xikou-Liaison-2nd!');
    const renewed = await login(reset.temporaryPassword, 'Xikou-Liaison-3rd!');
    const duplicate = await admin('POST', '/api/admin/users', {
      username: 'liaison-xikou-2',
      displayName: '重复',
      role: 'supervisor',
    });

    expect(created.status).toBe(202);
    expect(createdBody.user.unitId).toBe('studio-xikou');
    expect(record).toMatchObject({ subject: 'liaison-xikou-2', role: 'liaison', studioId: 'studio-xikou' });
    expect(JSON.stringify(createdBody)).not.toMatch(/passwordHash|scrypt\$/);
    expect(listed).not.toMatch(/passwordHash|scrypt\$|subject/);
    expect(listed).toContain('liaison-xikou-2');
    expect(first.status).toBe(403);
    expect(weak.status).toBe(400);
    expect(changed.status).toBe(200);
    expect(before.status).toBe(200);
    expect(whileDisabled.status).toBe(401);
    expect(refused).toBe(true);
    expect(old.status).toBe(401);
    expect(renewed.status).toBe(200);
    expect(duplicate.status).toBe(409);
  });

  it('checks the scope that goes with the role, and keeps admins from locking themselves out', async () => {
    const noUnit = await admin('POST', '/api/admin/users', {
      username: 'handler-x',
      displayName: 'X',
      role: 'handler',
    });
    const unknownUnit = await admin('POST', '/api/admin/users', {
      username: 'handler-y',
      displayName: 'Y',
      role: 'handler',
      unitId: 'nowhere',
    });
    const self = await admin('PATCH', '/api/admin/users/admin', { disabled: true });
    const demo = await runtime.postJson('/api/auth/token', { username: 'admin', password: DEMO_PASSWORD });

    expect(noUnit.status).toBe(400);
    expect(await fieldErrors(noUnit)).toEqual(['unitId']);
    expect(unknownUnit.status).toBe(400);
    expect(self.status).toBe(400);
    expect(demo.status).toBe(200);
  });
});

describe('the calendar', () => {
  it('adds and deletes overrides, and entering an official year marks it official', async () => {
    const added = await admin('PUT', '/api/admin/calendar/overrides/2031-03-03', {
      kind: 'holiday',
      name: '防汛',
    });
    const badDate = await admin('PUT', '/api/admin/calendar/overrides/2031-02-30', { kind: 'holiday' });
    const outside = await admin('POST', '/api/admin/calendar/official-years', {
      year: 2031,
      days: [{ date: '2030-06-01', kind: 'holiday' }],
    });
    const entered = await admin('POST', '/api/admin/calendar/official-years', {
      year: 2031,
      days: [{ date: '2030-12-31', kind: 'holiday', name: '元旦' }],
    });
    const overview = (await (await admin('GET', '/api/admin/calendar')).json()) as {
      overrides: { date: string }[];
      officialYears: number[];
      provisionalYears: number[];
    };
    const removed = await admin('DELETE', '/api/admin/calendar/overrides/2031-03-03');
    const after = (await (await admin('GET', '/api/admin/calendar')).json()) as {
      overrides: { date: string }[];
    };

    expect(added.status).toBe(200);
    expect(badDate.status).toBe(400);
    expect(outside.status).toBe(400);
    expect(await entered.json()).toMatchObject({ year: 2031, examined: expect.any(Number) });
    expect(overview.officialYears).toContain(2031);
    expect(overview.overrides.map((override) => override.date)).toEqual(
      expect.arrayContaining(['2030-12-31', '2031-03-03']),
    );
    expect(Array.isArray(overview.provisionalYears)).toBe(true);
    expect(removed.status).toBe(204);
    expect(after.overrides.map((override) => override.date)).not.toContain('2031-03-03');
  });
});
