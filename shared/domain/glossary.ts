/**
 * The glossary: one word per thing, in Chinese and English, for the terms residents and staff meet on every
 * screen, notice and export. The wording module (`case/wording.ts`) builds its names from these entries; the
 * console's and the site's phrases use the same words, and `test/unit/domain/glossary.test.ts` fails on any
 * word listed under `avoid` anywhere in the code that renders text (a second name for the same thing is how
 * 跟踪码 and 追踪码, or 12345热线 and 市民热线接口, came to name one thing on two screens).
 *
 * The words follow the 信访工作条例 (2022) where it names the thing (信访事项, 复查, 复核) and the county's own usage
 * elsewhere (诉求 for what residents bring through the studios' mailboxes, docs/design.md).
 */

export interface Term {
  readonly zh: string;
  readonly en: string;
  /** Other names seen for the same thing; none may appear in rendered text. */
  readonly avoid?: readonly string[];
}

export const glossary = {
  petition: { zh: '诉求', en: 'petition' },
  petitioner: { zh: '诉求人', en: 'petitioner' },
  trackingCode: { zh: '跟踪码', en: 'tracking code', avoid: ['追踪码'] },
  // What e-mail and hotline petitioners type where the tracking page asks for a phone's last four digits.
  trackingPin: { zh: '查询码', en: 'PIN' },
  unit: { zh: '承办单位', en: 'responsible unit' },
  studio: { zh: '党代表工作室', en: 'party representatives’ studio' },
  receptionDay: { zh: '接待日', en: 'reception day' },
  liaison: { zh: '联络员', en: 'Liaison officer' },
  handler: { zh: '承办人', en: 'Handler' },
  supervisor: { zh: '督办人员', en: 'Supervisor', avoid: ['督办员'] },
  admin: { zh: '管理员', en: 'Administrator' },
  system: { zh: '系统自动', en: 'Automatic' },
  hotline: { zh: '12345热线', en: '12345 hotline', avoid: ['市民热线接口', '市民热线'] },
  review: { zh: '复查', en: 'review (复查)' },
  recheck: { zh: '复核', en: 'recheck (复核)' },
} as const satisfies Record<string, Term>;

export type GlossaryKey = keyof typeof glossary;

/** Both languages of a term, in the `[zh, en]` pair the wording module keeps. */
export const termPair = (key: GlossaryKey): readonly [string, string] => [glossary[key].zh, glossary[key].en];

/** Every avoided word with the term it stands for. */
export const avoidedWords: readonly { readonly word: string; readonly use: string }[] = Object.values(
  glossary as Record<string, Term>,
).flatMap((term) => (term.avoid ?? []).map((word) => ({ word, use: term.zh })));
