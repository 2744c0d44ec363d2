import { describe, expect, it } from 'vitest';
import {
  checkKey,
  clientIdOfKey,
  clientIdSchema,
  clientView,
  hashKey,
  newApiKey,
  newOpen311ClientSchema,
  type Open311Client,
  open311ClientInputSchema,
} from '../../../shared/domain/open311/clients.ts';
import { placeRequest } from '../../../shared/domain/open311/place.ts';
import { parseW3cDateTime } from '../../../shared/domain/open311/time.ts';
import { demoCounty } from '../../../shared/seed/demo-county.ts';

/** Edges of the Open311 (GeoReport v2) mapping that the mutation run found unasserted. */

describe('W3C date-times a client sends', () => {
  it('are read with or without seconds, with up to nine fraction digits, with Z or an offset', () => {
    const read = (text: string) => parseW3cDateTime(text)?.toISOString();

    expect(read('2026-12-01T09:30Z')).toBe('2026-12-01T09:30:00.000Z');
    expect(read('2026-12-01T09:30:15+08:00')).toBe('2026-12-01T01:30:15.000Z');
    expect(read('2026-12-01T09:30:15.5-05:00')).toBe('2026-12-01T14:30:15.500Z');
    expect(read('2026-12-01T09:30:15.123456789Z')).toBe('2026-12-01T09:30:15.123Z');
  });

  it('are refused without an offset, as a date only, or when not a real time', () => {
    // Each of these would otherwise be read in the process time zone or be a date without a time.
    for (const text of ['2026-12-01T09:30:15', '2026-12-01', '2026-12-01T09:30:15+0800', '2026-02-30T25:00Z'])
      expect(parseW3cDateTime(text), text).toBeNull();
  });
});

describe('placing a report', () => {
  const towns = demoCounty.jurisdictions;

  it('uses coordinates only when both are given', () => {
    // 29.66 / 121.2 lies in a town; with one coordinate missing the address decides.
    expect(placeRequest({ lat: 29.66, address: '溪口镇' }, towns)).toEqual(
      placeRequest({ address: '溪口镇' }, towns),
    );
    expect(placeRequest({ long: 121.2, address: '溪口镇' }, towns)).toEqual(
      placeRequest({ address: '溪口镇' }, towns),
    );
  });

  it('refuses to place anything when the catalog has no towns', () => {
    expect(() => placeRequest({}, [])).toThrow('the catalog has no towns');
  });
});

describe('client systems and their keys', () => {
  const input = { name: '12345 平台', contact: 'ops@example.cn', jurisdictions: ['qingxi'] };
  const accepts = (change: Record<string, unknown>) =>
    open311ClientInputSchema.safeParse({ ...input, ...change });

  it('take a client id of 3 to 40 lower-case letters, digits or dashes, not starting with a dash', () => {
    const message = (clientId: string) => clientIdSchema.safeParse(clientId).error?.issues[0]?.message;

    for (const clientId of ['abc', 'fix-my-street', `a${'b'.repeat(39)}`])
      expect(message(clientId), clientId).toBeUndefined();
    for (const clientId of ['ab', `a${'b'.repeat(40)}`, '-abc', 'Abc', 'abc!', ' abc', 'a_c'])
      expect(message(clientId), clientId).toBe('lower-case letters, digits, dashes');
  });

  it('take 1 to 50 town codes or the county id, each of 2 to 60 characters', () => {
    const message = (jurisdiction: string) =>
      accepts({ jurisdictions: [jurisdiction] }).error?.issues[0]?.message;

    for (const jurisdiction of ['qingxi', 'cn.zj.qingxi', 'x1', `q${'x'.repeat(59)}`])
      expect(message(jurisdiction), jurisdiction).toBeUndefined();
    for (const jurisdiction of ['q', `q${'x'.repeat(60)}`, '.qingxi', 'Qingxi', 'qing xi', 'qingxi/'])
      expect(message(jurisdiction), jurisdiction).toBe('a town code or the county id');
    expect(accepts({ jurisdictions: [] }).success).toBe(false);
    expect(accepts({ jurisdictions: Array.from({ length: 50 }, (_, n) => `t${n}`) }).success).toBe(true);
    expect(accepts({ jurisdictions: Array.from({ length: 51 }, (_, n) => `t${n}`) }).success).toBe(false);
  });

  it('take a request limit of 1 to 100,000 per 1 second to a day', () => {
    const limit = (max: number, windowSeconds: number) =>
      accepts({ rateLimit: { max, windowSeconds } }).success;

    expect(limit(1, 1)).toBe(true);
    expect(limit(100_000, 86_400)).toBe(true);
    expect(limit(0, 60)).toBe(false);
    expect(limit(100_001, 60)).toBe(false);
    expect(limit(10, 0)).toBe(false);
    expect(limit(10, 86_401)).toBe(false);
    expect(accepts({ rateLimit: {} }).success).toBe(false);
    expect(accepts({ extra: 1 }).success).toBe(false);
    expect(newOpen311ClientSchema.safeParse(input).success).toBe(false);
    expect(newOpen311ClientSchema.safeParse({ ...input, clientId: 'fix-my-street' }).data).toEqual({
      ...input,
      clientId: 'fix-my-street',
    });
  });

  it('store the SHA-256 of a key, base64url, and show admins the key’s first characters only', () => {
    expect(hashKey('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
    const { key, keyHash, keyPrefix } = newApiKey('fix-my-street');

    expect(keyHash).toBe(hashKey(key));
    expect(keyPrefix).toBe(key.slice(0, 'hy311.fix-my-street.'.length + 4));
    expect(keyPrefix).toMatch(/^hy311\.fix-my-street\.[A-Za-z0-9_-]{4}$/);
    const client = { clientId: 'fix-my-street', keyHash, keyPrefix } as Open311Client;
    expect(clientView(client)).toEqual({ clientId: 'fix-my-street', keyPrefix });
  });

  it('read the client only from a whole key', () => {
    const { key } = newApiKey('fix-my-street');

    expect(clientIdOfKey(key)).toBe('fix-my-street');
    expect(clientIdOfKey(`x${key}`)).toBeNull();
    expect(clientIdOfKey(`${key}x`)).toBeNull();
  });

  it('refuse a key against a stored hash of another length, without throwing', () => {
    const client = { clientId: 'abc', keyHash: 'short' } as Open311Client;
    expect(checkKey('hy311.abc.anything', client)).toEqual({ ok: false, reason: 'invalid' });
  });
});
