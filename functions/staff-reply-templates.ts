import { parseJsonBody, parseWith } from '../shared/http/body.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { catalog } from '../shared/runtime/deps/catalog.ts';
import { replyTemplateStore } from '../shared/runtime/deps/console.ts';
import {
  deleteTemplate,
  listTemplates,
  saveTemplate,
  templateBodySchema,
  templatePathSchema,
  templateScopeQuerySchema,
} from '../shared/use-cases/staff/reply-templates.ts';

/**
 * Reply templates: `GET /api/staff/reply-templates`, `PUT|DELETE /api/staff/reply-templates/{templateId}`.
 * Handlers keep their unit's, admins any unit's and the county-wide ones, supervisors read them all.
 */
export const handler = staffHandler(['handler', 'supervisor', 'admin'], async (event) => {
  const method = event.requestContext.http.method;
  const { unitId } = parseWith(templateScopeQuerySchema, event.queryStringParameters ?? {});
  if (method === 'GET')
    return json(200, { items: await listTemplates(replyTemplateStore(), event.actor, unitId) });
  const { templateId } = parseWith(templatePathSchema, event.pathParameters ?? {});
  if (method === 'DELETE') {
    await deleteTemplate(replyTemplateStore(), event.actor, templateId, unitId);
    return { statusCode: 204, headers: { 'cache-control': 'no-store' } };
  }
  const body = parseJsonBody(event, templateBodySchema);
  return json(
    200,
    await saveTemplate({ store: replyTemplateStore(), catalog }, event.actor, templateId, body, new Date()),
  );
});
