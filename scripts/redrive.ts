/**
 * `npm run redrive -- <queue>`: moves every message of a queue's DLQ back to the queue (routing, delivery,
 * notifications). Against `npm start` it talks to the local SQS emulator (`SQS_PORT`, default 9324); with
 * `AWS_ENDPOINT_URL_SQS` unset and AWS credentials present (`STAGE=prod`, `RESOURCE_PREFIX=prod-`), to AWS.
 */
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { redriveQueue } from '../shared/ops/redrive.ts';
import {
  deadLetterQueuePhysicalName,
  type QueueName,
  queueNames,
  queuePhysicalName,
} from '../shared/topology.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export function parseQueueArgument(argv: readonly string[]): QueueName {
  const [name] = argv;
  if (!name || !(queueNames as readonly string[]).includes(name)) {
    throw new Error(`usage: npm run redrive -- <${queueNames.join('|')}>`);
  }
  return name as QueueName;
}

async function main(): Promise<number> {
  let queue: QueueName;
  try {
    queue = parseQueueArgument(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const local = !process.env.STAGE || process.env.STAGE === 'local';
  const client = new SQSClient(
    local
      ? {
          endpoint: process.env.AWS_ENDPOINT_URL_SQS ?? `http://localhost:${process.env.SQS_PORT ?? 9324}`,
          region: 'us-east-1',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          useQueueUrlAsEndpoint: false,
        }
      : {},
  );
  const prefix = process.env.RESOURCE_PREFIX ?? '';
  try {
    const [{ QueueUrl: to }, { QueueUrl: from }] = await Promise.all([
      client.send(new GetQueueUrlCommand({ QueueName: queuePhysicalName(prefix, queue) })),
      client.send(new GetQueueUrlCommand({ QueueName: deadLetterQueuePhysicalName(prefix, queue) })),
    ]);
    const moved = await redriveQueue(client, from!, to!);
    console.log(
      `moved ${moved} message(s) from ${deadLetterQueuePhysicalName(prefix, queue)} back to ${queuePhysicalName(prefix, queue)}`,
    );
    return 0;
  } catch (error) {
    console.error(`redrive failed: ${(error as Error).message}`);
    return 1;
  } finally {
    client.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main();
