import type { Catalog } from '../reference/model.ts';
import type { Case, CaseEvent, CaseStatus } from './model.ts';

/**
 * What a petitioner sees on the tracking page: plain-language status and a timeline without staff names,
 * routing internals or anyone's personal data.
 */

export const publicStatusText: Record<CaseStatus, { zh: string; en: string }> = {
  registered: { zh: '已登记，正在分派承办单位', en: 'Registered; finding the responsible unit' },
  triage: { zh: '正在确定承办单位', en: 'Being assigned by the petition office' },
  assigned: { zh: '已交办，等待承办单位签收', en: 'Assigned; waiting for the unit to acknowledge' },
  acknowledged: { zh: '承办单位正在办理', en: 'Being handled by the unit' },
  replied: { zh: '承办单位已答复', en: 'The unit has replied' },
  closed: { zh: '已办结，请您评价', en: 'Closed; please rate how it was handled' },
  archived: { zh: '已归档', en: 'Archived' },
  rejected: { zh: '不予受理', en: 'Not accepted' },
};

export interface PublicTimelineEntry {
  readonly at: string;
  readonly type: string;
  readonly text: string;
}

export interface PublicCaseView {
  readonly trackingCode: string;
  readonly status: CaseStatus;
  readonly statusText: string;
  readonly categoryCode: string | null;
  readonly unit?: { readonly id: string; readonly name: string };
  readonly deadlines: {
    readonly acknowledgeBy?: string;
    readonly replyBy?: string;
    readonly provisional: boolean;
  };
  readonly timeline: readonly PublicTimelineEntry[];
}

function unitName(catalog: Catalog, unitId: unknown): string {
  return catalog.units.find((unit) => unit.unitId === unitId)?.nameZh ?? '承办单位';
}

function eventText(event: CaseEvent, catalog: Catalog): string | null {
  switch (event.type) {
    case 'registered':
      return '您的诉求已登记';
    case 'assigned':
      return `已交办至${unitName(catalog, event.changes.unitId?.after)}`;
    case 'triaged':
      return `已转${unitName(catalog, event.changes.unitId?.after)}确定承办单位`;
  }
}

export function toPublicView(item: Case, events: readonly CaseEvent[], catalog: Catalog): PublicCaseView {
  const timeline: PublicTimelineEntry[] = [];
  for (const event of events) {
    const text = eventText(event, catalog);
    if (text) timeline.push({ at: event.at, type: event.type, text });
  }
  const { acknowledgeBy, replyBy } = item.deadlines;
  return {
    trackingCode: item.trackingCode,
    status: item.status,
    statusText: publicStatusText[item.status].zh,
    categoryCode: item.categoryCode ?? null,
    ...(item.unitId && item.status !== 'registered'
      ? { unit: { id: item.unitId, name: unitName(catalog, item.unitId) } }
      : {}),
    deadlines: {
      ...(acknowledgeBy ? { acknowledgeBy: acknowledgeBy.at } : {}),
      ...(replyBy ? { replyBy: replyBy.at } : {}),
      provisional: Boolean(acknowledgeBy?.provisional || replyBy?.provisional),
    },
    timeline,
  };
}
