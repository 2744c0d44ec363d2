/**
 * How much of this process's CPU one DynamoDB request costs in the AWS SDK, apart from the pipeline: Put, Get
 * and Update of one small item, 8 requests in flight, against a DynamoDB Local of its own, measured with
 * `process.cpuUsage()` over three rounds of 9,000 requests after one round of warm-up. Not part of
 * `npm run bench` (docs/benchmarks.md, "Report facts in two-second batches…"):
 *
 *   node --import tsx bench/sdk-request-cpu.ts [document|unsigned|plain|plain-cached]
 *
 * - `document`: the DocumentClient as the adapters use it (the default);
 * - `unsigned`: the same with SigV4 signing replaced by a fixed header (DynamoDB Local checks none);
 * - `plain`: the plain client, items marshalled by hand;
 * - `plain-cached`: the same with `cacheMiddleware`, which the DocumentClient refuses.
 */
import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { startDynamoDbLocal } from '../infra/local/dynamodb-local.ts';
import { freePort } from '../infra/local/ports.ts';

const variants = ['document', 'unsigned', 'plain', 'plain-cached'] as const;
const variant = (process.argv[2] ?? 'document') as (typeof variants)[number];
if (!variants.includes(variant)) throw new Error(`variant: one of ${variants.join(', ')}`);

const TABLE = 'sdk-request-cpu';
const IN_FLIGHT = 8;
const ITEMS_PER_ROUND = 3_000;
const REQUESTS_PER_ITEM = 3;

const ddb = await startDynamoDbLocal({ port: await freePort() });
const agent = { keepAlive: true, maxSockets: 256 };
const client = new DynamoDBClient({
  endpoint: ddb.endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  maxAttempts: 2,
  requestHandler: { connectionTimeout: 2_000, requestTimeout: 3_000, httpAgent: agent, httpsAgent: agent },
  ...(variant === 'plain-cached' ? { cacheMiddleware: true } : {}),
  ...(variant === 'unsigned'
    ? {
        signer: {
          sign: async (request: { headers: Record<string, string> }) => {
            request.headers.authorization =
              'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0';
            return request;
          },
        } as never,
      }
    : {}),
});
const document = variant.startsWith('plain')
  ? undefined
  : DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

await client.send(
  new CreateTableCommand({
    TableName: TABLE,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
  }),
);

const item = (index: number) => ({
  PK: `K${index}`,
  text: 'x'.repeat(200),
  nested: { list: [1, 2, 3] },
  n: index,
});
const increment = { UpdateExpression: 'SET n = n + :one' } as const;

async function writeReadUpdate(index: number): Promise<void> {
  const key = { PK: `K${index}` };
  if (document) {
    await document.send(new PutCommand({ TableName: TABLE, Item: item(index) }));
    await document.send(new GetCommand({ TableName: TABLE, Key: key }));
    await document.send(
      new UpdateCommand({
        TableName: TABLE,
        Key: key,
        ...increment,
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
    return;
  }
  await client.send(new PutItemCommand({ TableName: TABLE, Item: marshall(item(index)) }));
  await client.send(new GetItemCommand({ TableName: TABLE, Key: marshall(key) }));
  await client.send(
    new UpdateItemCommand({
      TableName: TABLE,
      Key: marshall(key),
      ...increment,
      ExpressionAttributeValues: marshall({ ':one': 1 }),
    }),
  );
}

async function round(): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < ITEMS_PER_ROUND) await writeReadUpdate(next++);
    }),
  );
}

try {
  await round(); // warm-up: V8 and DynamoDB Local's JIT
  for (let run = 1; run <= 3; run++) {
    const before = process.cpuUsage();
    await round();
    const used = process.cpuUsage(before);
    const perRequest = (used.user + used.system) / (ITEMS_PER_ROUND * REQUESTS_PER_ITEM);
    console.log(`${variant} round ${run}: ${perRequest.toFixed(0)} µs of this process's CPU per request`);
  }
} finally {
  client.destroy();
  await ddb.stop();
}
