import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { PlacementMethod } from '../case/model.ts';
import { defaultJurisdiction, findJurisdiction } from '../mail/find-jurisdiction.ts';
import type { Jurisdiction } from '../reference/model.ts';

/**
 * Which town a report belongs to, and how that was found (recorded on the case): the town the client named;
 * else the town whose boundary contains the coordinates (point in polygon with `@turf/boolean-point-in-polygon`,
 * a point on a shared edge goes to the first town listed); else a town named in the address, then in the
 * description; else, explicitly, the county seat. Pure.
 */

export interface PlaceQuery {
  /** A town code the client named (already checked to exist); absent for none or the county-wide id. */
  readonly town?: string;
  readonly lat?: number;
  readonly long?: number;
  readonly address?: string;
  readonly description?: string;
}

export interface Placement {
  readonly jurisdictionCode: string;
  readonly placedBy: PlacementMethod;
}

export function townAt(
  lat: number,
  long: number,
  jurisdictions: readonly Pick<Jurisdiction, 'code' | 'boundary'>[],
): string | null {
  const found = jurisdictions.find(
    (jurisdiction) => jurisdiction.boundary && booleanPointInPolygon([long, lat], jurisdiction.boundary),
  );
  return found?.code ?? null;
}

export function placeRequest(query: PlaceQuery, jurisdictions: readonly Jurisdiction[]): Placement {
  if (query.town) return { jurisdictionCode: query.town, placedBy: 'given' };
  if (query.lat !== undefined && query.long !== undefined) {
    const town = townAt(query.lat, query.long, jurisdictions);
    if (town) return { jurisdictionCode: town, placedBy: 'boundary' };
  }
  for (const text of [query.address, query.description]) {
    const town = text ? findJurisdiction(text, jurisdictions) : null;
    if (town) return { jurisdictionCode: town, placedBy: 'address' };
  }
  const seat = defaultJurisdiction(jurisdictions);
  if (!seat) throw new Error('the catalog has no towns');
  return { jurisdictionCode: seat, placedBy: 'county-seat' };
}
