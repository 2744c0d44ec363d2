import type { CaseSummary } from './case-store.ts';

/** Cases that came in through Open311, by registration time (the sparse studio/intake index). */
export interface Open311Store {
  /** Newest first, registered between `from` and `to` (inclusive), at most `limit`. */
  requests(range: { readonly from: Date; readonly to: Date }, limit: number): Promise<CaseSummary[]>;
}
