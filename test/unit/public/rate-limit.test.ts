import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { ConfigurationError } from '../../../shared/errors/index.ts';
import { problemDetails } from '../../../shared/http/handler.ts';
import { enforceRateLimit, rateLimit, TooManyRequestsError } from '../../../shared/http/rate-limit.ts';
import {
  defaultRateLimits,
  parseRateLimits,
  type RateLimits,
  rateWindow,
  retryAfterSeconds,
} from '../../../shared/http/rate-limit-policy.ts';
import type { HttpEvent, HttpResult } from '../../../shared/http/types.ts';
import { logger } from '../../../shared/logging/logger.ts';
import type { RateLimiter } from '../../../shared/ports/rate-limiter.ts';

describe('the RATE_LIMITS setting', () => {
  it('defaults to generous limits', () => {
    expect(parseRateLimits(undefined)).toBe(defaultRateLimits);
    expect(defaultRateLimits.submit).toEqual({ max: 30, windowSeconds: 600 });
    expect(defaultRateLimits.read).toEqual({ max: 300, windowSeconds: 60 });
  });

  it('can be switched off (tests)', () => {
    expect(parseRateLimits('off')).toBe('off');
  });

  it('overrides single classes and keeps the others', () => {
    const limits = parseRateLimits('read=5/60, submit=2/600') as Exclude<RateLimits, 'off'>;

    expect(limits.read).toEqual({ max: 5, windowSeconds: 60 });
    expect(limits.submit).toEqual({ max: 2, windowSeconds: 600 });
    expect(limits.upload).toEqual(defaultRateLimits.upload);
  });

  it.each(['read=5', 'reads=5/60', 'read=0/60', 'read=5/0', 'read=-1/60', 'read=5/60;submit=1/1'])(
    'refuses %s at cold start',
    (setting) => {
      expect(() => parseRateLimits(setting)).toThrow(ConfigurationError);
    },
  );
});

describe('fixed windows', () => {
  const limit = { max: 3, windowSeconds: 60 };

  it('puts requests of one minute in one counter, and the next minute in another', () => {
    const a = rateWindow('read', 'ip:203.0.113.9', limit, new Date('2026-12-01T08:00:01Z'));
    const b = rateWindow('read', 'ip:203.0.113.9', limit, new Date('2026-12-01T08:00:59Z'));
    const c = rateWindow('read', 'ip:203.0.113.9', limit, new Date('2026-12-01T08:01:00Z'));

    expect(a.id).toBe(b.id);
    expect(c.id).not.toBe(a.id);
    expect(a.endsAt.toISOString()).toBe('2026-12-01T08:01:00.000Z');
  });

  it('keeps classes and subjects apart, and never writes the address itself', () => {
    const now = new Date('2026-12-01T08:00:00Z');
    const read = rateWindow('read', 'ip:203.0.113.9', limit, now);

    expect(rateWindow('submit', 'ip:203.0.113.9', limit, now).id).not.toBe(read.id);
    expect(rateWindow('read', 'ip:203.0.113.10', limit, now).id).not.toBe(read.id);
    expect(read.id).not.toContain('203.0.113');
    expect(read.id).toMatch(/^rate#read#[\w-]{22}#\d+$/);
  });

  it('says to retry when the window ends, at least in one second', () => {
    const window = rateWindow('read', 'x', limit, new Date('2026-12-01T08:00:20.200Z'));

    expect(retryAfterSeconds(window, new Date('2026-12-01T08:00:20.200Z'))).toBe(40);
    expect(retryAfterSeconds(window, new Date('2026-12-01T08:00:59.999Z'))).toBe(1);
    expect(retryAfterSeconds(window, new Date('2026-12-01T08:01:30Z'))).toBe(1);
  });
});

function limiter(decide: RateLimiter['hit']): RateLimiter & { hit: ReturnType<typeof vi.fn> } {
  return { hit: vi.fn(decide) };
}

const limits = () => parseRateLimits('read=2/60');
const now = () => new Date('2026-12-01T08:00:30Z');

describe('enforcing a limit', () => {
  it('lets a request through while the window has room', async () => {
    const counter = limiter(async () => ({ allowed: true, remaining: 1 }));

    await enforceRateLimit({ limiter: () => counter, limits, now }, 'read', 'ip:1');

    expect(counter.hit).toHaveBeenCalledOnce();
    expect(counter.hit.mock.calls[0]![1]).toEqual({ max: 2, windowSeconds: 60 });
  });

  it('refuses with 429 and the seconds left in the window', async () => {
    const counter = limiter(async () => ({ allowed: false }));

    const refused = enforceRateLimit({ limiter: () => counter, limits, now }, 'read', 'ip:1');

    await expect(refused).rejects.toBeInstanceOf(TooManyRequestsError);
    await expect(refused).rejects.toMatchObject({ status: 429, retryAfterSeconds: 30 });
  });

  it('does not count at all when limits are off', async () => {
    const counter = limiter(async () => ({ allowed: false }));

    await enforceRateLimit({ limiter: () => counter, limits: () => 'off' }, 'read', 'ip:1');

    expect(counter.hit).not.toHaveBeenCalled();
  });

  it('lets requests through when the counter store is down, and fails on anything else', async () => {
    const outage = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const down = limiter(async () => {
      throw outage;
    });
    const broken = limiter(async () => {
      throw new TypeError('bug');
    });

    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);

    await expect(enforceRateLimit({ limiter: () => down, limits, now }, 'read', 'ip:1')).resolves.toBeNull();
    expect(warn).toHaveBeenCalledWith('rate limiter unavailable; request let through', expect.anything());
    warn.mockRestore();
    await expect(enforceRateLimit({ limiter: () => broken, limits, now }, 'read', 'ip:1')).rejects.toThrow(
      'bug',
    );
  });
});

describe('the middleware', () => {
  const event = (sourceIp: string, headers: Record<string, string> = {}) =>
    ({
      headers,
      requestContext: { http: { sourceIp }, requestId: 'r-1' },
    }) as unknown as HttpEvent;

  const handlerWith = (counter: RateLimiter) =>
    middy<HttpEvent, HttpResult>()
      .use(problemDetails())
      .use(rateLimit('read', { limiter: () => counter, limits, now }))
      .handler(async () => ({ statusCode: 200, body: 'ok' }));

  it('counts by the source address, not by X-Forwarded-For', async () => {
    const counter = limiter(async () => ({ allowed: true, remaining: 1 }));

    await handlerWith(counter)(event('203.0.113.5', { 'x-forwarded-for': '198.51.100.1' }), {} as Context);
    await handlerWith(counter)(event('203.0.113.5', { 'x-forwarded-for': '198.51.100.2' }), {} as Context);

    const [first, second] = counter.hit.mock.calls.map((call) => (call[0] as { id: string }).id);
    expect(first).toBe(second);
    expect(first).toBe(rateWindow('read', 'ip:203.0.113.5', { max: 2, windowSeconds: 60 }, now()).id);
  });

  it('answers 429 problem+json with Retry-After, in the caller’s language', async () => {
    const counter = limiter(async () => ({ allowed: false }));

    const zh = await handlerWith(counter)(event('203.0.113.5'), {} as Context);
    const en = await handlerWith(counter)(event('203.0.113.5', { 'accept-language': 'en' }), {} as Context);

    expect(zh.statusCode).toBe(429);
    expect(zh.headers).toMatchObject({
      'retry-after': '30',
      'content-type': 'application/problem+json; charset=utf-8',
    });
    expect(JSON.parse(zh.body!)).toMatchObject({
      type: 'urn:huiyin:problem:too-many-requests',
      status: 429,
      title: '操作过于频繁，请在 30 秒后再试',
    });
    expect(JSON.parse(en.body!).title).toBe('Too many requests; try again in 30 seconds');
  });
});
