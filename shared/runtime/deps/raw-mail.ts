import { S3AttachmentStore } from '../../adapters/s3/s3-attachment-store.ts';
import { bucketName, s3Endpoint } from '../../config/env.ts';
import { once } from '../once.ts';

/** The mail bucket (raw messages written by SES, the IMAP poller, or the local SMTP listener). */
export const rawMailStore = /* @__PURE__ */ once(() => {
  const endpoint = s3Endpoint();
  return new S3AttachmentStore({ bucket: bucketName('mail'), ...(endpoint ? { endpoint } : {}) });
});
