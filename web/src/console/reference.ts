import type { Names } from '../../../shared/domain/case/wording.ts';
import type { Category, Jurisdiction } from '../../../shared/domain/reference/model.ts';
import { api } from './api.ts';
import { pick } from './i18n.ts';

/** Names for ids (units, categories, towns, studios), loaded once per sign-in from `GET /api/staff/reference`. */

export interface StaffReference {
  readonly units: readonly { unitId: string; nameZh: string; nameEn: string; kind: string }[];
  readonly categories: readonly Category[];
  readonly jurisdictions: readonly Jurisdiction[];
  readonly studios: readonly {
    studioId: string;
    nameZh: string;
    jurisdictionCode: string;
    triageUnitId: string;
  }[];
  /** Staff by login: the case record stores logins, people read names (and the unit). */
  readonly staff?: readonly { username: string; name: string; unitId?: string }[];
}

let loaded: Promise<StaffReference> | undefined;

export function reference(): Promise<StaffReference> {
  loaded ??= api<StaffReference>('/api/staff/reference').catch((error: unknown) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}

export function forgetReference(): void {
  loaded = undefined;
}

export function unitName(ref: StaffReference, unitId: string | undefined): string {
  if (!unitId) return '—';
  const unit = ref.units.find((candidate) => candidate.unitId === unitId);
  return unit ? pick(unit.nameZh, unit.nameEn) : unitId;
}

export function categoryName(ref: StaffReference, code: string | undefined): string {
  if (!code) return '—';
  const category = ref.categories.find((candidate) => candidate.code === code);
  return category ? pick(category.nameZh, category.nameEn) : code;
}

export function jurisdictionName(ref: StaffReference, code: string | undefined): string {
  if (!code) return '—';
  return ref.jurisdictions.find((candidate) => candidate.code === code)?.nameZh ?? code;
}

/** The wording module's resolver over the reference data: ids and logins to the names people know. */
export function namesOf(ref: StaffReference): Names {
  return {
    unit: (unitId) => {
      const unit = ref.units.find((candidate) => candidate.unitId === unitId);
      return unit ? pick(unit.nameZh, unit.nameEn) : undefined;
    },
    staff: (username) => ref.staff?.find((person) => person.username === username),
    category: (code) => {
      const category = ref.categories.find((candidate) => candidate.code === code);
      return category ? pick(category.nameZh, category.nameEn) : undefined;
    },
    jurisdiction: (code) => ref.jurisdictions.find((candidate) => candidate.code === code)?.nameZh,
  };
}
