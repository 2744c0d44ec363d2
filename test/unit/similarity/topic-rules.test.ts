import { describe, expect, it } from 'vitest';
import {
  carriesLabel,
  clusterCases,
  hotTopics,
  MIN_TOPIC_SIZE,
  TOPIC_CASE_IDS_KEPT,
  TOPIC_THRESHOLD,
  TOPICS_KEPT,
  type TopicCase,
  topicIdOf,
  topicLabel,
  topicTerms,
  trendOf,
} from '../../../shared/domain/similarity/topics.ts';

const towns = new Set(['城关镇', '溪口镇']);
const isPlace = (term: string) => towns.has(term);
const topicCase = (caseId: string, terms: string[], overrides: Partial<TopicCase> = {}): TopicCase => ({
  caseId,
  terms,
  jurisdictionCode: 'chengguan',
  categoryCode: 'water',
  createdAt: '2026-03-02T02:00:00.000Z',
  ...overrides,
});

describe('topic rules', () => {
  it('keep the documented limits', () => {
    expect([TOPIC_THRESHOLD, MIN_TOPIC_SIZE, TOPICS_KEPT, TOPIC_CASE_IDS_KEPT]).toEqual([0.3, 3, 20, 200]);
  });

  it('compare terms without places', () => {
    expect(topicTerms(['城关镇', '停水', '溪口镇', '水压'], isPlace)).toEqual(['停水', '水压']);
  });

  it('join cases from a Jaccard index of 0.3, not below', () => {
    // {a,b,c} and {a,x,y,z}: 1 shared of 6 → 0.17; {a,b,c} and {a,b,x,y}: 2 of 5 → 0.4
    const joined = [
      topicCase('1', ['a', 'b', 'c']),
      topicCase('2', ['a', 'b', 'x', 'y']),
      topicCase('3', ['a', 'b', 'c']),
    ];
    const apart = [
      topicCase('1', ['a', 'b', 'c']),
      topicCase('2', ['a', 'x', 'y', 'z']),
      topicCase('3', ['a', 'q', 'r', 's']),
    ];
    // {a,b,c,d,e,f,g} and {a,b,c,h,i,j}: 3 of 10 → exactly 0.3
    const exactly = [
      topicCase('1', ['a', 'b', 'c', 'd', 'e', 'f', 'g']),
      topicCase('2', ['a', 'b', 'c', 'h', 'i', 'j']),
      topicCase('3', ['a', 'b', 'c', 'd', 'e', 'f', 'g']),
    ];

    expect(clusterCases(joined, isPlace)).toEqual([[0, 1, 2]]);
    expect(clusterCases(apart, isPlace)).toEqual([]);
    expect(clusterCases(exactly, isPlace)).toEqual([[0, 1, 2]]);
  });

  it('order clusters largest first, then by their first case', () => {
    const cases = [
      topicCase('a1', ['停水', '水压']),
      topicCase('b1', ['路灯', '不亮']),
      topicCase('a2', ['停水', '水压']),
      topicCase('b2', ['路灯', '不亮']),
      topicCase('a3', ['停水', '水压']),
      topicCase('b3', ['路灯', '不亮']),
      topicCase('b4', ['路灯', '不亮']),
      topicCase('c1', ['噪音', '夜间']),
      topicCase('c2', ['噪音', '夜间']),
      topicCase('c3', ['噪音', '夜间']),
    ];

    expect(clusterCases(cases, isPlace)).toEqual([
      [1, 3, 5, 6],
      [0, 2, 4],
      [7, 8, 9],
    ]);
  });
});

describe('labels, trends and ids', () => {
  it('rank a label’s terms by count, then alphabetically', () => {
    expect(
      topicLabel([
        ['b', 'a'],
        ['a', 'b'],
        ['c', 'd'],
        ['c', 'd'],
      ]),
    ).toEqual(['a', 'b', 'c']);
    expect(topicLabel([['z', 'y'], ['y'], ['y', 'z', 'z']])).toEqual(['y', 'z']);
  });

  it('count a term once per case', () => {
    expect(topicLabel([['a', 'a', 'a'], ['b'], ['b'], ['c']])).toEqual(['b']);
  });

  it('carry a label with half its terms, rounded up, in the same category', () => {
    const topic = { label: ['a', 'b', 'c'], categoryCode: 'water' };

    expect(carriesLabel({ terms: ['a', 'b'], categoryCode: 'water' }, topic)).toBe(true);
    expect(carriesLabel({ terms: ['a'], categoryCode: 'water' }, topic)).toBe(false);
    expect(carriesLabel({ terms: ['a', 'b'] }, topic)).toBe(false);
    expect(carriesLabel({ terms: ['a'] }, { label: ['a', 'b'] })).toBe(true);
    expect(
      carriesLabel({ terms: ['a'], categoryCode: 'power' }, { label: ['a'], categoryCode: 'water' }),
    ).toBe(false);
  });

  it('call a trend rising above 1.25 × the average and falling below 0.75 ×, steady at both', () => {
    expect(trendOf(5, [4, 4, 4])).toBe('steady');
    expect(trendOf(6, [4, 4, 4])).toBe('rising');
    expect(trendOf(3, [4, 4, 4])).toBe('steady');
    expect(trendOf(2, [4, 4, 4])).toBe('falling');
    expect(trendOf(4, [2, 4, 6])).toBe('steady');
    expect(trendOf(4, [0, 0, 0])).toBe('new');
    expect(trendOf(4, [])).toBe('new');
    expect(trendOf(2, [1])).toBe('rising');
  });

  it('give a topic an id of its month and a hash of category and label, padded to eight hex digits', () => {
    expect(topicIdOf('2026-03', 'water', ['停水', '供水'])).toBe('2026-03-cf360877');
    expect(topicIdOf('2026-03', undefined, ['停水'])).toBe('2026-03-aad18e8c');
    expect(topicIdOf('m', undefined, ['t250'])).toBe('m-0eedcea3');
    expect(topicIdOf('2026-03', 'water', ['供水', '停水'])).not.toBe(
      topicIdOf('2026-03', 'water', ['停水', '供水']),
    );
  });
});

describe('a month’s hot topics', () => {
  it('keep at most twenty topics, the largest', () => {
    const cases = Array.from({ length: 21 }, (_, topic) =>
      Array.from({ length: topic === 20 ? 3 : 4 }, (_, n) =>
        topicCase(`t${topic}-${n}`, [`词${topic}`, `题${topic}`]),
      ),
    ).flat();

    const topics = hotTopics({ month: '2026-03', cases, history: [], states: new Map(), isPlace });

    expect(topics).toHaveLength(20);
    expect(topics.every((topic) => topic.size === 4)).toBe(true);
  });

  it('report towns and units by count, then code; a case without a unit is in no unit', () => {
    const cases = [
      topicCase('1', ['停水', '水压'], { jurisdictionCode: 'xikou' }),
      topicCase('2', ['停水', '水压'], { jurisdictionCode: 'chengguan' }),
      topicCase('3', ['停水', '水压'], { jurisdictionCode: 'xikou' }),
      topicCase('4', ['停水', '水压'], { jurisdictionCode: 'anping' }),
    ];
    const states = new Map([
      ['1', { unitId: 'water-b', resolved: true }],
      ['2', { unitId: 'water-a', resolved: false }],
      ['3', { resolved: true }],
    ]);

    const [topic] = hotTopics({ month: '2026-03', cases, history: [[], []], states, isPlace });

    expect(topic).toMatchObject({
      categoryCode: 'water',
      size: 4,
      towns: [
        { code: 'xikou', cases: 2 },
        { code: 'anping', cases: 1 },
        { code: 'chengguan', cases: 1 },
      ],
      units: [
        { unitId: 'water-a', cases: 1 },
        { unitId: 'water-b', cases: 1 },
      ],
      current: 4,
      previous: [0, 0],
      trend: 'new',
      resolvedShare: 0.5,
      caseIds: ['1', '2', '3', '4'],
    });
  });

  it('list a topic’s case ids in order, whatever the order of the cases', () => {
    const cases = ['c3', 'c1', 'c2'].map((caseId) => topicCase(caseId, ['停水', '水压']));

    const [topic] = hotTopics({ month: '2026-03', cases, history: [], states: new Map(), isPlace });

    expect(topic!.caseIds).toEqual(['c1', 'c2', 'c3']);
  });

  it('list a topic without a category without one, and keep its first 200 case ids', () => {
    const cases = Array.from({ length: 205 }, (_, n) =>
      topicCase(`c${String(n).padStart(3, '0')}`, ['停水', '水压'], { categoryCode: undefined }),
    );

    const [topic] = hotTopics({ month: '2026-03', cases, history: [], states: new Map(), isPlace });

    expect(topic).not.toHaveProperty('categoryCode');
    expect(topic!.size).toBe(205);
    expect(topic!.caseIds).toHaveLength(200);
    expect(topic!.caseIds.at(-1)).toBe('c199');
    expect(topic!.resolvedShare).toBe(0);
  });
});
