/**
 * Whether an error means "a dependency is down or overloaded" (→ 503, retry later) rather than a bug (→ 500).
 * The AWS SDK surfaces network failures as plain errors with a Node `code`, and throttling/outages as named
 * service exceptions; both are transient for the caller.
 */

const transientNames = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalServerError',
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TransactionInProgressException',
]);

const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

export function isDependencyFailure(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== 'object') return false;
    const candidate = current as {
      name?: unknown;
      code?: unknown;
      cause?: unknown;
      $metadata?: { httpStatusCode?: number };
    };
    if (typeof candidate.name === 'string' && transientNames.has(candidate.name)) return true;
    if (typeof candidate.code === 'string' && networkCodes.has(candidate.code)) return true;
    const status = candidate.$metadata?.httpStatusCode;
    if (typeof status === 'number' && status >= 500) return true;
    if (candidate instanceof AggregateError) return candidate.errors.some(isDependencyFailure);
    current = candidate.cause;
  }
  return false;
}
