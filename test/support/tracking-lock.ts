import { expect } from 'vitest';
import { readOutbox } from '../../shared/adapters/notify/outbox-transport.ts';
import { MAX_TRACKING_FAILURES } from '../../shared/domain/case/tracking-unlock.ts';
import { petitionBody, type TestRuntime } from './runtime-harness.ts';

/** Submits a petition from the public form with this phone; its tracking code. */
export async function submitWithPhone(runtime: TestRuntime, name: string, phone: string): Promise<string> {
  const response = await runtime.postJson('/api/petitions', petitionBody({ petitioner: { name, phone } }));
  expect(response.status).toBe(201);
  return ((await response.json()) as { trackingCode: string }).trackingCode;
}

/**
 * Wrong digits until the code locks (404s, then the 423 of the last one), then the unlock code of the newest
 * lock notice sent for it.
 */
export async function lockAndReadUnlockCode(
  runtime: TestRuntime,
  trackingCode: string,
  wrongAnswers = MAX_TRACKING_FAILURES,
): Promise<string> {
  for (let attempt = 1; attempt <= wrongAnswers; attempt++)
    expect((await runtime.request(`/api/petitions/${trackingCode}?phone=9999`)).status).toBe(
      attempt < wrongAnswers ? 404 : 423,
    );
  const notice = (await readOutbox(runtime.clients.document, runtime.outboxTable)).find(
    (entry) => entry.template === 'trackingLocked' && entry.trackingCode === trackingCode,
  );
  return /解锁码 (\d{6})/.exec(notice!.body)![1]!;
}

/** Another six-digit code, certainly not `code` (the n-th after it). */
export const otherUnlockCode = (code: string, n = 0) =>
  String((Number(code) + 1 + n) % 1_000_000).padStart(6, '0');
