import { dynamoDocumentClient } from '../../adapters/aws-clients.ts';
import { DynamoMetricsStore } from '../../adapters/dynamo/dynamo-metrics-store.ts';
import { tableName } from '../../config/env.ts';
import type { MetricsStore } from '../../ports/metrics-store.ts';
import { once } from '../once.ts';

export const metricsStore = /* @__PURE__ */ once<MetricsStore>(
  () =>
    new DynamoMetricsStore({
      client: dynamoDocumentClient(),
      tableName: tableName('main'),
      factsTableName: tableName('facts'),
    }),
);
