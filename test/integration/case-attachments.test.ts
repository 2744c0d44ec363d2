import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, petitionBody, startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';

/**
 * A case's files in the console: short-lived presigned GETs (through the local stand-in for S3), the original
 * file name kept from the form and from a letter's scanned pages, a Chinese name for files kept without one,
 * every view and download in the audit trail, and a confidential case's files only for those cleared.
 */

let runtime: TestRuntime;
const tokens = new Map<string, string>();
const HANDLER = 'handler-dept-transport';
const LIAISON = 'liaison-studio-xikou';
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

interface Link {
  index: number;
  name: string;
  source: string;
  image: boolean;
  url?: string;
  expiresAt?: string;
}

async function as(user: string, path: string, init: RequestInit = {}): Promise<Response> {
  if (!tokens.has(user)) tokens.set(user, await runtime.tokenFor(user));
  return runtime.request(path, {
    ...init,
    headers: {
      authorization: `Bearer ${tokens.get(user)}`,
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
  });
}

async function uploaded(route: string, user?: string): Promise<string> {
  const body = JSON.stringify({ contentType: 'image/png', size: png.length });
  const response = user
    ? await as(user, route, { method: 'POST', body })
    : await runtime.postJson(route, body);
  expect(response.status).toBe(201);
  const grant = (await response.json()) as {
    key: string;
    upload: { url: string; headers: Record<string, string> };
  };
  const put = await fetch(grant.upload.url, { method: 'PUT', headers: grant.upload.headers, body: png });
  expect(put.status).toBe(200);
  return grant.key;
}

async function petitionWith(attachments: unknown[], extra: Record<string, unknown> = {}): Promise<string> {
  const response = await runtime.postJson('/api/petitions', petitionBody({ attachments, ...extra }));
  expect(response.status).toBe(201);
  const { caseId } = (await response.json()) as { caseId: string };
  await eventually(async () =>
    (await runtime.caseStore.get(caseId))?.status === 'assigned' ? true : undefined,
  );
  return caseId;
}

beforeAll(async () => {
  runtime = await startTestRuntime();
}, 120_000);

afterAll(async () => {
  await runtime?.stop();
});

describe('the files of a case', () => {
  it('keeps the photo’s own name, shows it through a link that expires, downloads it under that name, and audits each', async () => {
    const caseId = await petitionWith([{ key: await uploaded('/api/uploads'), name: 'IMG_0412 水渠.HEIC' }]);

    const listed = await as(HANDLER, `/api/staff/cases/${caseId}/attachments`);
    expect(listed.status).toBe(200);
    const [thumb] = ((await listed.json()) as { attachments: Link[] }).attachments;
    // Kept as the picture really is now (rebuilt as PNG), under the name the petitioner's phone gave it.
    expect(thumb).toMatchObject({ index: 0, name: 'IMG_0412_水渠.png', source: 'photo', image: true });
    const expiresIn = Date.parse(thumb!.expiresAt!) - Date.now();
    expect(expiresIn).toBeGreaterThan(0);
    expect(expiresIn).toBeLessThanOrEqual(5 * 60_000);
    const shown = await fetch(thumb!.url!);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-type')).toBe('image/png');
    expect(shown.headers.get('content-disposition')).toMatch(/^inline;/);
    expect(
      Buffer.from(await shown.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');

    const link = (await (
      await as(HANDLER, `/api/staff/cases/${caseId}/attachments/0?download=true`)
    ).json()) as Link;
    const saved = await fetch(link.url!);
    expect(saved.status).toBe(200);
    expect(saved.headers.get('content-disposition')).toBe(
      `attachment; filename="IMG_0412___.png"; filename*=UTF-8''${encodeURIComponent('IMG_0412_水渠.png')}`,
    );
    await as(HANDLER, `/api/staff/cases/${caseId}/attachments/0`);

    const reads = await runtime.caseStore.reads(caseId);
    expect(reads.map((read) => [read.actor.id, read.what, read.detail]).sort()).toEqual(
      [
        [HANDLER, 'attachment-download', 'IMG_0412_水渠.png'],
        [HANDLER, 'attachment-view', 'IMG_0412_水渠.png'],
        [HANDLER, 'attachments', undefined],
      ].sort(),
    );
  });

  it('names a file kept without its name by kind and number, and refuses a file that is not there', async () => {
    const caseId = await petitionWith([await uploaded('/api/uploads')]);

    const listed = (await (await as(HANDLER, `/api/staff/cases/${caseId}/attachments`)).json()) as {
      attachments: Link[];
    };
    const missing = await as(HANDLER, `/api/staff/cases/${caseId}/attachments/1`);

    expect(listed.attachments.map((file) => file.name)).toEqual(['照片 1']);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('serves only kept attachments, only with a signature', async () => {
    const caseId = await petitionWith([await uploaded('/api/uploads')]);
    const { url } = (await (await as(HANDLER, `/api/staff/cases/${caseId}/attachments/0`)).json()) as Link;
    const unsigned = new URL(url!);
    unsigned.search = '';
    const incoming = new URL(url!);
    incoming.pathname = incoming.pathname.replace('/attachments/', '/incoming/');

    expect((await fetch(unsigned)).status).toBe(403);
    expect((await fetch(incoming)).status).toBe(403);
  });

  it('keeps a letter’s page names, and shows a confidential case’s files only to those who may read it', async () => {
    const page = await uploaded('/api/staff/uploads', LIAISON);
    const registered = await as(LIAISON, '/api/staff/cases', {
      method: 'POST',
      body: JSON.stringify({
        ...petitionBody({ jurisdictionCode: 'xikou', confidential: true }),
        channel: 'letter',
        pages: [{ key: page, name: '来信第一页.png' }],
      }),
    });
    expect(registered.status).toBe(201);
    const { caseId } = (await registered.json()) as { caseId: string };

    const liaison = await as(LIAISON, `/api/staff/cases/${caseId}/attachments`);
    const liaisonView = (await (await as(LIAISON, `/api/staff/cases/${caseId}`)).json()) as {
      attachments?: { name?: string }[];
    };
    // A supervisor not cleared for confidential work reads no more than the liaison officer.
    const supervisor = await as('supervisor', `/api/staff/cases/${caseId}/attachments`);
    // The holding unit's handler reads them (docs/security.md, "Confidential cases: who reads them"), once
    // the router has given the case to a unit: routing runs after registration, through the stream and SQS.
    const holding = await eventually(async () => (await runtime.caseStore.get(caseId))?.unitId ?? undefined);
    const handler = await as(`handler-${holding}`, `/api/staff/cases/${caseId}/attachments`);

    expect(liaison.status).toBe(403);
    // The files are withheld from the case view of those not cleared, names and all.
    expect(liaisonView.attachments).toBeUndefined();
    expect(supervisor.status).toBe(403);
    expect(handler.status).toBe(200);
    expect(((await handler.json()) as { attachments: Link[] }).attachments.map((file) => file.name)).toEqual([
      '来信第一页.png',
    ]);
    const reads = await runtime.caseStore.reads(caseId);
    expect(
      reads.filter(
        (read) => [LIAISON, 'supervisor'].includes(read.actor.id) && read.what.startsWith('attachment'),
      ),
    ).toEqual([]);
  });
});
