import { dynamoDocumentClient } from '../shared/adapters/aws-clients.ts';
import { DynamoTeamReferralStore } from '../shared/adapters/dynamo/dynamo-team-referral-store.ts';
import { tableName } from '../shared/config/env.ts';
import { parseWith } from '../shared/http/body.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { catalog } from '../shared/runtime/deps/catalog.ts';
import { once } from '../shared/runtime/once.ts';
import { teamPathSchema, teamWork } from '../shared/use-cases/team-work.ts';

const referrals = once(
  () => new DynamoTeamReferralStore({ client: dynamoDocumentClient(), tableName: tableName('main') }),
);

/** `GET /api/staff/teams/{teamId}/referrals`: a service team's referred cases and its figures. */
export const handler = staffHandler(['handler', 'supervisor'], async (event) => {
  const { teamId } = parseWith(teamPathSchema, event.pathParameters ?? {});
  return json(200, await teamWork({ referrals: referrals(), catalog }, event.actor, teamId), {
    'cache-control': 'no-store',
  });
});
