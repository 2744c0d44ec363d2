import { createHash } from 'node:crypto';
import { guardedRequest } from '../adapters/http/guarded-request.ts';
import { storedImageExtension } from '../domain/attachments/image-type.ts';
import { ATTACHMENTS_PREFIX, MAX_ATTACHMENT_BYTES } from '../domain/attachments/limits.ts';
import type { CaseAttachment } from '../domain/case/model.ts';
import type { TargetPolicy } from '../domain/net/address-policy.ts';
import { ValidationError } from '../errors/index.ts';
import type { AttachmentStore } from '../ports/attachment-store.ts';

/**
 * Open311's `media_url`: the photo an Open311 client links to is fetched by the server, through the same
 * guard as unit webhooks (resolved once, no internal addresses, pinned, no redirects), at most 8 MB and 10 s,
 * only if it says it is an image; then decoded and rebuilt from its pixels like every other photo, and kept
 * with the case (`attachments/open311/<sha256(url)>.<jpg|png>`: the same URL always makes the same object,
 * so a retried request writes nothing new). A link that cannot be fetched or decoded throws a field error on
 * `media_url` saying why, in Chinese; `createRequest` then files the report without the photo and says so.
 */

export interface Open311MediaDeps {
  readonly attachments: Pick<AttachmentStore, 'write'>;
  readonly policy: () => TargetPolicy;
  /** Tests: a resolver for names (the guarded client otherwise asks the system's DNS). */
  readonly resolve?: Parameters<typeof guardedRequest>[1]['resolve'];
}

export const MEDIA_TIMEOUT_MS = 10_000;

const refuse = (message: string) => new ValidationError([{ field: 'media_url', message }]);

export async function fetchOpen311Media(deps: Open311MediaDeps, mediaUrl: string): Promise<CaseAttachment> {
  let body: Buffer;
  try {
    const response = await guardedRequest(mediaUrl, {
      method: 'GET',
      headers: { accept: 'image/*' },
      policy: deps.policy(),
      timeoutMs: MEDIA_TIMEOUT_MS,
      maxResponseBytes: MAX_ATTACHMENT_BYTES,
      ...(deps.resolve ? { resolve: deps.resolve } : {}),
    });
    if (response.status !== 200) throw refuse(`图片链接无法访问（HTTP ${response.status}）`);
    if (!/^image\//i.test(String(response.headers['content-type'] ?? '')))
      throw refuse('图片链接指向的不是图片');
    body = response.body ?? Buffer.alloc(0);
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    const name = (error as Error).name;
    throw refuse(
      name === 'BlockedTargetError'
        ? '图片链接不能指向内网或本机地址'
        : name === 'ResponseTooLargeError'
          ? '图片超过 8 MB'
          : '图片链接无法下载',
    );
  }
  const { cleanImage, UndecodableImageError } = await import('../adapters/images/clean-image.ts');
  let image: Awaited<ReturnType<typeof cleanImage>>;
  try {
    image = await cleanImage(body);
  } catch (error) {
    if (error instanceof UndecodableImageError) throw refuse(error.messageZh);
    throw error;
  }
  const digest = createHash('sha256').update(mediaUrl).digest('hex').slice(0, 32);
  const key = `${ATTACHMENTS_PREFIX}open311/${digest}.${storedImageExtension[image.contentType]}`;
  await deps.attachments.write(key, image.bytes, image.contentType);
  return { key, contentType: image.contentType, bytes: image.bytes.length, source: 'open311' };
}
