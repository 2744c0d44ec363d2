import { dynamoDocumentClient } from '../../adapters/aws-clients.ts';
import { DynamoDeliveryStore } from '../../adapters/dynamo/dynamo-delivery-store.ts';
import {
  DynamoPendingDeliveries,
  DynamoPendingNotices,
} from '../../adapters/dynamo/dynamo-pending-deliveries.ts';
import { tableName } from '../../config/env.ts';
import { once } from '../once.ts';

// Markers live in the pending table (no stream); delivery records stay with their case in the main table.
export const pendingDeliveries = /* @__PURE__ */ once(
  () => new DynamoPendingDeliveries({ client: dynamoDocumentClient(), tableName: tableName('pending') }),
);
export const deliveryRecords = /* @__PURE__ */ once(
  () => new DynamoDeliveryStore({ client: dynamoDocumentClient(), tableName: tableName('main') }),
);

export const pendingNotices = /* @__PURE__ */ once(
  () => new DynamoPendingNotices({ client: dynamoDocumentClient(), tableName: tableName('pending') }),
);
