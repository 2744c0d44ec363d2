import { Logger } from '@aws-lambda-powertools/logger';
import { redactingReplacer } from './redact.ts';

/**
 * One Powertools logger per process. The replacer runs on every value it serialises, so a careless
 * `logger.info('x', { petition })` still cannot leak a phone number or petition text.
 */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'huiyin',
  // POWERTOOLS_LOG_LEVEL (set by the CDK app) wins; LOG_LEVEL is the local runtime's and tests' knob.
  ...(process.env.POWERTOOLS_LOG_LEVEL
    ? {}
    : { logLevel: (process.env.LOG_LEVEL as 'INFO' | undefined) ?? 'INFO' }),
  jsonReplacerFn: redactingReplacer,
});
