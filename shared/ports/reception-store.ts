import type { ReceptionDay } from '../domain/reception/model.ts';
import type { Visit } from '../domain/reception/visit.ts';

export interface ReceptionStore {
  save(day: ReceptionDay): Promise<void>;
  /** A studio's reception days in one month (`YYYY-MM`), in date order. */
  byStudioAndMonth(studioId: string, month: string): Promise<ReceptionDay[]>;
}

/** What generating, editing and publishing the roster needs besides reading a month. */
export interface ReceptionRosterStore extends ReceptionStore {
  get(studioId: string, date: string): Promise<ReceptionDay | null>;
  /** Writes a generated day unless one exists for that date (staff may have edited it); true when written. */
  createIfAbsent(day: ReceptionDay): Promise<boolean>;
  /** Replaces a day only if it is unchanged since `expectedUpdatedAt` was read; false when it changed. */
  replace(day: ReceptionDay, expectedUpdatedAt: string | undefined): Promise<boolean>;
}

/** 来访登记 under their studio and reception day. */
export interface VisitStore {
  /** Writes a new visit; false when a visit with that id already exists. */
  create(visit: Visit): Promise<boolean>;
  get(studioId: string, date: string, visitId: string): Promise<Visit | null>;
  /** Links a visit to the case it became (idempotent). */
  linkCase(
    visit: Visit,
    link: { readonly caseId: string; readonly trackingCode: string; readonly at: string },
  ): Promise<void>;
  byDay(studioId: string, date: string): Promise<Visit[]>;
  byMonth(studioId: string, month: string): Promise<Visit[]>;
  /** Every visit of a studio since it started (one Query on its partition), for its figures. */
  byStudio(studioId: string): Promise<Visit[]>;
}
