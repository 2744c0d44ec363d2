import * as z from 'zod';
import type { OperationMap } from '../spec.ts';

/** This document and its rendering. */
export const contractOperations = {
  'GET /api/openapi.json': {
    summary: 'This OpenAPI 3.1 document',
    description: 'Generated from the zod schemas the handlers parse with; cached (ETag, five minutes).',
    tag: 'Contract',
    responses: {
      200: {
        description: 'The document',
        content: {
          'application/json': z
            .looseObject({ openapi: z.literal('3.1.0'), info: z.looseObject({}), paths: z.looseObject({}) })
            .meta({ id: 'OpenApiDocument' }),
        },
        headers: ['Cache-Control', 'ETag'],
      },
      304: {
        description: 'Not modified: `If-None-Match` named the current ETag',
        headers: ['Cache-Control', 'ETag'],
      },
    },
  },
  'GET /api/docs': {
    summary: 'This document rendered for people (Redoc, served with the site)',
    tag: 'Contract',
    responses: {
      200: {
        description: 'An HTML page',
        content: { 'text/html': z.string().meta({ id: 'HtmlPage' }) },
        headers: ['Cache-Control'],
      },
    },
  },
} satisfies OperationMap;
