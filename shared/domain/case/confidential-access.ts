import type { Actor, Case, CaseEvent } from './model.ts';
import { confidentialPlaceholders } from './wording.ts';

/**
 * Who reads a confidential case's content, and what everyone else gets instead: the one rule, in one place.
 *
 * The content of a confidential case (the mental-health mailbox, a petition marked 保密) is its title and text,
 * and every other free text written about it: the reply, notes, reasons (the routing reason names the keyword
 * that matched), the close summary, review requests and opinions, a service team's question and answer, the
 * survey comment, and its files. Only these read it:
 * - the handlers of the unit that holds the case;
 * - the handlers of a service team the case was referred to (a confidential case is only ever referred to a
 *   team cleared for confidential work, shared/use-cases/staff/check-references.ts);
 * - supervisors cleared for confidential work (`clearedForConfidential` on their staff record, granted only
 *   with a second person's approval, shared/domain/users/separation-of-duties.ts).
 * They read it on the case page and its audit trail, each read recorded (`recordRead`), and in the answer to
 * an action of theirs (the action is in the timeline). Everyone else who
 * may see the case at all (a liaison officer of the studio that registered it, supervisors not cleared) sees
 * that it exists, its state, deadlines and unit, with the placeholders of the wording module for the content.
 * Lists, exports, the reception ledger, notices and deliveries are read by many and recorded by none, so they
 * never carry the content, whoever asks; the case page does, for those cleared.
 */

export function mayReadConfidential(
  actor: Actor,
  item: Pick<Case, 'unitId'> & Pick<Partial<Case>, 'teamReferrals'>,
): boolean {
  if (actor.role === 'supervisor') return actor.clearedForConfidential === true;
  if (actor.role !== 'handler' || actor.unitId === undefined) return false;
  return (
    actor.unitId === item.unitId ||
    (item.teamReferrals ?? []).some((referral) => referral.teamId === actor.unitId)
  );
}

/** Keys whose string values are content wherever they appear: in the case, in events' changes and data. */
const TEXT_KEYS: ReadonlySet<string> = new Set([
  'title',
  'content',
  'text',
  'reason',
  'comment',
  'summary',
  'closeSummary',
  'question',
  'answer',
  'opinion',
  'note',
  'reference',
]);
/** Keys whose values are withheld entirely (files and where they were taken). */
const WITHHELD_KEYS: ReadonlySet<string> = new Set(['attachments', 'location']);
/** Keys whose values are records of the county, not of the case (a representative's title is their office). */
const KEPT_KEYS: ReadonlySet<string> = new Set(['representatives', 'deadlines']);

const placeholderFor = (key: string): string =>
  key === 'title'
    ? confidentialPlaceholders.title
    : key === 'content'
      ? confidentialPlaceholders.content
      : confidentialPlaceholders.text;

/** Every string under a content key (an event's `changes.title`: `{ before, after }`) as its placeholder. */
function maskedText(key: string, value: unknown): unknown {
  if (typeof value === 'string') return value === '' ? value : placeholderFor(key);
  if (Array.isArray(value)) return value.map((inner) => maskedText(key, inner));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, maskedText(key, inner)]));
}

/**
 * Every content value replaced by its placeholder, at any depth (a reply inside an event's `changes`, the
 * reasons inside `transfers`); everything else (ids, states, instants, numbers) kept. Absent values stay absent.
 */
function masked(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(masked);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (WITHHELD_KEYS.has(key)) continue;
    if (KEPT_KEYS.has(key)) {
      out[key] = inner;
      continue;
    }
    out[key] = TEXT_KEYS.has(key) ? maskedText(key, inner) : masked(inner);
  }
  return out;
}

/** The case with its content masked (for anyone `mayReadConfidential` refuses). */
export function maskedCase<T extends Partial<Case>>(item: T): T {
  return masked(item) as T;
}

export function maskedEvent<T extends Partial<CaseEvent>>(event: T): T {
  return masked(event) as T;
}

/** What this actor may see of a case: itself, or masked when it is confidential and the actor is not cleared. */
export function caseFor<T extends Pick<Case, 'confidential' | 'unitId'> & Partial<Case>>(
  actor: Actor,
  item: T,
): T {
  return item.confidential && !mayReadConfidential(actor, item) ? maskedCase(item) : item;
}

export function eventsFor<T extends Partial<CaseEvent>>(
  actor: Actor,
  item: Pick<Case, 'confidential' | 'unitId'> & Partial<Case>,
  events: readonly T[],
): T[] {
  return item.confidential && !mayReadConfidential(actor, item) ? events.map(maskedEvent) : [...events];
}

/**
 * For views nobody's read is recorded in (lists, exports, the ledger, the day's visits, notices, a unit's own
 * system): a confidential case (or a visit that became one) is always masked there, whoever reads.
 */
export function unrecordedView<T extends { readonly confidential?: boolean | undefined }>(item: T): T {
  return item.confidential ? (masked(item) as T) : item;
}
