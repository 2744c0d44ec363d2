import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { S3Client } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoCalendarStore } from '../../shared/adapters/dynamo/dynamo-calendar-store.ts';
import { DynamoCaseStore } from '../../shared/adapters/dynamo/dynamo-case-store.ts';
import { DynamoCatalogStore } from '../../shared/adapters/dynamo/dynamo-catalog-store.ts';
import { DynamoReceptionStore } from '../../shared/adapters/dynamo/dynamo-reception-store.ts';
import { DynamoReplyTemplateStore } from '../../shared/adapters/dynamo/dynamo-reply-template-store.ts';
import { resetEnvCache } from '../../shared/config/env.ts';
import { loadWorkCalendar } from '../../shared/runtime/deps/calendar.ts';
import { segmenter } from '../../shared/runtime/deps/segmenter.ts';
import { demoCounty } from '../../shared/seed/demo-county.ts';
import { demoReplyTemplates } from '../../shared/seed/demo-reply-templates.ts';
import {
  type BucketName,
  bucketEnvName,
  bucketNames,
  bucketPhysicalName,
  eventSources,
  inboundMail,
  type QueueName,
  queueNames,
  queues as queueSettings,
  queueUrlEnvName,
  schedules,
  secretNames,
  secretValueEnvName,
  type TableName,
  tableEnvName,
  tableNames,
} from '../../shared/topology.ts';
import { publishUpcomingReceptionDays } from '../../shared/use-cases/reception.ts';
import { stageThrottle, type ThrottleSettings } from '../cdk/stage-settings.ts';
import { type AsyncInvoker, createAsyncInvoker } from './async-invoke.ts';
import {
  defaultForegroundGate,
  type ForegroundGate,
  type ForegroundGateOptions,
  foregroundGate,
} from './foreground.ts';
import { type Gateway, type LocalRoute, startGateway } from './gateway.ts';
import {
  createLocalIdentityProvider,
  DEMO_TOTP_SECRET,
  demoUsers,
  type TokenClaimChanges,
} from './identity-provider.ts';
import { outboxRoute } from './outbox-page.ts';
import { fileCheckpoints } from './pollers/file-checkpoints.ts';
import { type Poller, startSqsPoller } from './pollers/sqs-poller.ts';
import { memoryCheckpoints, type StreamPoller, startStreamPoller } from './pollers/stream-poller.ts';
import {
  type ProvisionedQueue,
  provisionAsyncFailureQueue,
  provisionBuckets,
  provisionOutboxTable,
  provisionQueues,
  provisionTables,
} from './provision.ts';
import { S3_PROXY_PREFIX, s3ProxyRoute } from './s3-proxy.ts';
import { type Scheduler, startScheduler } from './scheduler.ts';
import { type LocalSecrets, localSecrets, secretValues } from './secrets.ts';
import { waitUntilSettled } from './settle.ts';
import { type SmtpListener, startSmtpListener } from './smtp-listener.ts';
import { totpRoute } from './totp-page.ts';

/**
 * The local runtime on top of running emulators: provisions tables and queues from the topology, sets the
 * functions' environment exactly as the CDK app does, and mounts the gateway, pollers and cron.
 */

export interface RuntimeOptions {
  readonly dynamodbEndpoint: string;
  readonly sqsEndpoint: string;
  /** Resource name prefix: keeps parallel test files and side-by-side copies apart. */
  readonly prefix: string;
  readonly port: number;
  readonly host?: string;
  readonly staticRoot: string;
  /** Stream checkpoints on disk (npm start) or in memory (tests). */
  readonly dataDirectory?: string;
  readonly seedDemoCounty?: boolean;
  /**
   * 公示 on start: generate and publish the current and the next month's reception days of every studio
   * (idempotent; the daily `reception-roster` job does the same). `npm start` turns it on.
   */
  readonly publishReceptionDays?: boolean;
  readonly runSchedules?: boolean;
  readonly localRoutes?: readonly LocalRoute[];
  readonly log?: (line: string) => void;
  /** Tests only: shorter queue visibility timeouts so retries and DLQ moves happen within seconds. */
  readonly visibilityTimeoutSeconds?: number;
  /** Fault injection (tests): every queue and stream batch is handed to its function twice. */
  readonly deliverTwice?: boolean;
  /** Benchmarks only: no queue or stream pollers, so bulk-seeded items do not keep consumers busy. */
  readonly startEventSources?: boolean;
  /** The local SMTP listener feeding the mailbox function (stand-in for SES receiving); none when absent. */
  readonly smtpPort?: number;
  /** Tests only: the local OIDC provider's access-token life (default one hour, as Cognito's). */
  readonly accessTokenTtlSeconds?: number;
  /**
   * Whether the API sits behind CloudFront, as the cloud stages do (default true): the gateway then plays the
   * edge (viewer address + origin-verify secret) and the API's own endpoint refuses direct calls.
   */
  readonly behindCloudFront?: boolean;
  /** The stage's API throttle (default: the dev stage's); `off` for benchmarks that measure beyond it. */
  readonly throttle?: ThrottleSettings | 'off';
  /** Lambda's asynchronous retry delays (1 and 2 minutes); tests scale them down. */
  readonly asyncRetryDelaysMs?: readonly number[];
  /** API Gateway's integration timeout (30 s); tests shorten it. */
  readonly integrationTimeoutMs?: number;
  /**
   * How the pipeline's pollers give way to the API's invocations on this one machine (foreground.ts); `off`
   * lets them compete (benchmarks compare both).
   */
  readonly foreground?: ForegroundGateOptions | 'off';
}

export interface RuntimeDescription {
  readonly routes: readonly string[];
  readonly queues: readonly { name: QueueName; maxReceiveCount: number; visibilityTimeoutSeconds: number }[];
  readonly eventSources: readonly string[];
  readonly schedules: readonly string[];
}

export interface Runtime {
  readonly url: string;
  readonly tables: Readonly<Record<TableName, string>>;
  /** The local outbox's table: what SMS and e-mail would have sent (`readOutbox`). */
  readonly outboxTable: string;
  readonly queues: Record<QueueName, ProvisionedQueue>;
  /** Buckets in the emulator's S3 (served on the SQS emulator's port). */
  readonly buckets: Record<BucketName, string>;
  readonly clients: {
    readonly dynamodb: DynamoDBClient;
    readonly document: DynamoDBDocumentClient;
    readonly sqs: SQSClient;
    readonly s3: S3Client;
  };
  /** Usernames of the demo staff accounts (password `huiyin-demo`), empty unless the demo county was seeded. */
  readonly demoLogins: readonly string[];
  /** The local OIDC provider's issuer (`<url>/oidc`). */
  readonly issuer: string;
  /** The case store over this runtime's tables, signing cursors with its secret (tests, tools, recovery). */
  readonly caseStore: DynamoCaseStore;
  /** `smtp://127.0.0.1:2525` when the SMTP listener runs. */
  readonly smtpUrl?: string;
  /** A staff access token without a sign-in (tests and tools); see `LocalIdentityProvider.tokenFor`. */
  tokenFor(username: string, claims?: TokenClaimChanges): Promise<string>;
  /** The API's own endpoint: the gateway's URL off CloudFront, a disabled (403) endpoint behind it. */
  readonly apiEndpointUrl: string;
  /** The on-failure destination of asynchronously invoked functions (invocation records). */
  readonly asyncFailureQueueUrl: string;
  /** Invokes a function as Lambda's asynchronous invocation does (retries, then the on-failure destination). */
  readonly asyncInvoker: AsyncInvoker;
  /** The API invocations in flight, which the pipeline's pollers give way to; none when `foreground: 'off'`. */
  readonly foreground?: ForegroundGate;
  /**
   * Resolves once the pipeline has nothing left to do (infra/local/settle.ts); rejects after `timeoutMs`
   * (by default `SETTLE_PATIENCE_MS`). What a test waits for before asserting that something did not happen.
   */
  settled(timeoutMs?: number): Promise<void>;
  describe(): Promise<RuntimeDescription>;
  stop(): Promise<void>;
}

const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };
export const LOCAL_REGION = 'us-east-1';

/**
 * The same variables the CDK app gives each function, pointed at the emulators, plus the secrets' values (the
 * cloud gives ARNs instead; shared/config/secrets.ts binds each invocation to its function's own secrets).
 */
export function functionEnvironment(
  options: Pick<RuntimeOptions, 'dynamodbEndpoint' | 'sqsEndpoint' | 'behindCloudFront'> & {
    /** The local outbox's table (`provisionOutboxTable`). */
    readonly outboxTable: string;
  },
  secrets: LocalSecrets,
  tables: Runtime['tables'],
  queues: Runtime['queues'],
  publicBaseUrl: string,
  buckets: Runtime['buckets'] = Object.fromEntries(
    bucketNames.map((bucket) => [bucket, bucketPhysicalName('', bucket)]),
  ) as Runtime['buckets'],
): Record<string, string> {
  const env: Record<string, string> = {
    STAGE: 'local',
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: options.dynamodbEndpoint,
    AWS_ENDPOINT_URL_SQS: options.sqsEndpoint,
    // fauxqs serves S3 on the same port; browsers upload through the gateway's proxy (CORS, see s3-proxy.ts).
    AWS_ENDPOINT_URL_S3: options.sqsEndpoint,
    UPLOAD_ENDPOINT: `${publicBaseUrl}${S3_PROXY_PREFIX}`,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    POWERTOOLS_SERVICE_NAME: 'huiyin',
    PUBLIC_BASE_URL: publicBaseUrl,
    NOTIFY_TRANSPORT: 'outbox',
    LOCAL_OUTBOX_TABLE: options.outboxTable,
    EMAIL_SENDER: 'noreply@huiyin.local',
  };
  for (const table of tableNames) env[tableEnvName(table)] = tables[table];
  for (const queue of queueNames) env[queueUrlEnvName(queue)] = queues[queue].url;
  for (const bucket of bucketNames) env[bucketEnvName(bucket)] = buckets[bucket];
  const values = secretValues(secrets);
  for (const name of secretNames) {
    // Off CloudFront there is no origin-verify secret, as in a cloud stage that serves the API directly.
    if (name === 'originVerify' && options.behindCloudFront === false) continue;
    env[secretValueEnvName(name)] = values[name];
  }
  return env;
}

export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const log = options.log ?? (() => undefined);
  const dynamodb = new DynamoDBClient({
    endpoint: options.dynamodbEndpoint,
    region: LOCAL_REGION,
    credentials: localCredentials,
  });
  const document = DynamoDBDocumentClient.from(dynamodb, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const streams = new DynamoDBStreamsClient({
    endpoint: options.dynamodbEndpoint,
    region: LOCAL_REGION,
    credentials: localCredentials,
  });
  const sqs = new SQSClient({
    endpoint: options.sqsEndpoint,
    region: LOCAL_REGION,
    credentials: localCredentials,
    useQueueUrlAsEndpoint: false,
  });
  const s3 = new S3Client({
    endpoint: options.sqsEndpoint,
    region: LOCAL_REGION,
    credentials: localCredentials,
    forcePathStyle: true,
  });

  // jieba's dictionary load is synchronous: half a second, several seconds on a loaded machine. In Lambda it
  // stalls only the function that segments, before its own requests; here every function shares one process,
  // and SDK requests in flight meanwhile would pass their 3 s timeout, so it loads before anything is in flight.
  await segmenter([]);
  const tables = await provisionTables(dynamodb, options.prefix);
  const outboxTable = await provisionOutboxTable(dynamodb, options.prefix);
  const buckets = await provisionBuckets(s3, options.prefix);
  const queues = await provisionQueues(
    sqs,
    options.prefix,
    options.visibilityTimeoutSeconds ? { visibilityTimeoutSeconds: options.visibilityTimeoutSeconds } : {},
  );
  const asyncFailureQueueUrl = await provisionAsyncFailureQueue(sqs, options.prefix);
  const asyncInvoker = createAsyncInvoker({
    sqs,
    destinationUrl: asyncFailureQueueUrl,
    ...(options.asyncRetryDelaysMs ? { retryDelaysMs: options.asyncRetryDelaysMs } : {}),
    log,
  });
  const behindCloudFront = options.behindCloudFront ?? true;
  // The gateway's own address (127.0.0.1 unless a host is given): staff sign-in redirects back to it, and a
  // browser keeps sign-in state per origin, so the site must be reached at the address the provider knows.
  const publicBaseUrl = `http://${options.host === '0.0.0.0' ? 'localhost' : (options.host ?? '127.0.0.1')}:${options.port}`;
  const secrets = localSecrets(options.dataDirectory);
  Object.assign(
    process.env,
    functionEnvironment(
      { ...options, behindCloudFront, outboxTable },
      secrets,
      tables,
      queues,
      publicBaseUrl,
      buckets,
    ),
  );
  resetEnvCache();

  if (options.seedDemoCounty) {
    const catalogStore = new DynamoCatalogStore({ client: document, tableName: tables.main });
    const existing = await catalogStore.load();
    if (existing.categories.length === 0) {
      await catalogStore.save(demoCounty);
      const templates = new DynamoReplyTemplateStore({ client: document, tableName: tables.main });
      await Promise.all(demoReplyTemplates.map((template) => templates.put(template)));
      log('seeded the demo county (青溪县)');
    }
  }

  if (options.publishReceptionDays) {
    const catalogStore = new DynamoCatalogStore({ client: document, tableName: tables.main });
    const calendarStore = new DynamoCalendarStore({ client: document, tableName: tables.main });
    const published = await publishUpcomingReceptionDays(
      {
        store: new DynamoReceptionStore({ client: document, tableName: tables.main }),
        catalog: () => catalogStore.load(),
        calendar: () => loadWorkCalendar(calendarStore),
      },
      new Date(),
    );
    if (published.generated + published.published > 0)
      log(`reception days of ${published.months.join(' and ')}: ${published.published} published`);
  }

  // The local stand-in for Cognito: an OIDC provider under /oidc; the gateway verifies its tokens by its JWKS.
  const identity = await createLocalIdentityProvider({
    client: document,
    tableName: tables.main,
    stage: 'local',
    publicBaseUrl,
    log,
    ...(options.dataDirectory ? { dataDirectory: options.dataDirectory } : {}),
    ...(options.accessTokenTtlSeconds ? { accessTokenTtlSeconds: options.accessTokenTtlSeconds } : {}),
  });
  let demoLogins: string[] = [];
  if (options.seedDemoCounty) {
    const catalog = await new DynamoCatalogStore({ client: document, tableName: tables.main }).load();
    await identity.seedDemoUsers(catalog);
    demoLogins = demoUsers(catalog).map((user) => user.username);
  }

  const foreground =
    options.foreground === 'off' ? undefined : foregroundGate(options.foreground ?? defaultForegroundGate);
  const gateway: Gateway = await startGateway({
    port: options.port,
    ...(foreground ? { foreground } : {}),
    ...(options.host ? { host: options.host } : {}),
    staticRoot: options.staticRoot,
    verifyJwt: identity.verify,
    uploadOrigins: [new URL(publicBaseUrl).origin],
    rawRoutes: [identity.mount],
    edge: behindCloudFront ? { originVerifySecret: secrets.originVerifySecret } : null,
    throttle: options.throttle ?? stageThrottle.dev,
    ...(options.integrationTimeoutMs ? { integrationTimeoutMs: options.integrationTimeoutMs } : {}),
    localRoutes: [
      ...identity.routes,
      outboxRoute({ client: document, tableName: outboxTable }),
      totpRoute({ secret: DEMO_TOTP_SECRET }),
      s3ProxyRoute({ s3Endpoint: options.sqsEndpoint }),
      ...(options.localRoutes ?? []),
    ],
  });

  const onError = (source: string) => (error: unknown) =>
    log(`[${source}] ${(error as Error).message ?? String(error)}`);
  const pollers: Poller[] = [];
  const mounted: string[] = [];
  for (const source of options.startEventSources === false ? [] : eventSources) {
    if (source.kind === 'queue') {
      const queue = queues[source.queue];
      pollers.push(
        startSqsPoller({
          client: sqs,
          queueUrl: queue.url,
          queueArn: queue.arn,
          fn: source.fn,
          batchSize: source.batchSize,
          maxBatchingWindowSeconds: source.maxBatchingWindowSeconds,
          concurrency: 2,
          ...(foreground ? { backgroundTurn: foreground.backgroundTurn } : {}),
          onError: onError(source.fn),
          ...(options.deliverTwice ? { deliverTwice: true } : {}),
        }),
      );
      mounted.push(`queue:${source.queue}->${source.fn}`);
    } else {
      pollers.push(
        startStreamPoller({
          dynamodb,
          streams,
          tableName: tables[source.table],
          fn: source.fn,
          batchSize: source.batchSize,
          maxBatchingWindowSeconds: source.maxBatchingWindowSeconds,
          maxRetryAttempts: source.maxRetryAttempts,
          ...(options.deliverTwice ? { deliverTwice: true } : {}),
          ...(foreground ? { backgroundTurn: foreground.backgroundTurn } : {}),
          checkpoints: options.dataDirectory
            ? fileCheckpoints(
                join(
                  options.dataDirectory,
                  `stream-checkpoints-${options.prefix || 'default'}-${source.fn}.json`,
                ),
              )
            : memoryCheckpoints(),
          onError: onError(source.fn),
          onDiscard: (records) =>
            log(
              `[${source.fn}] gave up on ${records.length} stream record(s) after ${source.maxRetryAttempts} retries`,
            ),
        }),
      );
      mounted.push(`stream:${source.table}->${source.fn}`);
    }
  }
  let smtp: SmtpListener | undefined;
  if (options.smtpPort !== undefined) {
    try {
      smtp = await startSmtpListener({
        port: options.smtpPort,
        s3,
        mailBucket: buckets[inboundMail.bucket],
        log,
        invokeAsync: asyncInvoker.invoke,
      });
    } catch (error) {
      await Promise.allSettled([...pollers.map((poller) => poller.stop()), gateway.close()]);
      throw error;
    }
  }
  const scheduler: Scheduler | null = options.runSchedules === false ? null : startScheduler(asyncInvoker);

  return {
    url: gateway.url,
    tables,
    outboxTable,
    queues,
    buckets,
    clients: { dynamodb, document, sqs, s3 },
    demoLogins,
    issuer: identity.issuer,
    caseStore: new DynamoCaseStore({
      client: document,
      tableName: tables.main,
      idempotencyTableName: tables.idempotency,
      cursorSecret: secrets.cursorSecret,
    }),
    ...(smtp ? { smtpUrl: smtp.url } : {}),
    apiEndpointUrl: gateway.apiEndpointUrl,
    asyncFailureQueueUrl,
    asyncInvoker,
    ...(foreground ? { foreground } : {}),
    tokenFor: identity.tokenFor,
    settled: async (timeoutMs = SETTLE_PATIENCE_MS) => {
      // A client of its own: a benchmark that counts the pollers' SQS requests must not count these probes.
      const probe = new SQSClient({
        endpoint: options.sqsEndpoint,
        region: LOCAL_REGION,
        credentials: localCredentials,
        useQueueUrlAsEndpoint: false,
      });
      try {
        await waitUntilSettled(
          {
            sqs: probe,
            queueUrls: queueNames.map((name) => queues[name].url),
            streamPollers: pollers.filter((poller): poller is StreamPoller => 'caughtUp' in poller),
            pendingAsync: asyncInvoker.pending,
          },
          timeoutMs,
        );
      } finally {
        probe.destroy();
      }
    },
    describe: async () => ({
      routes: gateway.routeKeys,
      queues: await Promise.all(
        queueNames.map((name) => provisionedQueueSettings(sqs, name, queues[name].url)),
      ),
      eventSources: mounted,
      schedules: scheduler
        ? schedules.map((schedule) => `${schedule.name}:${schedule.cron}:${schedule.fn}`)
        : [],
    }),
    stop: async () => {
      scheduler?.stop();
      await smtp?.stop();
      await asyncInvoker.settle();
      await Promise.allSettled(pollers.map((poller) => poller.stop()));
      await gateway.close();
      dynamodb.destroy();
      streams.destroy();
      sqs.destroy();
      s3.destroy();
    },
  };
}

/**
 * How long `settled()` waits by default: one visibility timeout of the slowest queue and a minute more. A message
 * whose handling failed (on a loaded machine, a DynamoDB request over its 3-second limit) is hidden for the
 * queue's visibility timeout before it is received again, as SQS does, so the pipeline cannot settle sooner.
 */
export const SETTLE_PATIENCE_MS =
  Math.max(...Object.values(queueSettings).map((queue) => queue.visibilityTimeoutSeconds)) * 1000 + 60_000;

/** Reads back what the emulator actually holds, so the parity test checks reality, not intent. */
async function provisionedQueueSettings(sqs: SQSClient, name: QueueName, url: string) {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }),
  );
  const redrive = JSON.parse(Attributes.RedrivePolicy ?? '{}') as { maxReceiveCount?: number | string };
  return {
    name,
    maxReceiveCount: Number(redrive.maxReceiveCount ?? 0),
    visibilityTimeoutSeconds: Number(Attributes.VisibilityTimeout ?? 0),
  };
}
