import { dynamoDocumentClient } from '../../adapters/aws-clients.ts';
import { DynamoCaseStore } from '../../adapters/dynamo/dynamo-case-store.ts';
import { cursorSecret, tableName } from '../../config/env.ts';
import type { CaseStore } from '../../ports/case-store.ts';
import { once } from '../once.ts';

export const caseStore = /* @__PURE__ */ once<CaseStore>(
  () =>
    new DynamoCaseStore({
      client: dynamoDocumentClient(),
      tableName: tableName('main'),
      idempotencyTableName: () => tableName('idempotency'),
      // Read when a list pages, not here: functions that never page hold no cursor secret.
      cursorSecret,
    }),
);
