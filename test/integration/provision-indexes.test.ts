import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';
import { freePort } from '../../infra/local/ports.ts';
import { mainTableDefinition, provisionTables } from '../../infra/local/provision.ts';
import { mainTableIndexes, tablePhysicalName } from '../../shared/topology.ts';

// A DynamoDB Local of its own, on disk like `npm start`'s data folder: index changes on the instance every
// other test file shares can wait minutes behind their traffic on a loaded machine.
const dataDirectory = mkdtempSync(join(tmpdir(), 'huiyin-provision-'));
let local: DynamoDbLocal;
let dynamodb: DynamoDBClient;

beforeAll(async () => {
  local = await startDynamoDbLocal({ port: await freePort(), dataDirectory });
  dynamodb = new DynamoDBClient({
    endpoint: local.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  dynamodb?.destroy();
  await local?.stop();
  rmSync(dataDirectory, { recursive: true, force: true });
});

describe('a data directory made with older indexes', () => {
  it('ends with exactly the topology’s indexes: the dropped one deleted, the added one created', async () => {
    const prefix = `p${randomBytes(4).toString('hex')}-`;
    const name = tablePhysicalName(prefix, 'main');
    const current = mainTableDefinition(name);
    const [added, ...kept] = current.GlobalSecondaryIndexes ?? [];
    // As an older release made it: one index the topology has since dropped, one it has since added missing.
    const dropped = {
      IndexName: 'GSI3',
      KeySchema: [
        { AttributeName: 'GSI3PK', KeyType: 'HASH' as const },
        { AttributeName: 'GSI3SK', KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'KEYS_ONLY' as const },
    };
    await dynamodb.send(
      new CreateTableCommand({
        ...current,
        // DynamoDB takes definitions only of attributes some key uses.
        AttributeDefinitions: [
          ...(current.AttributeDefinitions ?? []).filter(
            (attribute) => !added?.KeySchema?.some((key) => key.AttributeName === attribute.AttributeName),
          ),
          { AttributeName: 'GSI3PK', AttributeType: 'S' },
          { AttributeName: 'GSI3SK', AttributeType: 'S' },
        ],
        GlobalSecondaryIndexes: [...kept, dropped],
      }),
    );
    expect(added?.IndexName).toBeDefined();

    await provisionTables(dynamodb, prefix);

    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: name }));
    expect((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName).sort()).toEqual(
      mainTableIndexes.map((index) => index.name).sort(),
    );
    expect(Table?.GlobalSecondaryIndexes?.every((index) => index.IndexStatus === 'ACTIVE')).toBe(true);
    // Two index builds on a shared DynamoDB Local: minutes on a loaded machine, not the usual two.
  }, 400_000);
});
