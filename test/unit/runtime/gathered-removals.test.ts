import { describe, expect, it, vi } from 'vitest';
import { logger } from '../../../shared/logging/logger.ts';
import { gatheredRemovals } from '../../../shared/runtime/gathered-removals.ts';

/** Marker deletes of one invocation go out together at its end; a failed delete is logged, never thrown. */

describe('gatheredRemovals', () => {
  it('sends nothing until flushed, then everything gathered in one call, and each marker once', async () => {
    const calls: string[][] = [];
    const removals = gatheredRemovals<string>('markers', async (markers) => {
      calls.push([...markers]);
    });
    await removals.remove('a');
    await removals.remove('b');
    expect(calls).toEqual([]);
    await removals.flush();
    expect(calls).toEqual([['a', 'b']]);
    await removals.flush();
    await removals.remove('c');
    await removals.flush();
    expect(calls).toEqual([['a', 'b'], ['c']]);
  });

  it('a failed delete is logged with its count and left to the sweep; flush does not throw', async () => {
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    try {
      const removals = gatheredRemovals<string>('pending notices', async () => {
        throw new Error('DynamoDB down');
      });
      await removals.remove('a');
      await removals.remove('b');
      await expect(removals.flush()).resolves.toBeUndefined();
      expect(warn).toHaveBeenCalledWith(
        'markers not removed; the stuck-work sweep will find them',
        expect.objectContaining({ what: 'pending notices', markers: 2 }),
      );
    } finally {
      warn.mockRestore();
    }
  });
});
