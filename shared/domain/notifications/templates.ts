import type { NotificationTemplate } from '../../schemas/messages.ts';

/**
 * The words people receive, in plain Chinese. SMS bodies stay short (one 70-character segment where
 * possible) and never repeat the petition text: an SMS is not a private channel. E-mails may say more.
 */

export interface TemplateContext {
  readonly trackingCode: string;
  readonly unitName?: string;
  readonly trackUrl: string;
  readonly surveyUrl?: string;
  readonly surveyDays?: number;
  /** Already formatted for people, e.g. 12月14日. */
  readonly deadline?: string;
  readonly extensionDays?: number;
  readonly reason?: string;
  /** Staff messages only: the case title, so the unit knows what it is about. */
  readonly title?: string;
  /** `phoneVerification` only: the one-time code and how long it is valid. */
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
}

export interface RenderedNotification {
  readonly sms: string;
  readonly emailSubject: string;
  readonly emailBody: string;
}

const sign = '【回音】';

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
        sms: `${sign}您的诉求（${code}）已办结，请对办理结果评价：${context.surveyUrl}（${context.surveyDays ?? 30}日内有效）`,
        emailSubject: `请评价诉求办理结果（${code}）`,
        emailBody: `您好：\n\n您的诉求（${code}）已办结。请花一分钟告诉我们您是否满意：\n${context.surveyUrl}\n\n链接 ${context.surveyDays ?? 30} 日内有效，只能评价一次。如不满意，我们会启动复查。`,
      };
    case 'extended':
      return {
        sms: `${sign}您的诉求（${code}）办理期限延长${context.extensionDays}日，原因：${context.reason}。详情：${context.trackUrl}`,
        emailSubject: `办理期限延长（${code}）`,
        emailBody: `您好：\n\n您的诉求（${code}）办理期限延长 ${context.extensionDays} 日，新的答复期限为 ${context.deadline}。\n原因：${context.reason}\n\n查看进度：${context.trackUrl}`,
      };
    case 'rejected':
      return {
        sms: `${sign}您的诉求（${code}）不予受理，原因：${context.reason}。详情：${context.trackUrl}`,
        emailSubject: `诉求不予受理（${code}）`,
        emailBody: `您好：\n\n您的诉求（${code}）不予受理。\n原因：${context.reason}\n\n查看详情：${context.trackUrl}`,
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

/** 2026-12-14T15:59:59.999Z → 12月14日 (Shanghai). */
export function formatDeadline(iso: string): string {
  const shanghai = new Date(Date.parse(iso) + 8 * 3_600_000);
  return `${shanghai.getUTCMonth() + 1}月${shanghai.getUTCDate()}日`;
}
