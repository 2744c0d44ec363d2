import type { ReplyTemplate } from '../ports/reply-template-store.ts';

/**
 * The demo county's reply templates, seeded on first start: the four texts every unit writes (受理告知, 转办告知,
 * 答复, 延期告知) county-wide, and one of 县交通运输局's own. Placeholders in braces are filled on the case page
 * (`templatePlaceholders` in `domain/case/wording.ts`). Ids are numbered: the picker lists templates by id, so
 * the four come in the order a case meets them.
 */

const seeded = (
  templateId: string,
  title: string,
  text: string,
  unitId: string | null = null,
): ReplyTemplate => ({
  templateId,
  unitId,
  title,
  text,
  updatedBy: 'admin',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

export const demoReplyTemplates: readonly ReplyTemplate[] = [
  seeded(
    'county-1-acknowledgement',
    '受理告知',
    '{诉求人}您好：您反映的问题（跟踪码 {跟踪码}）已由{承办单位}受理，我们将在{办理期限}前答复您。感谢您的信任与支持。',
  ),
  seeded(
    'county-2-referral',
    '转办告知',
    '{诉求人}您好：经核实，您反映的问题（跟踪码 {跟踪码}）属于其他单位职责范围，已转交相关单位办理，办理结果将另行告知。',
  ),
  seeded(
    'county-3-reply',
    '答复',
    '{诉求人}您好：关于您反映的问题（跟踪码 {跟踪码}），{承办单位}经调查核实，现答复如下：\n\n如对答复有异议，可在收到答复之日起 30 日内申请复查。',
  ),
  seeded(
    'county-4-extension',
    '延期告知',
    '{诉求人}您好：您反映的问题（跟踪码 {跟踪码}）情况较为复杂，经批准延期办理，我们将在{办理期限}前答复您。给您带来不便，敬请谅解。',
  ),
  seeded(
    'road-repair',
    '道路设施已修复',
    '{诉求人}您好：您反映的道路设施问题已安排养护单位修复完毕，{承办单位}感谢您的监督。',
    'dept-transport',
  ),
];
