import { describe, expect, it } from 'vitest';
import { RouteThrottle } from '../../../infra/local/throttle.ts';
import type { HttpEvent } from '../../../shared/http/types.ts';
import { viewerAddress, viewerIp } from '../../../shared/http/viewer-address.ts';

const secret = 'origin-verify-secret-0123456789';

function event(headers: Record<string, string>, sourceIp = '130.176.1.1'): HttpEvent {
  return { headers, requestContext: { http: { sourceIp } } } as unknown as HttpEvent;
}

describe('the viewer address', () => {
  it('is CloudFront’s viewer address when the origin secret matches', () => {
    expect(
      viewerAddress(
        event({ 'cloudfront-viewer-address': '198.51.100.10:46532', 'x-origin-verify': secret }),
        secret,
      ),
    ).toBe('198.51.100.10');
    expect(
      viewerAddress(
        event({ 'cloudfront-viewer-address': '2001:db8::1:46532', 'x-origin-verify': secret }),
        secret,
      ),
    ).toBe('2001:db8::1');
  });

  it('is the source IP without the secret, with a wrong one, a malformed header, or none configured', () => {
    const forged = { 'cloudfront-viewer-address': '198.51.100.10:46532' };
    expect(viewerAddress(event(forged), secret)).toBe('130.176.1.1');
    expect(viewerAddress(event({ ...forged, 'x-origin-verify': `${secret}x` }), secret)).toBe('130.176.1.1');
    expect(viewerAddress(event({ ...forged, 'x-origin-verify': secret.slice(1) }), secret)).toBe(
      '130.176.1.1',
    );
    expect(
      viewerAddress(event({ 'cloudfront-viewer-address': 'evil', 'x-origin-verify': secret }), secret),
    ).toBe('130.176.1.1');
    expect(viewerAddress(event({ ...forged, 'x-origin-verify': secret }), undefined)).toBe('130.176.1.1');
  });

  it('takes the bare address the china site gateway forwards, under the same secret', () => {
    const gateway = (ip: string, verify?: string) =>
      event({ 'x-viewer-ip': ip, ...(verify === undefined ? {} : { 'x-origin-verify': verify }) });
    expect(viewerAddress(gateway('198.51.100.7', secret), secret)).toBe('198.51.100.7');
    expect(viewerAddress(gateway('2001:db8::7', secret), secret)).toBe('2001:db8::7');
    expect(viewerAddress(gateway('198.51.100.7'), secret)).toBe('130.176.1.1');
    expect(viewerAddress(gateway('198.51.100.7', 'wrong'), secret)).toBe('130.176.1.1');
    expect(viewerAddress(gateway('not-an-ip', secret), secret)).toBe('130.176.1.1');
  });

  it('parses IPv4 and unbracketed or bracketed IPv6 with a port, and nothing else', () => {
    expect(viewerIp('192.0.2.1:1')).toBe('192.0.2.1');
    expect(viewerIp('[2001:db8::2]:443')).toBe('2001:db8::2');
    expect(viewerIp('192.0.2.1')).toBeUndefined();
    expect(viewerIp('host.example:443')).toBeUndefined();
  });
});

describe('the stage throttle', () => {
  it('is a token bucket per route: the burst at once, then the rate', () => {
    let now = 0;
    const throttle = new RouteThrottle({ rateLimit: 2, burstLimit: 3 }, () => now);
    const take = (route: string, count: number) => Array.from({ length: count }, () => throttle.take(route));

    expect(take('GET /a', 4)).toEqual([true, true, true, false]);
    expect(take('GET /b', 1)).toEqual([true]);
    now += 500; // half a second at 2/s: one token back
    expect(take('GET /a', 2)).toEqual([true, false]);
    now += 10_000; // never more than the burst
    expect(take('GET /a', 4)).toEqual([true, true, true, false]);
  });
});
