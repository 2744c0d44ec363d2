import { randomBytes } from 'node:crypto';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, inject } from 'vitest';
import { mainTableDefinition } from '../../infra/local/provision.ts';
import { tablePhysicalName } from '../../shared/topology.ts';

/**
 * For tests of the upgrade path: tables as an older release left them, in the test run's DynamoDB Local, and
 * a look at what provisioning made of them.
 */
export function testDynamoDb() {
  const dynamodb = new DynamoDBClient({
    endpoint: inject('dynamodbEndpoint'),
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  afterAll(() => dynamodb.destroy());
  return { dynamodb, document: DynamoDBDocumentClient.from(dynamodb) };
}

/** A stage prefix of its own for each test, so each provisions fresh tables. */
export const freshPrefix = (letter: string) => `${letter}${randomBytes(4).toString('hex')}-`;

/** Puts `items` into `table` in one BatchWriteItem (at most 25). */
export async function putItems(
  document: DynamoDBDocumentClient,
  table: string,
  items: readonly Record<string, unknown>[],
): Promise<void> {
  await document.send(
    new BatchWriteCommand({ RequestItems: { [table]: items.map((Item) => ({ PutRequest: { Item } })) } }),
  );
}

/** The main table of stage `prefix` as an older release left it, holding `items`; returns its name. */
export async function olderMainTable(
  clients: ReturnType<typeof testDynamoDb>,
  prefix: string,
  items: readonly Record<string, unknown>[],
): Promise<string> {
  const main = tablePhysicalName(prefix, 'main');
  await clients.dynamodb.send(new CreateTableCommand(mainTableDefinition(main)));
  await putItems(clients.document, main, items);
  return main;
}

/** Every item of a small table. */
export async function scanItems(
  document: DynamoDBDocumentClient,
  table: string,
): Promise<Record<string, unknown>[]> {
  return (await document.send(new ScanCommand({ TableName: table, ConsistentRead: true }))).Items ?? [];
}

/** `PK SK` of each item, sorted. */
export const keysOf = (items: readonly Record<string, unknown>[]) =>
  items.map(({ PK, SK }) => `${PK} ${SK}`).sort();

export async function hasStream(dynamodb: DynamoDBClient, table: string): Promise<boolean> {
  const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: table }));
  return Table?.StreamSpecification?.StreamEnabled ?? false;
}
