import type * as z from 'zod';
// The English locale alone: `z.locales` would bring every language zod ships into each function's bundle.
import english from 'zod/v4/locales/en.js';
import type { FieldError } from '../errors/index.ts';

/**
 * Field errors from a zod failure, each message written "中文 / English" like every other message of the API
 * (the console shows the half in the page's language beside the field). zod's own wording is English and, for
 * a pattern, prints the regular expression: people read neither, so the common issues are put in words here.
 * A schema's own message is kept: whole when it is bilingual or Chinese, as the English half otherwise.
 */
export function fieldErrorsFromZod(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.'),
    message: issueText(issue),
  }));
}

const englishDefault = english().localeError;

/** One issue as "中文 / English". */
export function issueText(issue: z.core.$ZodIssue): string {
  // Already bilingual, or a schema's own Chinese message: kept as written.
  if (issue.message.includes(' / ') || /[\u4e00-\u9fff]/.test(issue.message)) return issue.message;
  const fallback = englishDefault(issue as never);
  const defaultText = typeof fallback === 'string' ? fallback : fallback?.message;
  const custom = issue.message !== defaultText;
  const [zh, en] = wording(issue);
  return `${zh} / ${custom ? issue.message : en}`;
}

function wording(issue: z.core.$ZodIssue): readonly [string, string] {
  switch (issue.code) {
    case 'invalid_type':
      return /received undefined$/.test(issue.message)
        ? ['必填', 'required']
        : ['填写的内容类型不对', `expected ${issue.expected}`];
    case 'too_small': {
      const minimum = Number(issue.minimum);
      if (issue.origin === 'string')
        return minimum <= 1
          ? ['必填', 'required']
          : [`至少 ${minimum} 个字`, `at least ${minimum} characters`];
      if (issue.origin === 'array' || issue.origin === 'set')
        return minimum <= 1
          ? ['至少选择一项', 'choose at least one']
          : [`至少 ${minimum} 项`, `at least ${minimum} items`];
      return [`不能小于 ${minimum}`, `at least ${minimum}`];
    }
    case 'too_big': {
      const maximum = Number(issue.maximum);
      if (issue.origin === 'string') return [`不能超过 ${maximum} 个字`, `at most ${maximum} characters`];
      if (issue.origin === 'array' || issue.origin === 'set')
        return [`最多 ${maximum} 项`, `at most ${maximum} items`];
      return [`不能大于 ${maximum}`, `at most ${maximum}`];
    }
    case 'invalid_format':
      if (issue.format === 'email') return ['邮箱地址格式不对', 'not an e-mail address'];
      if (issue.format === 'url') return ['网址格式不对', 'not a web address'];
      if (issue.format === 'date' || issue.format === 'datetime') return ['日期格式不对', 'not a date'];
      return ['格式不对', 'wrong format'];
    case 'invalid_value':
      return ['请从所列选项中选择', 'not one of the choices'];
    case 'unrecognized_keys':
      return [`多余的字段：${issue.keys.join('、')}`, `unknown field: ${issue.keys.join(', ')}`];
    case 'not_multiple_of':
      return ['须为整数倍', `must be a multiple of ${String(issue.divisor)}`];
    default:
      return ['填写的内容不符合要求', 'invalid'];
  }
}
