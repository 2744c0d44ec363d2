import { profileOf } from '../shared/domain/users/model.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';

/**
 * `GET /api/staff/me`: who the signed-in caller is to Huiyin (name, role, unit, studio), from their staff record.
 * The console and the dashboard ask this after sign-in: the token only proves identity.
 */
export const handler = staffHandler(['liaison', 'handler', 'supervisor', 'admin'], async (event) => {
  const { username, displayName, role, unitId, studioId, unitLead } = profileOf(event.staff);
  return json(200, {
    username,
    displayName,
    role,
    ...(unitId ? { unitId } : {}),
    ...(studioId ? { studioId } : {}),
    ...(role === 'handler' && unitLead ? { unitLead: true } : {}),
  });
});
