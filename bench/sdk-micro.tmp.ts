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

const ddb = await startDynamoDbLocal({ port: 18123 });
process.env.AWS_ACCESS_KEY_ID = 'x';
process.env.AWS_SECRET_ACCESS_KEY = 'x';
process.env.AWS_REGION = 'us-east-1';
const variant = process.argv[2] ?? 'default';
const agent = { keepAlive: true, maxSockets: 256 };
const base = new DynamoDBClient({
  endpoint: ddb.endpoint,
  maxAttempts: 2,
  requestHandler: {
    connectionTimeout: 2000,
    requestTimeout: 3000,
    throwOnRequestTimeout: true,
    httpAgent: agent,
    httpsAgent: agent,
  },
  ...(variant === 'cache' ? { cacheMiddleware: true } : {}),
  ...(variant === 'nosign'
    ? {
        signer: {
          sign: async (r: { headers: Record<string, string> }) => {
            r.headers.authorization =
              'AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=abc';
            return r;
          },
        } as never,
      }
    : {}),
});
const doc =
  variant === 'cache' || variant === 'raw'
    ? null
    : DynamoDBDocumentClient.from(base, { marshallOptions: { removeUndefinedValues: true } });
await base.send(
  new CreateTableCommand({
    TableName: 'tbl',
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
  }),
);
const item = (i: number) => ({ PK: `K${i}`, a: 'x'.repeat(200), b: { c: [1, 2, 3], d: 'hello' }, n: i });
async function round(n: number) {
  const conc = 8;
  let next = 0;
  await Promise.all(
    Array.from({ length: conc }, async () => {
      while (next < n) {
        const i = next++;
        if (!doc) {
          await base.send(new PutItemCommand({ TableName: 'tbl', Item: marshall(item(i)) }));
          await base.send(new GetItemCommand({ TableName: 'tbl', Key: marshall({ PK: `K${i}` }) }));
          await base.send(
            new UpdateItemCommand({
              TableName: 'tbl',
              Key: marshall({ PK: `K${i}` }),
              UpdateExpression: 'SET n = n + :one',
              ExpressionAttributeValues: marshall({ ':one': 1 }),
            }),
          );
        } else {
          await doc.send(new PutCommand({ TableName: 'tbl', Item: item(i) }));
          await doc.send(new GetCommand({ TableName: 'tbl', Key: { PK: `K${i}` } }));
          await doc.send(
            new UpdateCommand({
              TableName: 'tbl',
              Key: { PK: `K${i}` },
              UpdateExpression: 'SET n = n + :one',
              ExpressionAttributeValues: { ':one': 1 },
            }),
          );
        }
      }
    }),
  );
}
await round(3000);
for (let r = 0; r < 3; r++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await round(3000);
  const c = process.cpuUsage(c0);
  console.log(
    variant,
    'node cpu us/request',
    ((c.user + c.system) / 9000).toFixed(1),
    'wall ms',
    (performance.now() - t0).toFixed(0),
  );
}
await ddb.stop();
