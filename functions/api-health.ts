import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { dynamoDocumentClient, sqs } from '../shared/adapters/aws-clients.ts';
import { queueUrl, tableName } from '../shared/config/env.ts';
import { publicHandler } from '../shared/http/public-handler.ts';
import { json } from '../shared/http/responses.ts';

/** Health answers quickly even when a dependency hangs: each probe has its own short deadline. */
const PROBE_TIMEOUT_MS = 2_000;

async function probe(check: () => Promise<unknown>): Promise<'ok' | 'down'> {
  const timeout = new Promise<'down'>((resolve) =>
    setTimeout(() => resolve('down'), PROBE_TIMEOUT_MS).unref(),
  );
  return Promise.race([
    check().then(
      () => 'ok' as const,
      () => 'down' as const,
    ),
    timeout,
  ]);
}

export const handler = publicHandler('read', async () => {
  const [dynamodb, queues] = await Promise.all([
    probe(() => dynamoDocumentClient().send(new DescribeTableCommand({ TableName: tableName('main') }))),
    probe(() =>
      sqs().send(
        new GetQueueAttributesCommand({ QueueUrl: queueUrl('routing'), AttributeNames: ['QueueArn'] }),
      ),
    ),
  ]);
  const healthy = dynamodb === 'ok' && queues === 'ok';
  return json(healthy ? 200 : 503, {
    status: healthy ? 'ok' : 'degraded',
    dependencies: { dynamodb, sqs: queues },
  });
});
