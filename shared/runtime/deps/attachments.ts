import { S3AttachmentStore } from '../../adapters/s3/s3-attachment-store.ts';
import { bucketName, s3Endpoint, uploadEndpoint } from '../../config/env.ts';
import type { AttachmentStore } from '../../ports/attachment-store.ts';
import { once } from '../once.ts';

export const attachmentStore = /* @__PURE__ */ once<AttachmentStore>(() => {
  const upload = uploadEndpoint();
  const endpoint = s3Endpoint();
  return new S3AttachmentStore({
    bucket: bucketName('attachments'),
    ...(endpoint ? { endpoint } : {}),
    ...(upload ? { uploadEndpoint: upload } : {}),
  });
});
