import { phoneVerificationMode } from '../shared/config/env.ts';
import {
  attachmentContentTypes,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
} from '../shared/domain/attachments/limits.ts';
import { listedJurisdiction } from '../shared/domain/reference/model.ts';
import { publicHandler } from '../shared/http/public-handler.ts';
import { json } from '../shared/http/responses.ts';
import { catalog } from '../shared/runtime/deps/catalog.ts';

/**
 * Public reference data for the form: categories (with one-line descriptions), towns/streets, studios, and the
 * deployment's intake settings (whether phones must be verified, how many photos of what size).
 */
export const handler = publicHandler('read', async () => {
  const { categories, jurisdictions, studios, units } = await catalog();
  return json(
    200,
    {
      categories,
      jurisdictions: jurisdictions.map(listedJurisdiction),
      // Named fields only: studios also hold representatives' contact details, which stay staff-only.
      studios: studios.map(({ studioId, nameZh, jurisdictionCode, address, triageUnitId }) => ({
        studioId,
        nameZh,
        jurisdictionCode,
        address,
        triageUnitId,
      })),
      // Names only: the form offers them to name the unit a 检举控告 accuses (never routed to it).
      units: units.map(({ unitId, nameZh, nameEn }) => ({ unitId, nameZh, nameEn })),
      intake: {
        phoneVerification: phoneVerificationMode(),
        attachments: {
          max: MAX_ATTACHMENTS,
          maxBytes: MAX_ATTACHMENT_BYTES,
          contentTypes: attachmentContentTypes,
        },
      },
    },
    { 'cache-control': 'public, max-age=60' },
  );
});
