import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, petitionBody, startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';

/**
 * Service teams (服务团队): the unit holding a case refers it to a team for expert help; the team sees the case,
 * answers on it, and its own figures count what it was asked and what it answered.
 */

let runtime: TestRuntime;
let caseId: string;

beforeAll(async () => {
  runtime = await startTestRuntime();
  const created = (await (
    await runtime.postJson(
      '/api/petitions',
      petitionBody({ categoryCode: 'transport', title: '乡村客运班次太少' }),
    )
  ).json()) as { caseId: string };
  caseId = created.caseId;
  await eventually(
    async () => ((await runtime.caseStore.get(caseId))?.status === 'assigned' ? true : undefined),
    10_000,
  );
});

afterAll(async () => {
  await runtime?.stop();
});

async function as(username: string) {
  const headers = { authorization: `Bearer ${await runtime.tokenFor(username)}` };
  return {
    get: (path: string) => runtime.request(path, { headers }),
    post: (path: string, body: unknown) => runtime.postJson(path, body, headers),
  };
}

const version = async () => (await runtime.caseStore.get(caseId))!.version;

describe('referring a case to a service team', () => {
  it('records the referral on the case, refuses a second open one and a unit that is not a team', async () => {
    const holder = await as('handler-dept-transport');
    const referred = await holder.post(`/api/staff/cases/${caseId}/refer-team`, {
      expectedVersion: await version(),
      teamId: 'team-technology',
      question: '请科技推广服务团队帮助评估开通电商物流专线的可行性。',
    });
    expect(referred.status).toBe(200);
    const view = (await referred.json()) as { status: string; unitId: string; teamReferrals: unknown[] };
    expect(view).toMatchObject({ status: 'assigned', unitId: 'dept-transport' });
    expect(view.teamReferrals).toHaveLength(1);

    const again = await holder.post(`/api/staff/cases/${caseId}/refer-team`, {
      expectedVersion: await version(),
      teamId: 'team-technology',
      question: '再次请求协助。',
    });
    expect(again.status).toBe(409);
    const notATeam = await holder.post(`/api/staff/cases/${caseId}/refer-team`, {
      expectedVersion: await version(),
      teamId: 'dept-housing',
      question: '请住建局协助。',
    });
    expect(notATeam.status).toBe(422);
  });

  it('lets the team asked (and only it) see the case and answer; the answer shows on the timeline', async () => {
    const team = await as('handler-team-technology');
    const other = await as('handler-team-medical');
    expect((await team.get(`/api/staff/cases/${caseId}`)).status).toBe(200);
    expect((await other.get(`/api/staff/cases/${caseId}`)).status).toBe(404);
    expect(
      (
        await other.post(`/api/staff/cases/${caseId}/team-answer`, {
          expectedVersion: await version(),
          answer: '我们没有被邀请。',
        })
      ).status,
    ).toBe(404);

    const answered = await team.post(`/api/staff/cases/${caseId}/team-answer`, {
      expectedVersion: await version(),
      answer: '建议与快递企业合作开通农村电商物流专线，团队可提供培训。',
    });
    expect(answered.status).toBe(200);
    const page = (await (
      await (await as('handler-dept-transport')).get(`/api/staff/cases/${caseId}`)
    ).json()) as {
      timeline: { type: string; data: Record<string, unknown> }[];
    };
    expect(page.timeline.map((event) => event.type)).toEqual(
      expect.arrayContaining(['teamReferred', 'teamAnswered']),
    );
    expect(page.timeline.find((event) => event.type === 'teamAnswered')!.data).toMatchObject({
      teamId: 'team-technology',
    });
    // The team cannot answer twice (the referral is no longer open).
    expect(
      (
        await team.post(`/api/staff/cases/${caseId}/team-answer`, {
          expectedVersion: await version(),
          answer: '补充意见。',
        })
      ).status,
    ).toBe(403);
  });

  it('counts the team’s work in its own figures, for the team and supervisors only', async () => {
    const path = '/api/staff/teams/team-technology/referrals';
    const response = await (await as('handler-team-technology')).get(path);
    expect(response.status).toBe(200);
    const work = (await response.json()) as {
      team: { name: string };
      items: { caseId: string; answeredAt?: string }[];
      total: { referred: number; answered: number; open: number };
      months: { referred: number; answered: number }[];
    };
    expect(work.team.name).toBe('科技推广服务团队');
    expect(work.total).toEqual({ referred: 1, answered: 1, open: 0 });
    expect(work.items[0]).toMatchObject({ caseId });
    expect(work.months).toEqual([expect.objectContaining({ referred: 1, answered: 1 })]);
    expect((await (await as('supervisor')).get(path)).status).toBe(200);
    expect((await (await as('handler-dept-transport')).get(path)).status).toBe(403);
    expect((await (await as('handler-team-medical')).get(path)).status).toBe(403);
  });
});
