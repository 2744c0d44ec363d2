import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { resetEnvCache } from '../../shared/config/env.ts';
import {
  asyncFailureQueuePhysicalName,
  type QueueName,
  queueNames,
  queuePhysicalName,
  tablePhysicalName,
} from '../../shared/topology.ts';
import type { ProvisionedQueue } from './provision.ts';
import { functionEnvironment, LOCAL_REGION } from './runtime.ts';
import { localSecrets } from './secrets.ts';
import { localSettingsSchema } from './settings.ts';

/**
 * For tools that run functions in their own process against a running `npm start` (`npm run job`, `npm run
 * redrive -- async-failures`): this process takes the very environment the local runtime gives its functions
 * (endpoints from DYNAMODB_PORT / SQS_PORT, names with RESOURCE_PREFIX, the secrets kept in DATA_DIR). It
 * starts no second runtime: what the function commits reaches `npm start`'s pollers as usual.
 */

const projectRoot = resolve(import.meta.dirname, '../..');
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** `npm start` is not running (or not with these settings): exit code 2 for the tools. */
export class NotRunning extends Error {}

export interface AdoptedEnvironment {
  readonly sqsEndpoint: string;
  /** The on-failure destination of asynchronous invocations, as `npm start` provisioned it. */
  readonly asyncFailureQueueUrl: string;
}

export async function adoptRuntimeEnvironment(): Promise<AdoptedEnvironment> {
  const settings = localSettingsSchema.parse(process.env);
  const dataDirectory = resolve(projectRoot, settings.DATA_DIR);
  if (!existsSync(resolve(dataDirectory, 'secrets.json')))
    throw new NotRunning(`no ${settings.DATA_DIR}/secrets.json: start the system with \`npm start\` first`);
  const dynamodbEndpoint = `http://127.0.0.1:${settings.DYNAMODB_PORT}`;
  const sqsEndpoint = `http://localhost:${settings.SQS_PORT}`;
  const prefix = settings.RESOURCE_PREFIX;
  const tables = {
    main: tablePhysicalName(prefix, 'main'),
    idempotency: tablePhysicalName(prefix, 'idempotency'),
  };
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
          `the SQS emulator is not reachable at ${sqsEndpoint}: is \`npm start\` running?`,
        );
      },
    );
  try {
    await dynamodb.send(new DescribeTableCommand({ TableName: tables.main })).catch(() => {
      throw new NotRunning(
        `DynamoDB Local with table ${tables.main} is not reachable at ${dynamodbEndpoint}: is \`npm start\` running?`,
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
    // As infra/local/runtime.ts builds it, so links in messages match the ones `npm start` sends.
    const host = settings.HOST === '0.0.0.0' ? 'localhost' : settings.HOST;
    Object.assign(
      process.env,
      functionEnvironment(
        { dynamodbEndpoint, sqsEndpoint },
        localSecrets(dataDirectory),
        tables,
        queues,
        `http://${host}:${settings.PORT}`,
      ),
    );
    resetEnvCache();
    return { sqsEndpoint, asyncFailureQueueUrl };
  } finally {
    dynamodb.destroy();
    sqs.destroy();
  }
}
