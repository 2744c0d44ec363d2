import type { NotificationTemplate } from '../../schemas/messages.ts';
import type { TemplateContext } from './templates.ts';

/**
 * What a notice can put into an SMS template registered with a mainland provider. Mainland SMS sends only
 * templates the provider approved, with variables filled in, so each notice kind says here which values it
 * offers and which a template for it must carry. Two rules shape the list: an SMS is not a private channel,
 * so no variable carries petition text (title, content); and providers refuse links in variables, so the
 * site's address is part of the registered text and the survey is reached through the tracking page.
 */

/** How a value is treated by the provider's variable rules (`sms-templates.ts`). */
export type SmsVariableKind =
  /** A one-time code: digits only, at most six (verification-code templates). */
  | 'code'
  /** A count of days or minutes. */
  | 'number'
  /** An identifier that is wrong when shortened (tracking code): too long is an error, never cut. */
  | 'identifier'
  /** Free text (names, reasons, dates as words): cut with an ellipsis when longer than the limit. */
  | 'text';

interface VariableDef {
  readonly kind: SmsVariableKind;
  readonly read: (context: TemplateContext) => string | number | undefined;
  /** What the message says when the value is missing (the same words as the text templates use). */
  readonly fallback?: string;
}

const variableDefs = {
  trackingCode: { kind: 'identifier', read: (context) => context.trackingCode },
  unitName: { kind: 'text', read: (context) => context.unitName, fallback: '承办单位' },
  deadline: { kind: 'text', read: (context) => context.deadline, fallback: '规定期限' },
  extensionDays: { kind: 'number', read: (context) => context.extensionDays },
  reason: { kind: 'text', read: (context) => context.reason, fallback: '详见查询页面' },
  surveyDays: { kind: 'number', read: (context) => context.surveyDays, fallback: '30' },
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

/** Per notice kind. A new kind fails the type check until it is listed here. */
export const smsNotices = {
  registered: { offers: ['trackingCode'], requires: ['trackingCode'] },
  replied: { offers: ['trackingCode', 'unitName'], requires: ['trackingCode'] },
  surveyInvitation: { offers: ['trackingCode', 'surveyDays'], requires: ['trackingCode'] },
  extended: {
    offers: ['trackingCode', 'extensionDays', 'reason', 'deadline'],
    requires: ['trackingCode', 'extensionDays'],
  },
  rejected: { offers: ['trackingCode', 'reason'], requires: ['trackingCode'] },
  newAssignment: staffCase,
  reminder: staffCase,
  yellowCard: staffCase,
  redCard: staffCase,
  phoneVerification: { offers: ['code', 'validMinutes'], requires: ['code'] },
  receptionReminder: {
    offers: ['receptionDate', 'receptionHours', 'studioName', 'studioAddress', 'representatives'],
    requires: ['receptionDate', 'studioName'],
  },
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
