import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  prepareSms,
  SmsTemplateError,
  type SmsTemplates,
  smsSignNameSchema,
  smsTemplatesSchema,
  textProblems,
} from '../../../shared/domain/notifications/sms-templates.ts';
import { smsNotices, smsVariables } from '../../../shared/domain/notifications/sms-variables.ts';
import type { TemplateContext } from '../../../shared/domain/notifications/templates.ts';
import { notificationTemplates } from '../../../shared/schemas/messages.ts';

/**
 * Mainland SMS: every notice kind the code knows (read from `notificationTemplates`, so a kind added later
 * fails here until it has a template) maps to a registered template that carries what the notice needs,
 * and values are fitted to the provider's variable rules.
 */

const example = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../../config/sms-templates.example.json'), 'utf8'),
) as unknown;
/**
 * Parsed in each test, not at load: a mutant that makes the example fail to parse then fails tests, where a
 * throw at load would only fail the file's import, which Stryker's vitest runner does not count as a kill.
 */
const templates = () => smsTemplatesSchema.parse(example);

/** Every value any notice can have, as the use cases build them. */
const fullContext: TemplateContext = {
  trackingCode: 'HY-ABCD-EFGH',
  unitName: '县交通运输局',
  trackUrl: 'https://xf.qingxi.gov.cn/track.html?code=HY-ABCD-EFGH',
  surveyUrl: 'https://xf.qingxi.gov.cn/survey.html?t=secret-token',
  surveyWindow: '30日',
  deadline: '12月14日',
  extension: '15个工作日',
  reason: '需要现场勘查',
  reviewBody: '青溪县人民政府信访局',
  opinion: '经复查，原处理意见认定事实清楚，予以维持。',
  outcome: '维持原处理意见',
  requestUntil: '1月20日',
  stage: 'review',
  title: '公交站牌损坏',
  code: '042517',
  validMinutes: 10,
  trackingPin: '4711',
  reception: {
    studioName: '溪口镇党代表工作室',
    address: '溪口镇人民路1号',
    date: '12月10日（周四）',
    hours: '9:00-11:30',
    representativeNames: ['王芳', '李强'],
  },
};

const without = (kind: string) => {
  const copy = structuredClone(example) as Record<string, unknown>;
  delete copy[kind];
  return copy;
};
const issues = (value: unknown) =>
  smsTemplatesSchema.safeParse(value).error?.issues.map((issue) => issue.message) ?? [];

describe('the registered template of every notice kind', () => {
  it.each(notificationTemplates)('"%s" has a template carrying every value it needs', (kind) => {
    const template = templates()[kind];
    expect(template, `no SMS template for ${kind}`).toBeDefined();
    const names = template!.variables.map((variable) =>
      typeof variable === 'string' ? variable : variable.name,
    );
    for (const required of smsNotices[kind].requires) expect(names).toContain(required);
    // Every variable the template needs has a value when the notice is sent.
    const values = smsVariables(kind, fullContext);
    for (const name of names) expect(values[name], `${kind} lacks ${name}`).toBeTruthy();

    const prepared = prepareSms(templates(), '青溪县信访', kind, values);
    expect(prepared.templateId).toBe(template!.templateId);
    expect(prepared.parameters.map((parameter) => parameter.name)).toEqual(names);
    expect(prepared.text).toMatch(/^【青溪县信访】/);
    expect(prepared.text).not.toMatch(/\{\d+\}/);
    expect([...prepared.text!].length).toBeLessThanOrEqual(500);
    // Never the petition text or an opinion's words, never a link in a variable (the site's address is part
    // of the registered text).
    for (const { value } of prepared.parameters) {
      expect(value).not.toContain(fullContext.title);
      expect(value).not.toContain('经复查');
      expect(value).not.toMatch(/https?:|www\./);
    }
  });

  it('gives a locked petitioner the unlock code in the lock notice, never the link', () => {
    const locked = {
      trackingCode: 'HY-ABCD-EFGH',
      trackUrl: '',
      code: '042517',
      unlockUrl: 'https://xf.qingxi.gov.cn/track.html?code=HY-ABCD-EFGH&unlock=1.abc',
    };
    const prepared = prepareSms(
      templates(),
      '回音',
      'trackingLocked',
      smsVariables('trackingLocked', locked),
    );
    expect(prepared.parameters).toEqual([
      { name: 'trackingCode', value: 'HY-ABCD-EFGH' },
      { name: 'code', value: '042517' },
    ]);
    expect(prepared.text).toContain('解锁码042517');
    expect(prepared.text).not.toContain('unlock=');
    // A mapping that leaves the code out is refused at start-up: it would leave the petitioner no way in.
    const codeless = structuredClone(example) as SmsTemplates;
    codeless.trackingLocked = { templateId: '1', variables: ['trackingCode'], text: '诉求{1}的查询已暂停。' };
    expect(issues(codeless)).toContain('the template for "trackingLocked" must carry "code"');
    // Each notice kind has its own registered template.
    const ids = notificationTemplates.map((kind) => templates()[kind]!.templateId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('refuses a configuration that leaves a notice kind without a template, naming the kind', () => {
    for (const kind of notificationTemplates)
      expect(issues(without(kind))).toContain(`no SMS template for notice "${kind}"`);
  });

  it('refuses a template that lacks a required value or uses one its notice does not have', () => {
    const missing = structuredClone(example) as SmsTemplates;
    missing.registered = { templateId: '1', variables: [], text: '您的诉求已登记。' };
    expect(issues(missing)).toContain('the template for "registered" must carry "trackingCode"');

    const foreign = structuredClone(example) as SmsTemplates;
    foreign.registered = {
      templateId: '1',
      variables: ['trackingCode', 'code'],
      text: '跟踪码{1}，验证码{2}。',
    };
    expect(issues(foreign).join()).toContain('"registered" has no value "code"');

    const unknown = { ...(structuredClone(example) as object), registerd: templates().registered };
    expect(smsTemplatesSchema.safeParse(unknown).success).toBe(false);
  });

  it('checks the registered text against the provider rules for placeholders', () => {
    expect(textProblems('跟踪码{1}，期限{2}。', 2)).toEqual([]);
    expect(textProblems('跟踪码{1}。', 2)).toHaveLength(1);
    expect(textProblems('跟踪码{1}，再说一遍{1}。', 1)).toHaveLength(1);
    expect(textProblems('跟踪码{1}{2}。', 2)).toEqual(['two variables may not touch']);
    expect(textProblems('【回音】跟踪码{1}。', 1)).toEqual(['【】 belong to the signature, not the text']);
  });
});

describe('values fitted to the variable rules', () => {
  const rejected = (reason: string) =>
    prepareSms(templates(), '回音', 'rejected', smsVariables('rejected', { ...fullContext, reason }));

  it('cuts free text at the template limit, counting every character as one', () => {
    const prepared = rejected('不属于本县信访事项受理范围，请向市中级人民法院提起诉讼或者向上级机关申请复核');
    const reason = prepared.parameters.find((parameter) => parameter.name === 'reason')!.value;
    expect([...reason]).toHaveLength(30);
    expect(reason.endsWith('…')).toBe(true);
  });

  it('takes links and signature brackets out of free text, and falls back when nothing is left', () => {
    const cleaned = rejected('【重要】详见 https://evil.example/x 说明');
    expect(cleaned.parameters[1]!.value).toBe('（重要）详见 说明');
    const onlyLink = rejected('www.example.com/abc');
    expect(onlyLink.parameters[1]!.value).toBe('详见查询页面');
  });

  it('never shortens an identifier or a code: a value that does not fit is an error', () => {
    const tight = structuredClone(templates()) as SmsTemplates;
    tight.registered = { ...tight.registered!, variables: [{ name: 'trackingCode', maxLength: 8 }] };
    expect(() => prepareSms(tight, '回音', 'registered', { trackingCode: 'HY-ABCD-EFGH' })).toThrow(
      SmsTemplateError,
    );
    expect(() =>
      prepareSms(templates(), '回音', 'phoneVerification', { code: '1234567', validMinutes: '10' }),
    ).toThrow(/at most 6 digits/);
  });

  it('uses the same fallbacks as the text templates when a value is missing', () => {
    const values = smsVariables('replied', { trackingCode: 'HY-ABCD-EFGH', trackUrl: '' });
    expect(values).toEqual({ trackingCode: 'HY-ABCD-EFGH', unitName: '承办单位' });
  });

  it('says which window passed when a case concludes, in the words of the text template', () => {
    const concluded = (stage: 'reply' | 'review') =>
      prepareSms(templates(), '回音', 'concluded', smsVariables('concluded', { ...fullContext, stage })).text;
    expect(concluded('reply')).toContain('复查申请期限已过，处理意见为最终意见');
    expect(concluded('review')).toContain('复核申请期限已过，复查意见为最终意见');
  });

  it('never cuts a duration: its unit is the promise (5日 is not 5个工作日)', () => {
    const tight = structuredClone(templates()) as SmsTemplates;
    tight.extended = {
      ...tight.extended!,
      variables: ['trackingCode', { name: 'extension', maxLength: 4 }, 'deadline', 'reason'],
    };
    const values = smsVariables('extended', fullContext);
    expect(() => prepareSms(tight, '回音', 'extended', values)).toThrow(/allows 4/);
  });

  it('sends what it can without the registered text, but then shows no rendered message', () => {
    const bare = structuredClone(templates()) as SmsTemplates;
    bare.registered = { templateId: '2100001', variables: ['trackingCode'] };
    expect(prepareSms(bare, '回音', 'registered', { trackingCode: 'HY-ABCD-EFGH' })).toEqual({
      templateId: '2100001',
      parameters: [{ name: 'trackingCode', value: 'HY-ABCD-EFGH' }],
    });
  });
});

describe('what a wrong configuration is told', () => {
  const issuesAt = (value: unknown) =>
    smsTemplatesSchema.safeParse(value).error?.issues.map(({ path, message }) => ({ path, message })) ?? [];
  const withRegistered = (registered: unknown) => ({ ...(structuredClone(example) as object), registered });

  it('points at the notice kind, its variables or its text, with what is wrong', () => {
    expect(issuesAt(without('replied'))).toEqual([
      { path: ['replied'], message: 'no SMS template for notice "replied"' },
    ]);
    const foreign = structuredClone(example) as SmsTemplates;
    foreign.replied = {
      templateId: '1',
      variables: ['trackingCode', 'unitName', 'code'],
      text: '{1}，{2}，{3}',
    };
    expect(issuesAt(foreign)).toEqual([
      {
        path: ['replied', 'variables'],
        message: '"replied" has no value "code" (it offers trackingCode, unitName)',
      },
    ]);
    expect(issuesAt(withRegistered({ templateId: '1', variables: [], text: '已登记。' }))).toEqual([
      {
        path: ['registered', 'variables'],
        message: 'the template for "registered" must carry "trackingCode"',
      },
    ]);
    expect(
      issuesAt(
        withRegistered({ templateId: '1', variables: ['trackingCode', 'trackingCode'], text: '{1}{2}' }),
      ),
    ).toContainEqual({ path: ['registered', 'variables'], message: 'a variable is listed twice' });
    expect(
      issuesAt(withRegistered({ templateId: '1', variables: ['trackingCode'], text: '跟踪码{2}。' })),
    ).toEqual([
      {
        path: ['registered', 'text'],
        message: 'the text must use {1}…{1} once each, one per listed variable',
      },
    ]);
  });

  it('accepts a provider template id of 1 to 64 letters, digits or underscores, nothing around it', () => {
    const idIssues = (templateId: string) =>
      issuesAt(withRegistered({ templateId, variables: ['trackingCode'], text: '跟踪码{1}。' }));

    expect(idIssues('SMS_2100001')).toEqual([]);
    for (const templateId of ['-2100001', '2100001-', ''])
      expect(idIssues(templateId)).toEqual([
        { path: ['registered', 'templateId'], message: 'expected the provider template id' },
      ]);
  });

  it('checks each placeholder number, up to two digits', () => {
    const ten = Array.from({ length: 10 }, (_, index) => `第${index + 1}项{${index + 1}}`).join('，');
    expect(textProblems(ten, 10)).toEqual([]);
    // More placeholders than variables, though each variable has its own.
    expect(textProblems('跟踪码{1}，期限{2}。', 1)).toEqual([
      'the text must use {1}…{1} once each, one per listed variable',
    ]);
    // As many placeholders as variables, but not the right ones.
    expect(textProblems('跟踪码{1}，期限{3}。', 2)).toEqual([
      'the text must use {1}…{2} once each, one per listed variable',
    ]);
  });

  it('accepts a signature of 2 to 12 Chinese characters, letters or digits, and nothing else', () => {
    expect(smsSignNameSchema.safeParse('青溪县信访').success).toBe(true);
    for (const signName of ['【青溪】', '青溪!', '!青溪', '青'])
      expect(smsSignNameSchema.safeParse(signName).error?.issues[0]?.message).toBe(
        'expected 2 to 12 Chinese characters, letters or digits',
      );
  });
});

describe('a notice that cannot be sent as configured', () => {
  const failure = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return error as Error;
    }
    throw new Error('expected an error');
  };
  const values = { trackingCode: 'HY-ABCD-EFGH', requestUntil: '1月20日', reviewBody: '县信访局' };

  it('names the notice kind without a template, or the value it lacks', () => {
    const partial = structuredClone(templates()) as SmsTemplates;
    delete partial.replied;
    const noTemplate = failure(() => prepareSms(partial, '回音', 'replied', {}));
    expect(noTemplate).toBeInstanceOf(SmsTemplateError);
    expect(noTemplate.name).toBe('SmsTemplateError');
    expect(noTemplate.message).toBe('no SMS template for notice "replied"');
    expect(failure(() => prepareSms(templates(), '回音', 'registered', {})).message).toBe(
      'notice "registered" has no value for "trackingCode"',
    );
  });

  it('refuses a minute count that is not a whole number, and an empty value', () => {
    for (const validMinutes of ['10分钟', 'x10', '10x'])
      expect(
        failure(() => prepareSms(templates(), '回音', 'phoneVerification', { code: '042517', validMinutes }))
          .message,
      ).toBe('"validMinutes" must be a whole number');
    expect(
      prepareSms(templates(), '回音', 'phoneVerification', { code: '042517', validMinutes: '10' }).text,
    ).toContain('10分钟内有效');
    expect(
      failure(() => prepareSms(templates(), '回音', 'rejected', { ...values, reason: 'https://x.example/a' }))
        .message,
    ).toBe('"reason" is empty');
  });

  it('cleans free text itself, and passes an exact value as it is', () => {
    const prepared = prepareSms(templates(), '回音', 'rejected', { ...values, reason: '【重要】见说明' });
    expect(prepared.parameters[1]).toEqual({ name: 'reason', value: '（重要）见说明' });
    const extended = prepareSms(templates(), '回音', 'extended', {
      trackingCode: 'HY-ABCD-EFGH',
      extension: '15  个工作日',
      deadline: '12月14日',
      reason: '现场勘查',
    });
    expect(extended.parameters[1]).toEqual({ name: 'extension', value: '15  个工作日' });
  });

  it('accepts a template without its registered text, and fills placeholders of two digits', () => {
    const textless = structuredClone(example) as SmsTemplates;
    textless.registered = { templateId: '2100001', variables: ['trackingCode'] };
    expect(smsTemplatesSchema.safeParse(textless).success).toBe(true);

    const names = Array.from({ length: 10 }, () => 'trackingCode');
    const text = names.map((_, index) => `{${index + 1}}`).join('，');
    const ten = { registered: { templateId: '1', variables: names, text } } as unknown as SmsTemplates;
    expect(prepareSms(ten, '回音', 'registered', values).text).toBe(
      `【回音】${Array.from({ length: 10 }, () => 'HY-ABCD-EFGH').join('，')}`,
    );
  });

  it('renders a placeholder without a variable as nothing', () => {
    const loose = { registered: { templateId: '1', variables: ['trackingCode'], text: '跟踪码{1}{2}。' } };
    expect(prepareSms(loose as SmsTemplates, '回音', 'registered', values).text).toBe(
      '【回音】跟踪码HY-ABCD-EFGH。',
    );
  });

  it('sends a message of up to 500 characters, signature included, and refuses a longer one', () => {
    const ofLength = (count: number) =>
      ({
        registered: { templateId: '1', variables: [], text: '字'.repeat(count) },
      }) as unknown as SmsTemplates;
    expect([...prepareSms(ofLength(496), '回音', 'registered', {}).text!]).toHaveLength(500);
    expect(failure(() => prepareSms(ofLength(497), '回音', 'registered', {})).message).toBe(
      'the message would be 501 characters (at most 500)',
    );
  });
});
