import type { NotificationTemplate } from '../../schemas/messages.ts';
import type { Case, CaseEvent } from '../case/model.ts';
import { durationOf, formatDay, formatDuration } from '../policy/duration-text.ts';

/**
 * The words people receive, in plain Chinese. SMS bodies stay short (one 70-character segment where
 * possible) and never repeat the petition text: an SMS is not a private channel. E-mails may say more.
 */

export interface TemplateContext {
  readonly trackingCode: string;
  readonly unitName?: string;
  readonly trackUrl: string;
  readonly surveyUrl?: string;
  /** The survey window with its unit, counted from the reply, e.g. 30日 (`formatDuration`). */
  readonly surveyWindow?: string;
  /** Already formatted for people, e.g. 12月14日. */
  readonly deadline?: string;
  /** An approved extension with its unit, e.g. 5个工作日. */
  readonly extension?: string;
  readonly reason?: string;
  /** 复查 / 复核: the body that decides, its opinion, and until when the petitioner may ask for the next step. */
  readonly reviewBody?: string;
  readonly opinion?: string;
  readonly outcome?: string;
  readonly requestUntil?: string;
  /** `concluded`: which window passed. */
  readonly stage?: 'reply' | 'review';
  /** Staff messages only: the case title, so the unit knows what it is about. */
  readonly title?: string;
  /** `trackingLocked` only: the link that lifts the lock (it carries a signed token). */
  readonly unlockUrl?: string;
  /** `phoneVerification`: the one-time code and how long it is valid; `trackingLocked`: the unlock code. */
  readonly code?: string;
  readonly validMinutes?: number;
  /** `registered` without a phone (e-mail, Open311): what to type where the tracking page asks for the last four digits. */
  readonly trackingPin?: string;
  /** `receptionReminder` only: the reception day the representatives and liaison officers are reminded of. */
  readonly reception?: {
    readonly studioName: string;
    readonly address: string;
    /** Already formatted for people, e.g. 12月10日（周四）. */
    readonly date: string;
    readonly hours?: string;
    readonly representativeNames: readonly string[];
  };
  /** `accountRequest` only: a step of a staff account change that needs a second person, in people's names. */
  readonly account?: {
    readonly step: 'requested' | 'approved' | 'refused' | 'withdrawn';
    readonly kind: 'create' | 'update' | 'resetPassword';
    readonly targetName: string;
    /** The role the account has, or gets, in words (督办人员). */
    readonly roleName: string;
    readonly requesterName: string;
    readonly deciderName?: string;
  };
}

export interface RenderedNotification {
  readonly sms: string;
  readonly emailSubject: string;
  readonly emailBody: string;
}

const sign = '【回音】';

/** `concluded`, by the window that passed: the step no longer open and the opinion that became final. */
export const lapsedWindow = {
  reply: { step: '复查', final: '处理意见' },
  review: { step: '复核', final: '复查意见' },
} as const satisfies Record<NonNullable<TemplateContext['stage']>, { step: string; final: string }>;

export function renderNotification(
  template: NotificationTemplate,
  context: TemplateContext,
): RenderedNotification {
  const code = context.trackingCode;
  switch (template) {
    case 'registered':
      return {
        sms: `${sign}您的诉求已登记，跟踪码 ${code}。凭跟踪码和电话后四位可查询进度：${context.trackUrl}`,
        emailSubject: `您的诉求已登记（${code}）`,
        emailBody: `您好：\n\n您的诉求已登记，跟踪码为 ${code}。我们会交由负责的单位办理，并在规定时限内答复您。\n\n查询办理进度：${context.trackUrl}\n${context.trackingPin ? `（请输入跟踪码；在"电话后四位"一栏填写查询码 ${context.trackingPin}）` : '（请输入跟踪码和登记电话的后四位）'}\n\n件件有落实、事事有回音。`,
      };
    case 'replied':
      return {
        sms: `${sign}您的诉求（${code}）已由${context.unitName ?? '承办单位'}答复，请查看：${context.trackUrl}`,
        emailSubject: `您的诉求已答复（${code}）`,
        emailBody: `您好：\n\n您的诉求（${code}）已由${context.unitName ?? '承办单位'}答复。\n\n查看答复：${context.trackUrl}`,
      };
    case 'surveyInvitation':
      return {
        sms: `${sign}您的诉求（${code}）已办结，请于${context.deadline}前评价：${context.surveyUrl}（自答复之日起${context.surveyWindow}内有效）`,
        emailSubject: `请评价诉求办理结果（${code}）`,
        emailBody: `您好：\n\n您的诉求（${code}）已办结。请花一分钟告诉我们您是否满意：\n${context.surveyUrl}\n\n链接自答复之日起${context.surveyWindow}内有效（至${context.deadline}），只能评价一次。如不满意，可以请承办单位重新办理，也可以申请上一级机关复查。`,
      };
    case 'extended':
      return {
        sms: `${sign}您的诉求（${code}）办理期限延长${context.extension}，原因：${context.reason}。详情：${context.trackUrl}`,
        emailSubject: `办理期限延长（${code}）`,
        emailBody: `您好：\n\n您的诉求（${code}）办理期限延长${context.extension}，新的答复期限为 ${context.deadline}。\n原因：${context.reason}\n\n查看进度：${context.trackUrl}`,
      };
    case 'rejected':
      return {
        sms: `${sign}您的诉求（${code}）不予受理，原因：${context.reason}。如有异议，可于${context.requestUntil}前向${context.reviewBody}申请复查。详情：${context.trackUrl}`,
        emailSubject: `诉求不予受理（${code}）`,
        emailBody: `您好：\n\n您的诉求（${code}）由${context.unitName ?? '承办单位'}决定不予受理。\n原因：${context.reason}\n\n如对此有异议，可于${context.requestUntil}前向${context.reviewBody}书面申请复查（信访工作条例第三十五条）。\n\n查看详情：${context.trackUrl}`,
      };
    case 'assignedNotice':
      return {
        sms: `${sign}您的诉求（${code}）已受理，交由${context.unitName ?? '承办单位'}办理，将于${context.deadline}前答复您。详情：${context.trackUrl}`,
        emailSubject: `诉求已受理（${code}）`,
        emailBody: `您好：\n\n您的诉求（${code}）已受理，交由${context.unitName ?? '承办单位'}办理，答复期限为 ${context.deadline}。\n如承办单位认为不属于其职责，会退回重新分派，我们会再告知您。\n\n查看进度：${context.trackUrl}`,
      };
    case 'acceptedNotice':
      return {
        sms: `${sign}您的诉求（${code}）已由${context.unitName ?? '承办单位'}受理办理，将于${context.deadline}前答复您。详情：${context.trackUrl}`,
        emailSubject: `诉求已受理（${code}）`,
        emailBody: `您好：\n\n您的诉求（${code}）已由${context.unitName ?? '承办单位'}受理并办理，答复期限为 ${context.deadline}。\n\n查看进度：${context.trackUrl}`,
      };
    case 'redo':
      return {
        sms: `${sign}您的诉求（${code}）已交${context.unitName ?? '承办单位'}重新办理，将于${context.deadline}前再次答复您。详情：${context.trackUrl}`,
        emailSubject: `诉求重新办理（${code}）`,
        emailBody: `您好：\n\n根据您的评价，您的诉求（${code}）已交${context.unitName ?? '承办单位'}重新办理，将于 ${context.deadline} 前再次答复您。\n如对再次答复仍不满意，可以申请上一级机关复查。\n\n查看进度：${context.trackUrl}`,
      };
    case 'redoAssigned':
      return {
        sms: `${sign}重新办理：${code} 诉求人不满意，请于${context.deadline}前重新办理并答复。`,
        emailSubject: `重新办理：${code}：${context.title ?? ''}`,
        emailBody: `${code}（${context.title ?? ''}）诉求人对答复不满意，请于 ${context.deadline} 前重新办理并答复。`,
      };
    case 'dissatisfiedNotice': {
      const next = context.requestUntil
        ? `诉求人可于${context.requestUntil}前向${context.reviewBody ?? '上一级机关'}申请复查`
        : `诉求人已申请复查，由${context.reviewBody ?? '上一级机关'}办理`;
      return {
        sms: `${sign}诉求人不满意：${code}，${next}。`,
        emailSubject: `诉求人不满意：${code}：${context.title ?? ''}`,
        emailBody: `${code}（${context.title ?? ''}）诉求人对答复不满意，${next}。评价和意见见回音工作台。`,
      };
    }
    case 'reviewRequested':
    case 'recheckRequested': {
      const step = template === 'reviewRequested' ? '复查' : '复核';
      return {
        sms: `${sign}您的${step}申请（${code}）已受理，由${context.reviewBody}办理，将于${context.deadline}前书面答复您。`,
        emailSubject: `${step}申请已受理（${code}）`,
        emailBody: `您好：\n\n您对诉求（${code}）的${step}申请已受理，由${context.reviewBody}办理，将于 ${context.deadline} 前作出${step}意见并书面答复您。\n\n查看进度：${context.trackUrl}`,
      };
    }
    case 'reviewDecided':
      return {
        sms: `${sign}您的诉求（${code}）复查意见：${context.outcome}。如不服，可于${context.requestUntil}前向${context.reviewBody}申请复核。详情：${context.trackUrl}`,
        emailSubject: `复查意见（${code}）`,
        emailBody: `您好：\n\n${context.reviewBody}对您的诉求（${code}）作出复查意见：${context.outcome}。\n${context.opinion ?? ''}\n\n如对复查意见不服，可于 ${context.requestUntil} 前向${context.reviewBody}的上一级机关申请复核（信访工作条例第三十六条）；逾期复查意见为最终意见。\n\n查看详情：${context.trackUrl}`,
      };
    case 'recheckDecided':
      return {
        sms: `${sign}您的诉求（${code}）复核意见：${context.outcome}。复核意见为最终意见，此件已终结。详情：${context.trackUrl}`,
        emailSubject: `复核意见（${code}）`,
        emailBody: `您好：\n\n${context.reviewBody}对您的诉求（${code}）作出复核意见：${context.outcome}。\n${context.opinion ?? ''}\n\n复核意见为最终意见，此件已终结；以同一事实和理由再次提出的，不再受理（信访工作条例第三十六条）。\n\n查看详情：${context.trackUrl}`,
      };
    case 'concluded': {
      const lapsed = lapsedWindow[context.stage ?? 'reply'];
      const what = `${lapsed.step}申请期限已过，${lapsed.final}为最终意见`;
      return {
        sms: `${sign}您的诉求（${code}）${what}，此件已终结。详情：${context.trackUrl}`,
        emailSubject: `诉求已终结（${code}）`,
        emailBody: `您好：\n\n您的诉求（${code}）${what}，此件已终结。\n\n查看详情：${context.trackUrl}`,
      };
    }
    case 'reviewToDecide':
      return {
        sms: `${sign}待录入意见：${code} 的复查/复核请于${context.deadline}前作出意见。`,
        emailSubject: `复查/复核待办：${code}`,
        emailBody: `${code}（${context.title ?? ''}）的复查/复核申请已受理，由${context.reviewBody}办理，请于 ${context.deadline} 前作出意见并在回音工作台录入。`,
      };
    case 'newAssignment':
      return {
        sms: `${sign}新交办件 ${code}，请于${context.deadline}前签收。`,
        emailSubject: `新交办件 ${code}：${context.title ?? ''}`,
        emailBody: `新交办件 ${code}：${context.title ?? ''}\n请于 ${context.deadline} 前登录回音工作台签收办理。`,
      };
    case 'reminder':
      return {
        sms: `${sign}催办：${code} 将于${context.deadline}到期，请及时办理。`,
        emailSubject: `催办：${code} 将于${context.deadline}到期`,
        emailBody: `${code}（${context.title ?? ''}）将于 ${context.deadline} 到期，请及时办理。`,
      };
    case 'yellowCard':
      return {
        sms: `${sign}督办（黄牌）：${code} 已超期，请立即办理。`,
        emailSubject: `督办黄牌：${code} 已超期`,
        emailBody: `${code}（${context.title ?? ''}）已于 ${context.deadline} 超期，现予黄牌督办，请立即办理。`,
      };
    case 'redCard':
      return {
        sms: `${sign}督办（红牌）：${code} 严重超期，请立即办理并说明原因。`,
        emailSubject: `督办红牌：${code} 严重超期`,
        emailBody: `${code}（${context.title ?? ''}）截止 ${context.deadline} 严重超期，现予红牌督办，请立即办理并书面说明原因。`,
      };
    case 'phoneVerification':
      return {
        sms: `${sign}您的验证码是 ${context.code}，${context.validMinutes ?? 10} 分钟内有效，仅用于提交诉求。请勿告诉他人。`,
        emailSubject: '回音验证码',
        emailBody: `您的验证码是 ${context.code}，${context.validMinutes ?? 10} 分钟内有效，仅用于提交诉求。请勿告诉他人。`,
      };
    case 'trackingLocked':
      return {
        sms: `${sign}诉求 ${code} 的查询已连续输错电话后四位，已暂停查询 24 小时。如是您本人，请在查询页面输入解锁码 ${context.code}（24 小时内有效），或点此解锁：${context.unlockUrl}`,
        emailSubject: `诉求 ${code} 的查询已暂停`,
        emailBody: `有人在查询您的诉求 ${code} 时连续输错电话后四位（或查询码），为保护您的信息，查询已暂停 24 小时。\n\n如果是您本人，请打开以下链接解除锁定，然后重新输入：\n${context.unlockUrl}\n\n也可以在查询页面输入解锁码 ${context.code}（24 小时内有效）。请勿告诉他人。\n\n如果不是您本人，无需处理，您的诉求内容没有泄露。`,
      };
    case 'accountRequest': {
      const sentence = context.account ? accountSentence(context.account) : '工作人员账户有变更';
      return {
        sms: `${sign}账户审批：${sentence}。请登录回音工作台查看。`,
        emailSubject: `账户审批：${sentence}`,
        emailBody: `${sentence}。\n\n请登录回音工作台“账户审批”查看；如非正常业务需要，请及时联系系统管理员。`,
      };
    }
    case 'receptionReminder': {
      const reception = context.reception;
      const when = `${reception?.date ?? ''}${reception?.hours ? ` ${reception.hours}` : ''}`;
      const who = reception?.representativeNames.length
        ? reception.representativeNames.join('、')
        : '（待定）';
      return {
        sms: `${sign}接待日提醒：明天${when}在${reception?.studioName ?? '工作室'}接待群众，值班代表：${who}。`,
        emailSubject: `接待日提醒：${reception?.date ?? ''} ${reception?.studioName ?? ''}`,
        emailBody: `接待日提醒\n\n时间：${when}\n地点：${reception?.studioName ?? ''}（${reception?.address ?? ''}）\n值班代表：${who}\n\n请准时到岗；来访登记请在回音工作台"接待日"中录入。`,
      };
    }
  }
}

const accountActions = {
  create: '新建账户',
  update: '变更账户角色或邮箱',
  resetPassword: '重置密码',
} as const satisfies Record<NonNullable<TemplateContext['account']>['kind'], string>;

/** `accountRequest`: one sentence for the bell, the e-mail and its subject. */
function accountSentence(account: NonNullable<TemplateContext['account']>): string {
  const what = `${accountActions[account.kind]}：${account.targetName}（${account.roleName}）`;
  const decider = account.deciderName ?? '审批人';
  switch (account.step) {
    case 'requested':
      return `${account.requesterName}申请${what}，须由另一名管理员或督办人员审批`;
    case 'approved':
      return `${decider}批准了${account.requesterName}的申请，已${what}`;
    case 'refused':
      return `${decider}拒绝了${account.requesterName}的申请（${what}）`;
    case 'withdrawn':
      return `${account.requesterName}撤回了申请（${what}）`;
  }
}

/** 2026-12-14T15:59:59.999Z → 12月14日 (Shanghai). */
export const formatDeadline = formatDay;

const outcomeWords = { upheld: '维持原处理意见', revised: '变更原处理意见' } as const;

/** Templates whose words come from the event that asked for them, not only from the case. */
export const templatesNeedingEvent: ReadonlySet<NotificationTemplate> = new Set([
  'extended',
  'concluded',
  'rejected',
  'dissatisfiedNotice',
]);

/**
 * The case-specific parts of a notice, derived from the case (and, for `templatesNeedingEvent`, the event):
 * every date formatted with `formatDay`, every duration with `formatDuration`, so no notice says 日 for 工作日.
 */
export function caseNoticeContext(
  template: NotificationTemplate,
  item: Case,
  event?: CaseEvent,
): Partial<TemplateContext> {
  const d = item.deadlines;
  const on = (deadline: { at: string } | undefined) => (deadline ? formatDay(deadline.at) : undefined);
  const defined = (context: Partial<Record<keyof TemplateContext, unknown>>) =>
    Object.fromEntries(
      Object.entries(context).filter(([, value]) => value !== undefined),
    ) as Partial<TemplateContext>;
  switch (template) {
    case 'surveyInvitation': {
      const window = d.surveyBy?.basis.steps[0];
      return defined({ surveyWindow: window ? formatDuration(window) : undefined, deadline: on(d.surveyBy) });
    }
    case 'extended': {
      const extension = durationOf(event?.data.days, event?.data.unit);
      return defined({
        extension: extension ? formatDuration(extension) : undefined,
        reason: event?.data.reason as string | undefined,
        deadline: on(d.replyBy),
      });
    }
    case 'dissatisfiedNotice':
      return defined({
        reviewBody: typeof event?.data.body === 'string' ? event.data.body : undefined,
        requestUntil: typeof event?.data.until === 'string' ? formatDay(event.data.until) : undefined,
      });
    case 'rejected':
      return defined({
        reason: item.rejection?.reason,
        requestUntil: on(d.reviewRequestBy),
        reviewBody: typeof event?.data.body === 'string' ? event.data.body : '上一级机关',
      });
    case 'assignedNotice':
    case 'acceptedNotice':
    case 'redo':
    case 'redoAssigned':
      return defined({ deadline: on(d.replyBy) });
    case 'reviewRequested':
      return defined({ reviewBody: item.review?.body, deadline: on(d.reviewBy) });
    case 'recheckRequested':
      return defined({ reviewBody: item.recheck?.body, deadline: on(d.recheckBy) });
    case 'reviewToDecide': {
      const step = item.status === 'rechecking' ? item.recheck : item.review;
      return defined({
        reviewBody: step?.body,
        deadline: on(item.status === 'rechecking' ? d.recheckBy : d.reviewBy),
      });
    }
    case 'reviewDecided':
      return defined({
        reviewBody: item.review?.body,
        opinion: item.review?.opinion,
        outcome: item.review?.outcome ? outcomeWords[item.review.outcome] : undefined,
        requestUntil: on(d.recheckRequestBy),
      });
    case 'recheckDecided':
      return defined({
        reviewBody: item.recheck?.body,
        opinion: item.recheck?.opinion,
        outcome: item.recheck?.outcome ? outcomeWords[item.recheck.outcome] : undefined,
      });
    case 'concluded':
      return defined({ stage: event?.data.stage === 'review' ? 'review' : 'reply' });
    case 'reminder':
    case 'yellowCard':
    case 'redCard':
      // A review body's decision deadline; the unit's deadlines are the caller's default.
      if (item.status === 'reviewing') return defined({ deadline: on(d.reviewBy) });
      if (item.status === 'rechecking') return defined({ deadline: on(d.recheckBy) });
      return {};
    default:
      return {};
  }
}
