import { accountApproverRoles } from '../shared/auth/claims.ts';
import { parseWith } from '../shared/http/body.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { accountRequestDeps } from '../shared/runtime/deps/account-admin.ts';
import { accountRequestStore } from '../shared/runtime/deps/account-requests.ts';
import {
  accountRequestsQuerySchema,
  approveAccountRequest,
  callerOf,
  listAccountRequests,
  refuseAccountRequest,
  requestIdPathSchema,
} from '../shared/use-cases/admin/account-requests.ts';

/**
 * Account changes waiting for a second person: `GET /api/admin/account-requests`,
 * `POST /api/admin/account-requests/{requestId}/approve|refuse`. Administrators and supervisors decide, never
 * the requester (who may withdraw) nor the account concerned. An approval applies the change through the
 * user directory; the temporary password of an approved creation or reset is in the approver's answer once.
 */
export const handler = staffHandler(accountApproverRoles, async (event) => {
  const now = new Date();
  if (event.routeKey === 'GET /api/admin/account-requests') {
    const { limit } = parseWith(accountRequestsQuerySchema, event.queryStringParameters ?? {});
    return json(200, { items: await listAccountRequests({ requests: accountRequestStore() }, limit, now) });
  }
  const { requestId } = parseWith(requestIdPathSchema, event.pathParameters ?? {});
  if (event.routeKey.endsWith('/approve'))
    return json(
      200,
      await approveAccountRequest(accountRequestDeps(), callerOf(event.staff), requestId, now),
    );
  return json(200, {
    request: await refuseAccountRequest(
      { requests: accountRequestStore() },
      callerOf(event.staff),
      requestId,
      now,
    ),
  });
});
