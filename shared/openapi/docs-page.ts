/**
 * The page at `/api/docs`. Redoc renders the document in the browser; its standalone bundle is served with the
 * site (`/vendor/redoc.standalone.js`, copied by the web build from the Redoc that `@redocly/cli` ships), never
 * from a CDN. The bundle is an ES module that renders any `<redoc spec-url>` element it finds, so the page needs
 * no inline script and keeps the site's `script-src 'self'`.
 */
export const REDOC_BUNDLE_PATH = '/vendor/redoc.standalone.js';

export const API_DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Huiyin (回音) API reference</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
</head>
<body>
<noscript>The API reference needs JavaScript. The document itself is at <a href="/api/openapi.json">/api/openapi.json</a>.</noscript>
<redoc spec-url="/api/openapi.json"></redoc>
<script type="module" src="${REDOC_BUNDLE_PATH}"></script>
</body>
</html>
`;

/** Redoc styles itself inline and runs its search index in a worker created from a blob. */
export const API_DOCS_SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
};
