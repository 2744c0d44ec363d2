import { join } from 'node:path';
import { startFauxqs } from 'fauxqs';
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local.ts';
import { assertPortFree } from './ports.ts';

/** DynamoDB Local (Java child process) and fauxqs (in-process SQS) for one machine. */

export interface Emulators {
  readonly dynamodbEndpoint: string;
  readonly sqsEndpoint: string;
  /** DynamoDB Local's process id (benchmarks read its CPU time). */
  readonly dynamodbPid: number | undefined;
  stopDynamoDb(): Promise<void>;
  stopSqs(): Promise<void>;
  stop(): Promise<void>;
}

export interface EmulatorOptions {
  readonly dynamodbPort: number;
  readonly sqsPort: number;
  /** Where DynamoDB Local keeps its files; in memory when absent (tests). */
  readonly dataDirectory?: string;
}

export async function startSqsEmulator(port: number) {
  // `host` is what fauxqs writes into queue URLs (`sqs.<region>.<host>:<port>`); an IP there makes URLs that
  // the SQS SDK cannot parse, so it must be a name. fauxqs itself always listens on all interfaces.
  return startFauxqs({ port, host: 'localhost', logger: false });
}

export async function startEmulators(options: EmulatorOptions): Promise<Emulators> {
  await assertPortFree(options.dynamodbPort, 'DynamoDB Local', 'DYNAMODB_PORT');
  await assertPortFree(options.sqsPort, 'SQS emulator', 'SQS_PORT');
  const dynamodb: DynamoDbLocal = await startDynamoDbLocal({
    port: options.dynamodbPort,
    ...(options.dataDirectory ? { dataDirectory: join(options.dataDirectory, 'dynamodb') } : {}),
  });
  let fauxqs: Awaited<ReturnType<typeof startSqsEmulator>>;
  try {
    fauxqs = await startSqsEmulator(options.sqsPort);
  } catch (error) {
    await dynamodb.stop();
    throw error;
  }
  let sqsStopped = false;
  const stopSqs = async () => {
    if (sqsStopped) return;
    sqsStopped = true;
    await fauxqs.stop();
  };
  return {
    dynamodbEndpoint: dynamodb.endpoint,
    sqsEndpoint: `http://localhost:${fauxqs.port}`,
    dynamodbPid: dynamodb.pid,
    stopDynamoDb: () => dynamodb.stop(),
    stopSqs,
    stop: async () => {
      await Promise.allSettled([stopSqs(), dynamodb.stop()]);
    },
  };
}
