import { dynamoDocumentClient } from '../../adapters/aws-clients.ts';
import {
  DynamoHelpMailboxStore,
  DynamoReadFailureCounter,
} from '../../adapters/dynamo/dynamo-help-mailbox-store.ts';
import { tableName } from '../../config/env.ts';
import type { HelpMailboxStore, ReadFailureCounter } from '../../ports/help-mailbox-store.ts';
import { once } from '../once.ts';

export const helpMailboxStore = /* @__PURE__ */ once<HelpMailboxStore>(
  () => new DynamoHelpMailboxStore({ client: dynamoDocumentClient(), tableName: tableName('main') }),
);

/** Failed reads per letter code, beside the rate-limit counters (TTL). */
export const readFailureCounter = /* @__PURE__ */ once<ReadFailureCounter>(
  () => new DynamoReadFailureCounter({ client: dynamoDocumentClient(), tableName: tableName('idempotency') }),
);
