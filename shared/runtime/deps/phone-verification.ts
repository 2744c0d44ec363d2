import { dynamoDocumentClient } from '../../adapters/aws-clients.ts';
import { DynamoPhoneVerificationStore } from '../../adapters/dynamo/dynamo-phone-verification-store.ts';
import { tableName } from '../../config/env.ts';
import type { PhoneVerificationStore } from '../../ports/phone-verification-store.ts';
import { once } from '../once.ts';

export const phoneVerificationStore = /* @__PURE__ */ once<PhoneVerificationStore>(
  () =>
    new DynamoPhoneVerificationStore({ client: dynamoDocumentClient(), tableName: tableName('idempotency') }),
);
