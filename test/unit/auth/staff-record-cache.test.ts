import { describe, expect, it } from 'vitest';
import { StaffRecordCache } from '../../../shared/auth/staff-record-cache.ts';
import type { StaffRecord } from '../../../shared/domain/users/model.ts';

const record = (disabled: boolean): StaffRecord => ({
  subject: 'sub-1',
  username: 'handler-a',
  displayName: '甲',
  role: 'handler',
  unitId: 'u',
  disabled,
});

function setup(ttlMs: number) {
  let now = 1_000_000;
  let stored: StaffRecord | null = record(false);
  const reads: string[] = [];
  const cache = new StaffRecordCache({
    load: async (subject) => {
      reads.push(subject);
      return stored;
    },
    ttlMs,
    now: () => now,
  });
  return {
    cache,
    reads,
    advance: (ms: number) => {
      now += ms;
    },
    store: (value: StaffRecord | null) => {
      stored = value;
    },
  };
}

describe('the staff record cache', () => {
  it('serves a record read less than the window ago without reading it again', async () => {
    const { cache, reads, advance } = setup(300_000);
    await cache.get('sub-1');
    advance(299_999);
    await cache.get('sub-1');

    expect(reads).toEqual(['sub-1']);
  });

  it('sees a disable at the latest when the window has passed since the last read', async () => {
    const { cache, advance, store } = setup(300_000);
    await cache.get('sub-1');
    store(record(true));
    advance(299_999);
    const stillCached = await cache.get('sub-1');
    advance(1);
    const reread = await cache.get('sub-1');

    expect(stillCached?.disabled).toBe(false);
    expect(reread?.disabled).toBe(true);
  });

  it('does not remember that a subject was unknown, and forgets a record that was deleted', async () => {
    const { cache, reads, advance, store } = setup(300_000);
    store(null);
    await cache.get('sub-1');
    store(record(false));
    const created = await cache.get('sub-1');
    advance(300_000);
    store(null);
    const deleted = await cache.get('sub-1');
    const afterwards = await cache.get('sub-1');

    expect(created?.username).toBe('handler-a');
    expect(deleted).toBeNull();
    expect(afterwards).toBeNull();
    expect(reads).toHaveLength(4);
  });

  it('reads every time with a window of zero', async () => {
    const { cache, reads } = setup(0);
    await cache.get('sub-1');
    await cache.get('sub-1');

    expect(reads).toHaveLength(2);
  });
});
