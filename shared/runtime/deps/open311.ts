import { dynamoDocumentClient } from '../../adapters/aws-clients.ts';
import { DynamoOpen311Store } from '../../adapters/dynamo/dynamo-open311-store.ts';
import { tableName } from '../../config/env.ts';
import type { Open311Store } from '../../ports/open311-store.ts';
import { once } from '../once.ts';

export const open311Store = /* @__PURE__ */ once<Open311Store>(
  () => new DynamoOpen311Store({ client: dynamoDocumentClient(), tableName: tableName('main') }),
);
