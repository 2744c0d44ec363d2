import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { siteSecurityHeaders } from '../../shared/http/site-security-headers.ts';

/** Serves the built site (S3 + CloudFront in the cloud) with the same security headers CloudFront adds. */

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

export { siteSecurityHeaders };

export interface StaticFile {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

async function fileAt(path: string): Promise<Buffer | null> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) return fileAt(join(path, 'index.html'));
    return await readFile(path);
  } catch {
    return null;
  }
}

export async function serveStatic(root: string, urlPath: string): Promise<StaticFile> {
  const base = resolve(root);
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    decoded = '/';
  }
  const target = resolve(base, `.${normalize(decoded)}`);
  const inside = target === base || target.startsWith(base + sep);
  const candidates = inside
    ? [target, extname(target) ? null : `${target}.html`].filter((path): path is string => path !== null)
    : [];
  for (const candidate of candidates) {
    const body = await fileAt(candidate);
    if (body) {
      const type = contentTypes[extname(candidate) || '.html'] ?? 'application/octet-stream';
      const cache = candidate.includes(`${sep}assets${sep}`)
        ? 'public, max-age=31536000, immutable'
        : 'no-cache';
      return {
        status: 200,
        headers: { 'content-type': type, 'cache-control': cache, ...siteSecurityHeaders },
        body,
      };
    }
  }
  const notFound = (await fileAt(join(base, '404.html'))) ?? Buffer.from('Not found');
  return {
    status: 404,
    headers: { 'content-type': 'text/html; charset=utf-8', ...siteSecurityHeaders },
    body: notFound,
  };
}
