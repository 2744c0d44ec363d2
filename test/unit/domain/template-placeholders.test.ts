import { describe, expect, it } from 'vitest';
import { fillTemplate, templatePlaceholders, templateValues } from '../../../shared/domain/case/wording.ts';
import { demoReplyTemplates } from '../../../shared/seed/demo-reply-templates.ts';

const names = { unit: (unitId: string) => ({ 'dept-transport': '县交通运输局' })[unitId] };
const view = {
  trackingCode: 'HY-7K3Q-9MXD',
  unitId: 'dept-transport',
  petitioner: { name: '张*', anonymous: false },
  // 2026-12-31 16:30 UTC is 1 January in Shanghai.
  deadlines: { replyBy: { at: '2026-12-31T16:30:00.000Z' } },
};

describe('reply template placeholders', () => {
  it('fills the masked name, the reply deadline as a Shanghai date, the unit and the code, every time they occur', () => {
    const text = '{诉求人}您好：{承办单位}将于{办理期限}前答复（{跟踪码}）。{诉求人}';

    expect(fillTemplate(text, templateValues(view, names))).toBe(
      '张*您好：县交通运输局将于2027年1月1日前答复（HY-7K3Q-9MXD）。张*',
    );
  });

  it('says 诉求人 for an anonymous petitioner and leaves a placeholder it has no value for', () => {
    const anonymous = {
      ...view,
      unitId: undefined,
      petitioner: { name: '匿名', anonymous: true },
      deadlines: {},
    };

    expect(fillTemplate('{诉求人}：{承办单位}，{办理期限}', templateValues(anonymous, names))).toBe(
      '诉求人：{承办单位}，{办理期限}',
    );
  });

  it('seeds the four texts every unit writes county-wide, each using only known placeholders', () => {
    const known = Object.values(templatePlaceholders).map(([token]) => token);

    expect(
      demoReplyTemplates.filter((template) => template.unitId === null).map((template) => template.title),
    ).toEqual(['受理告知', '转办告知', '答复', '延期告知']);
    for (const template of demoReplyTemplates)
      expect(
        template.text.match(/\{[^}]+\}/g)?.filter((token) => !known.includes(token as never)) ?? [],
      ).toEqual([]);
  });
});
