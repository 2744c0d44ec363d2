import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../infra/local/identity-provider.ts';
import { eventually, petitionBody, startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';

/**
 * Ghost units and dangling links: every unit and case a staff action names is checked against the catalog
 * and the actor's scope (422, a clear message, nothing changed). docs/security.md.
 */

let runtime: TestRuntime;

beforeAll(async () => {
  runtime = await startTestRuntime();
});

afterAll(async () => {
  await runtime?.stop();
});

async function tokenOf(username: string): Promise<string> {
  const response = await runtime.postJson('/api/auth/token', { username, password: DEMO_PASSWORD });
  return ((await response.json()) as { token: string }).token;
}

async function routedCase(body: Record<string, unknown>, status: string) {
  const created = (await (await runtime.postJson('/api/petitions', body)).json()) as { caseId: string };
  return eventually(async () => {
    const item = await runtime.caseStore.get(created.caseId);
    return item?.status === status ? item : undefined;
  }, 15_000);
}

async function act(token: string, caseId: string, action: string, body: Record<string, unknown>) {
  const response = await runtime.postJson(`/api/staff/cases/${caseId}/${action}`, body, {
    authorization: `Bearer ${token}`,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const fieldsOf = (body: Record<string, unknown>) =>
  ((body.errors as { field: string; message: string }[] | undefined) ?? []).map((error) => error.field);

describe('staff actions naming units and cases that do not exist or are not the actor’s', () => {
  it('refuses to assign or reassign to a unit not in the catalog, and changes nothing', async () => {
    const supervisor = await tokenOf('supervisor');
    const assigned = await routedCase(petitionBody({ categoryCode: 'transport' }), 'assigned');
    const triaged = await routedCase(
      petitionBody({ categoryCode: 'other', title: '无法归类的诉求', content: '这件事不知道该找谁，请帮忙' }),
      'triage',
    );

    const reassign = await act(supervisor, assigned.caseId, 'reassign', {
      expectedVersion: assigned.version,
      unitId: 'dept-ghost',
      reason: '转给不存在的单位',
    });
    const assign = await act(supervisor, triaged.caseId, 'assign', {
      expectedVersion: triaged.version,
      unitId: 'dept-ghost',
    });

    for (const result of [reassign, assign]) {
      expect(result.status).toBe(422);
      expect(result.body.type).toBe('urn:huiyin:problem:invalid-reference');
      expect(fieldsOf(result.body)).toEqual(['unitId']);
      expect(JSON.stringify(result.body.errors)).toContain('单位 dept-ghost 不存在');
    }
    expect((await runtime.caseStore.get(assigned.caseId))?.version).toBe(assigned.version);
    expect((await runtime.caseStore.get(assigned.caseId))?.unitId).toBe('dept-transport');
    expect((await runtime.caseStore.get(triaged.caseId))?.version).toBe(triaged.version);
  });

  it('keeps a confidential category with units (and service teams) cleared for it', async () => {
    const supervisor = await tokenOf('supervisor');
    const confidential = await routedCase(
      petitionBody({ categoryCode: 'mental-health', title: '心理压力', content: '最近压力很大，想找人聊聊' }),
      'assigned',
    );
    expect(confidential.unitId).toBe('team-mental-health');
    // A team asked for help sees the case: a confidential one is referred only to a cleared team.
    const referral = await act(
      await tokenOf('handler-team-mental-health'),
      confidential.caseId,
      'refer-team',
      {
        expectedVersion: confidential.version,
        teamId: 'team-technology',
        question: '请科技推广服务团队协助。',
      },
    );
    expect(referral.status).toBe(422);
    expect(fieldsOf(referral.body)).toEqual(['teamId']);
    expect(JSON.stringify(referral.body.errors)).toContain('保密类别只能交由具备保密资质的单位');

    const refused = await act(supervisor, confidential.caseId, 'reassign', {
      expectedVersion: confidential.version,
      unitId: 'dept-housing',
      reason: '转住建局',
    });
    const allowed = await act(supervisor, confidential.caseId, 'reassign', {
      expectedVersion: confidential.version,
      unitId: 'petition-office',
      reason: '转信访局',
    });

    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body.errors)).toContain('保密类别只能交由具备保密资质的单位');
    expect(allowed.status).toBe(200);
    expect((await runtime.caseStore.get(confidential.caseId))?.unitId).toBe('petition-office');
  });

  it('links duplicates only to cases that exist and that the actor may see', async () => {
    const handler = await tokenOf('handler-dept-transport');
    const mine = await routedCase(petitionBody({ categoryCode: 'transport' }), 'assigned');
    const alsoMine = await routedCase(petitionBody({ categoryCode: 'transport' }), 'assigned');
    const others = await routedCase(petitionBody({ categoryCode: 'construction' }), 'assigned');

    const missing = await act(handler, mine.caseId, 'link-duplicate', {
      expectedVersion: mine.version,
      duplicateOf: '01ARZ3NDEKTSV4RRFFQ69G5FAV',
    });
    const notVisible = await act(handler, mine.caseId, 'link-duplicate', {
      expectedVersion: mine.version,
      duplicateOf: others.caseId,
    });
    const linked = await act(handler, mine.caseId, 'link-duplicate', {
      expectedVersion: mine.version,
      duplicateOf: alsoMine.caseId,
    });

    for (const result of [missing, notVisible]) {
      expect(result.status).toBe(422);
      expect(fieldsOf(result.body)).toEqual(['duplicateOf']);
    }
    // "Not yours" and "does not exist" read the same: ids cannot be probed.
    expect(notVisible.body.errors).toEqual(missing.body.errors);
    expect(linked.status).toBe(200);
    expect((await runtime.caseStore.get(mine.caseId))?.duplicateOf).toBe(alsoMine.caseId);
  });
});
