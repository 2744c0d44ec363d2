import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../infra/local/identity-provider.ts';
import { eventually, petitionBody, startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';
import { giveStaffEmails, reminderEmails, remindNow, staffEmail } from '../support/unit-notices.ts';

/**
 * Who works a case inside its unit: the lead of 县交通运输局 gives a case to a handler, who finds it under
 * "mine"; a handler takes an unassigned one; the unit's load counts follow; a reassignment clears the owner;
 * a reminder reaches the owner and not the lead (docs/console.md, docs/deadlines.md).
 */

let runtime: TestRuntime;
const LEAD = 'lead-dept-transport';
const HANDLER = 'handler-dept-transport';

beforeAll(async () => {
  runtime = await startTestRuntime();
  // E-mail addresses on the demo accounts, so a notice's recipients show in the outbox.
  await giveStaffEmails(runtime, [LEAD, HANDLER]);
});

afterAll(async () => {
  await runtime?.stop();
});

async function tokenOf(username: string): Promise<string> {
  const response = await runtime.postJson('/api/auth/token', { username, password: DEMO_PASSWORD });
  return ((await response.json()) as { token: string }).token;
}

async function transportCase(title: string) {
  const response = await runtime.postJson(
    '/api/petitions',
    petitionBody({ categoryCode: 'transport', title, content: `${title}，请尽快处理。` }),
  );
  const { caseId } = (await response.json()) as { caseId: string };
  return eventually(async () => {
    const item = await runtime.caseStore.get(caseId);
    return item?.status === 'assigned' ? item : undefined;
  });
}

async function act(token: string, caseId: string, action: string, body: Record<string, unknown>) {
  const response = await runtime.authorized(token, 'POST', `/api/staff/cases/${caseId}/${action}`, body);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function listed(token: string, owner: 'mine' | 'unassigned'): Promise<string[]> {
  const response = await runtime.authorized(token, 'GET', `/api/staff/cases?owner=${owner}&limit=50`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: { caseId: string }[] }).items.map((item) => item.caseId);
}

async function load(token: string) {
  const response = await runtime.authorized(token, 'GET', '/api/staff/unit-load');
  expect(response.status).toBe(200);
  return (await response.json()) as {
    people: { username: string; displayName: string; unitLead: boolean; open: number }[];
    unassigned: number;
  };
}

describe('cases owned by a person inside the unit', () => {
  it('the lead assigns, the handler sees it under mine, counts follow, a reassignment clears the owner', async () => {
    const [lead, handler, supervisor] = await Promise.all([
      tokenOf(LEAD),
      tokenOf(HANDLER),
      tokenOf('supervisor'),
    ]);
    const first = await transportCase('公交站台破损');
    const second = await transportCase('道路坑洼积水');
    expect(await listed(handler, 'unassigned')).toEqual(
      expect.arrayContaining([first.caseId, second.caseId]),
    );
    const before = await load(lead);

    // A handler who is not the lead cannot give a case to someone else (403, nothing changed).
    const refused = await act(handler, first.caseId, 'assign-owner', {
      expectedVersion: first.version,
      ownerId: LEAD,
    });
    expect(refused.status).toBe(403);
    // Only an active handler of the unit can be given a case (422, the field named).
    const ghost = await act(lead, first.caseId, 'assign-owner', {
      expectedVersion: first.version,
      ownerId: 'handler-dept-environment',
    });
    expect(ghost.status).toBe(422);
    expect(ghost.body.type).toBe('urn:huiyin:problem:invalid-reference');
    expect(JSON.stringify(ghost.body.errors)).toContain('ownerId');
    expect((await runtime.caseStore.get(first.caseId))?.version).toBe(first.version);

    const given = await act(lead, first.caseId, 'assign-owner', {
      expectedVersion: first.version,
      ownerId: HANDLER,
    });
    expect(given.status).toBe(200);
    expect(given.body.ownerId).toBe(HANDLER);
    const taken = await act(handler, second.caseId, 'assign-owner', {
      expectedVersion: second.version,
      ownerId: HANDLER,
    });
    expect(taken.status).toBe(200);

    expect(await listed(handler, 'mine')).toEqual(expect.arrayContaining([first.caseId, second.caseId]));
    expect(await listed(lead, 'mine')).not.toContain(first.caseId);
    expect(await listed(handler, 'unassigned')).not.toContain(first.caseId);
    const after = await load(lead);
    const openOf = (result: typeof after, username: string) =>
      result.people.find((person) => person.username === username)?.open;
    expect(after.people[0]).toMatchObject({
      username: LEAD,
      unitLead: true,
      displayName: '县交通运输局负责人',
    });
    expect(openOf(after, HANDLER)).toBe((openOf(before, HANDLER) ?? 0) + 2);
    expect(after.unassigned).toBe(before.unassigned - 2);

    // The timeline says it in words, with the person's name.
    const page = await runtime.authorized(handler, 'GET', `/api/staff/cases/${first.caseId}`);
    const view = (await page.json()) as { timeline: { type: string; data: Record<string, unknown> }[] };
    expect(
      view.timeline.some((event) => event.type === 'ownerAssigned' && event.data.ownerId === HANDLER),
    ).toBe(true);

    // A supervisor moves the case to another unit: it has no owner there, and leaves the handler's list.
    const current = await runtime.caseStore.get(first.caseId);
    const moved = await act(supervisor, first.caseId, 'reassign', {
      expectedVersion: current!.version,
      unitId: 'dept-housing',
      reason: '属住建部门职责',
    });
    expect(moved.status).toBe(200);
    expect((await runtime.caseStore.get(first.caseId))?.ownerId).toBeUndefined();
    expect(await listed(handler, 'mine')).not.toContain(first.caseId);
    expect(openOf(await load(lead), HANDLER)).toBe(openOf(after, HANDLER)! - 1);
  });

  it('sends a reminder to the owner, not to the lead', async () => {
    const lead = await tokenOf(LEAD);
    const item = await transportCase('红绿灯故障');
    await act(lead, item.caseId, 'assign-owner', { expectedVersion: item.version, ownerId: HANDLER });

    await remindNow(runtime, item.caseId);
    const emails = await reminderEmails(runtime, item.caseId, staffEmail(HANDLER));
    expect(emails).not.toContain(staffEmail(LEAD));
  });
});
