import { dynamoDocumentClient } from '../../adapters/aws-clients.ts';
import { cachedLoader } from '../../adapters/dynamo/dynamo-catalog-store.ts';
import { DynamoStaffRecords } from '../../adapters/dynamo/dynamo-staff-records.ts';
import { StaffRecordCache } from '../../auth/staff-record-cache.ts';
import { staffStatusCacheSeconds, tableName } from '../../config/env.ts';
import type { StaffUser } from '../../domain/users/model.ts';
import { once } from '../once.ts';

/** Staff records: every staff request reads its caller's through the cache. */

export const staffRecords = /* @__PURE__ */ once(
  () => new DynamoStaffRecords({ client: dynamoDocumentClient(), tableName: tableName('main') }),
);

/** One cache per warm function: a record is trusted for `STAFF_STATUS_CACHE_SECONDS` (≤ 300 s). */
export const staffRecordCache = /* @__PURE__ */ once(
  () =>
    new StaffRecordCache({
      load: (subject) => staffRecords().get(subject),
      ttlMs: staffStatusCacheSeconds() * 1000,
    }),
);

const staffLoader = /* @__PURE__ */ once(() => cachedLoader(() => staffRecords().list()));
/** All staff records (names for the case record, e-mail addresses for notices), reloaded every 30 s. */
export const staffUsers = (): Promise<StaffUser[]> => staffLoader()();
