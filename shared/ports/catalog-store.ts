import type { Catalog } from '../domain/reference/model.ts';

export interface CatalogStore {
  load(): Promise<Catalog>;
  /** Writes every entry of the catalog (idempotent puts); used by seeding and admin imports. */
  save(catalog: Catalog): Promise<void>;
}
