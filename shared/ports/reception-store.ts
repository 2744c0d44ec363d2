import type { ReceptionDay } from '../domain/reception/model.ts';

export interface ReceptionStore {
  save(day: ReceptionDay): Promise<void>;
  /** A studio's reception days in one month (`YYYY-MM`), in date order. */
  byStudioAndMonth(studioId: string, month: string): Promise<ReceptionDay[]>;
}
