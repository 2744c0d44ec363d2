import { randomBytes } from 'node:crypto';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { mainTableDefinition, provisionTables } from '../../infra/local/provision.ts';
import { mainTableIndexes, tablePhysicalName } from '../../shared/topology.ts';

const dynamodb = new DynamoDBClient({
  endpoint: inject('dynamodbEndpoint'),
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
afterAll(() => dynamodb.destroy());

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
