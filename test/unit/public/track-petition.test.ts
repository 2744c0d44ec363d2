import { describe, expect, it } from 'vitest';
import type { Case } from '../../../shared/domain/case/model.ts';
import {
  MAX_TRACKING_FAILURES,
  unlockToken,
  verifyUnlockToken,
} from '../../../shared/domain/case/tracking-unlock.ts';
import { NotFoundError } from '../../../shared/errors/index.ts';
import type { TrackingGuard } from '../../../shared/ports/tracking-guard.ts';
import { demoCounty } from '../../../shared/seed/demo-county.ts';
import { type TrackPetitionDeps, trackPetition } from '../../../shared/use-cases/track-petition.ts';

/** "No such code" and "wrong digits" must cost the same calls, in the same order: nothing to time. */
function counting(found: Partial<Case> | null) {
  const calls: string[] = [];
  const call = <T>(name: string, value: T): T => {
    calls.push(name);
    return value;
  };
  const guard: TrackingGuard = {
    failures: async () => call('failures', 0),
    recordFailure: async () => call('recordFailure', 1),
    clear: async () => void calls.push('clear'),
  };
  const deps: TrackPetitionDeps = {
    store: {
      getByTrackingCode: async () => call('getByTrackingCode', found as Case | null),
      timeline: async () => call('timeline', []),
    },
    catalog: async () => demoCounty,
    guard,
    unlock: {
      secret: () => 's'.repeat(32),
      publicBaseUrl: () => 'https://x.example',
      transport: { send: async () => void calls.push('send') },
    },
  };
  return { deps, calls };
}

describe('tracking answers', () => {
  it('costs the same reads and writes for an unknown code as for wrong digits', async () => {
    const now = new Date('2026-12-04T00:00:00Z');
    const unknown = counting(null);
    const wrong = counting({
      caseId: 'C1',
      trackingCode: 'HY-2222-2222',
      petitioner: { phone: '13812345678' } as never,
    });
    await expect(trackPetition(unknown.deps, 'HY-2222-2222', '0000', { now })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(trackPetition(wrong.deps, 'HY-2222-2222', '0000', { now })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(unknown.calls.sort()).toEqual(['failures', 'getByTrackingCode', 'recordFailure']);
    expect(wrong.calls.sort()).toEqual(unknown.calls);
  });

  it('signs unlock links per code, and they expire with the lock', () => {
    const now = new Date('2026-12-04T00:00:00Z');
    const token = unlockToken('secret-secret-secret', 'HY-2222-2222', now);
    expect(verifyUnlockToken('secret-secret-secret', 'HY-2222-2222', token, now)).toBe(true);
    expect(verifyUnlockToken('secret-secret-secret', 'HY-3333-3333', token, now)).toBe(false);
    expect(verifyUnlockToken('another-secret-here', 'HY-2222-2222', token, now)).toBe(false);
    const later = new Date(now.getTime() + 25 * 3600 * 1000);
    expect(verifyUnlockToken('secret-secret-secret', 'HY-2222-2222', token, later)).toBe(false);
    expect(MAX_TRACKING_FAILURES).toBe(5);
  });
});
