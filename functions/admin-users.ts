import { parseJsonBody, parseWith } from '../shared/http/body.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { catalogStore } from '../shared/runtime/deps/catalog.ts';
import { staffRecords } from '../shared/runtime/deps/staff.ts';
import { userDirectory } from '../shared/runtime/deps/user-directory.ts';
import {
  createUser,
  createUserSchema,
  listUsers,
  resetPassword,
  resetPasswordSchema,
  type UserAdminDeps,
  updateUser,
  updateUserSchema,
  usernamePathSchema,
} from '../shared/use-cases/admin/users.ts';

const deps = (): UserAdminDeps => ({
  directory: userDirectory(),
  records: staffRecords(),
  loadCatalog: () => catalogStore().load(),
});

/**
 * Staff accounts: `GET|POST /api/admin/users`, `PATCH /api/admin/users/{username}`,
 * `POST /api/admin/users/{username}/reset-password`. Cognito in cloud stages, the local OIDC provider's
 * accounts on one machine, and Huiyin's staff records in both. A new or reset password is in the response
 * once and nowhere else (not logged, not stored in clear).
 */
export const handler = staffHandler(['admin'], async (event) => {
  const { method } = event.requestContext.http;
  if (event.routeKey === 'GET /api/admin/users')
    return json(200, {
      items: await listUsers({ records: staffRecords() }),
      // The console asks for the provider's subject and offers no password reset when this is `recordsOnly`.
      directory: userDirectory().manages,
    });
  if (event.routeKey === 'POST /api/admin/users')
    return json(201, await createUser(deps(), parseJsonBody(event, createUserSchema)));
  const { username } = parseWith(usernamePathSchema, event.pathParameters ?? {});
  if (method === 'PATCH')
    return json(200, await updateUser(deps(), event.actor, username, parseJsonBody(event, updateUserSchema)));
  const body = event.body ? parseJsonBody(event, resetPasswordSchema) : {};
  return json(200, await resetPassword(deps(), username, body));
});
