import { parseJsonBody, parseWith } from '../shared/http/body.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { accountRequestDeps } from '../shared/runtime/deps/account-admin.ts';
import { staffRecords } from '../shared/runtime/deps/staff.ts';
import { userDirectory } from '../shared/runtime/deps/user-directory.ts';
import {
  callerOf,
  type Outcome,
  requestCreate,
  requestPasswordReset,
  requestUpdate,
} from '../shared/use-cases/admin/account-requests.ts';
import {
  createUserSchema,
  listUsers,
  resetPasswordSchema,
  updateUserSchema,
  usernamePathSchema,
} from '../shared/use-cases/admin/users.ts';

/** Applied: the usual answer. Waiting for a second person: 202 with the pending request. */
const answer = <T>(status: number, outcome: Outcome<T>) =>
  outcome.applied ? json(status, outcome.result) : json(202, { request: outcome.request });

/**
 * Staff accounts: `GET|POST /api/admin/users`, `PATCH /api/admin/users/{username}`,
 * `POST /api/admin/users/{username}/reset-password`. Cognito in cloud stages, the local OIDC provider's
 * accounts on one machine, and Huiyin's staff records in both. A change that needs a second person
 * (separation of duties) is stored as a pending request and answered 202; it is applied by
 * `/api/admin/account-requests/{requestId}/approve`. A new or reset password is in a response once and nowhere
 * else (not logged, not stored in clear).
 */
export const handler = staffHandler(['admin'], async (event) => {
  const { method } = event.requestContext.http;
  if (event.routeKey === 'GET /api/admin/users')
    return json(200, {
      items: await listUsers({ records: staffRecords() }),
      // The console asks for the provider's subject and offers no password reset when this is `recordsOnly`.
      directory: userDirectory().manages,
    });
  const now = new Date();
  if (event.routeKey === 'POST /api/admin/users')
    return answer(
      201,
      await requestCreate(
        accountRequestDeps(),
        callerOf(event.staff),
        parseJsonBody(event, createUserSchema),
        now,
      ),
    );
  const { username } = parseWith(usernamePathSchema, event.pathParameters ?? {});
  if (method === 'PATCH')
    return answer(
      200,
      await requestUpdate(
        accountRequestDeps(),
        callerOf(event.staff),
        username,
        parseJsonBody(event, updateUserSchema),
        now,
      ),
    );
  const body = event.body ? parseJsonBody(event, resetPasswordSchema) : {};
  return answer(
    200,
    await requestPasswordReset(accountRequestDeps(), callerOf(event.staff), username, body, now),
  );
});
