import { describe, expect, it } from 'vitest';
import { chunksOf, forEachLimited } from '../../../shared/async/limited.ts';

describe('forEachLimited', () => {
  it('runs every item once with no more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await forEachLimited([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setImmediate(resolve));
      done.push(item);
      running--;
    });
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
  });

  it('rejects with the first failure', async () => {
    await expect(
      forEachLimited([1, 2, 3], 2, async (item) => {
        if (item === 2) throw new Error('item 2 failed');
      }),
    ).rejects.toThrow('item 2 failed');
  });

  it('does nothing for no items', async () => {
    let calls = 0;
    await forEachLimited([], 4, async () => {
      calls++;
    });
    expect(calls).toBe(0);
  });
});

describe('chunksOf', () => {
  it('cuts a list into consecutive chunks, the last one shorter', () => {
    expect(chunksOf([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunksOf([1, 2], 2)).toEqual([[1, 2]]);
    expect(chunksOf([], 10)).toEqual([]);
  });
});
