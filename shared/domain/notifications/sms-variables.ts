import type { NotificationTemplate } from '../../schemas/messages.ts';
import { lapsedWindow, type TemplateContext } from './templates.ts';

/**
 * What a notice can put into an SMS template registered with a mainland provider. Mainland SMS sends only
 * templates the provider approved, with variables filled in, so each notice kind says here which values it
 * offers and which a template for it must carry. Two rules shape the list: an SMS is not a private channel,
 * so no variable carries petition text (title, content) or the words of an opinion; and providers refuse
 * links in variables, so the site's address is part of the registered text and the survey is reached through
 * the tracking page.
 */

/** How a value is treated by the provider's variable rules (`sms-templates.ts`). */
export type SmsVariableKind =
  /** A one-time code: digits only, at most six (verification-code templates). */
  | 'code'
  /** A count (minutes). */
  | 'number'
  /**
   * A value that is wrong when shortened (a tracking code, a duration with its unit such as 5个工作日): too
   * long is an error, never cut.
   */
  | 'exact'
  /** Free text (names, reasons, dates as words): cut with an ellipsis when longer than the limit. */
  | 'text';

interface VariableDef {
  readonly kind: SmsVariableKind;
  readonly read: (context: TemplateContext) => string | number | undefined;
  /** What the message says when the value is missing (the same words as the text templates use). */
  readonly fallback?: string;
}

const variableDefs = {
  trackingCode: { kind: 'exact', read: (context) => context.trackingCode },
  unitName: { kind: 'text', read: (context) => context.unitName, fallback: '承办单位' },
  deadline: { kind: 'text', read: (context) => context.deadline, fallback: '规定期限' },
  /** An approved extension with its unit (`formatDuration`), e.g. 5个工作日. */
  extension: { kind: 'exact', read: (context) => context.extension },
  reason: { kind: 'text', read: (context) => context.reason, fallback: '详见查询页面' },
  /** The survey window with its unit, counted from the reply, e.g. 30日. */
  surveyWindow: { kind: 'exact', read: (context) => context.surveyWindow },
  /** 复查 / 复核: the body that takes the request or decided it. */
  reviewBody: { kind: 'text', read: (context) => context.reviewBody, fallback: '上一级机关' },
  /** Until when the petitioner may ask for the next step (复查 after a refusal, 复核 after a 复查 opinion). */
  requestUntil: { kind: 'text', read: (context) => context.requestUntil, fallback: '规定期限' },
  /** A 复查 or 复核 opinion in words: 维持原处理意见 or 变更原处理意见 (the opinion's own text never). */
  outcome: { kind: 'text', read: (context) => context.outcome, fallback: '详见查询页面' },
  /** `concluded`: the step whose request window passed (复查 or 复核). */
  lapsedStep: {
    kind: 'text',
    read: (context) => (context.stage === undefined ? undefined : lapsedWindow[context.stage].step),
  },
  /** `concluded`: the opinion that became final (处理意见 or 复查意见). */
  finalOpinion: {
    kind: 'text',
    read: (context) => (context.stage === undefined ? undefined : lapsedWindow[context.stage].final),
  },
  code: { kind: 'code', read: (context) => context.code },
  validMinutes: { kind: 'number', read: (context) => context.validMinutes, fallback: '10' },
  receptionDate: { kind: 'text', read: (context) => context.reception?.date },
  receptionHours: { kind: 'text', read: (context) => context.reception?.hours, fallback: '按公示时间' },
  studioName: { kind: 'text', read: (context) => context.reception?.studioName },
  studioAddress: { kind: 'text', read: (context) => context.reception?.address, fallback: '工作室' },
  representatives: {
    kind: 'text',
    read: (context) => context.reception?.representativeNames.join('、') || undefined,
    fallback: '待定',
  },
} as const satisfies Record<string, VariableDef>;

export type SmsVariableName = keyof typeof variableDefs;
export const smsVariableNames = /* @__PURE__ */ Object.keys(variableDefs) as SmsVariableName[];

export function smsVariableKind(name: SmsVariableName): SmsVariableKind {
  return variableDefs[name].kind;
}

export interface SmsNotice {
  /** Values the notice has; a registered template may use any of them. */
  readonly offers: readonly SmsVariableName[];
  /** Values without which the message says nothing useful; the template must carry them. */
  readonly requires: readonly SmsVariableName[];
}

const staffCase = { offers: ['trackingCode', 'deadline'], requires: ['trackingCode'] } as const;
/** The case went (back) to a unit: which one and by when it replies. */
const toUnit = { offers: ['trackingCode', 'unitName', 'deadline'], requires: ['trackingCode'] } as const;
/** A 复查 or 复核 request was taken up: by which body, decided by when. */
const reviewTaken = {
  offers: ['trackingCode', 'reviewBody', 'deadline'],
  requires: ['trackingCode'],
} as const;

/** Per notice kind. A new kind fails the type check until it is listed here. */
export const smsNotices = {
  registered: { offers: ['trackingCode'], requires: ['trackingCode'] },
  replied: { offers: ['trackingCode', 'unitName'], requires: ['trackingCode'] },
  surveyInvitation: {
    offers: ['trackingCode', 'deadline', 'surveyWindow'],
    requires: ['trackingCode'],
  },
  extended: {
    offers: ['trackingCode', 'extension', 'reason', 'deadline'],
    requires: ['trackingCode', 'extension'],
  },
  rejected: {
    offers: ['trackingCode', 'reason', 'requestUntil', 'reviewBody'],
    requires: ['trackingCode'],
  },
  assignedNotice: toUnit,
  acceptedNotice: toUnit,
  redo: toUnit,
  reviewRequested: reviewTaken,
  recheckRequested: reviewTaken,
  reviewDecided: {
    offers: ['trackingCode', 'outcome', 'requestUntil', 'reviewBody'],
    requires: ['trackingCode', 'outcome'],
  },
  recheckDecided: {
    offers: ['trackingCode', 'outcome', 'reviewBody'],
    requires: ['trackingCode', 'outcome'],
  },
  concluded: {
    offers: ['trackingCode', 'lapsedStep', 'finalOpinion'],
    requires: ['trackingCode'],
  },
  newAssignment: staffCase,
  redoAssigned: staffCase,
  dissatisfiedNotice: {
    offers: ['trackingCode', 'requestUntil', 'reviewBody'],
    requires: ['trackingCode'],
  },
  reminder: staffCase,
  yellowCard: staffCase,
  redCard: staffCase,
  reviewToDecide: {
    offers: ['trackingCode', 'reviewBody', 'deadline'],
    requires: ['trackingCode'],
  },
  phoneVerification: { offers: ['code', 'validMinutes'], requires: ['code'] },
  /** Staff names stay out of SMS variables: the registered text only says that something waits in the console. */
  accountRequest: { offers: [], requires: [] },
  receptionReminder: {
    offers: ['receptionDate', 'receptionHours', 'studioName', 'studioAddress', 'representatives'],
    requires: ['receptionDate', 'studioName'],
  },
  // The unlock link is a signed token in a URL, which no provider lets a variable carry; the six-digit unlock
  // code is a `code` variable like a verification code, so a registered template still gives the petitioner a
  // way to lift the lock (typed on the tracking page). Without it a mobile petitioner could only wait.
  trackingLocked: { offers: ['trackingCode', 'code'], requires: ['trackingCode', 'code'] },
} as const satisfies Record<NotificationTemplate, SmsNotice>;

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
const controls = /[\u0000-\u001F\u007F\u202A-\u202E\u2066-\u2069]/g;
const links = /(?:https?:\/\/|www\.)\S*/gi;

/** Free text as a variable may carry it: no links, no signature brackets 【】, no control characters. */
export function cleanVariableText(value: string): string {
  return value
    .replace(links, ' ')
    .replace(controls, ' ')
    .replace(/【/g, '（')
    .replace(/】/g, '）')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The values a notice offers, read from its template context: free text cleaned, and a value that is
 * missing (or nothing but a link) replaced by its fallback, or left out when it has none.
 */
export function smsVariables(
  template: NotificationTemplate,
  context: TemplateContext,
): Partial<Record<SmsVariableName, string>> {
  const values: Partial<Record<SmsVariableName, string>> = {};
  for (const name of smsNotices[template].offers) {
    const def: VariableDef = variableDefs[name];
    const value = def.read(context);
    const read =
      value === undefined ? '' : def.kind === 'text' ? cleanVariableText(String(value)) : String(value);
    const text = read || def.fallback;
    if (text !== undefined) values[name] = text;
  }
  return values;
}
