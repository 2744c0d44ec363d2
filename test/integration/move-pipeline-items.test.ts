import { describe, expect, it } from 'vitest';
import { provisionOutboxTable, provisionTables } from '../../infra/local/provision.ts';
import { moveNotificationLedger } from '../../infra/migrations/move-pipeline-items.ts';
import { DynamoNotificationLedger } from '../../shared/adapters/dynamo/dynamo-notification-ledger.ts';
import { DynamoPendingNotices } from '../../shared/adapters/dynamo/dynamo-pending-deliveries.ts';
import { readOutbox } from '../../shared/adapters/notify/outbox-transport.ts';
import {
  freshPrefix,
  hasStream,
  keysOf,
  olderMainTable,
  putItems,
  scanItems,
  testDynamoDb,
} from '../support/older-release-tables.ts';

const clients = testDynamoDb();
const { dynamodb, document } = clients;

const scan = (table: string) => scanItems(document, table);

const sentId = '01CASEA:2:registered:sms:1a2b3c4d5e6f7a8b';
const sendingId = '01CASEA:3:assigned:console:9f8e7d6c5b4a3921';
// Ledger entries as an older release kept them in the main table, and main-table items that look close.
const ledgerItems = [
  {
    PK: `NOTIFY#${sentId}`,
    SK: 'NOTIFY',
    entity: 'notification',
    status: 'sent',
    claimedAt: '2026-11-02T01:00:00.000Z',
    sentAt: '2026-11-02T01:00:01.000Z',
    expiresAt: 1_800_000_000,
  },
  {
    PK: `NOTIFY#${sendingId}`,
    SK: 'NOTIFY',
    entity: 'notification',
    status: 'retrying',
    lastError: 'Throttling',
    failures: 1,
    claimedAt: '2026-11-02T01:00:00.000Z',
    expiresAt: 1_800_000_000,
  },
];
const mainItems = [
  { PK: 'CASE#01CASEA', SK: 'CASE', entity: 'case' },
  { PK: 'NOTICES#unit-1', SK: '2026-11-02T01:00:00.000Z#n1', entity: 'notice' },
  { PK: 'NOTIFY#elsewhere', SK: 'OTHER', entity: 'other' },
];

describe('a data directory made while the notification ledger was in the main table', () => {
  it('has every ledger entry moved to the idempotency table on the first start, unchanged but for its key', async () => {
    const prefix = freshPrefix('l');
    await olderMainTable(clients, prefix, [...ledgerItems, ...mainItems]);

    const tables = await provisionTables(dynamodb, prefix);

    expect(keysOf(await scan(tables.main))).toEqual(keysOf(mainItems));
    const moved = await scan(tables.idempotency);
    expect(moved.map((item) => item.id).sort()).toEqual(
      [`NOTIFY#${sendingId}`, `NOTIFY#${sentId}`, 'MIGRATION#NOTIFICATION_LEDGER_MOVED'].sort(),
    );
    for (const { PK, SK: _sk, ...rest } of ledgerItems)
      expect(moved.find((item) => item.id === PK)).toEqual({ id: PK, ...rest });
  });

  it('a notice sent before the upgrade is not sent again after it; one being retried may still be sent', async () => {
    const prefix = freshPrefix('l');
    await olderMainTable(clients, prefix, ledgerItems);
    const tables = await provisionTables(dynamodb, prefix);
    const ledger = new DynamoNotificationLedger({ client: document, tableName: tables.idempotency });
    const now = new Date('2026-11-02T02:00:00.000Z');

    expect(await ledger.claim(sentId, now)).toBe('sent');
    expect(await ledger.claim(sendingId, now)).toBe('claimed');
    expect(await ledger.claim(sendingId, now)).toBe('in-progress');
  });

  it('leaves what the new release wrote meanwhile, unless the older entry says the notice was sent', async () => {
    const tables = await provisionTables(dynamodb, freshPrefix('l'));
    const newerId = '01CASEB:2:registered:sms:0a1b2c3d4e5f6a7b';
    const claimedId = '01CASEB:3:assignedNotice:sms:7a6b5c4d3e2f1a0b';
    const older = [
      // Sent by the older release; the new one has claimed it since (a message delivered again).
      { ...ledgerItems[0]!, PK: `NOTIFY#${claimedId}` },
      // Being retried by the older release; the new one has sent it since.
      { ...ledgerItems[1]!, PK: `NOTIFY#${newerId}` },
    ];
    await putItems(document, tables.main, older);
    const newer = [
      { id: `NOTIFY#${newerId}`, entity: 'notification', status: 'sent', sentAt: '2026-11-02T03:00:00.000Z' },
      {
        id: `NOTIFY#${claimedId}`,
        entity: 'notification',
        status: 'sending',
        claimedAt: '2026-11-02T03:00:00.000Z',
      },
    ];
    await putItems(document, tables.idempotency, newer);

    expect(await moveNotificationLedger(document, { from: tables.main, to: tables.idempotency })).toBe(2);

    const landed = await scan(tables.idempotency);
    expect(landed.find((item) => item.id === `NOTIFY#${newerId}`)).toEqual(newer[0]);
    const { PK, SK: _sk, ...sentBefore } = older[0]!;
    expect(landed.find((item) => item.id === `NOTIFY#${claimedId}`)).toEqual({ id: PK, ...sentBefore });
    const ledger = new DynamoNotificationLedger({ client: document, tableName: tables.idempotency });
    const now = new Date('2026-11-02T04:00:00.000Z');
    // Neither notice goes out again.
    expect(await ledger.claim(newerId, now)).toBe('sent');
    expect(await ledger.claim(claimedId, now)).toBe('sent');
  });

  it('a move run again finds nothing more to move', async () => {
    const tables = await provisionTables(dynamodb, freshPrefix('l'));
    await putItems(document, tables.main, ledgerItems);
    const move = { from: tables.main, to: tables.idempotency };
    expect(await moveNotificationLedger(document, move)).toBe(ledgerItems.length);
    expect(await moveNotificationLedger(document, move)).toBe(0);
    expect(await scan(tables.main)).toEqual([]);
  });
});

// Markers as an older release kept them in the main table (keys unchanged by the move), and a look-alike.
const markerItems = [
  {
    PK: 'PENDING#notice',
    SK: '2026-11-02T01:05:00.000Z#01CASEA#000002#registered#petitioner',
    entity: 'pendingNotice',
    caseId: '01CASEA',
    version: 2,
    template: 'registered',
    audience: 'petitioner',
    dueAt: '2026-11-02T01:05:00.000Z',
    expiresAt: 1_800_000_000,
  },
  {
    PK: 'PENDING#delivery',
    SK: '2026-11-02T01:10:00.000Z#01CASEA#000003',
    entity: 'pendingDelivery',
    caseId: '01CASEA',
    version: 3,
    dueAt: '2026-11-02T01:10:00.000Z',
    expiresAt: 1_800_000_000,
  },
];
const markerLookAlike = { PK: 'PENDING#other', SK: 'x', entity: 'other' };

describe('a data directory made while the pending markers were in the main table', () => {
  it('has them moved to the pending table on the first start, where the sweep finds them; nothing else moves', async () => {
    const prefix = freshPrefix('p');
    await olderMainTable(clients, prefix, [...markerItems, markerLookAlike]);

    const tables = await provisionTables(dynamodb, prefix);

    expect(keysOf(await scan(tables.main))).toEqual(keysOf([markerLookAlike]));
    expect(keysOf(await scan(tables.pending))).toEqual(
      keysOf([...markerItems, { PK: 'MIGRATION', SK: 'PENDING_MARKERS_MOVED' }]),
    );
    const notices = new DynamoPendingNotices({ client: document, tableName: tables.pending });
    expect(await notices.due(new Date('2026-11-02T02:00:00.000Z'), 10)).toEqual([
      {
        caseId: '01CASEA',
        version: 2,
        template: 'registered',
        audience: 'petitioner',
        dueAt: '2026-11-02T01:05:00.000Z',
      },
    ]);
    // No stream: a marker's put and delete are not work for the stream consumers.
    expect(await hasStream(dynamodb, tables.pending)).toBe(false);
  });
});

describe('a data directory made while the local outbox was in the main table', () => {
  it('has its outbox moved to the outbox table at the next start, so the outbox page still shows it', async () => {
    const prefix = freshPrefix('o');
    const sent = {
      PK: 'OUTBOX',
      SK: '2026-11-02T01:00:00.000Z#01CASEA:2:registered:sms:1a2b',
      entity: 'outbox',
      at: '2026-11-02T01:00:00.000Z',
      id: '01CASEA:2:registered:sms:1a2b',
      channel: 'sms',
      to: '13800000010',
      body: '您的诉求已登记',
      template: 'registered',
    };
    const main = await olderMainTable(clients, prefix, [sent]);

    await provisionTables(dynamodb, prefix);
    const outboxTable = await provisionOutboxTable(dynamodb, prefix);

    expect(await scan(main)).toEqual([]);
    const { PK: _pk, SK: _sk, entity: _entity, ...entry } = sent;
    expect(await readOutbox(document, outboxTable)).toEqual([entry]);
    expect(await hasStream(dynamodb, outboxTable)).toBe(false);
  });
});
