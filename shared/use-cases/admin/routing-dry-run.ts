import * as z from 'zod';
import { channels } from '../../domain/case/model.ts';
import { type Catalog, routingRuleSchema } from '../../domain/reference/model.ts';
import { routeCase } from '../../domain/routing/route-case.ts';
import { lineText, paragraphText } from '../../schemas/text.ts';

const code = z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/);

/**
 * `POST /api/admin/routing-rules/dry-run`: which unit would the router pick for this petition, and why. An
 * optional draft `rule` is tried as if it were saved (replacing the rule with the same id), so an admin sees
 * what an edit would do before making it.
 */
export const dryRunSchema = z.strictObject({
  title: lineText(1, 60),
  content: paragraphText(0, 2000).default(''),
  categoryCode: code.optional(),
  jurisdictionCode: code,
  channel: z.enum(channels).default('web'),
  confidential: z.boolean().default(false),
  rule: z.strictObject(routingRuleSchema.shape).optional(),
});
export type DryRunRequest = z.infer<typeof dryRunSchema>;

export interface DryRunResult {
  readonly unitId: string | null;
  readonly ruleId: string | null;
  readonly reason: string;
  readonly unitName: string | null;
  /** The same decision the router would write: nothing matched goes to a triage inbox. */
  readonly outcome: 'assigned' | 'triage';
}

export function dryRun(request: DryRunRequest, catalog: Catalog): DryRunResult {
  const rules = request.rule
    ? [...catalog.routingRules.filter((rule) => rule.ruleId !== request.rule!.ruleId), request.rule]
    : catalog.routingRules;
  const decision = routeCase(
    {
      title: request.title,
      content: request.content,
      jurisdictionCode: request.jurisdictionCode,
      channel: request.channel,
      confidential: request.confidential,
      ...(request.categoryCode ? { categoryCode: request.categoryCode } : {}),
    },
    rules,
  );
  return {
    ...decision,
    unitName: catalog.units.find((unit) => unit.unitId === decision.unitId)?.nameZh ?? null,
    outcome: decision.unitId ? 'assigned' : 'triage',
  };
}
