import { siteSecurityHeaders } from '../http/site-security-headers.ts';

/**
 * The page at `/api/docs`. Redoc renders the document in the browser; its standalone bundle is served with the
 * site (`/vendor/redoc.standalone.js`, copied by the web build from the Redoc that `@redocly/cli` ships), never
 * from a CDN, and `/vendor/api-docs.js` (web/public) starts it with telemetry off. No inline script, so the
 * page keeps `script-src 'self'`. Redoc's "API docs by" badge points at its CDN; the CSP blocks that image.
 */
export const REDOC_BUNDLE_PATH = '/vendor/redoc.standalone.js';
const START_SCRIPT_PATH = '/vendor/api-docs.js';

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
<div id="redoc"></div>
<script type="module" src="${START_SCRIPT_PATH}"></script>
</body>
</html>
`;

/**
 * The site's own policy (`script-src 'self'`, inline styles allowed, which Redoc needs): CloudFront applies it to
 * `/api/*` in the cloud anyway, so the page is tested locally under the policy it gets there.
 */
export const API_DOCS_SECURITY_HEADERS: Record<string, string> = siteSecurityHeaders;
