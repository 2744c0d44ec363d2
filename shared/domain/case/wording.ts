import { termPair } from '../glossary.ts';
import { durationOf, formatDay, formatDuration } from '../policy/duration-text.ts';
import type {
  Actor,
  ActorRole,
  CaseAttachment,
  CaseEvent,
  CaseEventType,
  CaseStatus,
  Channel,
  RoutingDecision,
  SurveyRating,
} from './model.ts';
import { petitionTypeInfo } from './petition-types.ts';

/**
 * The words of the case record, in one place: the display names of states, events, commands, channels, roles
 * and survey answers, and the sentence every timeline event and audit entry reads as (who, with name and unit;
 * what; why, with the routing rule and its matched condition in words; Shanghai time). The console, the
 * dashboard, exports, refusals and the public tracking page all read these; no view keeps a copy. Pure and free
 * of zod, so the browser bundles import it.
 */

export type Lang = 'zh' | 'en';
type Pair = readonly [zh: string, en: string];
const say = (pair: Pair | undefined, lang: Lang, fallback: string): string =>
  pair ? pair[lang === 'en' ? 1 : 0] : fallback;

// ---------------------------------------------------------------------------------------------------------
// Confidential cases: what stands in for the content those not cleared may not read
// (shared/domain/case/confidential-access.ts decides who may).

export const confidentialPlaceholders = {
  /** The case's title. */
  title: '（保密件）',
  /** The petition's text. */
  content: '（保密件，内容仅承办单位经办人员和经授权的督办人员可见）',
  /** Any other free text of the case: reply, notes, reasons, survey comment, file names. */
  text: '（保密内容）',
} as const;

// ---------------------------------------------------------------------------------------------------------
// Names

export const statusNames: Readonly<Record<CaseStatus, Pair>> = {
  registered: ['已登记', 'Registered'],
  triage: ['待分办', 'Triage'],
  assigned: ['待签收', 'To acknowledge'],
  acknowledged: ['办理中', 'In progress'],
  replied: ['已答复', 'Replied'],
  closed: ['已办结', 'Closed'],
  archived: ['已归档', 'Archived'],
  rejected: ['不予受理', 'Rejected'],
  reviewing: ['复查中', 'Under review (复查)'],
  reviewed: ['已出复查意见', 'Review decided'],
  rechecking: ['复核中', 'Under recheck (复核)'],
};

/** The state as the petitioner reads it (tracking page, Open311 `status_notes`). */
export const publicStatusText: Record<CaseStatus, { zh: string; en: string }> = {
  registered: { zh: '已登记，正在分派承办单位', en: 'Registered; finding the responsible unit' },
  triage: { zh: '正在确定承办单位', en: 'Being assigned by the petition office' },
  assigned: { zh: '已交办，等待承办单位签收', en: 'Assigned; waiting for the unit to acknowledge' },
  acknowledged: { zh: '承办单位正在办理', en: 'Being handled by the unit' },
  replied: { zh: '承办单位已答复', en: 'The unit has replied' },
  closed: { zh: '已办结，请您评价', en: 'Closed; please rate how it was handled' },
  archived: { zh: '已归档', en: 'Archived' },
  rejected: { zh: '不予受理', en: 'Not accepted' },
  reviewing: { zh: '复查中（上一级机关办理）', en: 'Under review by the level above' },
  reviewed: { zh: '已出复查意见', en: 'The review opinion has been given' },
  rechecking: { zh: '复核中', en: 'Under recheck by the next level above' },
};

export const eventNames: Readonly<Record<CaseEventType, Pair>> = {
  registered: ['登记', 'Registered'],
  triaged: ['进入待分办', 'Sent to triage'],
  accepted: ['受理', 'Accepted'],
  assigned: ['交办', 'Assigned'],
  rejected: ['不予受理', 'Rejected'],
  acknowledged: ['签收', 'Acknowledged'],
  returned: ['退回', 'Returned'],
  reassigned: ['转办', 'Reassigned'],
  replied: ['答复', 'Replied'],
  extensionRequested: ['申请延期', 'Extension requested'],
  extensionDecided: ['延期审批', 'Extension decided'],
  closed: ['办结', 'Closed'],
  surveyAnswered: ['评价', 'Survey answered'],
  surveyExpired: ['评价过期', 'Survey expired'],
  reopened: ['重新办理', 'Sent back to the unit'],
  classified: ['确定类型', 'Type set'],
  reviewRequested: ['复查申请', 'Review requested'],
  reviewDecided: ['复查意见', 'Review decided'],
  recheckRequested: ['复核申请', 'Recheck requested'],
  recheckDecided: ['复核意见（终结）', 'Recheck decided (concluded)'],
  concluded: ['终结', 'Concluded'],
  archived: ['归档', 'Archived'],
  noted: ['备注', 'Note'],
  followedUp: ['群众补充', 'Follow-up from the petitioner'],
  duplicateLinked: ['标记重复件', 'Duplicate linked'],
  reminded: ['催办', 'Reminder'],
  escalated: ['督办', 'Escalated'],
  deadlinesRecomputed: ['期限重算', 'Deadlines recomputed'],
  teamReferred: ['请服务团队协助', 'Referred to a service team'],
  teamAnswered: ['服务团队回复', 'Service team answered'],
  ownerAssigned: ['分配承办人', 'Owner assigned'],
};

export const commandNames: Readonly<Record<string, Pair>> = {
  referToTeam: ['请服务团队协助', 'Refer to a service team'],
  answerReferral: ['服务团队回复', 'Team answer'],
  assignOwner: ['分配承办人', 'Assign to a person'],
  accept: ['受理（本单位办理）', 'Accept (handle here)'],
  reject: ['不予受理', 'Reject'],
  assign: ['交办', 'Assign'],
  reassign: ['转办', 'Reassign'],
  acknowledge: ['签收', 'Acknowledge'],
  return: ['退回', 'Return'],
  reply: ['答复', 'Reply'],
  requestExtension: ['申请延期', 'Request an extension'],
  decideExtension: ['审批延期', 'Decide the extension'],
  close: ['办结', 'Close'],
  answerSurvey: ['录入回访结果', 'Record a call-back'],
  reopen: ['重新办理', 'Send back to the unit (redo)'],
  classify: ['确定诉求类型', 'Set the petition type'],
  requestReview: ['登记复查申请', 'Record a review request (复查)'],
  decideReview: ['录入复查意见', 'Record the review opinion'],
  requestRecheck: ['登记复核申请', 'Record a recheck request (复核)'],
  decideRecheck: ['录入复核意见', 'Record the recheck opinion'],
  archive: ['归档', 'Archive'],
  note: ['添加备注', 'Add a note'],
  linkDuplicate: ['标记重复件', 'Link a duplicate'],
  // Decisions on a similar case (docs/metrics.md, "What linking means").
  markRelated: ['标记为相关诉求', 'Mark related'],
  dismissSimilar: ['不是类似诉求', 'Not similar'],
};

/** Actions that end the unit's work on a case or send it away: shown apart, last, and styled as such. */
export const destructiveCommands: ReadonlySet<string> = new Set(['reject', 'return']);

export const channelNames: Readonly<Record<Channel, Pair>> = {
  web: ['网上信箱', 'Web'],
  email: ['电子邮件', 'E-mail'],
  letter: ['来信', 'Letter'],
  visit: ['来访', 'Visit'],
  open311: termPair('hotline'),
};

/** How a visit on a reception day ended (来访登记): answered across the desk, or registered as a case. */
export const visitOutcomeNames: Readonly<Record<'answered' | 'case', Pair>> = {
  answered: ['当场答复', 'Answered on the spot'],
  case: ['转为诉求', 'Registered as a case'],
};

/** A visit on a reception day, and one of a group (集体访, `isGroupVisit` in reception/visit-days.ts). */
export const visitKindNames = {
  single: ['接待日来访', 'Reception-day visit'],
  group: ['接待日来访（集体访）', 'Reception-day visit (group)'],
} as const satisfies Record<string, Pair>;

export const roleNames: Readonly<Record<ActorRole, Pair>> = {
  public: ['诉求人', 'The petitioner'],
  system: termPair('system'),
  liaison: termPair('liaison'),
  handler: termPair('handler'),
  supervisor: termPair('supervisor'),
  admin: termPair('admin'),
};

export const ratingNames: Readonly<Record<SurveyRating, Pair>> = {
  satisfied: ['满意', 'Satisfied'],
  basically_satisfied: ['基本满意', 'Basically satisfied'],
  dissatisfied: ['不满意', 'Dissatisfied'],
};

export const opinionOutcomeNames: Readonly<Record<'upheld' | 'revised', Pair>> = {
  upheld: ['维持原处理意见', 'Upheld'],
  revised: ['变更原处理意见', 'Revised'],
};

export const deadlineNames: Readonly<Record<string, Pair>> = {
  acknowledgeBy: ['签收期限', 'Acknowledge by'],
  replyBy: ['答复期限', 'Reply by'],
  objectionUntil: ['派单异议期至', 'Objection window until'],
  surveyBy: ['评价截止', 'Survey open until'],
  reviewRequestBy: ['复查申请期至', 'Review may be asked until'],
  reviewBy: ['复查意见期限', 'Review opinion by'],
  recheckRequestBy: ['复核申请期至', 'Recheck may be asked until'],
  recheckBy: ['复核意见期限', 'Recheck opinion by'],
};

/** Similar cases: the flag of a pair (and of a case) and what staff decided about it. */
export const similarKindNames: Readonly<Record<'duplicate' | 'related', Pair>> = {
  duplicate: ['可能重复', 'Possible duplicate'],
  related: ['相关诉求', 'Related petition'],
};
export const similarDecisionNames: Readonly<Record<'duplicate' | 'related' | 'dismissed', Pair>> = {
  duplicate: ['已标记为重复件', 'Linked as duplicate'],
  related: ['已标记为相关诉求', 'Marked related'],
  dismissed: ['已确认不是类似诉求', 'Dismissed: not similar'],
};
/** Someone else's case as a resident sees it on the public form: where it stands, never what the unit said. */
export const publicSimilarStatusNames: Readonly<Record<CaseStatus, Pair>> = {
  registered: ['已受理', 'Received'],
  triage: ['已受理', 'Received'],
  assigned: ['已受理', 'Received'],
  acknowledged: ['正在办理', 'Being handled'],
  replied: ['已答复', 'Replied'],
  closed: ['已办结', 'Closed'],
  archived: ['已办结', 'Closed'],
  rejected: ['未受理', 'Not accepted'],
  reviewing: ['复查中', 'Under review'],
  reviewed: ['已办结', 'Closed'],
  rechecking: ['复核中', 'Under recheck'],
};

const deliveryMethods: Readonly<Record<string, Pair>> = {
  console: ['工作台通知', 'Console notice'],
  email: ['电子邮件', 'E-mail'],
  webhook: ['单位业务系统', 'The unit’s own system'],
};
const deliveryStatuses: Readonly<Record<string, Pair>> = {
  delivered: ['已送达', 'Delivered'],
  retrying: ['重试中', 'Retrying'],
  failed: ['送达失败', 'Failed'],
};
export const deliveryMethodName = (method: string, lang: Lang = 'zh') =>
  say(deliveryMethods[method], lang, method);
export const deliveryStatusName = (status: string, lang: Lang = 'zh') =>
  say(deliveryStatuses[status], lang, status);

const readNames: Readonly<Record<string, Pair>> = {
  case: ['查看案卷', 'opened the case'],
  petitioner: ['显示诉求人联系方式', 'revealed the petitioner'],
  audit: ['查看审计记录', 'read the audit trail'],
  attachment: ['查看附件', 'viewed an attachment'],
  attachments: ['查看附件缩略图', 'viewed the attachments’ thumbnails'],
  'attachment-view': ['放大查看附件', 'viewed an attachment enlarged'],
  'attachment-download': ['下载附件', 'downloaded an attachment'],
};

const attachmentSources: Readonly<Record<CaseAttachment['source'], Pair>> = {
  photo: ['照片', 'Photo'],
  email: ['邮件附件', 'E-mail attachment'],
  scan: ['来信扫描页', 'Letter scan'],
  open311: ['接入系统照片', 'Photo from a connected system'],
};
export const attachmentSourceName = (source: string, lang: Lang = 'zh') =>
  say(attachmentSources[source as CaseAttachment['source']], lang, lang === 'en' ? 'Attachment' : '附件');

/**
 * What staff see as an attachment's name: the file's original name, or, for files kept before names were kept
 * (and for channels that carry none), the kind and its number on the case: "照片 2".
 */
export function attachmentName(
  file: Pick<CaseAttachment, 'name' | 'source'>,
  index: number,
  lang: Lang = 'zh',
): string {
  return file.name ?? `${attachmentSourceName(file.source, lang)} ${index + 1}`;
}

export const statusName = (status: string, lang: Lang = 'zh') =>
  say(statusNames[status as CaseStatus], lang, status);
export const eventName = (type: string, lang: Lang = 'zh') =>
  say(eventNames[type as CaseEventType], lang, type);
export const commandName = (command: string, lang: Lang = 'zh') => say(commandNames[command], lang, command);
export const similarKindName = (kind: string, lang: Lang = 'zh') =>
  say(similarKindNames[kind as 'duplicate' | 'related'], lang, kind);
export const similarDecisionName = (decision: string, lang: Lang = 'zh') =>
  say(similarDecisionNames[decision as 'duplicate' | 'related' | 'dismissed'], lang, decision);
export const publicSimilarStatusName = (status: string, lang: Lang = 'zh') =>
  say(publicSimilarStatusNames[status as CaseStatus], lang, '');
export const channelName = (channel: string, lang: Lang = 'zh') =>
  say(channelNames[channel as Channel], lang, channel);
export const visitOutcomeName = (outcome: string, lang: Lang = 'zh') =>
  say(visitOutcomeNames[outcome as 'answered' | 'case'], lang, '');
export const visitKindName = (group: boolean, lang: Lang = 'zh') =>
  say(visitKindNames[group ? 'group' : 'single'], lang, '');
export const roleName = (role: string, lang: Lang = 'zh') => say(roleNames[role as ActorRole], lang, role);
export const ratingName = (rating: unknown, lang: Lang = 'zh') =>
  say(ratingNames[rating as SurveyRating], lang, '');
export const deadlineName = (name: string, lang: Lang = 'zh') => say(deadlineNames[name], lang, name);
export function petitionTypeName(type: string, lang: Lang = 'zh'): string {
  const info = petitionTypeInfo[type as keyof typeof petitionTypeInfo];
  return info ? (lang === 'en' ? info.en : info.zh) : type;
}

// ---------------------------------------------------------------------------------------------------------
// Time

/** An instant as Shanghai wall-clock time, `2026-12-04 22:54` (fixed UTC+8, no Intl needed). */
export function shanghaiTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** The Shanghai day of an instant, `2026-12-04`. */
export function shanghaiDate(iso: string): string {
  return shanghaiTime(iso).slice(0, 10);
}

// ---------------------------------------------------------------------------------------------------------
// Reply templates: the placeholders the console fills in

/** The placeholders a reply template may hold, as staff type them, and what each stands for. */
export const templatePlaceholders = {
  petitioner: ['{诉求人}', 'the petitioner, masked (张*)'],
  deadline: ['{办理期限}', 'the reply deadline, a Shanghai date (2026年12月4日)'],
  unit: ['{承办单位}', 'the unit holding the case'],
  trackingCode: ['{跟踪码}', 'the tracking code'],
} as const satisfies Record<string, Pair>;
export type TemplatePlaceholder = keyof typeof templatePlaceholders;

/**
 * A template's text with its placeholders filled: the petitioner's masked name (诉求人 when anonymous, never the
 * full name: the reply is typed on a shared screen), the reply deadline as a date, the unit's name, the code.
 * A placeholder without a value stays as it is, so the handler sees what is left to fill.
 */
export function fillTemplate(
  text: string,
  values: { readonly [key in TemplatePlaceholder]?: string | undefined },
): string {
  let filled = text;
  for (const [key, [token]] of Object.entries(templatePlaceholders)) {
    const value = values[key as TemplatePlaceholder];
    if (value) filled = filled.split(token).join(value);
  }
  return filled;
}

/** The values for `fillTemplate` from a case as staff see it. */
export function templateValues(
  view: {
    readonly trackingCode: string;
    readonly unitId?: string | undefined;
    readonly petitioner: { readonly name: string; readonly anonymous: boolean };
    readonly deadlines: { readonly replyBy?: { readonly at: string } | undefined };
  },
  names: Pick<Names, 'unit'>,
): { [key in TemplatePlaceholder]?: string } {
  return {
    petitioner: view.petitioner.anonymous ? '诉求人' : view.petitioner.name,
    ...(view.deadlines.replyBy ? { deadline: chineseDate(view.deadlines.replyBy.at) } : {}),
    ...(view.unitId ? { unit: names.unit(view.unitId) } : {}),
    trackingCode: view.trackingCode,
  };
}

/** The Shanghai day of an instant as a letter writes it: 2026年12月4日. */
function chineseDate(iso: string): string {
  const [year, month, day] = shanghaiDate(iso).split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

// ---------------------------------------------------------------------------------------------------------
// Who

/** Resolves the ids a record holds to the names people know. Views build it from their reference data. */
export interface Names {
  unit(unitId: string): string | undefined;
  /** A staff member by login (the actor id events store): their name and unit, never shown as the login. */
  staff(username: string): { readonly name: string; readonly unitId?: string } | undefined;
  category?(code: string): string | undefined;
  jurisdiction?(code: string): string | undefined;
  /** SLA policies by id (admins' views); without it a policy change says only that one was set. */
  policy?(policyId: string): string | undefined;
}

function unitOf(names: Names, unitId: unknown, lang: Lang): string {
  if (typeof unitId !== 'string' || !unitId) return lang === 'en' ? 'the unit' : '承办单位';
  return names.unit(unitId) ?? (lang === 'en' ? 'another unit' : '其他单位');
}

/** Who did it: "县交通运输局 张三", "督办人员 李四", "诉求人", "系统自动". Never a login name. */
export function actorText(
  actor: Pick<Actor, 'id' | 'role' | 'unitId'>,
  names: Names,
  lang: Lang = 'zh',
): string {
  if (actor.role === 'public' || actor.role === 'system') return roleName(actor.role, lang);
  const person = names.staff(actor.id);
  const unitId = actor.unitId ?? person?.unitId;
  const unit = unitId ? names.unit(unitId) : undefined;
  const who = person?.name;
  // Names that already say the unit or the role (demo accounts: 县交通运输局承办人, 督办人员) are not repeated.
  if (unit && who) return who.startsWith(unit) ? who : `${unit} ${who}`;
  if (who) return who === roleName(actor.role, lang) ? who : `${roleName(actor.role, lang)} ${who}`;
  return unit ? `${unit} ${roleName(actor.role, lang)}` : roleName(actor.role, lang);
}

/** `changedBy` of a 409 (a login) as a person. */
export function personText(username: string, names: Names, lang: Lang = 'zh'): string {
  const person = names.staff(username);
  if (!person) return lang === 'en' ? 'a colleague' : '其他工作人员';
  const unit = person.unitId ? names.unit(person.unitId) : undefined;
  return unit && !person.name.startsWith(unit) ? `${unit} ${person.name}` : person.name;
}

// ---------------------------------------------------------------------------------------------------------
// Why: a routing decision in words

/**
 * The router writes `rule R3, keyword 灌溉` / `rule R3, category, jurisdiction` / `no rule matched` /
 * `rule R3 names the accused unit`; a person assigning writes their own reason (or none). This reads it back
 * as the matched conditions, with the case's category and town named.
 */
export function routingText(
  routing: Pick<RoutingDecision, 'ruleId' | 'reason'> | null | undefined,
  subject: { categoryCode?: string | undefined; jurisdictionCode?: string | undefined },
  names: Names,
  lang: Lang = 'zh',
): string {
  const en = lang === 'en';
  if (!routing) return '';
  const reason = routing.reason ?? '';
  if (!routing.ruleId) {
    if (reason === 'no rule matched')
      return en ? 'no routing rule matched' : '没有匹配的分派规则，转人工分办';
    if (reason === 'manual assignment' || reason === '') return en ? 'assigned by hand' : '人工交办';
    return en ? `assigned by hand: ${reason}` : `人工交办，理由：${reason}`;
  }
  const rule = en ? `routing rule ${routing.ruleId}` : `分派规则 ${routing.ruleId}`;
  if (/names the accused unit/.test(reason))
    return en
      ? `${rule} points at the unit the petition accuses; a person decides`
      : `${rule}指向被检举控告的单位，转人工分办`;
  const conditions: string[] = [];
  const keyword = /keyword ([^,]+)/.exec(reason)?.[1]?.trim();
  if (keyword) conditions.push(en ? `the text mentions “${keyword}”` : `内容含关键词“${keyword}”`);
  if (/\bcategory\b/.test(reason) && subject.categoryCode) {
    const name = names.category?.(subject.categoryCode) ?? subject.categoryCode;
    conditions.push(en ? `category is ${name}` : `类别为“${name}”`);
  }
  if (/\bjurisdiction\b/.test(reason) && subject.jurisdictionCode) {
    const name = names.jurisdiction?.(subject.jurisdictionCode) ?? subject.jurisdictionCode;
    conditions.push(en ? `town is ${name}` : `镇街为“${name}”`);
  }
  if (conditions.length === 0) return en ? `by ${rule}` : `按${rule}`;
  return en ? `by ${rule}: ${conditions.join(', ')}` : `按${rule}：${conditions.join('，')}`;
}

// ---------------------------------------------------------------------------------------------------------
// Events as sentences (staff)

export interface EventSentence {
  /** Name and unit, or 诉求人 / 系统自动. */
  readonly who: string;
  /** What happened, with its object: "交办县交通运输局". */
  readonly what: string;
  /** Why: the reason given, the rule and its condition, the petitioner's comment. */
  readonly why?: string;
  /** Shanghai time. */
  readonly when: string;
}

export interface SentenceSubject {
  readonly categoryCode?: string | undefined;
  readonly jurisdictionCode?: string | undefined;
}

type Data = Record<string, unknown>;
const str = (value: unknown) => (typeof value === 'string' ? value : '');

function surveyOutcome(data: Data, lang: Lang): string {
  const en = lang === 'en';
  switch (data.outcome) {
    case 'reopened':
      return en ? 'the unit handles it again (重新办理)' : '已交承办单位重新办理';
    case 'review':
      return en
        ? `review (复查) asked, by ${str(data.body) || 'the level above'}`
        : `已申请复查，由${str(data.body) || '上一级机关'}办理`;
    case 'reviewable':
      return en
        ? `may ask for review (复查) until ${typeof data.until === 'string' ? shanghaiDate(data.until) : ''}`
        : `可于${typeof data.until === 'string' ? shanghaiDate(data.until) : ''}前申请复查`;
    case 'archived':
      return en ? 'archived' : '已归档';
    default:
      return '';
  }
}

function what(event: CaseEvent, names: Names, lang: Lang): string {
  const en = lang === 'en';
  const data = event.data as Data;
  const unitAfter = event.changes.unitId?.after;
  const name = eventName(event.type, lang);
  switch (event.type) {
    case 'registered':
      return en ? 'registered the petition' : '登记诉求';
    case 'triaged':
      return en
        ? `sent it to ${unitOf(names, unitAfter, lang)} to decide`
        : `转${unitOf(names, unitAfter, lang)}分办`;
    case 'accepted':
      return en ? 'accepted it for the own unit' : '受理，由本单位办理';
    case 'assigned':
      return en
        ? `assigned it to ${unitOf(names, unitAfter, lang)}`
        : `交办${unitOf(names, unitAfter, lang)}`;
    case 'reassigned':
      return en
        ? `reassigned it to ${unitOf(names, unitAfter, lang)}`
        : `转办${unitOf(names, unitAfter, lang)}`;
    case 'returned':
      return en ? 'returned it as not this unit’s matter' : '退回，不属于本单位职责';
    case 'replied':
      return en ? 'replied to the petitioner' : '答复诉求人';
    case 'extensionRequested': {
      const extension = durationOf(data.days, data.unit);
      return en
        ? `asked for ${extension ? `${formatDuration(extension, 'en')} more` : 'more time'}`
        : `申请延期${extension ? formatDuration(extension) : ''}`;
    }
    case 'extensionDecided': {
      const extension = durationOf(data.days, data.unit);
      const span = extension ? formatDuration(extension, lang) : '';
      if (data.approved) return en ? `approved ${span ? `${span} more` : 'more time'}` : `批准延期${span}`;
      return en ? `declined the extension${span ? ` of ${span}` : ''}` : `不批准延期${span}`;
    }
    case 'surveyAnswered': {
      const rating = ratingName(data.rating, lang);
      const how =
        data.via === 'callback'
          ? en
            ? 'recorded the call-back: '
            : '录入回访结果：'
          : en
            ? 'rated: '
            : '评价：';
      const outcome = surveyOutcome(data, lang);
      return `${how}${rating}${outcome ? (en ? `; ${outcome}` : `，${outcome}`) : ''}`;
    }
    case 'surveyExpired':
      return en ? 'no rating within the survey window; archived' : '评价期内未收到评价，已归档';
    case 'reopened':
      return en ? 'sent it back to the unit to handle again' : '交承办单位重新办理';
    case 'classified': {
      const type = typeof data.petitionType === 'string' ? petitionTypeName(data.petitionType, lang) : '—';
      const accused =
        typeof data.accusedUnitId === 'string'
          ? en
            ? `, accusing ${unitOf(names, data.accusedUnitId, lang)}`
            : `，被检举控告单位：${unitOf(names, data.accusedUnitId, lang)}`
          : '';
      return en ? `set the type to ${type}${accused}` : `确定诉求类型为“${type}”${accused}`;
    }
    case 'reviewRequested':
    case 'recheckRequested':
      return en
        ? `${name}, decided by ${str(data.body) || 'the level above'}`
        : `登记${name}，由${str(data.body) || '上一级机关'}办理`;
    case 'reviewDecided':
    case 'recheckDecided': {
      const outcome = say(opinionOutcomeNames[data.outcome as 'upheld'], lang, '');
      return en ? `${name}: ${outcome}` : `${name}（${str(data.body)}）：${outcome}`;
    }
    case 'concluded':
      if (data.stage === 'review')
        return en
          ? 'the recheck window passed; the review opinion is final'
          : '复核申请期限已过，复查意见为最终意见，此件终结';
      return en ? 'the review window passed; the case is concluded' : '复查申请期限已过，此件终结';
    case 'duplicateLinked':
      return en ? 'linked it as a duplicate' : '标记为重复件';
    case 'followedUp':
      return en ? 'added to the petition' : '补充了新的情况';
    case 'reminded':
      return en
        ? `reminded the unit of the ${reminderDeadline(data.deadline, lang)}`
        : `催办：${reminderDeadline(data.deadline, lang)}临近`;
    case 'escalated': {
      const card = data.card === 'red' ? (en ? 'red card' : '红牌') : en ? 'yellow card' : '黄牌';
      return en
        ? `${card}: the ${reminderDeadline(data.deadline, lang)} has passed`
        : `${card}督办：${reminderDeadline(data.deadline, lang)}已过`;
    }
    case 'deadlinesRecomputed':
      return en ? 'recomputed the deadlines with the official holidays' : '按官方放假安排重算期限';
    case 'teamReferred':
      return en
        ? `asked ${unitOf(names, data.teamId, lang)} for help`
        : `请${unitOf(names, data.teamId, lang)}协助`;
    case 'teamAnswered':
      return en ? `${unitOf(names, data.teamId, lang)} answered` : `${unitOf(names, data.teamId, lang)}回复`;
    case 'ownerAssigned': {
      if (typeof data.ownerId !== 'string') return en ? 'put it back among the unassigned' : '改为未分配';
      if (data.ownerId === event.actor.id) return en ? 'took it on' : '认领承办';
      const person = names.staff(data.ownerId)?.name ?? (en ? 'a colleague' : '本单位同事');
      return en ? `gave it to ${person}` : `分配给${person}承办`;
    }
    default:
      return name;
  }
}

function reminderDeadline(deadline: unknown, lang: Lang): string {
  const en = lang === 'en';
  if (deadline === 'acknowledge') return en ? 'acknowledge deadline' : '签收期限';
  if (deadline === 'reply') return en ? 'reply deadline' : '答复期限';
  return en ? 'decision deadline' : '复查（复核）意见期限';
}

function why(event: CaseEvent, subject: SentenceSubject, names: Names, lang: Lang): string | undefined {
  const en = lang === 'en';
  const data = event.data as Data;
  const label = (zh: string, english: string, value: unknown) =>
    typeof value === 'string' && value.trim() ? `${en ? english : zh}${value}` : undefined;
  switch (event.type) {
    case 'triaged':
    case 'assigned': {
      const routing = event.changes.routing?.after as RoutingDecision | undefined;
      const fromData = typeof data.reason === 'string' ? { ruleId: null, reason: data.reason } : undefined;
      return routingText(routing ?? fromData, subject, names, lang) || undefined;
    }
    case 'surveyAnswered':
      return label('诉求人意见：', 'Comment: ', (event.changes.survey?.after as Data | undefined)?.comment);
    case 'extensionDecided':
      return label('审批意见：', 'Note: ', data.note) ?? label('延期理由：', 'Reason: ', data.reason);
    case 'reviewDecided':
    case 'recheckDecided':
      return label('意见：', 'Opinion: ', data.opinion);
    case 'noted':
      return str(data.text) || undefined;
    case 'archived':
      return label('说明：', 'Note: ', data.note);
    case 'closed':
      return label(
        '办结说明：',
        'Summary: ',
        (event.changes.closeSummary?.after as string | undefined) ?? undefined,
      );
    case 'teamReferred':
      return label('协助事项：', 'Asked: ', data.question);
    case 'teamAnswered':
      return label('团队意见：', 'Answer: ', data.answer);
    default:
      return label('理由：', 'Reason: ', data.reason);
  }
}

/** One timeline event as a sentence: who (name and unit), what, why, when (Shanghai). */
export function eventSentence(
  event: CaseEvent,
  subject: SentenceSubject,
  names: Names,
  lang: Lang = 'zh',
): EventSentence {
  const reason = why(event, subject, names, lang);
  return {
    who: actorText(event.actor, names, lang),
    what: what(event, names, lang),
    ...(reason ? { why: reason } : {}),
    when: shanghaiTime(event.at),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Audit entries: each changed field in words

const fieldNames: Readonly<Record<string, Pair>> = {
  status: ['状态', 'State'],
  unitId: ['承办单位', 'Unit'],
  ownerId: ['承办人', 'Owner'],
  deadlines: ['期限', 'Deadlines'],
  routing: ['分派依据', 'Routing'],
  policyId: ['适用时限', 'Time limits'],
  reply: ['答复', 'Reply'],
  rejection: ['不予受理理由', 'Rejection'],
  survey: ['评价', 'Survey'],
  reopenCount: ['重新办理次数', 'Times handled again'],
  overdue: ['督办', 'Escalation'],
  alertsSent: ['已发催办', 'Alerts sent'],
  transfers: ['交办记录', 'Hand-overs'],
  returnedByUnitIds: ['退回过的单位', 'Units that returned it'],
  extensionPending: ['待批延期', 'Pending extension'],
  extensionGrantedDays: ['已批延期天数', 'Extension granted'],
  closeSummary: ['办结说明', 'Closing summary'],
  review: ['复查', 'Review'],
  recheck: ['复核', 'Recheck'],
  duplicateOf: ['重复件主件', 'Duplicate of'],
  teamReferrals: ['服务团队协助', 'Service teams'],
  petitionType: ['诉求类型', 'Type'],
  accusedUnitId: ['被检举控告单位', 'Unit accused'],
  archiveReason: ['归档原因', 'Archived because'],
  assignedAt: ['交办时间', 'Assigned at'],
  acknowledgedAt: ['签收时间', 'Acknowledged at'],
  repliedAt: ['答复时间', 'Replied at'],
  closedAt: ['办结时间', 'Closed at'],
  archivedAt: ['归档时间', 'Archived at'],
  categoryCode: ['类别', 'Category'],
  jurisdictionCode: ['镇街', 'Town'],
  title: ['标题', 'Title'],
  content: ['内容', 'Content'],
  petitioner: ['诉求人', 'Petitioner'],
  attachments: ['附件', 'Attachments'],
  confidential: ['保密件', 'Confidential'],
  channel: ['来源', 'Channel'],
  studioId: ['工作室', 'Studio'],
};

const archiveReasons: Readonly<Record<string, Pair>> = {
  survey: ['诉求人已评价', 'rated by the petitioner'],
  no_response: ['评价期内未评价', 'no rating'],
  callback: ['回访已录入', 'call-back recorded'],
  supervisor: ['督办人员归档', 'archived by a supervisor'],
  concluded: ['终结', 'concluded'],
};

const isInstant = (value: unknown): value is string =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value);

function valueText(field: string, value: unknown, names: Names, lang: Lang): string {
  const en = lang === 'en';
  const none = en ? 'none' : '无';
  if (value === null || value === undefined) return none;
  if (isInstant(value)) return shanghaiTime(value);
  if (typeof value === 'boolean') return value ? (en ? 'yes' : '是') : en ? 'no' : '否';
  if (typeof value === 'number') return String(value);
  switch (field) {
    case 'status':
      return statusName(String(value), lang);
    case 'unitId':
    case 'accusedUnitId':
      return unitOf(names, value, lang);
    case 'ownerId':
      return names.staff(String(value))?.name ?? (en ? 'a colleague' : '本单位同事');
    case 'channel':
      return channelName(String(value), lang);
    case 'petitionType':
      return petitionTypeName(String(value), lang);
    case 'categoryCode':
      return names.category?.(String(value)) ?? String(value);
    case 'jurisdictionCode':
      return names.jurisdiction?.(String(value)) ?? String(value);
    case 'archiveReason':
      return say(archiveReasons[String(value)], lang, String(value));
    case 'policyId':
      return names.policy?.(String(value)) ?? (en ? 'set' : '已设定');
    case 'routing': {
      const routing = value as RoutingDecision;
      return routing.unitId
        ? `${unitOf(names, routing.unitId, lang)}${en ? ' (' : '（'}${routingText(routing, {}, names, lang)}${en ? ')' : '）'}`
        : routingText(routing, {}, names, lang);
    }
    case 'deadlines': {
      const entries = Object.entries(value as Record<string, { at?: string } | undefined>).filter(
        ([, deadline]) => deadline?.at,
      );
      if (entries.length === 0) return none;
      return entries
        .map(([name, deadline]) => `${deadlineName(name, lang)} ${shanghaiDate(deadline!.at!)}`)
        .join(en ? '; ' : '；');
    }
    case 'survey': {
      const survey = value as Data;
      const states: Record<string, Pair> = {
        pending: ['待评价', 'waiting'],
        answered: ['已评价', 'answered'],
        expired: ['已过期', 'expired'],
        withdrawn: ['已撤回', 'withdrawn'],
      };
      const rating = ratingName(survey.rating, lang);
      const round = String(survey.round ?? 1);
      const state = say(states[String(survey.status)], lang, '');
      if (en) return [`round ${round}`, state, rating ? `(${rating})` : ''].filter(Boolean).join(' ');
      return `第${round}轮${state}${rating ? `（${rating}）` : ''}`;
    }
    case 'overdue': {
      const overdue = value as Data;
      const card = overdue.card === 'red' ? (en ? 'red card' : '红牌') : en ? 'yellow card' : '黄牌';
      const deadline = reminderDeadline(overdue.deadline, lang);
      return en ? `${card} (${deadline})` : `${card}（${deadline}）`;
    }
    case 'reply':
    case 'rejection':
    case 'extensionPending':
    case 'review':
    case 'recheck': {
      const entry = value as Data;
      const text = str(entry.text) || str(entry.reason) || str(entry.opinion) || str(entry.body);
      return text.length > 80 ? `${text.slice(0, 79)}…` : text || (en ? 'recorded' : '已记录');
    }
    default:
      if (Array.isArray(value)) return en ? `${value.length} entries` : `${value.length} 项`;
      if (typeof value === 'string') return value.length > 80 ? `${value.slice(0, 79)}…` : value;
      return en ? 'updated' : '已更新';
  }
}

export interface AuditLine {
  readonly field: string;
  readonly before: string;
  readonly after: string;
}

/** The fields an event changed, each named in words with its value before and after (Shanghai times). */
export function auditLines(event: Pick<CaseEvent, 'changes'>, names: Names, lang: Lang = 'zh'): AuditLine[] {
  return Object.entries(event.changes)
    .filter(([field]) => field !== 'due')
    .map(([field, change]) => ({
      field: say(fieldNames[field], lang, lang === 'en' ? 'Other' : '其他'),
      before: valueText(field, change.before, names, lang),
      after: valueText(field, change.after, names, lang),
    }));
}

/** A read in the audit trail: "县交通运输局 张三 显示诉求人联系方式". */
export function readText(what: string, lang: Lang = 'zh', detail?: string): string {
  const text = say(readNames[what], lang, lang === 'en' ? 'read' : '查看');
  return detail ? `${text}${lang === 'en' ? ' ' : ''}“${detail}”` : text;
}

// ---------------------------------------------------------------------------------------------------------
// Events as the petitioner reads them (tracking page)

function publicSurveyOutcome(data: Record<string, unknown>): string {
  switch (data.outcome) {
    case 'reopened':
      return '，已交承办单位重新办理';
    case 'review':
      return `，已申请复查，由${String(data.body ?? '上一级机关')}办理`;
    case 'reviewable':
      return typeof data.until === 'string'
        ? `。如对处理意见不服，可于${formatDay(data.until)}前申请复查`
        : '。如对处理意见不服，可申请上一级机关复查';
    default:
      return '';
  }
}

/**
 * What the petitioner reads on the tracking page per event: no staff names, no routing internals. `null` keeps
 * staff-internal events (notes, reminders, cards) off the public page.
 */
export function publicEventText(event: CaseEvent, unit: (unitId: unknown) => string): string | null {
  const data = event.data as Record<string, unknown>;
  switch (event.type) {
    case 'registered':
      return '您的诉求已登记';
    case 'triaged':
      return `已转${unit(event.changes.unitId?.after)}确定承办单位`;
    case 'accepted':
      return `${unit(event.changes.unitId?.after ?? null)}已受理`;
    case 'assigned':
    case 'reassigned':
      return `已交办至${unit(event.changes.unitId?.after)}`;
    case 'returned':
      return '正在重新确定承办单位';
    case 'rejected':
      return `不予受理：${String(data.reason ?? '')}`;
    case 'acknowledged':
      return '承办单位已签收，正在办理';
    case 'replied':
      return '承办单位已答复';
    case 'extensionDecided': {
      const extension = durationOf(data.days, data.unit);
      return data.approved && extension
        ? `办理期限延长${formatDuration(extension)}，原因：${String(data.reason ?? '')}`
        : null;
    }
    case 'closed':
      return '已办结，请您对办理结果进行评价';
    case 'surveyAnswered':
      return `您的评价：${ratingName(data.rating)}${publicSurveyOutcome(data)}`;
    case 'surveyExpired':
      return '评价期已过，未收到评价';
    case 'reopened':
      return '已交承办单位重新办理';
    case 'archived':
      return '已归档';
    case 'followedUp':
      return '您补充了新的情况';
    case 'reviewRequested':
      return `复查申请已受理，由${String(data.body ?? '上一级机关')}办理`;
    case 'reviewDecided':
      return `复查意见（${String(data.body ?? '')}）：${say(opinionOutcomeNames[data.outcome as 'upheld'], 'zh', '')}。${String(data.opinion ?? '')}`;
    case 'recheckRequested':
      return `复核申请已受理，由${String(data.body ?? '上一级机关')}办理`;
    case 'recheckDecided':
      return `复核意见（${String(data.body ?? '')}）：${say(opinionOutcomeNames[data.outcome as 'upheld'], 'zh', '')}。${String(data.opinion ?? '')}。此件已终结`;
    case 'concluded':
      return data.stage === 'review'
        ? '复核申请期限已过，复查意见为最终意见，此件已终结'
        : '复查申请期限已过，此件已终结';
    case 'teamReferred':
      return `已请${unit(data.teamId)}协助办理`;
    case 'teamAnswered':
    case 'ownerAssigned':
    case 'extensionRequested':
    case 'noted':
    case 'duplicateLinked':
    case 'reminded':
    case 'escalated':
    case 'deadlinesRecomputed':
    case 'classified':
      return null;
  }
}

// ---------------------------------------------------------------------------------------------------------
// How the petitioner hears back

/**
 * sms: a mobile; call: a landline (no SMS reaches it, the unit phones); email; post: a letter that gave only a
 * postal address (the written reply is mailed); none: the tracking page only.
 */
export const replyRoutes = ['sms', 'call', 'email', 'post', 'none'] as const;
export type ReplyRoute = (typeof replyRoutes)[number];

/** From the normalised contact (mobiles as 11 digits, landlines as `0AAA-NNNNNNN`). */
export function replyRoute(contact: {
  readonly phone?: string | undefined;
  readonly email?: string | undefined;
  readonly address?: string | undefined;
}): ReplyRoute {
  if (contact.phone && /^1\d{10}$/.test(contact.phone)) return 'sms';
  if (contact.phone) return 'call';
  if (contact.email) return 'email';
  return contact.address ? 'post' : 'none';
}

/** The promise the confirmation and tracking pages make, true to the contact the petitioner left. */
export const hearBackText: Readonly<Record<ReplyRoute, { readonly zh: string; readonly en: string }>> = {
  sms: {
    zh: '办理进展和答复会以短信通知您，也可随时凭跟踪码在本站查询。',
    en: 'We will text you about progress and the reply; you can also track it here any time.',
  },
  call: {
    zh: '您留的是固定电话，收不到短信：承办单位会打电话告知您答复，您也可随时凭跟踪码和电话后四位在本站查询进度。',
    en: 'You left a landline, which cannot receive texts: the unit will phone you with the reply, and you can track progress here with the code and the last four digits.',
  },
  email: {
    zh: '办理进展和答复会发到您的电子邮箱，也可随时凭跟踪码在本站查询。',
    en: 'We will e-mail you about progress and the reply; you can also track it here any time.',
  },
  post: {
    zh: '您只留了通信地址：答复会以书面形式邮寄给您，也可凭跟踪码和受理告知书上的查询码在本站查询进度。',
    en: 'You gave only a postal address: the written reply will be posted to you; you can also track progress here with the code and the PIN from the acknowledgement letter.',
  },
  none: {
    zh: '请凭跟踪码在本站查询办理进度和答复。',
    en: 'Track progress and the reply here with your tracking code.',
  },
};

/** How the petitioner hears back, as the case page tells staff (答复方式). */
export const replyRouteNames: Readonly<Record<ReplyRoute, Pair>> = {
  sms: ['短信通知', 'By text message'],
  call: ['电话告知（固定电话，收不到短信）', 'By phone (a landline: no text messages)'],
  email: ['电子邮件', 'By e-mail'],
  post: [
    '邮寄答复（诉求人只留了通信地址，书面答复按地址邮寄）',
    'By post (the petitioner gave only a postal address; the written reply is mailed there)',
  ],
  none: ['仅网上查询（没有留下联系方式）', 'Online tracking only (no contact given)'],
};
export const replyRouteName = (route: string, lang: Lang = 'zh') =>
  say(replyRouteNames[route as ReplyRoute], lang, '');
