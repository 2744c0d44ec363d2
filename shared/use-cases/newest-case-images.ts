import type { Case } from '../domain/case/model.ts';

/** A stream record's case image, parsed, or why it could not be. */
export interface CaseImageRecord {
  readonly sequenceNumber: string;
  readonly read: () => Case;
}

export interface NewestImages {
  /** Each case's newest image, in the order of the case's first record, with that record's sequence number. */
  readonly cases: { readonly item: Case; readonly firstSequenceNumber: string }[];
  /** The first record that could not be read: the batch is done up to it, and resumes there. */
  readonly brokenAt?: string;
}

/**
 * What a projector whose items are keyed by case and never replaced by an older version must write for a
 * stream batch: only each case's newest image. Collected up to the first record that cannot be read, so
 * everything before the resume point is covered.
 */
export function newestCaseImages(records: readonly CaseImageRecord[]): NewestImages {
  const newest = new Map<string, { item: Case; firstSequenceNumber: string }>();
  for (const record of records) {
    let item: Case;
    try {
      item = record.read();
    } catch {
      return { cases: [...newest.values()], brokenAt: record.sequenceNumber };
    }
    const seen = newest.get(item.caseId);
    if (!seen) newest.set(item.caseId, { item, firstSequenceNumber: record.sequenceNumber });
    else if (item.version >= seen.item.version) seen.item = item;
  }
  return { cases: [...newest.values()] };
}
