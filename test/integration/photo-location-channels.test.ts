import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/ports.ts';
import type { Case, CaseAttachment } from '../../shared/domain/case/model.ts';
import { buildFixtures, type ImageFixture, MetadataTool } from '../support/image-fixtures.ts';
import { eventually, petitionBody, startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';

/**
 * Photo location really removed (docs/security.md): every fixture — GPS written by exiftool into every
 * container and metadata block it knows, plus the shapes built around them (odd XMP prefix, Photoshop EXIF,
 * MPF second image, motion-photo trailer, PNG text chunks) — goes through every channel that keeps images:
 * the public form (presigned upload + petition), the mailbox (SMTP → mail function), letters' scanned pages
 * (staff upload + registration) and Open311 (`media_url`, fetched by the server). exiftool then reads every
 * stored object back and must find no coordinate at all.
 */

/** Says it is a GIF and is not a picture. */
const fakeGif = {
  name: 'fake',
  bytes: Buffer.from('GIF89a this is not a picture'),
  contentType: 'image/gif',
  extension: 'gif',
  upright: [0, 0] as const,
};

let runtime: TestRuntime;
let tool: MetadataTool;
let fixtures: ImageFixture[];
let media: Server;
let mediaBase: string;
let open311Key: string;

beforeAll(async () => {
  runtime = await startTestRuntime({ smtpPort: await freePort() });
  tool = new MetadataTool();
  fixtures = await buildFixtures(tool);
  // An Open311 client's photo host (loopback: reachable on the local stage only).
  media = createServer((request, response) => {
    if (request.url === '/fake.gif')
      return void response.writeHead(200, { 'content-type': fakeGif.contentType }).end(fakeGif.bytes);
    const fixture = fixtures[Number(request.url?.slice(1).split('.')[0])];
    if (!fixture) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': fixture.contentType }).end(fixture.bytes);
  });
  await new Promise<void>((resolve) => media.listen(0, '127.0.0.1', () => resolve()));
  mediaBase = `http://127.0.0.1:${(media.address() as AddressInfo).port}`;
  const client = await runtime.postJson(
    '/api/admin/open311-clients',
    { clientId: 'photo-client', name: '照片测试', contact: 'ops@example.cn', jurisdictions: ['county'] },
    { authorization: `Bearer ${await runtime.tokenFor('admin')}` },
  );
  expect(client.status).toBe(201);
  open311Key = ((await client.json()) as { apiKey: string }).apiKey;
}, 180_000);

/** A report from an Open311 client, form-encoded with its key. */
const open311Report = (fields: Record<string, string>) =>
  runtime.request('/open311/v2/requests.json', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ api_key: open311Key, service_code: 'transport', ...fields }),
  });

afterAll(async () => {
  await new Promise((resolve) => media?.close(resolve));
  await runtime?.stop();
  await tool?.end();
});

async function stored(attachment: CaseAttachment): Promise<Buffer> {
  const result = await runtime.clients.s3.send(
    new GetObjectCommand({ Bucket: runtime.buckets.attachments, Key: attachment.key }),
  );
  return Buffer.from(await result.Body!.transformToByteArray());
}

/** exiftool's findings in every stored image of these cases, by attachment key (empty lists wanted). */
async function coordinatesIn(cases: readonly Case[]): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  for (const item of cases)
    for (const attachment of item.attachments ?? []) {
      expect(attachment.contentType).toMatch(/^image\/(jpeg|png)$/);
      found[attachment.key] = await tool.coordinates(
        await stored(attachment),
        attachment.contentType === 'image/png' ? 'png' : 'jpg',
      );
    }
  return found;
}

const noneFound = (findings: Record<string, string[]>) =>
  Object.fromEntries(Object.keys(findings).map((key) => [key, []]));

async function upload(path: string, headers: Record<string, string>, fixture: ImageFixture): Promise<string> {
  const response = await runtime.postJson(
    path,
    { contentType: fixture.contentType, size: fixture.bytes.length },
    headers,
  );
  expect(response.status).toBe(201);
  const { key, upload: presigned } = (await response.json()) as {
    key: string;
    upload: { url: string; headers: Record<string, string> };
  };
  const put = await fetch(presigned.url, {
    method: 'PUT',
    headers: presigned.headers,
    body: new Uint8Array(fixture.bytes),
  });
  expect(put.status).toBe(200);
  return key;
}

describe('no coordinate survives any channel', () => {
  it('the public form', async () => {
    const cases: Case[] = [];
    for (let start = 0; start < fixtures.length; start += 3) {
      const keys: string[] = [];
      for (const fixture of fixtures.slice(start, start + 3))
        keys.push(await upload('/api/uploads', {}, fixture));
      const response = await runtime.postJson('/api/petitions', petitionBody({ attachments: keys }));
      expect(response.status).toBe(201);
      cases.push((await runtime.caseStore.get(((await response.json()) as { caseId: string }).caseId))!);
    }

    expect(cases.flatMap((item) => item.attachments ?? [])).toHaveLength(fixtures.length);
    const findings = await coordinatesIn(cases);
    expect(findings).toEqual(noneFound(findings));
  }, 120_000);

  it('e-mail attachments', async () => {
    const smtp = createTransport({
      host: '127.0.0.1',
      port: Number(new URL(runtime.smtpUrl!).port),
      ignoreTLS: true,
    });
    const sender = `photos-${Date.now()}@example.cn`;
    try {
      for (const [index, part] of [fixtures.slice(0, 7), fixtures.slice(7)].entries())
        await smtp.sendMail({
          from: `摄影者 <${sender}>`,
          to: 'xinfang@mail.huiyin.local',
          subject: `城关镇路面塌陷照片 ${index + 1}`,
          text: `城关镇人民路路面塌陷，附照片，第 ${index + 1} 封。`,
          attachments: part.map((fixture, number) => ({
            filename: `照片${number + 1}.${fixture.extension}`,
            content: fixture.bytes,
            contentType: fixture.contentType,
          })),
        });
    } finally {
      smtp.close();
    }
    const cases = await eventually(async () => {
      const found = (await runtime.scanAll()).filter(
        (item) => item.entity === 'case' && (item.petitioner as { email?: string }).email === sender,
      ) as unknown as Case[];
      return found.length === 2 ? found : undefined;
    }, 60_000);

    expect(cases.flatMap((item) => item.attachments ?? [])).toHaveLength(fixtures.length);
    const findings = await coordinatesIn(cases);
    expect(findings).toEqual(noneFound(findings));
  }, 120_000);

  it('scanned pages of a letter', async () => {
    const headers = { authorization: `Bearer ${await runtime.tokenFor('liaison-studio-xikou')}` };
    const pages: string[] = [];
    for (const fixture of fixtures) pages.push(await upload('/api/staff/uploads', headers, fixture));
    const response = await runtime.postJson(
      '/api/staff/cases',
      {
        channel: 'letter',
        categoryCode: 'construction',
        jurisdictionCode: 'xikou',
        title: '老街排水沟堵塞（附照片）',
        content: '溪口老街排水沟常年堵塞，附现场照片若干。',
        petitioner: { name: '陈老伯', phone: '13955556666' },
        pages,
      },
      headers,
    );
    expect(response.status).toBe(201);
    const item = (await runtime.caseStore.get(((await response.json()) as { caseId: string }).caseId))!;

    expect(item.attachments).toHaveLength(fixtures.length);
    const findings = await coordinatesIn([item]);
    expect(findings).toEqual(noneFound(findings));
  }, 120_000);

  it('Open311 media, fetched by the server', async () => {
    const cases: Case[] = [];
    for (const [index, fixture] of fixtures.entries()) {
      const response = await open311Report({
        address_string: '城关镇人民路',
        description: `人民路井盖丢失，附照片 ${index + 1}。`,
        phone: '13812345678',
        media_url: `${mediaBase}/${index}.${fixture.extension}`,
      });
      expect(response.status).toBe(201);
      const [created] = (await response.json()) as { service_request_id: string }[];
      cases.push((await runtime.caseStore.get(created!.service_request_id))!);
    }

    expect(cases.map((item) => item.attachments?.length ?? 0)).toEqual(fixtures.map(() => 1));
    const findings = await coordinatesIn(cases);
    expect(findings).toEqual(noneFound(findings));
  }, 120_000);
});

describe('what cannot be decoded is refused, in Chinese, and never stored', () => {
  it('on the form: the petition is refused and nothing is stored', async () => {
    const before = (await runtime.scanAll()).filter((item) => item.entity === 'case').length;
    const key = await upload('/api/uploads', {}, fakeGif);

    const form = await runtime.postJson('/api/petitions', petitionBody({ attachments: [key] }));

    expect(form.status).toBe(400);
    expect(JSON.stringify(await form.json())).toContain('图片文件已损坏');
    expect((await runtime.scanAll()).filter((item) => item.entity === 'case').length).toBe(before);
  });

  it('from Open311: the report is filed without the photo (its client would resend it for ever) and says why', async () => {
    const response = await open311Report({
      address_string: '城关镇人民路',
      description: '人民路井盖丢失，附照片。',
      media_url: `${mediaBase}/fake.gif`,
    });

    expect(response.status).toBe(201);
    const [created] = (await response.json()) as { service_request_id: string; service_notice: string }[];
    expect(created!.service_notice).toContain('图片未予记录：图片文件已损坏');
    const item = (await runtime.caseStore.get(created!.service_request_id))!;
    expect(item.attachments ?? []).toEqual([]);
    const digest = createHash('sha256').update(`${mediaBase}/fake.gif`).digest('hex').slice(0, 32);
    const kept = await runtime.clients.s3.send(
      new ListObjectsV2Command({
        Bucket: runtime.buckets.attachments,
        Prefix: `attachments/open311/${digest}`,
      }),
    );
    expect(kept.Contents ?? []).toEqual([]);
  });
});
