import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, petitionBody, startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';

let runtime: TestRuntime;

beforeAll(async () => {
  runtime = await startTestRuntime();
});

afterAll(async () => {
  await runtime?.stop();
});

describe('the first petition end to end', () => {
  it('reports healthy dependencies', async () => {
    const response = await runtime.request('/api/health');

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', dependencies: { dynamodb: 'ok', sqs: 'ok' } });
  });

  it('registers a petition, routes it through stream and queue, and shows it assigned on the tracking URL', async () => {
    // Prepare
    const body = petitionBody({ title: '人民路公交站牌损坏' });

    // Act
    const response = await runtime.postJson('/api/petitions', body);
    const created = (await response.json()) as { caseId: string; trackingCode: string; status: string };
    const tracked = await eventually(async () => {
      const view = (await (
        await runtime.request(`/api/petitions/${created.trackingCode}?phone=5678`)
      ).json()) as {
        status: string;
        unit?: { id: string; name: string };
        timeline: { type: string }[];
      };
      return view.status === 'assigned' ? view : undefined;
    });

    // Assess
    expect(response.status).toBe(201);
    expect(created.status).toBe('registered');
    expect(created.trackingCode).toMatch(/^HY-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    expect(tracked.unit).toEqual({ id: 'dept-transport', name: '县交通运输局' });
    expect(tracked.timeline.map((entry) => entry.type)).toEqual(['registered', 'assigned']);
  });

  it('sends a petition that no rule matches to the petition office triage inbox', async () => {
    const response = await runtime.postJson(
      '/api/petitions',
      petitionBody({ categoryCode: 'other', title: '一个建议', content: '希望多组织一些读书会活动，谢谢。' }),
    );
    const { trackingCode } = (await response.json()) as { trackingCode: string };

    const tracked = await eventually(async () => {
      const view = (await (await runtime.request(`/api/petitions/${trackingCode}?phone=5678`)).json()) as {
        status: string;
        unit?: { id: string };
      };
      return view.status === 'triage' ? view : undefined;
    });

    expect(tracked.unit?.id).toBe('petition-office');
  });

  it('answers 404 for a wrong phone and for an unknown code alike, so codes cannot be enumerated', async () => {
    const { trackingCode } = (await (await runtime.postJson('/api/petitions', petitionBody())).json()) as {
      trackingCode: string;
    };

    const wrongPhone = await runtime.request(`/api/petitions/${trackingCode}?phone=0000`);
    const unknownCode = await runtime.request('/api/petitions/HY-2222-2222?phone=5678');

    expect(wrongPhone.status).toBe(404);
    expect(unknownCode.status).toBe(404);
    expect(await wrongPhone.json()).toEqual(
      await unknownCode.json().then((body) => ({ ...body, instance: expect.any(String) })),
    );
  });
});
