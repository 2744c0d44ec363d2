import { redactString } from '../../logging/redact.ts';
import type { Lexicon } from './lexicon.ts';

/**
 * A petition's text into terms (docs/metrics.md, "Terms"): personal data out first, then segmentation, then
 * stop words out and county words mapped to their canonical term. Pure: the segmenter is passed in (jieba in
 * production, see shared/adapters/jieba-segmenter.ts).
 */

/** Cuts Chinese text into words; words the lexicon lists come back whole. */
export interface Segmenter {
  cut(text: string): readonly string[];
}

/**
 * How a name is introduced in a petition: 我叫张三, 本人李四, 联系人：王五, 姓名:赵六. The name that follows
 * (two to three Han characters) is removed with its introduction.
 */
const introducedName =
  /(?:我叫|我是|本人|姓名|联系人|反映人|信访人|诉求人|署名)[:：\s]*[\p{Script=Han}]{2,3}(?=[\s,，。；;、！!]|$)/gu;
/** A surname with a form of address: 张先生, 王女士, 李师傅, 刘阿姨, 赵大爷, 孙老师. */
const addressedName = /[\p{Script=Han}](?:先生|女士|小姐|师傅|阿姨|大爷|大妈|老师|老板)/gu;
/** What the log redactor leaves where a phone or ID number was. */
const redactionMarks = /\[(?:phone|id-number)\]/g;

/**
 * Removes personal data before any segmentation: phone and resident ID numbers (the project's own detector,
 * shared/logging/redact.ts), the names the petitioner gave, and names introduced or addressed in the text.
 */
export function withoutPersonalData(text: string, knownNames: readonly string[] = []): string {
  let cleaned = redactString(text).replace(redactionMarks, ' ');
  for (const name of knownNames) {
    const trimmed = name.trim();
    if (trimmed.length >= 2) cleaned = cleaned.split(trimmed).join(' ');
  }
  return cleaned.replace(introducedName, ' ').replace(addressedName, ' ');
}

/**
 * Words that carry no subject: function words, pronouns, politeness and petition boilerplate. Terms are the
 * rest, so two petitions match on what they are about, not on 希望政府尽快解决.
 */
export const stopWords: ReadonlySet<string> = new Set(
  (
    '的 了 和 与 及 或 是 在 有 也 都 就 还 又 很 太 最 更 再 才 被 把 让 给 对 向 从 到 由 为 以 于 等 着 过 吗 呢 吧 啊 呀 ' +
    '我 你 他 她 它 我们 你们 他们 大家 自己 这 那 这个 那个 这些 那些 这里 那里 这边 那边 哪里 什么 怎么 怎么办 为什么 ' +
    '一个 一些 一直 已经 现在 目前 今天 昨天 最近 每天 天天 经常 总是 一下 一点 非常 特别 比较 十分 严重 实在 真的 ' +
    '希望 请 请求 恳请 要求 反映 投诉 举报 建议 问题 情况 事情 相关 部门 领导 政府 有关 尽快 及时 解决 处理 帮助 帮忙 ' +
    '谢谢 感谢 麻烦 你好 您好 我家 我们家 家里 附近 周边 旁边 门口 居民 群众 老百姓 村民 百姓 影响 生活 出行 正常 ' +
    '没有 不是 不能 不会 可以 能够 需要 应该 如果 因为 所以 但是 而且 并且 然后 还是 虽然 只是 一样 这样 那样 ' +
    '多次 好几次 几次 很久 好久 多天 几天 好几天 一周 一个月 半个月 至今 仍然 依然 还没 没人 无人 一下子 ' +
    '晚上 白天 早上 夜里 夜间 天黑 时候 期间 之后 以后 以前 之前 左右 上下 那段 这段 一段 路段 ' +
    '重视 本人 电话 手机 号码 联系 联系电话 联系方式 身份证 姓名 一天 两天 三天 几个月 半年 一年 多年 好多年'
  ).split(' '),
);

/**
 * Place names the word list does not know yet: a word followed by 路, 街, 村, 巷 or the like (人民 + 路).
 * They are joined into one term, and count as places (`isPlace`).
 */
const placeSuffixes: ReadonlySet<string> = new Set([
  '路',
  '街',
  '村',
  '巷',
  '弄',
  '大道',
  '小区',
  '社区',
  '组',
]);
const placeSuffixPattern = /^[\p{Script=Han}]{2,6}(?:路|街|村|巷|弄|大道|小区|社区|组)$/u;

/** A place: in the word list, or shaped like one (人民路, 溪口村, 幸福小区). */
export function isPlace(term: string, lexicon: Pick<Lexicon, 'places' | 'canonical'>): boolean {
  if (lexicon.places.has(term)) return true;
  return !lexicon.canonical.has(term) && placeSuffixPattern.test(term);
}

/** A term must have a Han character, or be a code of two or more letters or digits (e.g. K12 路). */
const meaningful = /\p{Script=Han}|^[A-Za-z0-9]{2,}$/u;
const digitsOnly = /^[\d.,，。]+$/;

/**
 * The terms of a petition: canonical, without stop words and single Han characters (too ambiguous to match
 * on, unless the county word list names them), unique and sorted so equal texts give equal signatures.
 */
export function extractTerms(
  input: { readonly title: string; readonly content: string; readonly names?: readonly string[] },
  segmenter: Segmenter,
  lexicon: Lexicon,
): string[] {
  const text = withoutPersonalData(`${input.title}\n${input.content}`, input.names ?? []);
  const terms = new Set<string>();
  const tokens = segmenter.cut(text).map((raw) => raw.trim());
  for (let index = 0; index < tokens.length; index++) {
    let token = tokens[index]!;
    const next = tokens[index + 1];
    if (
      next &&
      placeSuffixes.has(next) &&
      [...token].length >= 2 &&
      !lexicon.canonical.has(token) &&
      !placeSuffixPattern.test(token) &&
      !stopWords.has(token) &&
      /^\p{Script=Han}+$/u.test(token)
    ) {
      token += next;
      index++;
    }
    if (!token || digitsOnly.test(token) || !meaningful.test(token)) continue;
    const canonical = lexicon.canonical.get(token);
    if (canonical) {
      terms.add(canonical);
      continue;
    }
    if (stopWords.has(token) || [...token].length < 2) continue;
    terms.add(token);
  }
  return [...terms].sort();
}
