/**
 * The site's security headers: the local static server sends them, CloudFront's response headers policy is
 * built from them (`infra/cdk/web-stack.ts`, which applies it to `/api/*` as well), and the one HTML page an API
 * function serves (`/api/docs`) sends them itself so that it runs under the same policy locally. `font-src`
 * allows `data:` for the icon font the API reference page (Redoc) embeds.
 */
export const siteSecurityHeaders: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data: blob:; font-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'permissions-policy': 'geolocation=(), camera=(), microphone=()',
};
