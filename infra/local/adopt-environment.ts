import { resolve } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { resetEnvCache } from '../../shared/config/env.ts';
import {
  asyncFailureQueuePhysicalName,
  physicalTableNames,
  type QueueName,
  queueNames,
  queuePhysicalName,
} from '../../shared/topology.ts';
import { outboxTablePhysicalName, type ProvisionedQueue } from './provision.ts';
import { functionEnvironment, LOCAL_REGION } from './runtime.ts';
import { type RuntimeFile, readRuntimeFile } from './runtime-file.ts';
import { localSecrets } from './secrets.ts';
import { localSettingsSchema } from './settings.ts';

/**
 * For tools that run functions in their own process against a running `npm start` (`npm run job`, `npm run
 * redrive -- async-failures`): this process takes the very environment the local runtime gives its functions
 * (endpoints, resource prefix and public URL from `<DATA_DIR>/runtime.json`, the secrets kept in DATA_DIR), so
 * no ports or flags are repeated. It starts no second runtime: what the function commits reaches `npm start`'s
 * pollers as usual.
 */

const projectRoot = resolve(import.meta.dirname, '../..');
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** `npm start` is not running (or not with these settings): exit code 2 for the tools. */
export class NotRunning extends Error {}

/** The running stack of this DATA_DIR, from its runtime.json; a clear reason when there is none. */
export function locateRunningStack(dataDir: string, dataDirectory: string): RuntimeFile {
  const found = readRuntimeFile(dataDirectory);
  switch (found.kind) {
    case 'running':
      return found.file;
    case 'absent':
      throw new NotRunning(
        `no stack is running on ${dataDir}/ (no ${dataDir}/runtime.json): start one with \`npm start\`${dataDir === '.data' ? '' : ` (with DATA_DIR=${dataDir})`}`,
      );
    case 'stale':
      throw new NotRunning(
        `no stack is running on ${dataDir}/: ${dataDir}/runtime.json names pid ${found.file.pid}, which has ended (killed?); start one with \`npm start\``,
      );
    case 'invalid':
      throw new NotRunning(`${dataDir}/runtime.json is unreadable (${found.reason}); restart \`npm start\``);
  }
}

export interface AdoptedEnvironment {
  readonly sqsEndpoint: string;
  /** The on-failure destination of asynchronous invocations, as `npm start` provisioned it. */
  readonly asyncFailureQueueUrl: string;
}

export async function adoptRuntimeEnvironment(): Promise<AdoptedEnvironment> {
  const settings = localSettingsSchema.parse(process.env);
  const dataDirectory = resolve(projectRoot, settings.DATA_DIR);
  const stack = locateRunningStack(settings.DATA_DIR, dataDirectory);
  const { dynamodbEndpoint, sqsEndpoint, prefix } = stack;
  const tables = physicalTableNames(prefix);
  const dynamodb = new DynamoDBClient({ endpoint: dynamodbEndpoint, region: LOCAL_REGION, credentials });
  const sqs = new SQSClient({
    endpoint: sqsEndpoint,
    region: LOCAL_REGION,
    credentials,
    useQueueUrlAsEndpoint: false,
  });
  const queueUrl = (name: string) =>
    sqs.send(new GetQueueUrlCommand({ QueueName: name })).then(
      ({ QueueUrl }) => QueueUrl!,
      () => {
        throw new NotRunning(
          `the SQS emulator is not reachable at ${sqsEndpoint}, although ${settings.DATA_DIR}/runtime.json names pid ${stack.pid}: is that still \`npm start\`?`,
        );
      },
    );
  try {
    await dynamodb.send(new DescribeTableCommand({ TableName: tables.main })).catch(() => {
      throw new NotRunning(
        `DynamoDB Local with table ${tables.main} is not reachable at ${dynamodbEndpoint}, although ${settings.DATA_DIR}/runtime.json names pid ${stack.pid}: is that still \`npm start\`?`,
      );
    });
    const queues = {} as Record<QueueName, ProvisionedQueue>;
    for (const queue of queueNames) {
      // Functions only read the queue URLs from the environment; ARNs matter to pollers, which this has none of.
      queues[queue] = {
        url: await queueUrl(queuePhysicalName(prefix, queue)),
        arn: '',
        deadLetterUrl: '',
        deadLetterArn: '',
      };
    }
    const asyncFailureQueueUrl = await queueUrl(asyncFailureQueuePhysicalName(prefix));
    Object.assign(
      process.env,
      functionEnvironment(
        { dynamodbEndpoint, sqsEndpoint, outboxTable: outboxTablePhysicalName(prefix) },
        localSecrets(dataDirectory),
        tables,
        queues,
        // The stack's own public URL, so links in messages match the ones `npm start` sends.
        stack.url,
      ),
    );
    resetEnvCache();
    return { sqsEndpoint, asyncFailureQueueUrl };
  } finally {
    dynamodb.destroy();
    sqs.destroy();
  }
}
