import { dynamoDocumentClient } from '../../adapters/aws-clients.ts';
import { DynamoReceptionStore } from '../../adapters/dynamo/dynamo-reception-store.ts';
import { tableName } from '../../config/env.ts';
import type { ReceptionStore } from '../../ports/reception-store.ts';
import { once } from '../once.ts';

export const receptionStore = /* @__PURE__ */ once<ReceptionStore>(
  () => new DynamoReceptionStore({ client: dynamoDocumentClient(), tableName: tableName('main') }),
);
