import * as z from 'zod';
import type { CatalogList } from '../../adapters/dynamo/dynamo-catalog-store.ts';
import { type TargetPolicy, targetProblem, targetProblemMessages } from '../../domain/net/address-policy.ts';
import {
  type Catalog,
  categorySchema,
  jurisdictionSchema,
  PETITION_OFFICE_UNIT_ID,
  routingRuleSchema,
  studioSchema,
  unitSchema,
} from '../../domain/reference/model.ts';
import type { StaffUser } from '../../domain/users/model.ts';
import { ConflictError, type FieldError, ValidationError } from '../../errors/index.ts';
import { parseWith } from '../../http/body.ts';

/**
 * Admin edits of the county's reference data, one entry at a time. The body is checked by the entry's schema
 * (unknown fields refused), then against the rest of the catalog: a routing rule must name a unit, categories
 * and towns that exist and carry at least one condition; nothing that others still point at can be deleted.
 * Functions reload the catalog every 30 s, so an edit reaches routing within half a minute.
 */

/** URL names of the lists (`/api/admin/reference/{kind}/{id}`) → catalog lists and their id field. */
export const referenceKinds = {
  units: { list: 'units', idField: 'unitId', schema: unitSchema },
  categories: { list: 'categories', idField: 'code', schema: categorySchema },
  jurisdictions: { list: 'jurisdictions', idField: 'code', schema: jurisdictionSchema },
  studios: { list: 'studios', idField: 'studioId', schema: studioSchema },
  'routing-rules': { list: 'routingRules', idField: 'ruleId', schema: routingRuleSchema },
} as const satisfies Record<string, { list: CatalogList; idField: string; schema: z.ZodObject }>;

export type ReferenceKind = keyof typeof referenceKinds;
export const referenceKindSchema = z.enum(Object.keys(referenceKinds) as [ReferenceKind, ...ReferenceKind[]]);
export const referencePathSchema = z.object({ kind: referenceKindSchema, id: z.string().min(1).max(40) });

/** The body of `PUT /api/admin/reference/{kind}/{id}` per kind: the entry (unknown fields refused), id optional. */
export const referenceBodySchemas = Object.fromEntries(
  (Object.entries(referenceKinds) as [ReferenceKind, (typeof referenceKinds)[ReferenceKind]][]).map(
    ([kind, definition]) => {
      const shape = definition.schema.shape as Record<string, z.ZodType>;
      return [
        kind,
        z.strictObject({ ...shape, [definition.idField]: shape[definition.idField]!.optional() }),
      ];
    },
  ),
) as Record<ReferenceKind, z.ZodObject>;

export interface ReferenceWriter {
  /** With `createOnly`, writes nothing and answers `exists` when an entry has the id already. */
  put<L extends CatalogList>(
    list: L,
    value: Catalog[L][number],
    options?: { readonly createOnly?: boolean },
  ): Promise<'written' | 'exists'>;
  delete(list: CatalogList, id: string): Promise<void>;
}

export interface ReferenceDeps {
  /** Fresh, not cached: validation must see the latest edits. */
  readonly loadCatalog: () => Promise<Catalog>;
  readonly writer: ReferenceWriter;
  readonly users: () => Promise<readonly StaffUser[]>;
  /** Where webhooks may point in this stage (internal addresses on the local stage only). */
  readonly outbound?: TargetPolicy;
  /** Whether a unit holds any case, in any state (archived included). */
  readonly unitHoldsCases: (unitId: string) => Promise<boolean>;
}

const invalid = (errors: FieldError[]) => new ValidationError(errors);

/** Cross-checks an entry against the catalog; returns field errors (empty when consistent). */
export function referenceProblems(
  kind: ReferenceKind,
  value: Record<string, unknown>,
  catalog: Catalog,
  /** Where a unit's webhook may point; strict (a cloud stage) unless told otherwise. */
  outbound: TargetPolicy = { allowPrivate: false, allowHttp: false },
): FieldError[] {
  const errors: FieldError[] = [];
  const unitExists = (unitId: unknown) => catalog.units.some((unit) => unit.unitId === unitId);
  const categoryExists = (code: string) => catalog.categories.some((category) => category.code === code);
  const jurisdictionExists = (code: unknown) =>
    catalog.jurisdictions.some((jurisdiction) => jurisdiction.code === code);
  const isConfidential = (code: string) =>
    catalog.categories.some((category) => category.code === code && category.confidential);
  switch (kind) {
    case 'routing-rules': {
      const rule = value as z.infer<typeof routingRuleSchema>;
      if (!unitExists(rule.unitId)) errors.push({ field: 'unitId', message: '单位不存在 / unknown unit' });
      rule.categoryCodes.forEach((code, index) => {
        if (!categoryExists(code))
          errors.push({ field: `categoryCodes.${index}`, message: `类别 ${code} 不存在 / unknown category` });
      });
      rule.jurisdictionCodes.forEach((code, index) => {
        if (!jurisdictionExists(code))
          errors.push({ field: `jurisdictionCodes.${index}`, message: `镇街 ${code} 不存在 / unknown town` });
      });
      const conditions =
        rule.categoryCodes.length +
        rule.jurisdictionCodes.length +
        rule.keywords.length +
        rule.channels.length +
        (rule.confidential === undefined ? 0 : 1);
      if (conditions === 0)
        errors.push({ field: '', message: '规则至少需要一个条件 / a rule needs at least one condition' });
      const unit = catalog.units.find((candidate) => candidate.unitId === rule.unitId);
      rule.categoryCodes.forEach((code, index) => {
        if (unit && isConfidential(code) && !unit.clearedForConfidential)
          errors.push({
            field: `categoryCodes.${index}`,
            message: `保密类别只能交由具备保密资质的单位，${unit.nameZh}不具备 / a confidential category only goes to a unit cleared for it`,
          });
      });
      break;
    }
    case 'studios': {
      const studio = value as z.infer<typeof studioSchema>;
      if (!jurisdictionExists(studio.jurisdictionCode))
        errors.push({ field: 'jurisdictionCode', message: '镇街不存在 / unknown town' });
      if (!unitExists(studio.triageUnitId))
        errors.push({ field: 'triageUnitId', message: '分办单位不存在 / unknown triage unit' });
      break;
    }
    case 'units': {
      const unit = value as z.infer<typeof unitSchema>;
      if (unit.delivery === 'email' && !unit.contactEmail)
        errors.push({
          field: 'contactEmail',
          message: '邮件送达需要邮箱 / e-mail delivery needs an address',
        });
      if (unit.delivery === 'webhook' && !unit.webhookUrl)
        errors.push({ field: 'webhookUrl', message: '接口送达需要地址 / webhook delivery needs a URL' });
      // What the URL itself gives away; the names it resolves to are checked again at every delivery.
      const target = unit.webhookUrl ? targetProblem(unit.webhookUrl, outbound) : null;
      if (target) errors.push({ field: 'webhookUrl', message: targetProblemMessages[target] });
      if (!unit.clearedForConfidential) {
        const confidentialRules = catalog.routingRules.filter(
          (rule) => rule.unitId === unit.unitId && rule.categoryCodes.some(isConfidential),
        );
        if (confidentialRules.length > 0)
          errors.push({
            field: 'clearedForConfidential',
            message: `规则 ${confidentialRules.map((rule) => rule.ruleId).join('、')} 把保密类别交给此单位，须保留保密资质 / rules route a confidential category here`,
          });
      }
      break;
    }
    case 'categories': {
      const category = value as z.infer<typeof categorySchema>;
      if (category.confidential) {
        const uncleared = catalog.routingRules.filter(
          (rule) =>
            rule.categoryCodes.includes(category.code) &&
            !catalog.units.find((unit) => unit.unitId === rule.unitId)?.clearedForConfidential,
        );
        if (uncleared.length > 0)
          errors.push({
            field: 'confidential',
            message: `规则 ${uncleared.map((rule) => rule.ruleId).join('、')} 把此类别交给不具备保密资质的单位 / rules route this category to units not cleared for it`,
          });
      }
      break;
    }
    default:
      break;
  }
  return errors;
}

/** `?create=true`: a new entry, saved only if no entry has its id yet (409 otherwise). */
export const referenceSaveQuerySchema = z.object({ create: z.enum(['true']).optional() });

export async function upsertReference(
  deps: ReferenceDeps,
  kind: ReferenceKind,
  id: string,
  body: unknown,
  options: { readonly createOnly?: boolean } = {},
): Promise<Record<string, unknown>> {
  const definition = referenceKinds[kind];
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw invalid([{ field: '', message: '需要一个对象 / expected an object' }]);
  const given = (body as Record<string, unknown>)[definition.idField];
  if (given !== undefined && given !== id)
    throw invalid([{ field: definition.idField, message: '与地址中的编号不一致 / does not match the URL' }]);
  const value = parseWith(referenceBodySchemas[kind], {
    ...(body as Record<string, unknown>),
    [definition.idField]: id,
  }) as Record<string, unknown>;
  const problems = referenceProblems(kind, value, await deps.loadCatalog(), deps.outbound);
  if (problems.length > 0) throw invalid(problems);
  const outcome = await deps.writer.put(definition.list, value as never, options);
  if (outcome === 'exists')
    throw new ConflictError(
      {
        zh: `编号 ${id} 已被占用（可能是其他管理员刚刚新增的），请重新打开表单后再保存`,
        en: `${id} is taken (perhaps another administrator just added it): open the form again and save`,
      },
      { id },
    );
  return value;
}

/** Who still points at an entry; deleting it would leave them dangling. */
export function referrersOf(
  kind: ReferenceKind,
  id: string,
  catalog: Catalog,
  users: readonly StaffUser[],
): string[] {
  switch (kind) {
    case 'units':
      return [
        ...(id === PETITION_OFFICE_UNIT_ID ? ['system:petition-office'] : []),
        ...catalog.routingRules.filter((rule) => rule.unitId === id).map((rule) => `rule:${rule.ruleId}`),
        ...catalog.studios
          .filter((studio) => studio.triageUnitId === id)
          .map((studio) => `studio:${studio.studioId}`),
        ...users
          .filter((user) => user.unitId === id && !user.disabled)
          .map((user) => `user:${user.username}`),
      ];
    case 'categories':
      return catalog.routingRules
        .filter((rule) => rule.categoryCodes.includes(id))
        .map((rule) => `rule:${rule.ruleId}`);
    case 'jurisdictions':
      return [
        ...catalog.studios
          .filter((studio) => studio.jurisdictionCode === id)
          .map((studio) => `studio:${studio.studioId}`),
        ...catalog.routingRules
          .filter((rule) => rule.jurisdictionCodes.includes(id))
          .map((rule) => `rule:${rule.ruleId}`),
      ];
    case 'studios':
      return users
        .filter((user) => user.studioId === id && !user.disabled)
        .map((user) => `user:${user.username}`);
    case 'routing-rules':
      return [];
  }
}

/** Deletes an entry nobody points at; deleting what is already gone succeeds (idempotent). */
export async function deleteReference(deps: ReferenceDeps, kind: ReferenceKind, id: string): Promise<void> {
  const [catalog, users, holdsCases] = await Promise.all([
    deps.loadCatalog(),
    deps.users(),
    kind === 'units' ? deps.unitHoldsCases(id) : false,
  ]);
  // A unit's cases keep its id for good, and county-wide lists read the inbox of every unit in the catalog:
  // deleting a unit that holds cases would hide them from those lists.
  const referrers = [...referrersOf(kind, id, catalog, users), ...(holdsCases ? [`cases:${id}`] : [])];
  if (referrers.length > 0)
    throw new ConflictError(
      { zh: '仍有其他数据引用此项，不能删除', en: 'Still referenced; cannot delete' },
      { referencedBy: referrers },
    );
  await deps.writer.delete(referenceKinds[kind].list, id);
}
