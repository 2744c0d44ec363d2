import { randomBytes } from 'node:crypto';
import type { HttpReply } from './gateway-events.ts';

/**
 * The answers API Gateway (HTTP API) gives itself, before or instead of a function: HTTP APIs cannot customise
 * them, and the site and console must handle them next to our problem+json. Bodies and headers as AWS sends
 * them (sources next to each); every API Gateway response also carries an `apigw-requestid`.
 */

/** API Gateway's request id header (present on every HTTP API response). */
export function apigwRequestId(): string {
  return randomBytes(10).toString('base64');
}

function message(statusCode: number, text: string, headers: Record<string, string> = {}): HttpReply {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', 'apigw-requestid': apigwRequestId(), ...headers },
    cookies: [],
    body: Buffer.from(JSON.stringify({ message: text })),
  };
}

/** No route matches (an unknown path, or a known path with another method: HTTP APIs have no 405). */
export const notFound = () => message(404, 'Not Found');

/**
 * The JWT authorizer refused the request: 401 `{"message":"Unauthorized"}` with a `www-authenticate` challenge
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-jwt.html). AWS documents
 * the challenge of a token it rejects (`Bearer scope="" error="invalid_token" error_description="…"`); a request
 * without a token gets the bare scheme.
 */
export function unauthorized(reason?: string): HttpReply {
  const challenge =
    reason === undefined
      ? 'Bearer'
      : `Bearer scope="" error="invalid_token" error_description="${reason.replace(/"/g, "'")}"`;
  return message(401, 'Unauthorized', { 'www-authenticate': challenge });
}

/** The stage's throttle (rate and burst per route) has no token left. */
export const tooManyRequests = () => message(429, 'Too Many Requests');

/** The function failed: an unhandled error, a crash, or its own timeout (Lambda reports a function error). */
export const internalServerError = () => message(500, 'Internal Server Error');

/**
 * The integration did not answer within the HTTP API's 30 seconds: 503 `{"message":"Service Unavailable"}`, as
 * observed on real HTTP APIs (cortexlabs/cortex#1225, anomalyco/sst#2232); REST APIs answer 504 instead.
 */
export const serviceUnavailable = () => message(503, 'Service Unavailable');

/** The execute-api endpoint is disabled (the API sits behind CloudFront): clients still connect, and get 403. */
export const forbidden = () => message(403, 'Forbidden');

/** The HTTP API payload quota (10 MB, https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html). */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

/**
 * A body over the quota: 413 with a plain-text body, as observed behind CloudFront
 * (koki-develop/lgtm-generator#10): `HTTP content length exceeded 10485760 bytes.`
 */
export function payloadTooLarge(): HttpReply {
  return {
    statusCode: 413,
    headers: { 'content-type': 'text; charset=utf-8', 'apigw-requestid': apigwRequestId() },
    cookies: [],
    body: Buffer.from(`HTTP content length exceeded ${MAX_PAYLOAD_BYTES} bytes.`),
  };
}

/** The HTTP API integration timeout (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html). */
export const INTEGRATION_TIMEOUT_MS = 30_000;
