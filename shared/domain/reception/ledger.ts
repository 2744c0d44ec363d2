import { maskPhone } from '../../schemas/phone.ts';
import { toShanghaiDate } from '../calendar/shanghai-time.ts';
import { unrecordedView } from '../case/confidential-access.ts';
import type { Case } from '../case/model.ts';
import { maskName } from '../case/staff-view.ts';
import { channelName, ratingName, visitKindName } from '../case/wording.ts';
import type { Catalog } from '../reference/model.ts';
import type { Visit } from './visit.ts';
import { isGroupVisit } from './visit-days.ts';

/**
 * 服务群众记录簿: the rows of a studio's service record book, as a bound paper book has them. Pure: the use
 * case loads visits and cases, this turns them into rows. The handling column is written in the words a
 * liaison officer would write in the book (staff wording, from the case's state and its hand-overs), never
 * the petitioner-facing status text. People are masked (the book is a list: DESIGN §6); confidential cases,
 * and visits that became one, show placeholders for their text (confidential-access.ts: a book nobody's read is
 * recorded in never carries it).
 */

export const LEDGER_COLUMNS = [
  { key: 'number', header: '序号', width: 5 },
  { key: 'date', header: '日期', width: 11 },
  { key: 'kind', header: '方式', width: 10 },
  { key: 'person', header: '来访人', width: 8 },
  { key: 'contact', header: '联系方式', width: 13 },
  { key: 'groupSize', header: '人数', width: 5 },
  { key: 'representatives', header: '接待代表', width: 12 },
  { key: 'summary', header: '反映问题', width: 36 },
  { key: 'category', header: '问题分类', width: 10 },
  { key: 'handling', header: '办理方式', width: 24 },
  { key: 'unit', header: '承办单位', width: 16 },
  { key: 'reply', header: '答复内容与日期', width: 32 },
  { key: 'feedback', header: '反馈（满意度）', width: 10 },
  { key: 'archivedOn', header: '归档日期', width: 11 },
  { key: 'remarks', header: '备注', width: 16 },
] as const;

export type LedgerColumnKey = (typeof LEDGER_COLUMNS)[number]['key'];
export type LedgerRow = Readonly<Record<LedgerColumnKey, string>>;
export type UnnumberedRow = Omit<LedgerRow, 'number'>;

const dateOf = (iso: string | undefined) => (iso ? toShanghaiDate(new Date(iso)) : '');

function unitName(catalog: Catalog, unitId: string | undefined): string {
  if (!unitId) return '';
  return catalog.units.find((unit) => unit.unitId === unitId)?.nameZh ?? '';
}

function categoryName(catalog: Catalog, code: string | undefined): string {
  if (!code) return '';
  return catalog.categories.find((category) => category.code === code)?.nameZh ?? '';
}

/**
 * 办理方式: how the matter was actually handled, from the case's state and its record of hand-overs,
 * extensions, team referrals and review, in the words staff use in the book.
 */
export function handlingText(item: Case, catalog: Catalog): string {
  const unit = unitName(catalog, item.unitId);
  const parts: string[] = [];
  const handOvers = (item.transfers ?? []).filter((transfer) => transfer.kind !== 'accepted');
  const accepted = (item.transfers ?? []).some((transfer) => transfer.kind === 'accepted');
  switch (item.status) {
    case 'registered':
      parts.push('已登记，待分办');
      break;
    case 'triage':
      parts.push(`待${unit || '工作室'}分办`);
      break;
    case 'rejected':
      parts.push(`不予受理（${item.rejection?.reason ?? ''}）`);
      break;
    default:
      parts.push(accepted ? `${unit}直接受理办理` : `交办${unit}办理`);
  }
  const moves = handOvers.filter(
    (transfer) => transfer.kind === 'reassigned' || transfer.kind === 'returned',
  );
  if (moves.length > 0) parts.push(`经退回或转办${moves.length}次`);
  if (item.extensionGrantedDays) parts.push(`延期${item.extensionGrantedDays}日`);
  for (const referral of item.teamReferrals ?? [])
    parts.push(`请${unitName(catalog, referral.teamId)}协助${referral.answeredAt ? '（已回复）' : ''}`);
  if (item.reopenCount > 0) parts.push(`复查${item.reopenCount}次`);
  const state: Partial<Record<Case['status'], string>> = {
    assigned: '待签收',
    acknowledged: '办理中',
    replied: '已答复，待办结',
    closed: '已办结，待评价',
    archived: '已办结归档',
  };
  if (state[item.status]) parts.push(state[item.status]!);
  return parts.join('；');
}

function feedbackText(item: Case): string {
  const survey = item.survey;
  if (!survey) return '';
  if (survey.status === 'answered' && survey.rating)
    return `${ratingName(survey.rating)}${survey.via === 'callback' ? '（回访）' : ''}`;
  if (survey.status === 'expired') return '未评价';
  if (survey.status === 'pending') return '待评价';
  return '';
}

function replyText(item: Case): string {
  if (!item.reply) return '';
  return `${item.reply.text}（${dateOf(item.reply.at)}）`;
}

function remarks(item: Case, extra: readonly string[] = []): string {
  return [
    `跟踪码${item.trackingCode}`,
    ...(item.confidential ? ['保密件'] : []),
    ...(item.duplicateOf ? ['重复件'] : []),
    ...extra,
  ].join('；');
}

/** A reception-day visit: answered on the spot, or the case it became. */
export function visitRow(
  registered: Visit,
  found: Case | undefined,
  catalog: Catalog,
  studioName: string,
): UnnumberedRow {
  const linked = found && unrecordedView(found);
  const visit = unrecordedView({
    ...registered,
    confidential: registered.confidential || found?.confidential,
  });
  const common = {
    date: visit.date,
    kind: visitKindName(isGroupVisit(visit.groupSize)),
    person: maskName(visit.visitor.name, false),
    contact: visit.visitor.phone ? maskPhone(visit.visitor.phone) : '',
    groupSize: String(visit.groupSize),
    representatives: visit.representatives.map((representative) => representative.name).join('、'),
  };
  const suggestions = visit.suggestions > 1 ? [`意见建议${visit.suggestions}条`] : [];
  if (visit.outcome === 'answered' || !linked) {
    return {
      ...common,
      summary: visit.summary,
      category: categoryName(catalog, visit.categoryCode),
      handling: visit.outcome === 'answered' ? '当场答复' : '转为诉求办理',
      unit: visit.outcome === 'answered' ? studioName : '',
      reply: visit.outcome === 'answered' ? `${visit.answer ?? ''}（${visit.date}）` : '',
      feedback: '',
      archivedOn: visit.outcome === 'answered' ? visit.date : '',
      remarks: [...(visit.trackingCode ? [`跟踪码${visit.trackingCode}`] : []), ...suggestions].join('；'),
    };
  }
  return {
    ...common,
    ...caseColumns(linked, catalog),
    summary: visit.summary,
    remarks: remarks(linked, suggestions),
  };
}

function caseColumns(item: Case, catalog: Catalog) {
  return {
    category: categoryName(catalog, item.categoryCode),
    handling: handlingText(item, catalog),
    unit: unitName(catalog, item.unitId),
    reply: replyText(item),
    feedback: feedbackText(item),
    archivedOn: dateOf(item.archivedAt),
  };
}

/** A case the studio registered that did not come from a reception-day visit (letters, e-mails, other visits). */
export function caseRow(found: Case, catalog: Catalog): UnnumberedRow {
  const item = unrecordedView(found);
  return {
    date: dateOf(item.createdAt),
    kind: channelName(item.channel),
    person: maskName(item.petitioner.name, item.petitioner.anonymous),
    contact: item.petitioner.phone ? maskPhone(item.petitioner.phone) : '',
    groupSize: '1',
    representatives: '',
    // A confidential case's title and text are both placeholders: one says enough.
    summary: item.confidential ? item.title : `${item.title}：${item.content}`,
    ...caseColumns(item, catalog),
    remarks: remarks(item),
  };
}

export function numberRows(rows: readonly UnnumberedRow[]): LedgerRow[] {
  return rows.map((row, index) => ({ number: String(index + 1), ...row }));
}
