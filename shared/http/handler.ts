import middy, { type MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { DependencyUnavailableError, HuiyinError } from '../errors/index.ts';
import { logger } from '../logging/logger.ts';
import { isDependencyFailure } from './dependency-failure.ts';
import { preferredLanguage, problem, problemFromError, problemTypeUri } from './responses.ts';
import type { HttpEvent, HttpResult } from './types.ts';

export type HttpRouteHandler = (event: HttpEvent, context: Context) => Promise<HttpResult>;

/**
 * Maps every failure to problem+json: typed errors keep their status and field errors, dependency outages
 * become 503 with Retry-After, anything else is a 500 that says nothing about internals.
 */
export function problemDetails(): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    onError: async (request) => {
      const error = request.error;
      const language = preferredLanguage(request.event);
      const requestId = request.event.requestContext?.requestId;
      if (error instanceof HuiyinError) {
        if (error.status >= 500) logger.error('request failed', { type: error.type, error });
        request.response = problemFromError(error, language, requestId);
        return;
      }
      if (isDependencyFailure(error)) {
        logger.error('dependency unavailable', { error });
        request.response = problemFromError(new DependencyUnavailableError('storage'), language, requestId);
        request.response.headers = { ...request.response.headers, 'retry-after': '5' };
        return;
      }
      logger.error('unhandled error', { error });
      request.response = problem({
        type: problemTypeUri('internal-error'),
        title: language === 'en' ? 'Internal error' : '系统内部错误',
        status: 500,
        ...(requestId ? { instance: `urn:huiyin:request:${requestId}` } : {}),
      });
    },
  };
}

/** Every HTTP function is `httpHandler(async (event) => …)`: thin, with the shared error mapping. */
export function httpHandler(fn: HttpRouteHandler) {
  return middy<HttpEvent, HttpResult>().use(problemDetails()).handler(fn);
}
