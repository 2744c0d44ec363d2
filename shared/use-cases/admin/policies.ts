import * as z from 'zod';
import { CommandRefusedError } from '../../domain/case/errors.ts';
import { type SlaPolicy, slaPolicySchema } from '../../domain/policy/sla-policy.ts';
import type { Catalog } from '../../domain/reference/model.ts';
import { ValidationError } from '../../errors/index.ts';
import { parseWith } from '../../http/body.ts';
import type { PolicyStore } from '../../ports/policy-store.ts';

/**
 * SLA policies as the admins edit them. While nothing is stored the defaults apply; the first edit stores the
 * defaults with it, so the other defaults stay in force. The catch-all `statutory` policy cannot be deleted:
 * every case must find a policy.
 */

export const CATCH_ALL_POLICY_ID = 'statutory';
export const policyIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/);
export const policyPathSchema = z.object({ policyId: policyIdSchema });

/** `PUT /api/admin/policies/{policyId}`: the policy; its id may be left out (the URL names it). */
export const policyBodySchema = z.strictObject({
  ...slaPolicySchema.shape,
  policyId: slaPolicySchema.shape.policyId.optional(),
});

export interface PolicyDeps {
  readonly store: PolicyStore;
  readonly defaults: readonly SlaPolicy[];
  readonly loadCatalog: () => Promise<Catalog>;
}

export async function listPolicies(deps: PolicyDeps): Promise<{ policies: SlaPolicy[]; defaults: boolean }> {
  const stored = await deps.store.list();
  return stored.length > 0
    ? { policies: stored, defaults: false }
    : { policies: [...deps.defaults], defaults: true };
}

export async function savePolicy(
  deps: PolicyDeps,
  policyId: string,
  body: unknown,
  by: string,
): Promise<SlaPolicy> {
  const record =
    body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  if (record.policyId !== undefined && record.policyId !== policyId)
    throw new ValidationError([
      { field: 'policyId', message: '与地址中的编号不一致 / does not match the URL' },
    ]);
  const policy = slaPolicySchema.parse(parseWith(policyBodySchema, { ...record, policyId }));
  const catalog = await deps.loadCatalog();
  const unknown = policy.categoryCodes.flatMap((code, index) =>
    catalog.categories.some((category) => category.code === code)
      ? []
      : [{ field: `categoryCodes.${index}`, message: `类别 ${code} 不存在 / unknown category` }],
  );
  if (unknown.length > 0) throw new ValidationError(unknown);
  const stored = await deps.store.list();
  const base = stored.length > 0 ? [] : deps.defaults.filter((candidate) => candidate.policyId !== policyId);
  await deps.store.save([...base, policy], by);
  return policy;
}

export async function deletePolicy(deps: PolicyDeps, policyId: string, by: string): Promise<void> {
  if (policyId === CATCH_ALL_POLICY_ID)
    throw new CommandRefusedError('catch-all-policy', {
      zh: '默认时限（statutory）不能删除，可以修改',
      en: 'The catch-all statutory policy cannot be deleted; edit it instead',
    });
  const stored = await deps.store.list();
  if (stored.length === 0)
    await deps.store.save(
      deps.defaults.filter((candidate) => candidate.policyId !== policyId),
      by,
    );
  else await deps.store.delete(policyId);
}
