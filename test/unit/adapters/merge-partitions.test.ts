import { describe, expect, it } from 'vitest';
import { mergePartitionReads, type PartitionRead } from '../../../shared/adapters/dynamo/merge-partitions.ts';

const key = (item: string) => item;

/** Pages through partitions exactly as the store does: every partition read after the cursor, `limit` at a time. */
function pageThrough(
  partitions: readonly string[][],
  limit: number,
  keep: (item: string) => boolean = () => true,
) {
  const pages: string[][] = [];
  let after: string | null | undefined;
  do {
    const reads: PartitionRead<string>[] = partitions.map((sorted) => {
      const evaluated = sorted.filter((item) => after === undefined || after === null || item > after);
      const window = evaluated.slice(0, limit);
      return {
        items: window.filter(keep),
        ...(evaluated.length > limit ? { readUpTo: window.at(-1) as string } : {}),
      };
    });
    const page = mergePartitionReads(reads, key, limit);
    pages.push([...page.items]);
    after = page.resumeAfter;
  } while (after !== null && pages.length < 100);
  return pages;
}

describe('merging partitions that share a sort order', () => {
  it('hands out every item once, in order, across pages, however the partitions are shaped', () => {
    const partitions = [
      ['2026-03-01#a', '2026-03-04#d', '2026-03-05#e', '2026-03-09#i'],
      ['2026-03-02#b', '2026-03-03#c'],
      [],
      ['2026-03-06#f', '2026-03-07#g', '2026-03-08#h', '9999#j', '9999#k'],
    ];
    const all = partitions.flat().sort();
    for (const limit of [1, 2, 3, 5, 50]) {
      const pages = pageThrough(partitions, limit);
      expect(pages.flat()).toEqual(all);
      expect(pages.every((page) => page.length <= limit)).toBe(true);
    }
  });

  it('keeps to the order when a filter leaves some pages short or empty', () => {
    const partitions = [
      ['1#a-x', '2#b', '3#c', '4#d-x'],
      ['5#e', '6#f', '7#g-x'],
    ];
    const pages = pageThrough(partitions, 2, (item) => item.endsWith('-x'));
    expect(pages.flat()).toEqual(['1#a-x', '4#d-x', '7#g-x']);
  });

  it('hands out nothing past the lowest key a partition stopped at, and resumes from there', () => {
    const page = mergePartitionReads(
      [
        { items: ['1#a', '5#e'], readUpTo: '5#e' },
        { items: ['2#b', '3#c'], readUpTo: '3#c' },
        { items: ['4#d'] },
      ],
      key,
      10,
    );
    // `4#d` is below no stop of the second partition: that partition may still hold something before it.
    expect(page).toEqual({ items: ['1#a', '2#b', '3#c'], resumeAfter: '3#c' });
  });

  it('resumes after the last item handed out when more are known than fit', () => {
    expect(mergePartitionReads([{ items: ['1#a', '3#c'] }, { items: ['2#b'] }], key, 2)).toEqual({
      items: ['1#a', '2#b'],
      resumeAfter: '2#b',
    });
  });

  it('ends when every partition has been read to its end', () => {
    expect(mergePartitionReads([{ items: ['1#a'] }, { items: [] }], key, 1)).toEqual({
      items: ['1#a'],
      resumeAfter: null,
    });
    expect(mergePartitionReads([], key, 5)).toEqual({ items: [], resumeAfter: null });
  });

  it('moves on with an empty page when a partition read only what the filter dropped', () => {
    expect(mergePartitionReads([{ items: [], readUpTo: '4#d' }, { items: ['6#f'] }], key, 3)).toEqual({
      items: [],
      resumeAfter: '4#d',
    });
  });
});
