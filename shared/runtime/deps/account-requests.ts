import { dynamoDocumentClient } from '../../adapters/aws-clients.ts';
import { DynamoAccountRequestStore } from '../../adapters/dynamo/dynamo-account-requests.ts';
import { tableName } from '../../config/env.ts';
import { once } from '../once.ts';

/** Account changes waiting for a second person, and their audit (main table). */
export const accountRequestStore = /* @__PURE__ */ once(
  () => new DynamoAccountRequestStore({ client: dynamoDocumentClient(), tableName: tableName('main') }),
);
