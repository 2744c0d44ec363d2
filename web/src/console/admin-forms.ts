import { type Lang, type Names, routingText } from '../../../shared/domain/case/wording.ts';

/**
 * The pure parts of the admin forms: the ids a new entry gets, an edited entry's body, and the routing dry
 * run's answer in words. The DOM side is ./views/admin.ts.
 *
 * Ids: people pick units, studios, templates and policies by name, so their ids are generated here (the API
 * takes the id in the path, `PUT /api/admin/reference/{kind}/{id}`); routing rules are numbered (R1, R2, …)
 * because the case record names the rule that routed it; categories and towns keep a typed code, because
 * residents' clients send it (`categoryCode` / Open311 `service_code`, `jurisdictionCode`).
 */

/** The next rule number after the highest in use (R1 for the first rule). */
export function nextRuleId(ruleIds: readonly string[]): string {
  const numbers = ruleIds.map((id) => Number(/^R(\d+)$/.exec(id)?.[1] ?? 0));
  return `R${Math.max(0, ...numbers) + 1}`;
}

/**
 * `<prefix>-<six base-36 characters>`, not one of `taken`: a code the API's pattern accepts
 * (`^[a-z0-9][a-z0-9-]{1,39}$`) that no person has to invent or read.
 */
export function generatedId(
  prefix: string,
  taken: readonly string[],
  random: () => number = Math.random,
): string {
  for (;;) {
    let suffix = '';
    for (let index = 0; index < 6; index++) suffix += Math.floor(random() * 36).toString(36);
    const id = `${prefix}-${suffix}`;
    if (!taken.includes(id)) return id;
  }
}

/**
 * The body of an edited entry: what the form shows replaces the entry's fields of the same names (an optional
 * field left empty drops out), and what the form does not show (a studio's representatives, a town's
 * boundary, a category's extra questions) is kept, so saving a name does not erase them.
 */
export function editedEntry(
  entry: Readonly<Record<string, unknown>> | null,
  formFields: readonly string[],
  read: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const kept = { ...(entry ?? {}) };
  for (const name of formFields) delete kept[name];
  return { ...kept, ...read };
}

export interface DryRunDecision {
  readonly unitId?: string | null;
  readonly ruleId?: string | null;
  readonly reason?: string;
  readonly unitName?: string | null;
  readonly outcome?: 'assigned' | 'triage';
  readonly share?: { cases: number; taken: number; share: number; warning?: string };
}

/**
 * The dry run's answer as sentences: where the sample case would go and why (the rule and its matched
 * condition in words), whether that is the rule being edited, and what share of recent cases it would take.
 */
export function dryRunLines(
  decision: DryRunDecision,
  sample: { categoryCode?: string; jurisdictionCode?: string },
  names: Names,
  draftRuleId: string | null,
  lang: Lang = 'zh',
): string[] {
  const en = lang === 'en';
  const lines: string[] = [];
  if (decision.outcome === 'assigned' && decision.unitId) {
    const unit = names.unit(decision.unitId) ?? decision.unitName ?? decision.unitId;
    const why = routingText(
      { ruleId: decision.ruleId ?? null, reason: decision.reason ?? '' },
      sample,
      names,
      lang,
    );
    lines.push(en ? `This case would go to ${unit}, ${why}.` : `这件诉求将交给${unit}，${why}。`);
    if (draftRuleId)
      lines.push(
        decision.ruleId === draftRuleId
          ? en
            ? 'That is the rule you are editing.'
            : '正是正在编辑的这条规则。'
          : en
            ? `Not the rule you are editing: rule ${decision.ruleId} wins.`
            : `不是正在编辑的这条规则，而是分派规则 ${decision.ruleId}。`,
      );
  } else if (decision.outcome === 'triage') {
    lines.push(
      en
        ? 'No routing rule matches: the case would go to the triage inbox, where a person assigns it.'
        : '没有匹配的分派规则：这件诉求将进入人工分办，由工作人员交办。',
    );
  }
  const share = decision.share;
  if (share)
    lines.push(
      share.warning ??
        (en
          ? `Of ${share.cases} cases in the last 30 days, this rule would take ${share.taken} (${Math.round(share.share * 100)}%).`
          : `近 30 天 ${share.cases} 件诉求中，此规则将接收 ${share.taken} 件（${Math.round(share.share * 100)}%）。`),
    );
  return lines;
}
