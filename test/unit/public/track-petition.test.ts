import { describe, expect, it } from 'vitest';
import type { Case } from '../../../shared/domain/case/model.ts';
import {
  MAX_TRACKING_FAILURES,
  MAX_UNLOCK_CODE_ATTEMPTS,
  unlockCode,
  unlockToken,
  verifyUnlockCode,
  verifyUnlockToken,
} from '../../../shared/domain/case/tracking-unlock.ts';
import { NotFoundError, TrackingLockedError } from '../../../shared/errors/index.ts';
import type { TrackingGuard } from '../../../shared/ports/tracking-guard.ts';
import { demoCounty } from '../../../shared/seed/demo-county.ts';
import { type TrackPetitionDeps, trackPetition } from '../../../shared/use-cases/track-petition.ts';

/** "No such code" and "wrong digits" must cost the same calls, in the same order: nothing to time. */
function counting(found: Partial<Case> | null, failures = 0) {
  const calls: string[] = [];
  let count = failures;
  const call = <T>(name: string, value: T): T => {
    calls.push(name);
    return value;
  };
  const guard: TrackingGuard = {
    window: async () => call('window', { failures: count, window: count ? 'w1' : '' }),
    recordFailure: async () => call('recordFailure', { failures: ++count, window: 'w1' }),
    takeUnlockAttempt: async () => call('takeUnlockAttempt', true),
    clear: async () => {
      calls.push('clear');
      count = 0;
    },
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
    expect(unknown.calls.sort()).toEqual(['getByTrackingCode', 'recordFailure', 'window']);
    expect(wrong.calls.sort()).toEqual(unknown.calls);
  });

  it('signs unlock links per code and per lock, and they expire with the lock', () => {
    const now = new Date('2026-12-04T00:00:00Z');
    const secret = 'secret-secret-secret';
    const token = unlockToken(secret, 'HY-2222-2222', 'window-a', now);
    expect(verifyUnlockToken(secret, 'HY-2222-2222', 'window-a', token, now)).toBe(true);
    expect(verifyUnlockToken(secret, 'HY-3333-3333', 'window-a', token, now)).toBe(false);
    expect(verifyUnlockToken('another-secret-here', 'HY-2222-2222', 'window-a', token, now)).toBe(false);
    // A later lock of the same code has a new window id: the earlier lock's link does not lift it.
    expect(verifyUnlockToken(secret, 'HY-2222-2222', 'window-b', token, now)).toBe(false);
    // No lock standing (no window id): nothing to lift, whatever link is given.
    expect(
      verifyUnlockToken(secret, 'HY-2222-2222', '', unlockToken(secret, 'HY-2222-2222', '', now), now),
    ).toBe(false);
    const later = new Date(now.getTime() + 25 * 3600 * 1000);
    expect(verifyUnlockToken(secret, 'HY-2222-2222', 'window-a', token, later)).toBe(false);
    expect(MAX_TRACKING_FAILURES).toBe(5);
  });

  it('derives a six-digit unlock code per code and per lock, apart from the link', () => {
    const secret = 'secret-secret-secret';
    const first = unlockCode(secret, 'HY-2222-2222', 'window-a');
    expect(first).toMatch(/^\d{6}$/);
    expect(unlockCode(secret, 'HY-2222-2222', 'window-a')).toBe(first);
    expect(verifyUnlockCode(secret, 'HY-2222-2222', 'window-a', first)).toBe(true);
    // Another tracking code, another lock of the same code, another secret: another code.
    expect(verifyUnlockCode(secret, 'HY-3333-3333', 'window-a', first)).toBe(false);
    expect(verifyUnlockCode(secret, 'HY-2222-2222', 'window-b', first)).toBe(false);
    expect(verifyUnlockCode('another-secret-here', 'HY-2222-2222', 'window-a', first)).toBe(false);
    // A lock without a window id (written before ids existed) has no code, whatever is typed.
    expect(verifyUnlockCode(secret, 'HY-2222-2222', '', unlockCode(secret, 'HY-2222-2222', ''))).toBe(false);
    expect(verifyUnlockCode(secret, 'HY-2222-2222', 'window-a', first.slice(0, 4))).toBe(false);
    // Spread over the digits: 2,000 locks give (nearly) 2,000 different codes.
    const codes = new Set(
      Array.from({ length: 2000 }, (_, n) => unlockCode(secret, 'HY-2222-2222', `w${n}`)),
    );
    expect(codes.size).toBeGreaterThan(1990);
    expect(MAX_UNLOCK_CODE_ATTEMPTS).toBe(5);
  });

  it('counts a try at the unlock code before comparing it, the same for an unknown code as for a real one', async () => {
    const now = new Date('2026-12-04T00:00:00Z');
    const locked = MAX_TRACKING_FAILURES;
    const unknown = counting(null, locked);
    const real = counting(
      {
        caseId: 'C1',
        trackingCode: 'HY-2222-2222',
        status: 'registered',
        deadlines: {},
        petitioner: { phone: '13812345678' } as never,
      },
      locked,
    );
    for (const { deps } of [unknown, real])
      await expect(
        trackPetition(deps, 'HY-2222-2222', '5678', { now, unlockCode: '000000' }),
      ).rejects.toMatchObject({ status: 423, errors: [{ field: 'unlockCode' }] });
    expect(unknown.calls).toEqual(['getByTrackingCode', 'window', 'takeUnlockAttempt']);
    expect(real.calls).toEqual(unknown.calls);

    // The right code lifts the lock; the phone digits are still checked after it.
    const right = unlockCode(real.deps.unlock.secret(), 'HY-2222-2222', 'w1');
    const shown = await trackPetition(real.deps, 'HY-2222-2222', '5678', { now, unlockCode: right });
    expect(shown.trackingCode).toBe('HY-2222-2222');
    expect(real.calls.slice(3, 6)).toEqual(['getByTrackingCode', 'window', 'takeUnlockAttempt']);
    expect(real.calls).toContain('clear');
    const wrongDigits = counting(
      { caseId: 'C1', trackingCode: 'HY-2222-2222', petitioner: { phone: '13812345678' } as never },
      locked,
    );
    await expect(
      trackPetition(wrongDigits.deps, 'HY-2222-2222', '0000', { now, unlockCode: right }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses the right unlock code once the tries for that lock are used up', async () => {
    const now = new Date('2026-12-04T00:00:00Z');
    const spent = counting(
      { caseId: 'C1', trackingCode: 'HY-2222-2222', petitioner: { phone: '13812345678' } as never },
      MAX_TRACKING_FAILURES,
    );
    spent.deps = {
      ...spent.deps,
      guard: { ...spent.deps.guard, takeUnlockAttempt: async () => false },
    };
    const right = unlockCode(spent.deps.unlock.secret(), 'HY-2222-2222', 'w1');
    const error = await trackPetition(spent.deps, 'HY-2222-2222', '5678', { now, unlockCode: right }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(TrackingLockedError);
    expect((error as TrackingLockedError).errors?.[0]?.message).toMatch(/^解锁码输错次数过多/);
    expect(spent.calls).not.toContain('clear');
  });
});
