import { toShanghaiDate } from '../calendar/shanghai-time.ts';
import type { Case } from '../case/model.ts';
import type { Visit } from './visit.ts';

/**
 * The figures a studio reports (接待党员群众 N 人, 收集意见建议 N 条, 办结事项 N 个), by month and since the
 * start. Pure; the definitions are in docs/metrics.md ("Studio figures"):
 *
 * - people received: the people of every visit (a group counts all its members), in the month of the visit;
 * - suggestions collected: the suggestions each visit brought, plus every other case the studio registered
 *   (letters, e-mails) in its month of registration; a visit that became a case counts once, as the visit;
 * - items closed: suggestions answered on the spot, in the month of the visit, plus the studio's cases that
 *   are closed (办结: closed or archived after closing), in the month of their last closing.
 */

export interface Figures {
  readonly peopleReceived: number;
  readonly suggestionsCollected: number;
  readonly itemsClosed: number;
}

export interface MonthFigures extends Figures {
  readonly month: string;
}

export interface StudioFigures {
  readonly months: readonly MonthFigures[];
  readonly sinceStart: Figures & { readonly from: string | null };
}

export type CaseForFigures = Pick<Case, 'caseId' | 'createdAt' | 'status' | 'closedAt'>;

const monthOfInstant = (iso: string) => toShanghaiDate(new Date(iso)).slice(0, 7);
const closedStatuses: readonly Case['status'][] = ['closed', 'archived'];

export function studioFigures(visits: readonly Visit[], cases: readonly CaseForFigures[]): StudioFigures {
  const months = new Map<
    string,
    { peopleReceived: number; suggestionsCollected: number; itemsClosed: number }
  >();
  const add = (month: string, figures: Partial<Figures>) => {
    const current = months.get(month) ?? { peopleReceived: 0, suggestionsCollected: 0, itemsClosed: 0 };
    current.peopleReceived += figures.peopleReceived ?? 0;
    current.suggestionsCollected += figures.suggestionsCollected ?? 0;
    current.itemsClosed += figures.itemsClosed ?? 0;
    months.set(month, current);
  };
  const fromVisits = new Set<string>();
  for (const visit of visits) {
    if (visit.caseId) fromVisits.add(visit.caseId);
    add(visit.date.slice(0, 7), {
      peopleReceived: visit.groupSize,
      suggestionsCollected: visit.suggestions,
      itemsClosed: visit.outcome === 'answered' ? visit.suggestions : 0,
    });
  }
  for (const item of cases) {
    if (!fromVisits.has(item.caseId)) add(monthOfInstant(item.createdAt), { suggestionsCollected: 1 });
    if (closedStatuses.includes(item.status) && item.closedAt)
      add(monthOfInstant(item.closedAt), { itemsClosed: 1 });
  }
  const sorted = [...months.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, figures]) => ({ month, ...figures }));
  const total = (key: keyof Figures) => sorted.reduce((sum, month) => sum + month[key], 0);
  return {
    months: sorted,
    sinceStart: {
      from: sorted[0]?.month ?? null,
      peopleReceived: total('peopleReceived'),
      suggestionsCollected: total('suggestionsCollected'),
      itemsClosed: total('itemsClosed'),
    },
  };
}
