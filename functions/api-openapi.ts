import { createHash } from 'node:crypto';
import { publicHandler } from '../shared/http/public-handler.ts';
import { json } from '../shared/http/responses.ts';

/** Built once per container: the document only changes with a deployment. */
let cached: { readonly body: unknown; readonly etag: string } | undefined;

async function document() {
  if (!cached) {
    // Every schema of the API and the generator: a lazy chunk, so the bundle that starts stays small.
    const { buildOpenApiDocument } = await import('../shared/openapi/document.ts');
    const body = buildOpenApiDocument();
    const etag = `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 27)}"`;
    cached = { body, etag };
  }
  return cached;
}

/**
 * `GET /api/openapi.json`: the OpenAPI 3.1 document of this API, generated from the zod schemas the handlers
 * parse with (`shared/openapi/`). Caches may keep it five minutes and revalidate it by its ETag.
 */
export const handler = publicHandler('read', async (event) => {
  const { body, etag } = await document();
  const caching = { 'cache-control': 'public, max-age=300', etag };
  if (event.headers?.['if-none-match'] === etag) return { statusCode: 304, headers: caching };
  return json(200, body, caching);
});
