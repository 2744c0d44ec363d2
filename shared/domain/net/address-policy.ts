import ipaddr from 'ipaddr.js';

/**
 * Where the system may send a request on someone else's behalf (a unit's webhook, an Open311 client's
 * `media_url`). Pure: decides on addresses and URLs; the guarded client (`adapters/http/guarded-request.ts`)
 * resolves names and applies it to every address before it connects.
 *
 * Only global unicast addresses are public. Everything else is refused: private (10/8, 172.16/12, 192.168/16),
 * loopback, link-local (169.254/16 — the cloud metadata service at 169.254.169.254 — and fe80::/10),
 * unique-local fc00::/7, carrier-grade NAT, unspecified (0.0.0.0, ::), multicast, broadcast, reserved and
 * documentation ranges, and the IPv6 forms that carry an IPv4 address (mapped ::ffff:a.b.c.d is judged by
 * the IPv4 address inside; 6to4, Teredo and NAT64 prefixes are refused outright). The classification is
 * ipaddr.js's, which also reads the odd IPv4 spellings (`0177.0.0.1`, `0x7f.1`, `2130706433`).
 */

export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === 'unicast';
}

export interface TargetPolicy {
  /** Private and loopback targets allowed: the local stage only, where the demo's webhooks are on localhost. */
  readonly allowPrivate: boolean;
  /** Plain http allowed: never in a cloud stage. */
  readonly allowHttp: boolean;
}

export type TargetProblem = 'not-a-url' | 'scheme' | 'http-in-cloud' | 'credentials' | 'private-address';

const bracketless = (hostname: string) => hostname.replace(/^\[|\]$/g, '');

/**
 * What can be told from the URL alone (before any name is resolved): scheme, user info, and a host that is
 * itself an address or a name that can only be internal. Null when the URL may be tried.
 */
export function targetProblem(url: string, policy: TargetPolicy): TargetProblem | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not-a-url';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'scheme';
  if (parsed.protocol === 'http:' && !policy.allowHttp) return 'http-in-cloud';
  if (parsed.username || parsed.password) return 'credentials';
  if (policy.allowPrivate) return null;
  // A trailing dot names the same host (`localhost.` is `localhost`).
  const host = bracketless(parsed.hostname).toLowerCase().replace(/\.$/, '');
  if (ipaddr.isValid(host)) return isPublicAddress(host) ? null : 'private-address';
  if (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host.endsWith('.local') ||
    host.endsWith('.internal')
  )
    return 'private-address';
  if (!host.includes('.')) return 'private-address';
  return null;
}

export const targetProblemMessages: Record<TargetProblem, string> = {
  'not-a-url': '地址格式不正确 / not a URL',
  scheme: '只支持 https 地址 / only https addresses',
  'http-in-cloud': '正式环境只允许 https 地址 / only https outside the local stage',
  credentials: '地址中不能包含用户名或密码 / no credentials in the URL',
  'private-address':
    '不能指向内网、本机或保留地址 / internal, loopback and reserved addresses are not allowed',
};
