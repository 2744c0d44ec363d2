import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BlockedTargetError,
  guardedRequest,
  ResponseTooLargeError,
} from '../../../shared/adapters/http/guarded-request.ts';
import { isPublicAddress, targetProblem } from '../../../shared/domain/net/address-policy.ts';
import { demoCounty } from '../../../shared/seed/demo-county.ts';
import { referenceProblems } from '../../../shared/use-cases/admin/reference-data.ts';

/** Webhooks and media downloads never reach internal addresses (docs/security.md). Only loopback is used. */

const cloud = { allowPrivate: false, allowHttp: false };
const local = { allowPrivate: true, allowHttp: true };

describe('which addresses are public', () => {
  it.each([
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '127.0.0.1',
    '127.1',
    '0177.0.0.1',
    '0x7f.0.0.1',
    '2130706433',
    '0.0.0.0',
    '169.254.169.254',
    '100.64.0.1',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '::ffff:169.254.169.254',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'ff02::1',
    '64:ff9b::a9fe:a9fe',
    '2002:a9fe:a9fe::1',
    '2001::1',
    '2001:db8::1',
    'not-an-address',
  ])('%s is not', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['8.8.8.8', '114.114.114.114', '2400:3200::1', '::ffff:8.8.8.8'])('%s is', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('what the URL alone gives away', () => {
  it.each([
    ['http://hooks.example.cn/x', 'http-in-cloud'],
    ['ftp://hooks.example.cn/x', 'scheme'],
    ['https://user:secret@hooks.example.cn/x', 'credentials'],
    ['https://169.254.169.254/latest/meta-data/', 'private-address'],
    ['https://[::ffff:a9fe:a9fe]/', 'private-address'],
    ['https://[fd00::1]:8443/hook', 'private-address'],
    ['https://0.0.0.0/', 'private-address'],
    ['https://localhost:8080/hook', 'private-address'],
    ['https://metadata.google.internal/', 'private-address'],
    ['https://printer.local/', 'private-address'],
    ['https://intranet/hook', 'private-address'],
    ['not a url', 'not-a-url'],
  ])('%s in a cloud stage: %s', (url, problem) => {
    expect(targetProblem(url, cloud)).toBe(problem);
  });

  it('lets the local stage reach the demo webhooks on localhost', () => {
    expect(targetProblem('http://127.0.0.1:4000/hook', local)).toBeNull();
    expect(targetProblem('https://hooks.example.cn/x', cloud)).toBeNull();
  });

  it('refuses such a webhook when an admin saves the unit, in Chinese', () => {
    const unit = { ...demoCounty.units[0]!, delivery: 'webhook' as const };
    const problems = referenceProblems(
      'units',
      { ...unit, webhookUrl: 'http://169.254.169.254/latest/meta-data/' },
      demoCounty,
    );
    expect(problems).toEqual([
      { field: 'webhookUrl', message: expect.stringMatching(/^正式环境只允许 https/) },
    ]);
    expect(
      referenceProblems('units', { ...unit, webhookUrl: 'https://10.0.0.8/hook' }, demoCounty)[0]?.message,
    ).toMatch(/^不能指向内网/);
    expect(
      referenceProblems('units', { ...unit, webhookUrl: 'http://127.0.0.1:4000/hook' }, demoCounty, local),
    ).toEqual([]);
  });
});

describe('the guarded client', () => {
  let server: Server;
  let port: number;
  const seen: IncomingMessage[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push(request);
      request.resume();
      if (request.url === '/redirect') {
        response.writeHead(302, { location: `http://127.0.0.1:${port}/elsewhere` }).end();
      } else if (request.url === '/big') {
        response.writeHead(200).end(Buffer.alloc(64 * 1024));
      } else response.writeHead(204).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('refuses a name if any of its addresses is internal, before connecting', async () => {
    const before = seen.length;
    const resolve = async () => [
      { address: '8.8.8.8', family: 4 as const },
      { address: '127.0.0.1', family: 4 as const },
    ];
    await expect(
      guardedRequest(`https://hooks.example.cn:${port}/`, {
        method: 'POST',
        policy: cloud,
        timeoutMs: 2000,
        resolve,
      }),
    ).rejects.toEqual(new BlockedTargetError('private-address'));
    await expect(
      guardedRequest('https://[::ffff:7f00:1]/', { method: 'GET', policy: cloud, timeoutMs: 2000 }),
    ).rejects.toBeInstanceOf(BlockedTargetError);
    expect(seen.length).toBe(before);
  });

  it('resolves once and connects to the address it checked (no second lookup to rebind)', async () => {
    let lookups = 0;
    // A name the system resolver does not know: the request can only arrive through the pinned address.
    const resolve = async () => {
      lookups++;
      return [{ address: '127.0.0.1', family: 4 as const }];
    };
    const response = await guardedRequest(`http://hooks.rebind.test:${port}/hook`, {
      method: 'POST',
      body: '{"ok":true}',
      headers: { 'content-type': 'application/json' },
      policy: local,
      timeoutMs: 2000,
      resolve,
    });
    expect(response).toMatchObject({ status: 204, address: '127.0.0.1' });
    expect(lookups).toBe(1);
    expect(seen.at(-1)?.headers.host).toBe(`hooks.rebind.test:${port}`);
  });

  it('never follows a redirect', async () => {
    const before = seen.length;
    const response = await guardedRequest(`http://127.0.0.1:${port}/redirect`, {
      method: 'GET',
      policy: local,
      timeoutMs: 2000,
    });
    expect(response.status).toBe(302);
    expect(seen.length).toBe(before + 1);
  });

  it('stops reading at the size limit', async () => {
    await expect(
      guardedRequest(`http://127.0.0.1:${port}/big`, {
        method: 'GET',
        policy: local,
        timeoutMs: 2000,
        maxResponseBytes: 1024,
      }),
    ).rejects.toBeInstanceOf(ResponseTooLargeError);
  });
});
