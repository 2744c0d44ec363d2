import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildFixtures,
  type ImageFixture,
  LATITUDE,
  LONGITUDE,
  MetadataTool,
} from '../support/image-fixtures.ts';
import { petitionBody, startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';

/**
 * Photos: `POST /api/uploads` presigns a PUT, the browser uploads (locally through the gateway's proxy into the
 * emulator's S3), and the petition claims the keys: decoded and rebuilt from their pixels; a location shared
 * by the petitioner is kept apart from the picture. (Every shape through every channel:
 * photo-location-channels.test.ts.)
 */

let runtime: TestRuntime;
let tool: MetadataTool;
let fixtures: ImageFixture[];
const fixture = (prefix: string) => fixtures.find((candidate) => candidate.name.startsWith(prefix))!;
const plainPng = () =>
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  );

beforeAll(async () => {
  runtime = await startTestRuntime();
  tool = new MetadataTool();
  fixtures = await buildFixtures(tool);
}, 120_000);

afterAll(async () => {
  await runtime?.stop();
  await tool?.end();
});

interface Presigned {
  key: string;
  upload: { method: 'PUT'; url: string; headers: Record<string, string>; expiresAt: string };
  maxBytes: number;
}

async function presign(contentType: string, size: number): Promise<Presigned> {
  const response = await runtime.postJson('/api/uploads', { contentType, size });
  expect(response.status).toBe(201);
  return (await response.json()) as Presigned;
}

async function upload(bytes: Buffer, contentType: string): Promise<string> {
  const presigned = await presign(contentType, bytes.length);
  const put = await fetch(presigned.upload.url, {
    method: 'PUT',
    headers: presigned.upload.headers,
    body: new Uint8Array(bytes),
  });
  expect(put.status).toBe(200);
  return presigned.key;
}

async function object(key: string): Promise<Buffer> {
  const result = await runtime.clients.s3.send(
    new GetObjectCommand({ Bucket: runtime.buckets.attachments, Key: key }),
  );
  return Buffer.from(await result.Body!.transformToByteArray());
}

async function storedCase(caseId: string) {
  return (await runtime.scanAll()).find((item) => item.entity === 'case' && item.caseId === caseId) as
    | {
        attachments?: {
          key: string;
          contentType: string;
          bytes: number;
          locationShared: boolean;
          source: string;
        }[];
      }
    | undefined;
}

describe('presigning', () => {
  it('hands out a PUT for one key under incoming/, bound to type and size, through the local proxy', async () => {
    const presigned = await presign('image/jpeg', 12_345);

    expect(presigned.key).toMatch(/^incoming\/[0-9a-f-]{36}$/);
    expect(presigned.upload.method).toBe('PUT');
    const url = new URL(presigned.upload.url);
    expect(url.pathname).toBe(`/_local/s3/${runtime.buckets.attachments}/${presigned.key}`);
    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual(
      expect.arrayContaining(['content-length', 'content-type', 'host']),
    );
    expect(presigned.upload.headers).toEqual({ 'content-type': 'image/jpeg' });
  });

  it.each([
    ['an SVG', { contentType: 'image/svg+xml', size: 100 }],
    ['an empty file', { contentType: 'image/png', size: 0 }],
    ['a file over 8 MB', { contentType: 'image/heic', size: 8 * 1024 * 1024 + 1 }],
    ['an extra field', { contentType: 'image/png', size: 10, key: 'incoming/mine' }],
  ])('refuses %s', async (_name, body) => {
    const response = await runtime.postJson('/api/uploads', body);

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('answers the browser’s CORS preflight for the upload URL', async () => {
    const presigned = await presign('image/png', 10);

    const response = await fetch(presigned.upload.url, {
      method: 'OPTIONS',
      headers: { origin: 'http://example.test', 'access-control-request-method': 'PUT' },
    });

    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-methods')).toContain('PUT');
  });
});

describe('a petition with photos', () => {
  it('keeps up to three photos, rebuilt without any location, from JPEG, PNG and HEIC', async () => {
    const photos = [fixture('JPEG: EXIF'), fixture('PNG: eXIf'), fixture('HEIC')];
    const keys = [];
    for (const photo of photos) keys.push(await upload(photo.bytes, photo.contentType));

    const response = await runtime.postJson('/api/petitions', petitionBody({ attachments: keys }));

    expect(response.status).toBe(201);
    const { caseId } = (await response.json()) as { caseId: string };
    const stored = await storedCase(caseId);
    expect(
      stored?.attachments?.map((attachment) => [
        attachment.contentType,
        attachment.source,
        attachment.locationShared,
      ]),
    ).toEqual([
      ['image/jpeg', 'photo', false],
      ['image/png', 'photo', false],
      ['image/jpeg', 'photo', false],
    ]);
    for (const [index, attachment] of (stored?.attachments ?? []).entries()) {
      const extension = ['jpg', 'png', 'jpg'][index]!;
      expect(attachment.key).toBe(`attachments/${keys[index]!.slice('incoming/'.length)}.${extension}`);
      const kept = await object(attachment.key);
      expect(kept.length).toBe(attachment.bytes);
      expect(await tool.coordinates(kept, extension)).toEqual([]);
    }
  });

  it('keeps a shared location as its own field, never in the stored picture', async () => {
    const photo = fixture('JPEG: EXIF').bytes;
    const key = await upload(photo, 'image/jpeg');

    const response = await runtime.postJson(
      '/api/petitions',
      petitionBody({ attachments: [key], shareLocation: true }),
    );

    const { caseId } = (await response.json()) as { caseId: string };
    const [attachment] = ((await storedCase(caseId))?.attachments ?? []) as {
      key: string;
      locationShared: boolean;
      location?: unknown;
    }[];
    expect(attachment?.locationShared).toBe(true);
    expect(attachment?.location).toEqual({ latitude: LATITUDE, longitude: LONGITUDE });
    expect(await tool.coordinates(await object(attachment!.key), 'jpg')).toEqual([]);
  });

  it('a replay of the same submission claims the same photos again and creates one case', async () => {
    const key = await upload(plainPng(), 'image/png');
    const body = petitionBody({ attachments: [key] });

    const first = await runtime.postJson('/api/petitions', body, { 'idempotency-key': 'photo-replay-0001' });
    const second = await runtime.postJson('/api/petitions', body, { 'idempotency-key': 'photo-replay-0001' });

    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(((await second.json()) as { caseId: string }).caseId).toBe(
      ((await first.json()) as { caseId: string }).caseId,
    );
  });

  it.each([
    [
      'a key that was never uploaded',
      () => Promise.resolve('incoming/2f1c2a9e-5b7d-4e3f-9a8b-2c4d6e8f0a1b'),
      'attachments.0',
    ],
    [
      'a key outside incoming/',
      () => Promise.resolve('attachments/2f1c2a9e-5b7d-4e3f-9a8b-2c4d6e8f0a1b.jpg'),
      'attachments.0',
    ],
    [
      'an upload that is not a picture',
      () => upload(Buffer.from('<svg onload="alert(1)"></svg>'), 'image/png'),
      'attachments.0',
    ],
  ])('refuses %s and stores nothing', async (_name, key, field) => {
    const before = (await runtime.scanAll()).filter((item) => item.entity === 'case').length;
    const objectsBefore = await runtime.clients.s3.send(
      new ListObjectsV2Command({ Bucket: runtime.buckets.attachments, Prefix: 'attachments/' }),
    );

    const response = await runtime.postJson('/api/petitions', petitionBody({ attachments: [await key()] }));

    expect(response.status).toBe(400);
    const problem = (await response.json()) as { errors: { field: string }[] };
    expect(problem.errors.map((error) => error.field)).toContain(field);
    expect((await runtime.scanAll()).filter((item) => item.entity === 'case').length).toBe(before);
    const objectsAfter = await runtime.clients.s3.send(
      new ListObjectsV2Command({ Bucket: runtime.buckets.attachments, Prefix: 'attachments/' }),
    );
    expect(objectsAfter.KeyCount ?? 0).toBe(objectsBefore.KeyCount ?? 0);
  });

  it('refuses four photos', async () => {
    const keys = await Promise.all([1, 2, 3, 4].map(() => upload(plainPng(), 'image/png')));

    const response = await runtime.postJson('/api/petitions', petitionBody({ attachments: keys }));

    expect(response.status).toBe(400);
  });

  it('the proxy refuses uploads outside incoming/, of other types, or expired', async () => {
    const presigned = await presign('image/png', 10);
    const url = new URL(presigned.upload.url);
    const put = (target: URL, type = 'image/png') =>
      fetch(target, { method: 'PUT', headers: { 'content-type': type }, body: new Uint8Array(10) });

    const elsewhere = new URL(url);
    elsewhere.pathname = elsewhere.pathname.replace('/incoming/', '/attachments/');
    const expired = new URL(url);
    expired.searchParams.set('X-Amz-Date', '20200101T000000Z');

    expect((await put(elsewhere)).status).toBe(403);
    expect((await put(url, 'text/html')).status).toBe(403);
    expect((await put(expired)).status).toBe(403);
  });
});
