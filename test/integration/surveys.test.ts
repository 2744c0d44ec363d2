import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoCaseStore } from '../../shared/adapters/dynamo/dynamo-case-store.ts';
import { readOutbox } from '../../shared/adapters/notify/outbox-transport.ts';
import { createWorkCalendar } from '../../shared/domain/calendar/index.ts';
import { statutoryPolicy, studioSuggestionPolicy } from '../../shared/domain/policy/sla-policy.ts';
import { demoCounty } from '../../shared/seed/demo-county.ts';
import { answerSurvey } from '../../shared/use-cases/surveys.ts';
import { runSurveyExpiry } from '../../shared/use-cases/sweeps.ts';
import { eventually, petitionBody, startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';

/**
 * The satisfaction survey through the whole local runtime: closing sends the link (outbox), the tracking page
 * shows it, the public API records each rating once, 不满意 reopens for review once and then goes to a
 * supervisor, an expired or forged link is refused, and a supervisor's call-back (回访) stands in for it.
 */

let runtime: TestRuntime;
let store: DynamoCaseStore;

beforeAll(async () => {
  process.env.RATE_LIMITS = 'off';
  runtime = await startTestRuntime();
  store = runtime.caseStore;
});

afterAll(async () => {
  await runtime?.stop();
});

interface StaffCase {
  caseId: string;
  version: number;
  status: string;
}

interface TrackView {
  status: string;
  survey?: { url: string; status: string; expiresAt?: string };
}

async function staffPost(username: string, caseId: string, action: string, body: Record<string, unknown>) {
  const token = await runtime.tokenFor(username);
  return runtime.postJson(`/api/staff/cases/${caseId}/${action}`, body, { authorization: `Bearer ${token}` });
}

async function act(username: string, item: StaffCase, action: string, body: Record<string, unknown> = {}) {
  const response = await staffPost(username, item.caseId, action, { expectedVersion: item.version, ...body });
  expect(response.status, `${action}: ${await response.clone().text()}`).toBe(200);
  return (await response.json()) as StaffCase;
}

async function track(trackingCode: string): Promise<TrackView> {
  return (await (await runtime.request(`/api/petitions/${trackingCode}?phone=5678`)).json()) as TrackView;
}

const HANDLER = 'handler-dept-transport';

/** A petition routed to 县交通运输局, acknowledged, replied and closed by the unit: its survey is open. */
async function closedCase(): Promise<{
  caseId: string;
  trackingCode: string;
  token: string;
  version: number;
}> {
  const created = (await (await runtime.postJson('/api/petitions', petitionBody())).json()) as {
    caseId: string;
    trackingCode: string;
  };
  await eventually(async () =>
    (await track(created.trackingCode)).status === 'assigned' ? true : undefined,
  );
  let item: StaffCase = { caseId: created.caseId, version: 2, status: 'assigned' };
  item = await act(HANDLER, item, 'acknowledge');
  item = await act(HANDLER, item, 'reply', { text: '站牌已于今日更换，感谢您的反映。' });
  item = await act(HANDLER, item, 'close', { summary: '已更换站牌' });
  const view = await track(created.trackingCode);
  return { ...created, token: tokenOf(view.survey!.url), version: item.version };
}

const tokenOf = (url: string) => new URL(url).searchParams.get('t')!;

const answer = (token: string, body: unknown) => runtime.postJson(`/api/surveys/${token}`, body);
const view = async (token: string) => {
  const response = await runtime.request(`/api/surveys/${token}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('the survey link', () => {
  it('is sent to the petitioner when the case closes and shown on the tracking page', async () => {
    const { caseId, trackingCode, token } = await closedCase();

    const sms = await eventually(async () =>
      (await readOutbox(runtime.clients.document, runtime.outboxTable, 1000)).find(
        (entry) => entry.caseId === caseId && entry.template === 'surveyInvitation',
      ),
    );
    const tracked = await track(trackingCode);
    const page = await view(token);

    expect(sms.body).toContain(`/survey.html?t=${token}`);
    expect(tracked.survey).toMatchObject({
      status: 'pending',
      url: `${process.env.PUBLIC_BASE_URL}/survey.html?t=${token}`,
    });
    expect(page).toMatchObject({
      status: 200,
      body: { trackingCode, status: 'pending', canAnswer: true, round: 1, unitName: '县交通运输局' },
    });
    expect(Date.parse(String(page.body.expiresAt))).toBeGreaterThan(Date.now());
  });
});

describe('answering', () => {
  it.each([
    ['satisfied', 'survey'],
    ['basically_satisfied', 'survey'],
  ] as const)('%s archives the case; a second answer is a 409', async (rating, archiveReason) => {
    const { caseId, trackingCode, token } = await closedCase();

    const first = await answer(token, { rating, comment: '很好' });
    const second = await answer(token, { rating: 'dissatisfied' });

    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ trackingCode, status: 'answered', rating, outcome: 'archived' });
    expect(second.status).toBe(409);
    expect(second.headers.get('content-type')).toContain('application/problem+json');
    expect(((await second.json()) as { type: string }).type).toBe(
      'urn:huiyin:problem:survey-already-answered',
    );
    expect(await store.get(caseId)).toMatchObject({ status: 'archived', archiveReason });
    expect((await view(token)).body).toMatchObject({ status: 'answered', canAnswer: false, rating });
    expect((await track(trackingCode)).survey?.status).toBe('answered');
  });

  it('不满意 sends the case back to the unit (重新办理) once; the second 不满意 may ask the level above for 复查', async () => {
    const { caseId, trackingCode, token } = await closedCase();

    const first = await answer(token, { rating: 'dissatisfied', comment: '站牌位置不对' });
    const reopened = (await store.get(caseId))!;
    let item: StaffCase = { caseId, version: reopened.version, status: reopened.status };
    item = await act(HANDLER, item, 'reply', { text: '已按您的意见调整站牌位置。' });
    item = await act(HANDLER, item, 'close');
    const secondToken = tokenOf((await track(trackingCode)).survey!.url);
    const stale = await answer(token, { rating: 'satisfied' });
    const second = await answer(secondToken, { rating: 'dissatisfied', requestReview: true });

    expect(await first.json()).toMatchObject({ outcome: 'reopened' });
    expect(reopened).toMatchObject({ status: 'acknowledged', reopenCount: 1 });
    expect(secondToken).not.toBe(token);
    expect(secondToken).toMatch(/\.2\./);
    expect(stale.status).toBe(410);
    expect((await view(token)).body).toMatchObject({ status: 'superseded', canAnswer: false, round: 1 });
    const secondBody = (await second.json()) as { outcome: string; reviewBy: string };
    expect(secondBody.outcome).toBe('review');
    expect(Date.parse(secondBody.reviewBy)).toBeGreaterThan(Date.now());
    expect(await store.get(caseId)).toMatchObject({
      status: 'reviewing',
      reopenCount: 1,
      review: { via: 'web', body: '县人民政府（县信访局承办）' },
      survey: { status: 'answered', rating: 'dissatisfied', round: 2 },
    });
    // The petitioner is told who reviews it and by when; supervisors see it in their review list
    const notices = await eventually(async () => {
      const outbox = await readOutbox(runtime.clients.document, runtime.outboxTable, 1000);
      const found = outbox.filter((entry) => entry.caseId === caseId);
      const sent = new Set(found.map((entry) => entry.template));
      return sent.has('reviewRequested') && sent.has('redo') ? found : undefined;
    });
    expect(notices.find((entry) => entry.template === 'reviewRequested')?.body).toContain('复查申请');
    expect(notices.find((entry) => entry.template === 'redo')?.body).toContain('重新办理');
  });

  it('refuses an expired link with 410, and the nightly job archives the case as no response', async () => {
    const { caseId, token } = await closedCase();
    const surveyBy = (await store.get(caseId))!.deadlines.surveyBy!.at;
    const later = new Date(Date.parse(surveyBy) + 60_000);
    const deps = {
      store,
      calendar: () => createWorkCalendar({ overrides: [] }),
      policies: () => [statutoryPolicy, studioSuggestionPolicy],
      surveySecret: () => process.env.SURVEY_SECRET!,
      catalog: async () => demoCounty,
    };

    const beforeJob = answerSurvey(deps, token, { rating: 'satisfied' }, later);
    await expect(beforeJob).rejects.toMatchObject({ status: 410, type: 'survey-expired' });
    const report = await runSurveyExpiry(deps, later);
    const afterJob = answerSurvey(deps, token, { rating: 'satisfied' }, later);

    expect(report.applied.surveyExpired).toBeGreaterThanOrEqual(1);
    await expect(afterJob).rejects.toMatchObject({ status: 410 });
    expect(await store.get(caseId)).toMatchObject({
      status: 'archived',
      archiveReason: 'no_response',
      survey: { status: 'expired' },
    });
    expect((await answer(token, { rating: 'satisfied' })).status).toBe(410);
    expect((await view(token)).body).toMatchObject({ status: 'expired', canAnswer: false });
  });

  it('answers a forged, tampered or malformed token with the same 404', async () => {
    const { token } = await closedCase();
    const [caseId, round, mac] = token.split('.') as [string, string, string];
    const tampered = `${caseId}.${round}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`;
    const otherRound = `${caseId}.3.${mac}`;
    const unknownCase = `01ARZ3NDEKTSV4RRFFQ69G5FAV.1.${mac}`;

    for (const bad of [tampered, otherRound, unknownCase, 'not-a-token', `${token}.x`]) {
      const posted = await answer(bad, { rating: 'satisfied' });
      const got = await runtime.request(`/api/surveys/${encodeURIComponent(bad)}`);
      expect(posted.status, bad).toBe(404);
      expect(got.status, bad).toBe(404);
    }
  });

  it('validates the body: an unknown rating or an overlong comment is a 400 and changes nothing', async () => {
    const { caseId, token } = await closedCase();
    const before = await store.get(caseId);

    const unknown = await answer(token, { rating: 'great' });
    const long = await answer(token, { rating: 'satisfied', comment: '长'.repeat(501) });

    expect(unknown.status).toBe(400);
    expect(long.status).toBe(400);
    expect((await store.get(caseId))?.version).toBe(before?.version);
  });
});

describe('call-back (回访)', () => {
  it('a supervisor records a phone call-back instead of the web survey; the unit may not', async () => {
    const { caseId, token, version } = await closedCase();

    const byUnit = await staffPost(HANDLER, caseId, 'callback', {
      expectedVersion: version,
      rating: 'satisfied',
    });
    const bySupervisor = await staffPost('supervisor', caseId, 'callback', {
      expectedVersion: version,
      rating: 'basically_satisfied',
      comment: '电话回访，群众基本满意',
    });

    expect(byUnit.status).toBe(403);
    expect(bySupervisor.status).toBe(200);
    expect(await store.get(caseId)).toMatchObject({
      status: 'archived',
      archiveReason: 'callback',
      survey: { status: 'answered', via: 'callback', rating: 'basically_satisfied' },
    });
    expect((await answer(token, { rating: 'satisfied' })).status).toBe(409);
  });
});
