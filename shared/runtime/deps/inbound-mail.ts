import { dynamoDocumentClient } from '../../adapters/aws-clients.ts';
import { DynamoInboundMailStore } from '../../adapters/dynamo/dynamo-inbound-mail-store.ts';
import { cursorSecret, tableName } from '../../config/env.ts';
import type { InboundMailStore } from '../../ports/inbound-mail-store.ts';
import { once } from '../once.ts';

/** Outcomes and quarantine of inbound mail (its own file: the quarantine list never loads the parser). */
export const inboundMailStore = /* @__PURE__ */ once<InboundMailStore>(
  () =>
    new DynamoInboundMailStore({
      client: dynamoDocumentClient(),
      tableName: tableName('main'),
      // Read when a list pages, not here: functions that never page hold no cursor secret.
      cursorSecret,
    }),
);
