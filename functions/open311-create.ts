import { Open311Error } from '../shared/domain/open311/model.ts';
import { formFields } from '../shared/domain/open311/post-request.ts';
import { createdResponse, updateCreatedResponse } from '../shared/domain/open311/render.ts';
import { DEFAULT_MAX_BODY_BYTES, rawBody } from '../shared/http/body.ts';
import { open311Handler, parseOpen311 } from '../shared/http/open311-handler.ts';
import { attachmentStore } from '../shared/runtime/deps/attachments.ts';
import { calendar, policies } from '../shared/runtime/deps/calendar.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { open311ReadDeps } from '../shared/runtime/deps/open311.ts';
import { outboundPolicy } from '../shared/runtime/deps/outbound.ts';
import { idempotencyKeySchema } from '../shared/schemas/idempotency-key.ts';
import { open311UpdatePostSchema } from '../shared/schemas/open311.ts';
import { createRequest, type Open311WriteDeps, postUpdate } from '../shared/use-cases/open311.ts';

/** The photo behind `media_url`, fetched through the outbound guard and rebuilt from its pixels (loaded on use). */
const open311Media = async (mediaUrl: string) =>
  (await import('../shared/use-cases/open311-media.ts')).fetchOpen311Media(
    { attachments: attachmentStore(), policy: outboundPolicy },
    mediaUrl,
  );

const deps = (): Open311WriteDeps => ({
  ...open311ReadDeps(),
  store: caseStore(),
  calendar,
  policies,
  media: open311Media,
});

/**
 * Open311 with a client's key (form-encoded): `POST requests` makes a case (channel `open311`), `POST
 * servicerequestupdates` adds the petitioner's follow-up to one. An `Idempotency-Key` header names the
 * client's report (an extension; the spec has none): the same key and report within a day is the same case.
 * Any other name under `/open311/v2/` is a 404 in the spec's format.
 */
export const handler = open311Handler('submit', async (event) => {
  const format = event.routeKey.endsWith('.xml') ? 'xml' : 'json';
  if (event.routeKey === 'POST /open311/v2/{resource}') throw new Open311Error(404, 'not found');
  if (!/^application\/x-www-form-urlencoded\b/i.test(event.headers?.['content-type'] ?? ''))
    throw new Open311Error(400, 'the body must be application/x-www-form-urlencoded', { permanent: true });
  const form = formFields(rawBody(event, DEFAULT_MAX_BODY_BYTES));
  const now = new Date();
  if (event.routeKey.startsWith('POST /open311/v2/servicerequestupdates.')) {
    const created = await postUpdate(deps(), parseOpen311(open311UpdatePostSchema, form.fields), now);
    return updateCreatedResponse(format, { update_id: created.update_id }, created);
  }
  const key = parseOpen311(idempotencyKeySchema, event.headers?.['idempotency-key']);
  const created = await createRequest(deps(), form, { now, ...(key ? { idempotencyKey: key } : {}) });
  return createdResponse(
    format,
    { service_request_id: created.service_request_id, service_notice: created.service_notice },
    created,
  );
});
