import type { Case, CaseEvent } from './model.ts';

/** An event that cannot have been produced from `before`: a different case, or not its next version. */
export class EventDoesNotFollowError extends Error {
  constructor(before: Pick<Case, 'caseId' | 'version'>, event: Pick<CaseEvent, 'caseId' | 'version'>) {
    super(`event ${event.caseId} v${event.version} does not follow case ${before.caseId} v${before.version}`);
    this.name = 'EventDoesNotFollowError';
  }
}

/**
 * The case a committed change produced, rebuilt from the case before it and the change's event.
 *
 * A change is stored as two single-item writes, the event first (docs/data-model.md, "Writing a change"). If
 * the writer stops between them, whoever finds the event ahead of the case completes the change from it. That
 * works because the event holds every changed field's value after the change (`changes`, which the state
 * machine fills for every field its patch touches, absent as `null`: no case field is ever stored as null),
 * its time (`updatedAt`) and its version. The one derived field the event does not record, `due`, is computed
 * with the calendar and policy when the change is decided, so the writer stores it beside the event.
 */
export function replayEvent(before: Case, event: CaseEvent, due: Case['due'] | undefined): Case {
  if (event.caseId !== before.caseId || event.version !== before.version + 1)
    throw new EventDoesNotFollowError(before, event);
  const next: Record<string, unknown> = { ...before };
  for (const [field, { after }] of Object.entries(event.changes)) {
    if (after === null || after === undefined) delete next[field];
    else next[field] = after;
  }
  delete next.due;
  return {
    ...(next as unknown as Case),
    version: event.version,
    updatedAt: event.at,
    ...(due ? { due } : {}),
  };
}
