import * as z from 'zod';

/**
 * The county word list (docs/metrics.md, "Terms"): words the segmenter must keep whole, each with the
 * canonical term it counts as. Three kinds:
 * - `place`: villages, roads, housing estates, and the towns from reference data. Two petitions that name
 *   different places are about different things, however alike their words (see `similarity.ts`).
 * - `unit`: responsible units (from reference data), kept whole so 县交通运输局 is one term, not four.
 * - `complaint`: common complaint terms with the everyday ways residents say them; each alias counts as its
 *   canonical term, so 黑灯瞎火 and 路灯不亮 both become 路灯. This is what lets a paraphrase match.
 *
 * Built-in complaint terms cover the county's frequent problems; admins add their own entries (places that
 * reference data does not know, local names for things), which are merged over the built-in ones.
 */

const word = z
  .string()
  .trim()
  .min(2, '至少两个字 / at least two characters')
  .max(20, '最多二十个字 / at most 20 characters')
  .regex(
    /^[\p{Script=Han}A-Za-z0-9]+$/u,
    '只能包含汉字、字母和数字 / Han characters, letters and digits only',
  );

export const wordListEntrySchema = z.strictObject({
  term: word,
  kind: z.enum(['place', 'unit', 'complaint']),
  aliases: z.array(word).max(30).default([]),
});
export type WordListEntry = z.infer<typeof wordListEntrySchema>;

/** What admins store: their own entries (the built-in list and reference data are added at use). */
export const wordListSchema = z.strictObject({
  entries: z
    .array(wordListEntrySchema)
    // One item of at most ~250 KB (DynamoDB's limit is 400 KB).
    .max(500)
    .refine(
      (entries) => new Set(entries.map((entry) => entry.term)).size === entries.length,
      '每个词只能出现一次 / each term once',
    ),
});
export type WordList = z.infer<typeof wordListSchema>;

const complaint = (term: string, ...aliases: string[]): WordListEntry => ({
  term,
  kind: 'complaint',
  aliases,
});

/**
 * Built-in complaint terms: the problems a county hears most, and how people put them. An alias is matched as
 * one word by the segmenter, so phrases like 灯不亮 or 没水 are listed as they are written.
 */
export const builtInComplaintTerms: readonly WordListEntry[] = [
  complaint(
    '路灯',
    '路灯不亮',
    '灯不亮',
    '黑灯瞎火',
    '黑漆漆',
    '黑乎乎',
    '没有灯',
    '照明',
    '路灯坏',
    '灯坏了',
    '灯杆',
  ),
  complaint(
    '停水',
    '没水',
    '没有水',
    '断水',
    '停了水',
    '水停了',
    '不来水',
    '没水用',
    '水压低',
    '水压小',
    '供水',
  ),
  complaint('水质', '水浑', '黄水', '水发黄', '水有异味', '水发臭', '自来水浑浊', '浑浊'),
  complaint('停电', '断电', '没电', '跳闸', '电压不稳', '供电'),
  complaint('垃圾', '垃圾堆', '垃圾成堆', '垃圾桶', '清运', '没人清理', '乱倒', '垃圾站', '堆满'),
  complaint('噪音', '噪声', '扰民', '太吵', '吵得', '吵闹', '广场舞', '夜间施工', '轰鸣'),
  complaint('路面', '坑洼', '坑坑洼洼', '路面破损', '大坑', '塌陷', '烂路', '路烂', '破损', '坑洞'),
  complaint('积水', '内涝', '排水', '下水道', '堵塞', '雨水', '淹水', '污水外溢', '窨井'),
  complaint('欠薪', '拖欠工资', '欠工资', '工资拖欠', '工钱', '讨薪', '不发工资', '没发工资', '劳务费'),
  complaint('社保', '养老保险', '医保', '参保', '缴费', '医疗保险', '报销'),
  complaint('占道', '占道经营', '摆摊', '乱摆摊', '摊贩', '流动摊点'),
  complaint('违建', '违章建筑', '乱搭乱建', '私搭乱建', '违法建设', '加盖'),
  complaint('公交', '公交车', '班车', '公交站', '站牌', '末班车', '发车'),
  complaint('停车', '乱停车', '乱停', '车位', '停车位', '堵门'),
  complaint('污染', '排污', '偷排', '黑烟', '焚烧', '烧秸秆', '臭味', '异味', '刺鼻'),
  complaint('灌溉', '浇地', '水渠', '沟渠', '灌溉用水', '抽水'),
  complaint('学校', '上学', '入学', '学位', '校车', '学费', '补课'),
  complaint('医院', '看病', '卫生院', '就医', '挂号', '医生'),
  complaint('物业', '物业费', '物业公司', '电梯', '电梯故障'),
  complaint('信号', '手机信号', '网络', '宽带', '没信号'),
  complaint('文化', '文化活动', '农家书屋', '文化广场', '戏台'),
  complaint('纠纷', '土地纠纷', '邻里纠纷', '宅基地', '承包地', '法律援助'),
  complaint('补贴', '种粮补贴', '农机补贴', '低保', '补助'),
  complaint('危房', '房屋开裂', '裂缝', '漏雨', '房屋漏水'),
  complaint('桥梁', '小桥', '桥', '护栏', '桥面'),
];

export interface Lexicon {
  /** Every word the segmenter must keep whole: terms and aliases. */
  readonly words: readonly string[];
  /** Word → the canonical term it counts as (terms map to themselves). */
  readonly canonical: ReadonlyMap<string, string>;
  /** Canonical place terms: the towns, villages and roads of the county. */
  readonly places: ReadonlySet<string>;
  /** Canonical complaint terms: what a petition is about. */
  readonly complaints: ReadonlySet<string>;
}

/**
 * One lexicon from the built-in complaint terms, reference data (town and unit names) and the admins' list.
 * Later entries win for a word claimed twice, so an admin's entry can re-point a built-in alias.
 */
export function buildLexicon(
  sources: {
    readonly towns?: readonly string[];
    readonly units?: readonly string[];
    readonly admin?: readonly WordListEntry[];
  } = {},
): Lexicon {
  const entries: WordListEntry[] = [
    ...builtInComplaintTerms,
    ...(sources.towns ?? []).map((term): WordListEntry => ({ term, kind: 'place', aliases: [] })),
    ...(sources.units ?? []).map((term): WordListEntry => ({ term, kind: 'unit', aliases: [] })),
    ...(sources.admin ?? []),
  ];
  const canonical = new Map<string, string>();
  const places = new Set<string>();
  const complaints = new Set<string>();
  for (const entry of entries) {
    for (const alias of entry.aliases) canonical.set(alias, entry.term);
    canonical.set(entry.term, entry.term);
    if (entry.kind === 'place') places.add(entry.term);
    if (entry.kind === 'complaint') complaints.add(entry.term);
  }
  return { words: [...canonical.keys()], canonical, places, complaints };
}
