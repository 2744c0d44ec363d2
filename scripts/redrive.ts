/**
 * `npm run redrive -- <routing|delivery|notifications|async-failures>`:
 *
 * - a topology queue: moves every message of its DLQ back to the queue;
 * - `async-failures`: re-invokes, asynchronously, every scheduled job run or inbound mail that failed all of
 *   Lambda's retries, with its original event (Lambda's invocation records), and deletes each record once its
 *   function accepted it. Fix the cause first: a second failure lands in the same queue again.
 *
 * Against `npm start` it talks to the local emulators (`SQS_PORT`, default 9324; `async-failures` runs the
 * function in this process, with `npm start`'s environment, as `npm run job` does). With `STAGE=dev|prod`,
 * `RESOURCE_PREFIX=prod-` and AWS credentials, to AWS (Lambda `Invoke` with `InvocationType: Event`).
 *
 * Exit codes: 0 done; 1 failed or records kept back; 2 bad usage or `npm start` not running.
 */
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createAsyncInvoker } from '../infra/local/async-invoke.ts';
import { localFunctionNamed } from '../infra/local/functions.ts';
import { functionNameOfArn, type InvocationRecord } from '../shared/ops/invocation-record.ts';
import {
  ASYNC_FAILURES,
  type RedriveTarget,
  redriveFailedInvocations,
  redriveQueue,
  redriveTargets,
} from '../shared/ops/redrive.ts';
import {
  asyncFailureQueuePhysicalName,
  deadLetterQueuePhysicalName,
  type QueueName,
  queuePhysicalName,
} from '../shared/topology.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export function parseQueueArgument(argv: readonly string[]): RedriveTarget {
  const [name] = argv[0] === '--' ? argv.slice(1) : argv;
  if (!name || !(redriveTargets as readonly string[]).includes(name)) {
    throw new Error(`usage: npm run redrive -- <${redriveTargets.join('|')}>`);
  }
  return name as RedriveTarget;
}

const isLocal = () => !process.env.STAGE || process.env.STAGE === 'local';

function sqsClient(): SQSClient {
  return new SQSClient(
    isLocal()
      ? {
          endpoint: process.env.AWS_ENDPOINT_URL_SQS ?? `http://localhost:${process.env.SQS_PORT ?? 9324}`,
          region: 'us-east-1',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          useQueueUrlAsEndpoint: false,
        }
      : {},
  );
}

async function redriveDeadLetters(client: SQSClient, queue: QueueName, prefix: string): Promise<number> {
  const [{ QueueUrl: to }, { QueueUrl: from }] = await Promise.all([
    client.send(new GetQueueUrlCommand({ QueueName: queuePhysicalName(prefix, queue) })),
    client.send(new GetQueueUrlCommand({ QueueName: deadLetterQueuePhysicalName(prefix, queue) })),
  ]);
  const moved = await redriveQueue(client, from!, to!);
  console.log(
    `moved ${moved} message(s) from ${deadLetterQueuePhysicalName(prefix, queue)} back to ${queuePhysicalName(prefix, queue)}`,
  );
  return 0;
}

async function redriveAsyncFailures(client: SQSClient, prefix: string): Promise<number> {
  let reinvoke: (record: InvocationRecord) => Promise<void>;
  let settle: () => Promise<void> = async () => undefined;
  let queueUrl: string;
  if (isLocal()) {
    // Loaded here only: the local path brings the runtime's modules, the cloud path needs none of them.
    const { adoptRuntimeEnvironment } = await import('../infra/local/adopt-environment.ts');
    const adopted = await adoptRuntimeEnvironment();
    queueUrl = adopted.asyncFailureQueueUrl;
    const invoker = createAsyncInvoker({ sqs: client, destinationUrl: queueUrl });
    reinvoke = async (record) => {
      const fn = localFunctionNamed(functionNameOfArn(record.requestContext.functionArn));
      if (!fn) throw new Error(`no local function for ${record.requestContext.functionArn}`);
      invoker.invoke(fn, record.requestPayload);
    };
    settle = invoker.settle;
  } else {
    const { InvokeCommand, LambdaClient } = await import('@aws-sdk/client-lambda');
    const lambda = new LambdaClient({});
    ({ QueueUrl: queueUrl } = (await client.send(
      new GetQueueUrlCommand({ QueueName: asyncFailureQueuePhysicalName(prefix) }),
    )) as { QueueUrl: string });
    reinvoke = async (record) => {
      await lambda.send(
        new InvokeCommand({
          FunctionName: record.requestContext.functionArn.replace(/:\$LATEST$/, ''),
          InvocationType: 'Event',
          Payload: JSON.stringify(record.requestPayload),
        }),
      );
    };
  }
  const result = await redriveFailedInvocations(client, queueUrl, reinvoke);
  await settle();
  console.log(
    `re-invoked ${result.reinvoked} failed invocation(s) from ${asyncFailureQueuePhysicalName(prefix)}` +
      (result.kept > 0
        ? `; ${result.kept} kept back (unreadable, or the function could not be invoked)`
        : ''),
  );
  return result.kept > 0 ? 1 : 0;
}

async function main(): Promise<number> {
  let target: RedriveTarget;
  try {
    target = parseQueueArgument(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const client = sqsClient();
  const prefix = process.env.RESOURCE_PREFIX ?? '';
  try {
    return target === ASYNC_FAILURES
      ? await redriveAsyncFailures(client, prefix)
      : await redriveDeadLetters(client, target, prefix);
  } catch (error) {
    const notRunning = (error as Error).constructor.name === 'NotRunning';
    console.error(`redrive failed: ${(error as Error).message}`);
    return notRunning ? 2 : 1;
  } finally {
    client.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main();
  // SDK clients may keep sockets alive; like a finished Lambda invocation, don't wait for them.
  setTimeout(() => process.exit(), 1_000).unref();
}
