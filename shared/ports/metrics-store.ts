import type { CaseFact, ReportMonth } from '../domain/metrics/facts.ts';
import type { ReportCard } from '../domain/metrics/report-card.ts';
import type { ReportSettings } from '../domain/metrics/settings.ts';

/** Per-case monthly facts kept from the table stream, and the frozen monthly report cards. */
export interface MetricsStore {
  /**
   * Writes a case's fact unless a newer version of it is stored (`stale`). Replaying the same version writes
   * the same values again: at-least-once delivery never counts a case twice.
   */
  putFact(fact: CaseFact): Promise<'written' | 'stale'>;
  /** Every fact of the cases registered in `month` (one Query on the month's partition, paged). */
  facts(month: ReportMonth): Promise<CaseFact[]>;
  /** The card frozen for `month`, if the monthly job has run. */
  frozenCard(month: ReportMonth): Promise<ReportCard | null>;
  /** Stores the frozen card once; a second freeze of the same month keeps the first (`already-frozen`). */
  freezeCard(card: ReportCard): Promise<'frozen' | 'already-frozen'>;
  /** The county's report settings (weights), defaults when none were saved. */
  settings(): Promise<ReportSettings>;
  saveSettings(settings: ReportSettings): Promise<void>;
}
