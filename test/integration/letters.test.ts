import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseAttachment } from '../../shared/domain/case/model.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';

/** 来信: a liaison officer uploads a letter's scanned pages (presigned PUTs) and registers the letter with them. */

let runtime: TestRuntime;

beforeAll(async () => {
  runtime = await startTestRuntime();
});

afterAll(async () => {
  await runtime?.stop();
});

const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

async function as(username: string) {
  const headers = { authorization: `Bearer ${await runtime.tokenFor(username)}` };
  return {
    headers,
    post: (path: string, body: unknown, extra: Record<string, string> = {}) =>
      runtime.postJson(path, body, { ...headers, ...extra }),
    get: (path: string) => runtime.request(path, { headers }),
  };
}

/** Asks for a presigned PUT and uploads the bytes the way the console does. */
async function upload(username: string, bytes: Buffer, contentType: string): Promise<string> {
  const staff = await as(username);
  const response = await staff.post('/api/staff/uploads', { contentType, size: bytes.length });
  expect(response.status).toBe(201);
  const { key, upload: presigned } = (await response.json()) as {
    key: string;
    upload: { url: string; headers: Record<string, string> };
  };
  const put = await fetch(presigned.url, {
    method: 'PUT',
    headers: presigned.headers,
    body: new Uint8Array(bytes),
  });
  expect(put.status).toBe(200);
  return key;
}

const letter = {
  channel: 'letter',
  categoryCode: 'construction',
  jurisdictionCode: 'xikou',
  title: '老街排水沟堵塞',
  content: '溪口老街排水沟常年堵塞，下雨天积水严重，附信件原件扫描。',
  petitioner: { name: '陈老伯', phone: '13955556666' },
};

describe('registering a letter with its scanned pages', () => {
  it('keeps the pages with the case, in order, checked by their bytes', async () => {
    const liaison = await as('liaison-studio-xikou');
    const pages = [
      await upload('liaison-studio-xikou', pdf, 'application/pdf'),
      await upload('liaison-studio-xikou', png, 'image/png'),
    ];
    expect(pages.every((key) => key.startsWith('incoming/scans/'))).toBe(true);
    const key = { 'idempotency-key': 'letter-chen-2026-12-01' };
    const response = await liaison.post('/api/staff/cases', { ...letter, pages }, key);
    expect(response.status).toBe(201);
    const created = (await response.json()) as { caseId: string };
    const again = await liaison.post('/api/staff/cases', { ...letter, pages }, key);
    expect(again.status).toBe(201);
    expect(((await again.json()) as { caseId: string }).caseId).toBe(created.caseId);

    const view = (await (await liaison.get(`/api/staff/cases/${created.caseId}`)).json()) as {
      channel: string;
      studioId: string;
      attachments: CaseAttachment[];
    };
    expect(view).toMatchObject({ channel: 'letter', studioId: 'studio-xikou' });
    expect(view.attachments.map((page) => [page.contentType, page.source, page.name])).toEqual([
      ['application/pdf', 'scan', '第1页.pdf'],
      ['image/png', 'scan', '第2页.png'],
    ]);
    expect(view.attachments[0]!.key).toBe(
      `attachments/scans/${pages[0]!.slice('incoming/scans/'.length)}.pdf`,
    );
    const stored = await runtime.clients.s3.send(
      new GetObjectCommand({ Bucket: runtime.buckets.attachments, Key: view.attachments[0]!.key }),
    );
    expect(Buffer.from(await stored.Body!.transformToByteArray())).toEqual(pdf);
  });

  it('refuses pages that were never uploaded, are not images or PDF, or are too many', async () => {
    const liaison = await as('liaison-studio-xikou');
    const missing = await liaison.post('/api/staff/cases', {
      ...letter,
      pages: ['incoming/scans/0f8fad5b-d9cb-469f-a165-70867728950e'],
    });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(await missing.json())).toContain('pages.0');

    const fake = await upload(
      'liaison-studio-xikou',
      Buffer.from('MZ pretending to be a PDF'),
      'application/pdf',
    );
    const refused = await liaison.post('/api/staff/cases', { ...letter, pages: [fake] });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toContain(
      '只能上传 JPEG、PNG、HEIC、WebP、GIF、BMP 或 TIFF 图片或 PDF',
    );

    const tooMany = Array.from(
      { length: 21 },
      (_, index) => `incoming/scans/0f8fad5b-d9cb-469f-a165-${String(index).padStart(12, '0')}`,
    );
    expect((await liaison.post('/api/staff/cases', { ...letter, pages: tooMany })).status).toBe(400);
    expect((await liaison.post('/api/staff/cases', { ...letter, pages: ['attachments/x.pdf'] })).status).toBe(
      400,
    );
  });

  it('gives upload URLs to liaison officers and supervisors only, for scans of at most 10 MB', async () => {
    const handler = await as('handler-dept-housing');
    expect(
      (await handler.post('/api/staff/uploads', { contentType: 'application/pdf', size: 100 })).status,
    ).toBe(403);
    const liaison = await as('liaison-studio-xikou');
    expect(
      (await liaison.post('/api/staff/uploads', { contentType: 'application/zip', size: 100 })).status,
    ).toBe(400);
    expect(
      (await liaison.post('/api/staff/uploads', { contentType: 'application/pdf', size: 11 * 1024 * 1024 }))
        .status,
    ).toBe(400);
  });
});

describe('a letter that gives only a postal address', () => {
  const address = '溪口镇老街12号陈家';
  const postalLetter = {
    ...letter,
    title: '老街路灯不亮',
    content: '溪口老街的路灯坏了一个多月，晚上出行不便，来信只留了地址。',
    petitioner: { name: '陈老伯', address },
  };

  it('is registered without a phone, answered by post, trackable with its PIN, the address masked until shown', async () => {
    const liaison = await as('liaison-studio-xikou');
    const key = { 'idempotency-key': 'letter-postal-2026-12-02' };
    const response = await liaison.post('/api/staff/cases', postalLetter, key);
    expect(response.status).toBe(201);
    const created = (await response.json()) as { caseId: string; trackingCode: string; trackingPin: string };
    expect(created.trackingPin).toMatch(/^\d{4}$/);
    // A retry returns the same case and the same PIN (the one stored), not a new one.
    const again = (await (
      await liaison.post('/api/staff/cases', postalLetter, key)
    ).json()) as typeof created;
    expect(again).toMatchObject({ caseId: created.caseId, trackingPin: created.trackingPin });

    const stored = await runtime.caseStore.get(created.caseId);
    expect(stored?.petitioner).toMatchObject({ address, trackingPin: created.trackingPin });
    expect(stored?.petitioner.phone).toBeUndefined();

    const view = (await (await liaison.get(`/api/staff/cases/${created.caseId}`)).json()) as {
      petitioner: { address: string; phone: string; replyRoute: string };
    };
    expect(view.petitioner).toMatchObject({ phone: '', replyRoute: 'post' });
    expect(view.petitioner.address).toBe('溪口镇老街1****');
    const shown = (await (await liaison.get(`/api/staff/cases/${created.caseId}/petitioner`)).json()) as {
      petitioner: { address: string };
    };
    expect(shown.petitioner.address).toBe(address);

    const tracked = await runtime.request(
      `/api/petitions/${created.trackingCode}?phone=${created.trackingPin}`,
    );
    expect(tracked.status).toBe(200);
    expect(JSON.stringify(await tracked.json())).toContain('邮寄');
  });

  it('refuses a letter with neither phone nor address, and a visit without a phone, naming the field', async () => {
    const liaison = await as('liaison-studio-xikou');
    const bare = await liaison.post('/api/staff/cases', {
      ...postalLetter,
      petitioner: { name: '陈老伯' },
    });
    expect(bare.status).toBe(400);
    const problem = (await bare.json()) as { errors: { field: string; message: string }[] };
    expect(problem.errors).toContainEqual({
      field: 'petitioner.phone',
      message: expect.stringContaining('通信地址'),
    });
    const visit = await liaison.post('/api/staff/cases', { ...postalLetter, channel: 'visit' });
    expect(visit.status).toBe(400);
    expect(JSON.stringify(await visit.json())).toContain('petitioner.phone');
  });
});
