import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type {
  PendingDelivery,
  PendingDeliveryKey,
  PendingDeliveryStore,
} from '../../ports/pending-deliveries.ts';
import type { PendingNotice, PendingNoticeStore } from '../../ports/pending-notices.ts';
import { DynamoPendingMarkers } from './dynamo-pending-markers.ts';
import { PENDING_DELIVERY_PK, PENDING_NOTICE_PK, pendingDeliveryKey, pendingNoticeKey } from './keys.ts';

type Options = { client: DynamoDBDocumentClient; tableName: string };

/** Assignments not yet delivered (the delivery consumer removes them). */
export class DynamoPendingDeliveries
  extends DynamoPendingMarkers<PendingDelivery, PendingDeliveryKey>
  implements PendingDeliveryStore
{
  constructor(options: Options) {
    super(options, {
      partition: PENDING_DELIVERY_PK,
      entity: 'pendingDelivery',
      key: (marker) => pendingDeliveryKey(marker.dueAt, marker.caseId, marker.version),
      read: (item) => ({
        caseId: item.caseId as string,
        version: item.version as number,
        unitId: item.unitId as string,
        dueAt: item.dueAt as string,
      }),
    });
  }
}

/** Notices not yet sent (the notifier removes them). */
export class DynamoPendingNotices extends DynamoPendingMarkers<PendingNotice> implements PendingNoticeStore {
  constructor(options: Options) {
    super(options, {
      partition: PENDING_NOTICE_PK,
      entity: 'pendingNotice',
      key: (marker) => pendingNoticeKey(marker.dueAt, marker),
      read: (item) => ({
        caseId: item.caseId as string,
        version: item.version as number,
        template: item.template as PendingNotice['template'],
        audience: item.audience as PendingNotice['audience'],
        dueAt: item.dueAt as string,
      }),
    });
  }
}
