import type { CaseStore } from '../ports/case-store.ts';
import type { QueuePublisher } from '../ports/queue-publisher.ts';

/**
 * The safety net behind the stream: a case whose routing message was lost (emulator restarted, stream
 * record expired, poller down) is still in `registered` and gets routed again. Reads only stuck cases.
 */
export async function redriveStuckCases(
  deps: { store: CaseStore; publisher: QueuePublisher },
  now: Date,
  limit = 500,
): Promise<number> {
  const { items: stuck } = await deps.store.due('stuck', now, { limit });
  await deps.publisher.send(
    'routing',
    stuck.map((item) => ({
      id: `${item.caseId}:${item.version}:route`,
      body: { kind: 'route-case', caseId: item.caseId, version: item.version },
    })),
  );
  return stuck.length;
}
