import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { BATCH_WRITE_LIMIT, PK_SK } from '../../shared/adapters/dynamo/batch-put.ts';
import { isConditionFailure } from '../../shared/adapters/dynamo/condition-failure.ts';
import { ensureMoved, type ItemMove, type MoveTables, moveItems } from './move-items.ts';

/*
 * Items of the pipeline's own bookkeeping that later releases keep out of the main table (no stream there).
 */

/**
 * One ledger entry lands unless the idempotency table already says something newer about the same notice:
 * between a cloud stage's deployment and its move, the new release claims and sends there. A moved `sent`
 * replaces anything but `sent` (the notice did go out: a claim in progress then finds it sent, and a failure it
 * records no longer counts); any other moved status lands only where there is nothing yet, because what the
 * new release wrote there came after it.
 */
async function landLedgerEntry(
  client: DynamoDBDocumentClient,
  table: string,
  entry: Record<string, unknown>,
): Promise<void> {
  const sent = entry.status === 'sent';
  try {
    await client.send(
      new PutCommand({
        TableName: table,
        Item: entry,
        ...(sent
          ? {
              ConditionExpression: 'attribute_not_exists(id) OR #status <> :sent',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':sent': 'sent' },
            }
          : { ConditionExpression: 'attribute_not_exists(id)' }),
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/**
 * The notification ledger, out of the main table into the idempotency table, where it has lived since a
 * notice's claim stopped being a stream record both stream consumers read and skip (docs/data-model.md,
 * "Idempotency table"). An entry the main table kept as PK `NOTIFY#<id>`, SK `NOTIFY` becomes `id`
 * `NOTIFY#<id>`, its status, attempts and TTL unchanged. Moved, not dropped: a notice whose message is
 * delivered again after the upgrade must still find that it was sent.
 *
 * Literals on purpose: the move takes the layout as it was, which must not follow later store changes.
 */
export const notificationLedgerMove: ItemMove = {
  filter: 'begins_with(PK, :notify) AND SK = :notifySk',
  values: { ':notify': 'NOTIFY#', ':notifySk': 'NOTIFY' },
  toTarget: ({ PK, SK: _sk, ...rest }) => ({ id: PK, ...rest }),
  targetKey: ['id'],
  doneKey: { id: 'MIGRATION#NOTIFICATION_LEDGER_MOVED' },
  write: async (client, table, entries) => {
    // Conditional puts cannot be batched: 25 at a time, as many as one batched write would carry.
    for (let start = 0; start < entries.length; start += BATCH_WRITE_LIMIT)
      await Promise.all(
        entries.slice(start, start + BATCH_WRITE_LIMIT).map((entry) => landLedgerEntry(client, table, entry)),
      );
  },
};

/** Moves every ledger entry from `from` (main) to `to` (idempotency); returns how many were moved. */
export const moveNotificationLedger = (client: DynamoDBDocumentClient, tables: MoveTables) =>
  moveItems(client, notificationLedgerMove, tables);

/** Moves the ledger unless a finished move is on record in the idempotency table, then records it. */
export const ensureNotificationLedgerMoved = (
  client: DynamoDBDocumentClient,
  tables: MoveTables,
  now?: Date,
) => ensureMoved(client, notificationLedgerMove, tables, now);

/**
 * The pending markers (deliveries and notices handed to a queue and not yet done), out of the main table into
 * the pending table, keyed as before (`PENDING#delivery` / `PENDING#notice`, sorted by when they count as lost).
 * Moved, not dropped: a marker is how the sweep finds a message that was lost (docs/data-model.md, "Pending
 * markers").
 */
export const pendingMarkersMove: ItemMove = {
  filter: 'PK = :deliveries OR PK = :notices',
  values: { ':deliveries': 'PENDING#delivery', ':notices': 'PENDING#notice' },
  toTarget: (item) => item,
  targetKey: PK_SK,
  doneKey: { PK: 'MIGRATION', SK: 'PENDING_MARKERS_MOVED' },
};
