import type { Runtime } from '../../infra/local/runtime.ts';

/**
 * A new staff account the way the console makes one: the demo admin asks (202, separation of duties) and the
 * demo supervisor approves; the approver's answer carries the temporary password. For tests that need an
 * account and are not about how it is made (test/integration/account-approvals.test.ts is).
 */
export async function createStaffAccount(
  runtime: Pick<Runtime, 'url' | 'tokenFor'>,
  account: Record<string, unknown>,
  people: { readonly requester?: string; readonly approver?: string } = {},
): Promise<{ user: { username: string; role: string }; temporaryPassword: string }> {
  const call = async (user: string, path: string, body?: unknown) =>
    fetch(`${runtime.url}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await runtime.tokenFor(user)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const asked = await call(people.requester ?? 'admin', '/api/admin/users', account);
  if (asked.status !== 202) throw new Error(`request refused: ${asked.status} ${await asked.text()}`);
  const { request } = (await asked.json()) as { request: { requestId: string } };
  const approved = await call(
    people.approver ?? 'supervisor',
    `/api/admin/account-requests/${request.requestId}/approve`,
  );
  if (approved.status !== 200)
    throw new Error(`approval refused: ${approved.status} ${await approved.text()}`);
  return (await approved.json()) as { user: { username: string; role: string }; temporaryPassword: string };
}
