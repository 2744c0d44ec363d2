import { listedJurisdiction } from '../shared/domain/reference/model.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { catalog } from '../shared/runtime/deps/catalog.ts';

/** Names the console needs (units for filters and reassignment, categories, towns, studios); no routing rules. */
export const handler = staffHandler(['liaison', 'handler', 'supervisor', 'admin'], async () => {
  const { units, categories, jurisdictions, studios } = await catalog();
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
  });
});
