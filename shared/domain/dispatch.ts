import type { RouteCaseMessage } from '../schemas/messages.ts';
import type { QueueName } from '../topology.ts';
import type { CaseEvent } from './case/model.ts';

/**
 * What each committed case event sets in motion. Pure: the dispatcher function feeds it events from the
 * table stream and sends what it returns. Message ids derive from (case, version, purpose), so a replayed
 * stream record produces the same ids.
 */

export interface Dispatch {
  readonly queue: QueueName;
  readonly id: string;
  readonly body: RouteCaseMessage;
}

export function dispatchesFor(event: CaseEvent): Dispatch[] {
  switch (event.type) {
    case 'registered':
      return [
        {
          queue: 'routing',
          id: `${event.caseId}:${event.version}:route`,
          body: { kind: 'route-case', caseId: event.caseId, version: event.version },
        },
      ];
    default:
      return [];
  }
}
