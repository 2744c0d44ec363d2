import { dynamoDocumentClient } from '../../adapters/aws-clients.ts';
import { DynamoTrackingGuard } from '../../adapters/dynamo/dynamo-tracking-guard.ts';
import { tableName } from '../../config/env.ts';
import type { TrackingGuard } from '../../ports/tracking-guard.ts';
import { once } from '../once.ts';

export const trackingGuard = /* @__PURE__ */ once<TrackingGuard>(
  () => new DynamoTrackingGuard({ client: dynamoDocumentClient(), tableName: tableName('idempotency') }),
);
