/**
 * What the edge (CloudFront in the cloud, the local gateway on one machine) forwards to the API, in one place:
 * the CDK web stack builds its origin request policy from these lists and the local edge forwards exactly the
 * same headers, so a header the API starts to need fails locally before it fails behind CloudFront.
 */

/**
 * The secret custom origin header CloudFront adds to every API request (a CloudFront "custom origin header",
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/add-origin-custom-headers.html): proof that
 * a request came through the distribution, so its viewer-address header can be believed.
 */
export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';

/**
 * The viewer's IP address and source port (`198.51.100.10:46532`, `2001:db8::1:46532`), added by CloudFront when
 * the origin request policy names it (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/adding-cloudfront-headers.html).
 */
export const VIEWER_ADDRESS_HEADER = 'cloudfront-viewer-address';

/**
 * The viewer's IP address alone (`198.51.100.10`, `2001:db8::1`), as the china profile's site gateway (an API
 * Gateway REST API in front of the site and the API, infra/cdk/site-gateway.ts) forwards it from
 * `context.identity.sourceIp`: a REST API mapping cannot add the port CloudFront's header carries. Believed under
 * the same rule, only with the origin-verify secret.
 */
export const VIEWER_IP_HEADER = 'x-viewer-ip';

/**
 * Viewer headers the API reads, forwarded by the origin request policy. `authorization` is not here: CloudFront
 * refuses it in an origin request policy, it travels in the cache policy instead
 * (https://repost.aws/knowledge-center/cloudfront-authorization-header). Without `user-agent` CloudFront would
 * send its own ("Amazon CloudFront"). `if-none-match`: the API document revalidates by its ETag (304), and
 * CloudFront caches nothing under /api/* that could answer for it.
 */
export const forwardedViewerHeaders = [
  'accept',
  'accept-language',
  'content-type',
  'idempotency-key',
  'if-none-match',
  'origin',
  'user-agent',
] as const;

/** Forwarded through the cache policy (part of the cache key; responses are not cached, see web-stack.ts). */
export const cacheKeyHeaders = ['authorization'] as const;
