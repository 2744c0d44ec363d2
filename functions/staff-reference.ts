import { listedJurisdiction } from '../shared/domain/reference/model.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { catalog } from '../shared/runtime/deps/catalog.ts';
import { staffUsers } from '../shared/runtime/deps/staff.ts';

/**
 * Names the console needs (units for filters and reassignment, categories, towns, studios, and staff: the case
 * record stores logins, people read names and units); no routing rules, no contact details.
 */
export const handler = staffHandler(['liaison', 'handler', 'supervisor', 'admin'], async () => {
  const [{ units, categories, jurisdictions, studios }, staff] = await Promise.all([catalog(), staffUsers()]);
  return json(200, {
    units: units.map(({ unitId, nameZh, nameEn, kind }) => ({ unitId, nameZh, nameEn, kind })),
    categories,
    jurisdictions: jurisdictions.map(listedJurisdiction),
    studios: studios.map(({ studioId, nameZh, jurisdictionCode, triageUnitId }) => ({
      studioId,
      nameZh,
      jurisdictionCode,
      triageUnitId,
    })),
    staff: staff.map(({ username, displayName, unitId }) => ({
      username,
      name: displayName,
      ...(unitId ? { unitId } : {}),
    })),
  });
});
