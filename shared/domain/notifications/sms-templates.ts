import * as z from 'zod';
import { type NotificationTemplate, notificationTemplates } from '../../schemas/messages.ts';
import {
  cleanVariableText,
  type SmsVariableName,
  smsNotices,
  smsVariableKind,
  smsVariableNames,
} from './sms-variables.ts';

/**
 * Registered SMS templates (mainland providers send nothing else) and the provider's rules for their
 * variables, as Tencent Cloud SMS documents them (正文模板审核标准, cloud.tencent.com/document/product/382/39023,
 * and the SendSms error codes):
 *
 * - variables are `{1}`, `{2}`, … numbered from 1 without gaps; two variables may not touch (`{1}{2}`);
 * - a verification-code variable is at most six digits;
 * - other variables are limited per template (the console shows the limit; 12 characters for accounts verified
 *   as a person, the strictest documented limit and the default here), every character counting as one;
 * - a variable may not carry a link, and 【】 belong to the signature only;
 * - the whole message, signature and values included, is at most 500 characters.
 *
 * The mapping is configuration (`SMS_TEMPLATES`, validated at cold start): every notice kind has a template,
 * each template carries the values its kind requires and only values the kind offers.
 */

export const DEFAULT_VARIABLE_MAX_LENGTH = 12;
export const CODE_VARIABLE_MAX_LENGTH = 6;
export const MAX_SMS_LENGTH = 500;

const variableSchema = /* @__PURE__ */ z.union([
  z.enum(smsVariableNames),
  z.object({
    name: z.enum(smsVariableNames),
    /** Characters; the limit the provider's console shows for this template's variable. */
    maxLength: z.number().int().min(1).max(MAX_SMS_LENGTH),
  }),
]);

const templateSchema = /* @__PURE__ */ z.object({
  /** The provider's id of the approved template (Tencent: digits, e.g. `2100001`). */
  templateId: z.string().regex(/^[A-Za-z0-9_]{1,64}$/, 'expected the provider template id'),
  /** In the order of the placeholders `{1}`, `{2}`, … of the registered text. */
  variables: z.array(variableSchema).max(20),
  /**
   * The registered text with its placeholders, without the signature. Optional because Lambda allows 4 KB of
   * environment per function; when present the placeholders are checked and the outbox shows the exact SMS.
   */
  text: z.string().min(1).max(MAX_SMS_LENGTH).optional(),
});

const length = (text: string) => [...text].length;

export const smsTemplatesSchema = /* @__PURE__ */ z
  .partialRecord(z.enum(notificationTemplates), templateSchema)
  .superRefine((templates, context) => {
    for (const kind of notificationTemplates) {
      const template = templates[kind];
      if (!template) {
        context.addIssue({ code: 'custom', path: [kind], message: `no SMS template for notice "${kind}"` });
        continue;
      }
      const names = template.variables.map((variable) =>
        typeof variable === 'string' ? variable : variable.name,
      );
      const notice = smsNotices[kind];
      for (const name of names) {
        if (!(notice.offers as readonly string[]).includes(name))
          context.addIssue({
            code: 'custom',
            path: [kind, 'variables'],
            message: `"${kind}" has no value "${name}" (it offers ${notice.offers.join(', ')})`,
          });
      }
      if (new Set(names).size !== names.length)
        context.addIssue({
          code: 'custom',
          path: [kind, 'variables'],
          message: 'a variable is listed twice',
        });
      for (const required of notice.requires) {
        if (!names.includes(required))
          context.addIssue({
            code: 'custom',
            path: [kind, 'variables'],
            message: `the template for "${kind}" must carry "${required}"`,
          });
      }
      if (template.text !== undefined) {
        for (const problem of textProblems(template.text, names.length))
          context.addIssue({ code: 'custom', path: [kind, 'text'], message: problem });
      }
    }
  });
export type SmsTemplates = z.infer<typeof smsTemplatesSchema>;

/** What a deployment registered with its provider: the signature and a template per notice kind. */
export interface SmsTemplateSettings {
  readonly signName: string;
  readonly templates: SmsTemplates;
}

/** What is wrong with a registered text for `count` variables, by the provider's rules. */
export function textProblems(text: string, count: number): string[] {
  const problems: string[] = [];
  const numbers = [...text.matchAll(/\{(\d+)\}/g)].map((match) => Number(match[1]));
  const expected = Array.from({ length: count }, (_, index) => index + 1);
  if (numbers.length !== count || expected.some((number) => numbers.filter((n) => n === number).length !== 1))
    problems.push(`the text must use {1}…{${count}} once each, one per listed variable`);
  if (/\}\{/.test(text)) problems.push('two variables may not touch');
  if (/[【】]/.test(text)) problems.push('【】 belong to the signature, not the text');
  return problems;
}

/** The signature shown as 【…】 before every message: 2 to 12 Chinese characters, letters or digits. */
export const smsSignNameSchema = /* @__PURE__ */ z
  .string()
  .regex(/^[\p{Script=Han}A-Za-z0-9]{2,12}$/u, 'expected 2 to 12 Chinese characters, letters or digits');

export interface PreparedSms {
  readonly templateId: string;
  /** In the template's order; what the provider receives as the template's parameters. */
  readonly parameters: readonly { readonly name: SmsVariableName; readonly value: string }[];
  /** What the phone shows (signature included), when the registered text is configured. */
  readonly text?: string;
}

/** A value cannot be put into its variable without saying something wrong (configuration or a bug). */
export class SmsTemplateError extends Error {
  override readonly name = 'SmsTemplateError';
}

function fitValue(name: SmsVariableName, raw: string, maxLength: number): string {
  const kind = smsVariableKind(name);
  if (kind === 'code') {
    if (!new RegExp(`^\\d{1,${CODE_VARIABLE_MAX_LENGTH}}$`).test(raw))
      throw new SmsTemplateError(`"${name}" must be at most ${CODE_VARIABLE_MAX_LENGTH} digits`);
    return raw;
  }
  if (kind === 'number' && !/^\d+$/.test(raw)) throw new SmsTemplateError(`"${name}" must be a whole number`);
  const value = kind === 'text' ? cleanVariableText(raw) : raw;
  if (!value) throw new SmsTemplateError(`"${name}" is empty`);
  if (length(value) <= maxLength) return value;
  if (kind !== 'text')
    throw new SmsTemplateError(`"${name}" is ${length(value)} characters; the template allows ${maxLength}`);
  return `${[...value].slice(0, maxLength - 1).join('')}…`;
}

/** The template and parameters for one notice, fitted to the provider's variable rules. */
export function prepareSms(
  templates: SmsTemplates,
  signName: string,
  template: NotificationTemplate,
  values: Readonly<Partial<Record<SmsVariableName, string>>>,
): PreparedSms {
  const registered = templates[template];
  if (!registered) throw new SmsTemplateError(`no SMS template for notice "${template}"`);
  const parameters = registered.variables.map((variable) => {
    const name = typeof variable === 'string' ? variable : variable.name;
    const maxLength = typeof variable === 'string' ? DEFAULT_VARIABLE_MAX_LENGTH : variable.maxLength;
    const raw = values[name];
    if (raw === undefined) throw new SmsTemplateError(`notice "${template}" has no value for "${name}"`);
    return { name, value: fitValue(name, raw, maxLength) };
  });
  if (registered.text === undefined) return { templateId: registered.templateId, parameters };
  const text = `【${signName}】${registered.text.replace(/\{(\d+)\}/g, (_, number: string) => parameters[Number(number) - 1]?.value ?? '')}`;
  if (length(text) > MAX_SMS_LENGTH)
    throw new SmsTemplateError(`the message would be ${length(text)} characters (at most ${MAX_SMS_LENGTH})`);
  return { templateId: registered.templateId, parameters, text };
}
