import { describe, expect, it } from 'vitest';
import { buildLexicon } from '../../../shared/domain/similarity/lexicon.ts';
import {
  carriesLabel,
  clusterCases,
  type HotTopic,
  hotTopics,
  MIN_TOPIC_SIZE,
  type TopicCase,
  type TopicCaseState,
  topicIdOf,
  topicLabel,
  trendOf,
} from '../../../shared/domain/similarity/topics.ts';
import type { SimilarityStore } from '../../../shared/ports/similarity-store.ts';
import { indexNewCase } from '../../../shared/use-cases/similar-cases.ts';
import { registered } from '../lifecycle/factories.ts';

/**
 * Hot topics (docs/metrics.md, "Hot topics"): clusters of a month's cases within a category and across towns,
 * their labels, the trend against the three months before, the share resolved, and that a confidential case
 * never reaches what is clustered. Terms are given directly: segmentation has its own tests.
 */

const places = new Set(['城关镇', '溪口镇', '青山镇', '人民路', '东门村', '幸福小区']);
const isPlace = (term: string) => places.has(term);

let sequence = 0;
function topicCase(terms: string[], options: Partial<TopicCase> = {}): TopicCase {
  sequence++;
  return {
    caseId: `case-${String(sequence).padStart(4, '0')}`,
    terms,
    jurisdictionCode: 'chengguan',
    categoryCode: 'water',
    createdAt: '2026-03-10T02:00:00.000Z',
    ...options,
  };
}

function month(input: { cases: TopicCase[]; history?: TopicCase[][]; states?: Map<string, TopicCaseState> }) {
  return hotTopics({
    month: '2026-03',
    cases: input.cases,
    history: input.history ?? [[], [], []],
    states: input.states ?? new Map(),
    isPlace,
  });
}

const topicWith = (topics: readonly HotTopic[], term: string) => {
  const found = topics.filter((topic) => topic.label.includes(term));
  expect(found).toHaveLength(1);
  return found[0]!;
};

/** Four 停水 petitions from three towns, worded apart. */
const water = () => [
  topicCase(['城关镇', '人民路', '停水', '自来水', '做饭']),
  topicCase(['城关镇', '停水', '自来水', '洗澡'], { jurisdictionCode: 'chengguan' }),
  topicCase(['溪口镇', '东门村', '停水', '自来水', '三天'], { jurisdictionCode: 'xikou' }),
  topicCase(['青山镇', '停水', '自来水', '做饭', '老人'], { jurisdictionCode: 'qingshan' }),
];
const lights = () => [
  topicCase(['人民路', '路灯', '晚上', '不亮'], { categoryCode: 'construction' }),
  topicCase(['幸福小区', '路灯', '不亮', '摔倒'], { categoryCode: 'construction' }),
  topicCase(['路灯', '晚上', '不亮'], { categoryCode: 'construction', jurisdictionCode: 'xikou' }),
];

describe('clustering a month', () => {
  it('groups cases sharing terms within a category across towns, largest first; small groups are no topic', () => {
    const noise = [
      topicCase(['噪音', '半夜'], { categoryCode: 'environment' }),
      topicCase(['噪音', '半夜', '施工'], { categoryCode: 'environment' }),
    ];
    const topics = month({ cases: [...lights(), ...noise, ...water()] });
    expect(topics.map((topic) => topic.size)).toEqual([4, 3]);
    const waterTopic = topicWith(topics, '停水');
    expect(waterTopic.categoryCode).toBe('water');
    expect(waterTopic.towns).toEqual([
      { code: 'chengguan', cases: 2 },
      { code: 'qingshan', cases: 1 },
      { code: 'xikou', cases: 1 },
    ]);
    expect(topicWith(topics, '路灯').categoryCode).toBe('construction');
    // Two 噪音 cases are fewer than a topic needs.
    expect(MIN_TOPIC_SIZE).toBe(3);
    expect(topics.some((topic) => topic.label.includes('噪音'))).toBe(false);
  });

  it('never joins cases of different categories, even with the same words', () => {
    const farming = [
      topicCase(['停水', '自来水', '做饭'], { categoryCode: 'agriculture' }),
      topicCase(['停水', '自来水', '灌溉'], { categoryCode: 'agriculture' }),
      topicCase(['停水', '自来水', '洗澡'], { categoryCode: 'agriculture' }),
    ];
    const cases = [...water(), ...farming];
    const topics = month({ cases });
    expect(topics).toHaveLength(2);
    for (const topic of topics) {
      const categories = new Set(
        topic.caseIds.map((id) => cases.find((item) => item.caseId === id)?.categoryCode),
      );
      expect(categories.size).toBe(1);
    }
    expect(new Set(topics.map((topic) => topic.topicId)).size).toBe(2);
    expect(topics.map((topic) => topic.categoryCode).sort()).toEqual(['agriculture', 'water']);
  });

  it('leaves out cases with nothing but places, and cases unlike the rest', () => {
    const cases = [
      ...water(),
      topicCase(['城关镇', '人民路']),
      topicCase(['城关镇', '人民路']),
      topicCase(['城关镇', '人民路']),
      topicCase(['低保', '审核', '材料']),
    ];
    const groups = clusterCases(cases, isPlace);
    expect(groups).toEqual([[0, 1, 2, 3]]);
  });

  it('makes one topic of pieces that end with the same category and label', () => {
    // Each piece shares 停水、自来水、做饭 and words of its own; across the pieces only those three are shared
    // (Jaccard 3/11, under the threshold), so the pieces do not join: they carry one label, so they are one topic.
    const piece = (words: string[][]) =>
      words.map((extra) => topicCase(['停水', '自来水', '做饭', ...extra]));
    const first = piece([
      ['一号', '二号', '三号', '四号'],
      ['一号', '二号', '五号', '六号'],
      ['三号', '四号', '五号', '六号'],
    ]);
    const second = piece([
      ['甲栋', '乙栋', '丙栋', '丁栋'],
      ['甲栋', '乙栋', '戊栋', '己栋'],
      ['丙栋', '丁栋', '戊栋', '己栋'],
    ]);
    const cases = [...first, ...second];
    expect(clusterCases(cases, isPlace)).toHaveLength(2);
    const topics = month({ cases });
    expect(topics).toHaveLength(1);
    expect(topics[0]!.size).toBe(6);
    expect(topics[0]!.caseIds).toEqual(cases.map((item) => item.caseId).sort());
  });
});

describe('labels', () => {
  it('are the terms most of the topic shares, most frequent first, three at most, never a place', () => {
    const topics = month({ cases: water() });
    expect(topics[0]!.label).toEqual(['停水', '自来水', '做饭']);
    expect(topics[0]!.label.some(isPlace)).toBe(false);
  });

  it('need a term in at least two cases and 30 % of the topic', () => {
    // 停水 10, 自来水 6, 没通知 4, 做饭 2 of 10 cases: 做饭 is below 30 %, although two cases share it.
    const members = [
      ['停水', '自来水', '做饭'],
      ['停水', '自来水', '做饭'],
      ...Array.from({ length: 8 }, (_, index) => ['停水', index < 4 ? '自来水' : '没通知']),
    ];
    expect(topicLabel(members)).toEqual(['停水', '自来水', '没通知']);
    expect(topicLabel([['停水', '做饭'], ['停水', '洗澡'], ['停水']])).toEqual(['停水']);
  });

  it('fall back to the most frequent term when no term reaches 30 %', () => {
    const members = [
      ['停水', '做饭'],
      ['停水', '洗澡'],
      ...Array.from({ length: 8 }, (_, index) => [`${index}号楼没水`]),
    ];
    expect(topicLabel(members)).toEqual(['停水']);
  });

  it('give a topic the same id when it is computed again', () => {
    const once = month({ cases: water() })[0]!;
    expect(once.topicId).toBe(topicIdOf('2026-03', 'water', ['停水', '自来水', '做饭']));
    expect(once.topicId).toMatch(/^2026-03-[0-9a-f]{8}$/);
    expect(topicIdOf('2026-03', 'agriculture', once.label)).not.toBe(once.topicId);
  });
});

describe('trend against the previous three months', () => {
  it('counts the cases of each month that carry the label, with this month counted the same way', () => {
    const carrying = (count: number) => Array.from({ length: count }, () => topicCase(['停水', '自来水']));
    const history = [carrying(1), carrying(2), carrying(3)];
    // Cases of another category, or with only one of the label's three terms, do not count.
    history[2]!.push(
      topicCase(['停水', '自来水', '做饭'], { categoryCode: 'agriculture' }),
      topicCase(['停水', '洗澡']),
    );
    const [topic] = month({ cases: water(), history });
    expect(topic!.label).toEqual(['停水', '自来水', '做饭']);
    expect(topic!.current).toBe(4);
    expect(topic!.previous).toEqual([1, 2, 3]);
    expect(topic!.trend).toBe('rising');
  });

  it('is steady when the month repeats the months before', () => {
    // Two cases carry the water topic's label without being close enough to join its cluster (size 4).
    const loose = [
      topicCase(['停水', '做饭', '水压', '水表', '抄表', '收费']),
      topicCase(['停水', '做饭', '水费', '发票', '物业', '催缴']),
    ];
    const cases = [...water(), ...lights(), ...loose];
    const topics = month({ cases, history: [cases, cases, cases] });
    expect(topics).toHaveLength(2);
    expect(topicWith(topics, '停水')).toMatchObject({ size: 4, current: 6 });
    for (const topic of topics) {
      expect(topic.previous).toEqual([topic.current, topic.current, topic.current]);
      expect(topic.trend).toBe('steady');
    }
  });

  it('rises above 1.25 × the average, falls below 0.75 ×, and is new when the months before had none', () => {
    expect(trendOf(6, [4, 4, 4])).toBe('rising');
    expect(trendOf(5, [4, 4, 4])).toBe('steady');
    expect(trendOf(3, [4, 4, 4])).toBe('steady');
    expect(trendOf(2, [4, 4, 4])).toBe('falling');
    expect(trendOf(3, [0, 0, 0])).toBe('new');
    expect(trendOf(1, [0, 0, 3])).toBe('steady');
  });

  it('needs the same category and half of the label for a case to carry it', () => {
    const topic = { label: ['停水', '自来水', '做饭'], categoryCode: 'water' };
    expect(carriesLabel({ terms: ['停水', '做饭'], categoryCode: 'water' }, topic)).toBe(true);
    expect(carriesLabel({ terms: ['停水'], categoryCode: 'water' }, topic)).toBe(false);
    expect(carriesLabel({ terms: ['停水', '做饭'], categoryCode: 'agriculture' }, topic)).toBe(false);
    expect(carriesLabel({ terms: ['停水', '做饭'] }, topic)).toBe(false);
  });
});

describe('units and share resolved', () => {
  it('come from the report facts; a case without a fact yet counts as open', () => {
    const cases = water();
    const states = new Map<string, TopicCaseState>([
      [cases[0]!.caseId, { unitId: 'dept-water', resolved: true }],
      [cases[1]!.caseId, { unitId: 'dept-water', resolved: false }],
      [cases[2]!.caseId, { unitId: 'town-xikou', resolved: true }],
    ]);
    const [topic] = month({ cases, states });
    expect(topic!.resolvedShare).toBe(0.5);
    expect(topic!.units).toEqual([
      { unitId: 'dept-water', cases: 2 },
      { unitId: 'town-xikou', cases: 1 },
    ]);
  });

  it('are rounded to three decimals', () => {
    const cases = water().slice(0, 3);
    const states = new Map([[cases[0]!.caseId, { resolved: true }]]);
    expect(month({ cases, states })[0]!.resolvedShare).toBe(0.333);
  });
});

describe('confidential petitions', () => {
  it('never reach the month terms that topics cluster: nothing is segmented, written or looked up', async () => {
    const touched: string[] = [];
    const store = new Proxy({} as SimilarityStore, {
      get: (_target, method) => async () => {
        touched.push(String(method));
      },
    });
    const confidential = registered({
      registration: {
        title: '停水三天',
        content: '城关镇人民路停水三天，自来水一直没来。',
        confidential: true,
      },
    }).case;
    const result = await indexNewCase(
      {
        store,
        lexicon: async () => buildLexicon({ towns: ['城关镇'] }),
        segmenter: async () => {
          touched.push('segmenter');
          return { cut: (text) => [...text] };
        },
      },
      confidential,
    );
    expect(result).toEqual({ indexed: false, matches: [] });
    expect(touched).toEqual([]);
  });
});
