import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import type { Names } from '../../../shared/domain/case/wording.ts';
import { routingRuleSchema, unitSchema } from '../../../shared/domain/reference/model.ts';
import { fieldErrorsFromZod } from '../../../shared/http/zod-errors.ts';
import { dryRunLines, editedEntry, generatedId, nextRuleId } from '../../../web/src/console/admin-forms.ts';
import { monthChoices, monthLabel } from '../../../web/src/dashboard-months.ts';

const names: Names = {
  unit: (unitId) => ({ 'dept-housing': '县住房和城乡建设局' })[unitId],
  staff: () => undefined,
  category: (code) => ({ transport: '交通出行' })[code],
  jurisdiction: (code) => ({ xikou: '溪口镇' })[code],
};

describe('ids of new admin entries', () => {
  it('numbers a rule after the highest in use, R1 for the first', () => {
    expect(nextRuleId(['R2', 'R10', 'R3'])).toBe('R11');
    expect(nextRuleId([])).toBe('R1');
  });

  it('generates a code the API accepts and skips one already taken', () => {
    const draws = [0, 0, 0, 0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
    const id = generatedId('unit', ['unit-000000'], () => draws.shift()!);
    expect(id).toBe('unit-iiiiii');
    expect(unitSchema.shape.unitId.safeParse(generatedId('unit', [])).success).toBe(true);
  });
});

describe('an edited entry', () => {
  it('keeps what the form does not show and drops an optional field left empty', () => {
    const studio = { studioId: 's', nameZh: '旧名', address: '老街 1 号', representatives: [{ id: 'r' }] };
    expect(editedEntry(studio, ['nameZh', 'address'], { nameZh: '新名' })).toEqual({
      studioId: 's',
      nameZh: '新名',
      representatives: [{ id: 'r' }],
    });
  });
});

describe('the dry run in words', () => {
  const sample = { jurisdictionCode: 'xikou' };

  it('names the unit, the rule and its matched condition, and whether it is the rule being edited', () => {
    const decision = {
      unitId: 'dept-housing',
      ruleId: 'R21',
      reason: 'rule R21, keyword 井盖, jurisdiction',
      outcome: 'assigned' as const,
    };
    expect(dryRunLines(decision, sample, names, 'R21')).toEqual([
      '这件诉求将交给县住房和城乡建设局，按分派规则 R21：内容含关键词“井盖”，镇街为“溪口镇”。',
      '正是正在编辑的这条规则。',
    ]);
    expect(dryRunLines(decision, sample, names, 'R30')[1]).toBe('不是正在编辑的这条规则，而是分派规则 R21。');
  });

  it('says when nothing matches, and the share of recent cases a rule takes', () => {
    const lines = dryRunLines(
      {
        unitId: null,
        ruleId: null,
        reason: 'no rule matched',
        outcome: 'triage',
        share: { cases: 40, taken: 4, share: 0.1 },
      },
      sample,
      names,
      'R30',
    );
    expect(lines).toEqual([
      '没有匹配的分派规则：这件诉求将进入人工分办，由工作人员交办。',
      '近 30 天 40 件诉求中，此规则将接收 4 件（10%）。',
    ]);
  });
});

describe('field errors from a schema', () => {
  it('are written in words in both languages, never as a regular expression or zod English', () => {
    const schema = z.strictObject({
      ...routingRuleSchema.shape,
      email: z.email(),
      name: z.string().min(1),
      note: z.string().min(5, '至少写 5 个字'),
    });
    const parsed = schema.safeParse({
      ruleId: 'x',
      unitId: 'X',
      priority: 2000,
      keywords: ['a'],
      channels: ['fax'],
      email: 'no',
      note: '短',
      extra: 1,
    });
    const errors = parsed.success ? [] : fieldErrorsFromZod(parsed.error);
    const byField = Object.fromEntries(errors.map((error) => [error.field, error.message]));

    expect(byField).toMatchObject({
      ruleId: '规则编号为 R 加数字，如 R12 / a rule number such as R12',
      unitId: '只能用小写字母、数字和连字符，2–40 个字符 / lower-case letters, digits and dashes',
      priority: '不能大于 1000 / at most 1000',
      'channels.0': '请从所列选项中选择 / not one of the choices',
      email: '邮箱地址格式不对 / not an e-mail address',
      name: '必填 / required',
      // A schema's own Chinese message is kept as written.
      note: '至少写 5 个字',
      '': '多余的字段：extra / unknown field: extra',
    });
    expect(byField['keywords.0']).toMatch(/^关键词至少 2 个字/);
    for (const message of errors.filter((error) => error.field !== 'note').map((error) => error.message)) {
      expect(message).toContain(' / ');
      expect(message).not.toMatch(/[\^$\\]|Invalid|Too (big|small)/);
    }
  });
});

describe('the dashboard month picker', () => {
  it('names months the Chinese way, newest first, across a year boundary', () => {
    expect(monthLabel('2026-12')).toBe('2026年12月');
    expect(monthChoices('2027-02', 3)).toEqual([
      { value: '2027-02', label: '2027年2月' },
      { value: '2027-01', label: '2027年1月' },
      { value: '2026-12', label: '2026年12月' },
    ]);
  });
});
