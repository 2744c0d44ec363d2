import { api } from './api.ts';
import { type Role, setCurrentUser } from './session.ts';

/**
 * Who the signed-in user is to Huiyin (name, role, unit, studio: the staff record, not the token); every staff
 * page reads it here. A 401 sends the page back to sign-in (see api.ts).
 */
export async function loadUser(): Promise<void> {
  const me = await api<{
    username: string;
    displayName: string;
    role: Role;
    unitId?: string;
    studioId?: string;
    unitLead?: boolean;
  }>('/api/staff/me');
  setCurrentUser({
    id: me.username,
    role: me.role,
    displayName: me.displayName,
    ...(me.unitId ? { unitId: me.unitId } : {}),
    ...(me.studioId ? { studioId: me.studioId } : {}),
    ...(me.unitLead ? { unitLead: true } : {}),
  });
}
