import { publicHandler } from '../shared/http/public-handler.ts';
import { API_DOCS_HTML, API_DOCS_SECURITY_HEADERS } from '../shared/openapi/docs-page.ts';

/** `GET /api/docs`: the API reference for people, Redoc rendering `/api/openapi.json` (see docs-page.ts). */
export const handler = publicHandler('read', async () => ({
  statusCode: 200,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'public, max-age=300',
    ...API_DOCS_SECURITY_HEADERS,
  },
  body: API_DOCS_HTML,
}));
