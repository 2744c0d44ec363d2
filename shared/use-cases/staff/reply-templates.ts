import * as z from 'zod';
import type { StaffActor } from '../../auth/claims.ts';
import type { Catalog } from '../../domain/reference/model.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../errors/index.ts';
import type { ReplyTemplate, ReplyTemplateStore } from '../../ports/reply-template-store.ts';
import { lineText, paragraphText } from '../../schemas/text.ts';

/**
 * Reusable reply texts. Handlers keep their own unit's; admins keep any unit's and the county-wide ones
 * (`unitId` absent); supervisors read all of them. A handler's scope comes from the token: whatever unit a
 * request names, a handler only ever reads and writes their own unit's templates.
 */

export const templateIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'lower-case letters, digits and dashes');
const unitIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/);

export const templateBodySchema = z.strictObject({
  title: lineText(1, 40),
  text: paragraphText(5, 4000),
  /** Admins only: the unit the template is for; absent means county-wide. */
  unitId: unitIdSchema.nullable().optional(),
});

export const templatePathSchema = z.object({ templateId: templateIdSchema });

export const templateScopeQuerySchema = z.object({ unitId: unitIdSchema.optional() });

const notFound = () => new NotFoundError({ zh: '没有这个答复模板', en: 'No such reply template' });

/** The unit whose templates an actor may change: a handler's own; for admins what they name (or county-wide). */
function writableScope(actor: StaffActor, requested: string | null | undefined): string | null {
  if (actor.role === 'admin') return requested ?? null;
  if (actor.role === 'handler' && actor.unitId) {
    if (requested !== undefined && requested !== actor.unitId) throw new ForbiddenError();
    return actor.unitId;
  }
  throw new ForbiddenError();
}

export async function listTemplates(
  store: ReplyTemplateStore,
  actor: StaffActor,
  requestedUnitId: string | undefined,
): Promise<ReplyTemplate[]> {
  if (actor.role === 'handler') {
    if (!actor.unitId || (requestedUnitId && requestedUnitId !== actor.unitId)) throw new ForbiddenError();
    return store.forUnit(actor.unitId);
  }
  if (actor.role === 'supervisor' || actor.role === 'admin')
    return requestedUnitId ? store.forUnit(requestedUnitId) : store.all();
  throw new ForbiddenError();
}

export async function saveTemplate(
  deps: { store: ReplyTemplateStore; catalog: () => Promise<Catalog> },
  actor: StaffActor,
  templateId: string,
  body: z.infer<typeof templateBodySchema>,
  now: Date,
): Promise<ReplyTemplate> {
  const unitId = writableScope(actor, body.unitId);
  if (unitId && !(await deps.catalog()).units.some((unit) => unit.unitId === unitId))
    throw new ValidationError([{ field: 'unitId', message: '单位不存在 / unknown unit' }]);
  const template: ReplyTemplate = {
    templateId,
    unitId,
    title: body.title,
    text: body.text,
    updatedBy: actor.id,
    updatedAt: now.toISOString(),
  };
  await deps.store.put(template);
  return template;
}

export async function deleteTemplate(
  store: ReplyTemplateStore,
  actor: StaffActor,
  templateId: string,
  requestedUnitId: string | undefined,
): Promise<void> {
  const unitId = writableScope(actor, requestedUnitId);
  if (!(await store.get(unitId, templateId))) throw notFound();
  await store.delete(unitId, templateId);
}
