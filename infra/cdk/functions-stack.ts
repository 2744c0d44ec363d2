import { join } from 'node:path';
import { Annotations, Aws, Duration, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import { HttpMethod, HttpRoute, HttpRouteKey, type IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import { type IGrantable, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  Architecture,
  type CfnFunction,
  Code,
  type DestinationConfig,
  type DlqDestinationConfig,
  type IDestination,
  type IEventSourceDlq,
  type IEventSourceMapping,
  type IFunction,
  Function as LambdaFunction,
  Runtime,
  StartingPosition,
} from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  asyncInvokedFunctions,
  type BucketName,
  bucketEnvName,
  bucketPhysicalName,
  type FunctionArea,
  type FunctionName,
  type FunctionUses,
  functionArea,
  inboundMail,
  type QueueName,
  queueUrlEnvName,
  secretArnEnvName,
  type TableName,
  tableEnvName,
} from '../../shared/topology.ts';
import type { ApiStack } from './api-stack.ts';
import {
  FUNCTION_TAG,
  type LogLevel,
  names,
  placeholderEmailSender,
  removalPolicy,
  type StageConfig,
  type Topology,
  tableNames,
} from './config.ts';
import { pascal } from './constructs.ts';
import type { DataStack } from './data-stack.ts';
import {
  grantBucket,
  grantCountySecretRead,
  grantEmail,
  grantQueueConsume,
  grantQueueInspect,
  grantQueueReschedule,
  grantQueueSend,
  grantSecretRead,
  grantSms,
  grantStreamRead,
  grantTable,
  grantUserPoolAdmin,
} from './grants.ts';
import type { MessagingStack } from './messaging-stack.ts';
import { acknowledge } from './nag.ts';
import { untaggedTypes } from './profile.ts';
import { environmentBytes, LAMBDA_ENVIRONMENT_BYTES } from './quotas.ts';
import {
  checkCountySecrets,
  profileSections,
  transportEnvironment,
  transportSections,
} from './transports.ts';

export interface FunctionsStackProps extends StackProps {
  readonly config: StageConfig;
  readonly topology: Topology;
  /** The topology area whose functions (and their routes and event sources) this stack holds. */
  readonly area: FunctionArea;
  readonly data: DataStack;
  readonly messaging: MessagingStack;
  readonly api: ApiStack;
  /** The key of the topology buckets (storage stack). */
  readonly storageKey: IKey;
  /** Links in messages to petitioners (tracking, survey). */
  readonly publicBaseUrl: string;
  /**
   * Output of `scripts/build.ts` (`<codeRoot>/<entry>/index.mjs` + chunks), or `null` for placeholder code when
   * a test only looks at the wiring.
   */
  readonly codeRoot: string | null;
  readonly logLevel?: LogLevel;
  /** Verified SES sender; a placeholder in dev when absent (see `placeholderEmailSender`). */
  readonly emailSender?: string;
  /** The staff user pool, for functions whose `uses.userPool` says they manage it. */
  readonly userPool?: IUserPool;
}

/** Every function of a deployment across the area stacks, by topology name (schedules, mail, observability). */
export interface FunctionRegistry {
  readonly functions: Readonly<Record<FunctionName, LambdaFunction>>;
}

/** Merges the area stacks' functions; every topology function must be in exactly one of them. */
export function functionRegistry(stacks: readonly FunctionsStack[], topology: Topology): FunctionRegistry {
  const functions = Object.assign({}, ...stacks.map((stack) => stack.functions)) as Record<
    FunctionName,
    LambdaFunction
  >;
  for (const name of Object.keys(topology.functions) as FunctionName[]) {
    if (!functions[name]) throw new Error(`${name} is in no functions stack`);
  }
  return { functions };
}

/** Handler of the placeholder code used when synthesizing without bundles (tests); it never deploys. */
const placeholderCode = `exports.handler = async () => { throw new Error('synthesized without bundles'); };`;

/**
 * The functions of one topology area (`functionArea`), one Lambda function per topology function, deploying our
 * own build (code-split ESM bundles), each with its own role holding exactly what its `uses` names, the secrets
 * it reads by ARN; the area's routes (each next to the function it invokes) and event sources, and the
 * asynchronous-invocation settings (retries, on-failure destination) of the functions AWS invokes that way.
 * One stack per area keeps each far from CloudFormation's 500 resources.
 */
export class FunctionsStack extends Stack {
  readonly functions: Partial<Record<FunctionName, LambdaFunction>>;

  constructor(scope: Construct, id: string, props: FunctionsStackProps) {
    super(scope, id, props);
    const { config, topology, data, messaging, api, area } = props;
    const inArea = (name: FunctionName) => functionArea(name, topology.routes) === area;
    const { prefix } = config;
    const china = config.profile === 'china';
    const sendsEmail = Object.values(topology.functions).some((fn) => fn.uses.sends?.includes('email'));
    if (sendsEmail && !props.emailSender && config.retainData) {
      throw new Error(
        china
          ? "A function sends e-mail: pass -c emailSender=<an address the county's SMTP login may send as> for this stage"
          : 'A function sends e-mail: pass -c emailSender=<verified SES address> for this stage',
      );
    }
    const emailSender = props.emailSender ?? placeholderEmailSender;

    const environment: Record<string, string> = {
      STAGE: config.stage,
      POWERTOOLS_SERVICE_NAME: 'huiyin',
      POWERTOOLS_LOG_LEVEL: props.logLevel ?? config.logLevel,
      PUBLIC_BASE_URL: props.publicBaseUrl,
      // SMS through SNS and e-mail through SES (locally: the outbox); in AWS China, which has neither, through
      // the county's mainland SMS provider and its mail server (docs/deploy-china.md), whose settings go only
      // to the functions that send (below).
      NOTIFY_TRANSPORT: 'aws',
      EMAIL_SENDER: emailSender,
    };
    // Each function is told the names of exactly the tables, queues and buckets its `uses` grants: the rest
    // would be refused anyway, and Lambda allows 4 KB of environment (a mainland SMS template mapping takes 2.5).
    const resourceEnvironment = (uses: FunctionUses): Record<string, string> => {
      const variables: Record<string, string> = {};
      for (const table of tableNames)
        if (uses.tables?.[table]) variables[tableEnvName(table)] = data.tables[table].tableName;
      const queues = new Set([
        ...(uses.sendsTo ?? []),
        ...(uses.inspects ?? []),
        ...(uses.receivesFrom ?? []),
      ]);
      for (const [queue, construct] of Object.entries(messaging.queues) as [QueueName, IQueue][])
        if (queues.has(queue)) variables[queueUrlEnvName(queue)] = construct.queueUrl;
      // Bucket names are deterministic (names.bucket), so no reference to the storage stack is needed.
      for (const bucket of Object.keys(topology.buckets) as BucketName[])
        if (uses.buckets?.[bucket]) variables[bucketEnvName(bucket)] = names.bucket(prefix, bucket);
      return variables;
    };

    this.functions = {};
    const unconfigured = new Map<string, FunctionName[]>();
    for (const [name, definition] of Object.entries(topology.functions) as [
      FunctionName,
      Topology['functions'][FunctionName],
    ][]) {
      if (!inArea(name)) continue;
      // Only the secrets this function reads, by ARN: no value in the template, no dynamic reference.
      const secrets = (definition.uses.secrets ?? []).flatMap((secret) => {
        const created = data.secrets[secret];
        return created ? [[secret, created] as const] : [];
      });
      // The county's providers this function uses in this profile, with their secrets' ARNs (transports.ts).
      checkCountySecrets(name, definition.uses);
      const sections = transportSections(name, definition.uses).filter((section) =>
        profileSections(config.profile).includes(section),
      );
      const transports = transportEnvironment(sections, config.transports);
      for (const section of sections)
        if (section !== 'imap' && !config.transports[section])
          unconfigured.set(section, [...(unconfigured.get(section) ?? []), name]);
      const ownEnvironment = {
        ...environment,
        ...resourceEnvironment(definition.uses),
        ...(china && sections.includes('sms') ? { SMS_TRANSPORT: 'tencent' } : {}),
        ...(china && sections.includes('smtp') ? { EMAIL_TRANSPORT: 'smtp' } : {}),
        ...transports.environment,
        ...Object.fromEntries(
          secrets.map(([secret, created]) => [secretArnEnvName(secret), created.secretArn]),
        ),
      };
      const fnId = pascal(name);
      const functionName = names.function(prefix, definition);
      const logGroup = new LogGroup(this, `${fnId}Logs`, {
        logGroupName: `/aws/lambda/${functionName}`,
        retention: config.logRetention,
        removalPolicy: removalPolicy(config),
      });
      // An own role instead of AWSLambdaBasicExecutionRole: logs go to this function's log group only.
      const role = new Role(this, `${fnId}Role`, {
        assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
        description: `Huiyin ${config.stage}: ${name} (${definition.entry})`,
      });
      logGroup.grantWrite(role);

      const fn = new LambdaFunction(this, `${fnId}Function`, {
        functionName,
        description: definition.description,
        code: props.codeRoot
          ? // Source maps stay out of the zip: smaller cold start; symbolicate from cdk.out (docs/deploy.md).
            Code.fromAsset(join(props.codeRoot, definition.entry), { exclude: ['*.map'] })
          : Code.fromInline(placeholderCode),
        handler: 'index.handler',
        runtime: Runtime.NODEJS_22_X,
        architecture: Architecture.ARM_64,
        memorySize: definition.memoryMb,
        timeout: Duration.seconds(definition.timeoutSeconds),
        environment: ownEnvironment,
        logGroup,
        role,
      });
      Tags.of(fn).add(FUNCTION_TAG, name, untaggedTypes(config));
      // Lambda refuses more than 4 KB of environment only at deploy time; a long SMS template mapping could get
      // there, so the synth refuses it first.
      fn.node.addValidation({
        validate: () => {
          const resolved = this.resolve((fn.node.defaultChild as CfnFunction).environment) as
            | { variables?: Record<string, unknown> }
            | undefined;
          const bytes = environmentBytes(resolved?.variables ?? {});
          return bytes > LAMBDA_ENVIRONMENT_BYTES
            ? [
                `${name}: its environment can reach ${bytes} bytes, over Lambda's ${LAMBDA_ENVIRONMENT_BYTES} (a shorter SMS_TEMPLATES mapping, docs/deploy-china.md)`,
              ]
            : [];
        },
      });
      acknowledge(
        fn,
        'AwsSolutions-L1',
        'nodejs22.x on purpose: the bundles target node22 (scripts/build.ts) and are benchmarked there; moving ' +
          'to a newer runtime is a build-target change made and measured on its own.',
      );
      this.functions[name] = fn;

      for (const [table, access] of Object.entries(definition.uses.tables ?? {}) as [
        TableName,
        'read' | 'readWrite',
      ][]) {
        const indexes = table === 'main' ? topology.mainTableIndexes : [];
        grantTable(role, data.tables[table], data.key, access, indexes);
      }
      for (const queue of definition.uses.sendsTo ?? []) {
        grantQueueSend(role, messaging.queues[queue], messaging.key);
      }
      for (const queue of definition.uses.inspects ?? []) grantQueueInspect(role, messaging.queues[queue]);
      for (const queue of definition.uses.receivesFrom ?? []) {
        grantQueueReschedule(role, messaging.queues[queue]);
      }
      for (const [bucket, access] of Object.entries(definition.uses.buckets ?? {}) as [
        BucketName,
        'read' | 'readWrite',
      ][]) {
        const bucketArn = `arn:${Aws.PARTITION}:s3:::${names.bucket(prefix, bucket)}`;
        grantBucket(role, bucketArn, props.storageKey, access);
        acknowledge(
          role,
          `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${bucketPhysicalName(prefix, bucket)}-<AWS::AccountId>-<AWS::Region>/*]`,
          `Objects of the ${bucket} bucket: keys are generated per upload, so access is to the bucket's objects ` +
            '(get, and put when readWrite) and to nothing else in S3.',
        );
      }
      if (definition.uses.userPool && china) {
        // No directory API to call: staff records alone, keyed by the county issuer's subject.
        fn.addEnvironment('USER_DIRECTORY', 'records');
      } else if (definition.uses.userPool) {
        if (!props.userPool)
          throw new Error(`${name} manages the staff user pool: pass it to the functions stack`);
        grantUserPoolAdmin(role, props.userPool.userPoolArn);
        fn.addEnvironment('USER_POOL_ID', props.userPool.userPoolId);
      }
      for (const [, created] of secrets) grantSecretRead(role, created.secretArn, data.key);
      // The county's own secrets, exactly by ARN; encrypted with Secrets Manager's AWS managed key, which needs
      // no grant of ours (docs/deploy-china.md).
      for (const secretArn of transports.secretArns) grantCountySecretRead(role, secretArn);
      // China: SMS and mail go to providers outside AWS over HTTPS/SMTP; no AWS permission is involved.
      if (definition.uses.sends?.includes('email') && !china) grantEmail(role, emailSender);
      if (definition.uses.sends?.includes('sms') && !china) {
        grantSms(role);
        acknowledge(
          role,
          'AwsSolutions-IAM5[Resource::*]',
          'SMS: SNS Publish to a phone number has no resource ARN, so the allow is on *; the same policy denies ' +
            'Publish on every SNS ARN (topics, endpoints), leaving only phone numbers (grants.ts, grantSms).',
        );
      }
    }

    for (const [section, users] of unconfigured)
      Annotations.of(this).addWarningV2(
        `huiyin:china-transports-${section}`,
        `China profile: -c transports has no ${section} section, so every ${section === 'sms' ? 'SMS' : 'e-mail'} sent by ${users.join(', ')} fails (retried, then recorded as failed) until it is given (docs/deploy-china.md).`,
      );

    this.addRoutes(topology, api);
    this.addEventSources(topology, config, data, messaging);
    this.configureAsyncInvocation(topology, config, messaging);
  }

  /** The function of this stack, or an error naming the stack it would have to be in. */
  private own(name: FunctionName): LambdaFunction {
    const fn = this.functions[name];
    if (!fn) throw new Error(`${name} is not in the ${this.stackName} stack`);
    return fn;
  }

  /**
   * Scheduled jobs and the mailbox are invoked asynchronously: a function error is retried by Lambda (twice),
   * then the invocation record (event and error) goes to the async-failures queue, which `npm run redrive --
   * async-failures` re-invokes from. EventBridge Scheduler's own DLQ only catches failed invokes.
   */
  private configureAsyncInvocation(topology: Topology, config: StageConfig, messaging: MessagingStack): void {
    for (const name of asyncInvokedFunctions(topology, inboundMail.fn)) {
      const fn = this.functions[name];
      if (!fn) continue;
      fn.configureAsyncInvoke({
        retryAttempts: config.asyncInvoke.maximumRetryAttempts,
        maxEventAge: config.asyncInvoke.maximumEventAge,
        onFailure: new QueueInvocationDestination(messaging.asyncFailureQueue, messaging.key),
      });
    }
  }

  private addRoutes(topology: Topology, api: ApiStack): void {
    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    for (const route of topology.routes) {
      if (!this.functions[route.fn]) continue;
      let integration = integrations.get(route.fn);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${pascal(route.fn)}Integration`, this.own(route.fn));
        integrations.set(route.fn, integration);
      }
      const authorizer: IHttpRouteAuthorizer | undefined =
        route.auth === 'staff' ? api.staffAuthorizer : undefined;
      const routeId = `${route.method}${pascal(route.path) || 'Root'}Route`;
      const created = new HttpRoute(this, routeId, {
        httpApi: api.httpApi,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration,
        ...(authorizer ? { authorizer } : {}),
      });
      if (route.auth === 'public') {
        acknowledge(
          created,
          'AwsSolutions-APIG4',
          'Public route for residents, who have no accounts (topology auth: public); protected by stage ' +
            'throttling, input validation and idempotency keys in the handler, not by an authorizer.',
        );
      }
    }
  }

  private addEventSources(
    topology: Topology,
    config: StageConfig,
    data: DataStack,
    messaging: MessagingStack,
  ): void {
    for (const source of topology.eventSources) {
      const fn = this.functions[source.fn];
      if (!fn) continue;
      const role = fn.role!;
      if (source.kind === 'queue') {
        const queue = messaging.queues[source.queue];
        grantQueueConsume(role, queue, messaging.key);
        fn.addEventSourceMapping(`${pascal(source.queue)}QueueSource`, {
          eventSourceArn: queue.queueArn,
          batchSize: source.batchSize,
          maxBatchingWindow: Duration.seconds(source.maxBatchingWindowSeconds),
          reportBatchItemFailures: true,
        });
      } else {
        const table = data.tables[source.table];
        const failures = messaging.streamFailureQueues[source.table];
        if (!failures) throw new Error(`no failure queue for the ${source.table} stream`);
        grantStreamRead(role, table, data.key);
        fn.addEventSourceMapping(`${pascal(source.table)}StreamSource`, {
          eventSourceArn: table.tableStreamArn!,
          startingPosition: StartingPosition.TRIM_HORIZON,
          batchSize: source.batchSize,
          maxBatchingWindow: Duration.seconds(source.maxBatchingWindowSeconds),
          retryAttempts: source.maxRetryAttempts,
          bisectBatchOnError: true,
          reportBatchItemFailures: true,
          maxRecordAge: config.streamMaxRecordAge,
          onFailure: new QueueFailureDestination(failures, messaging.key),
        });
      }
    }
  }
}

/**
 * On-failure destination of an asynchronous invocation: like CDK's `SqsDestination`, but granting only
 * `SendMessage` and the queue key's data-key actions (Lambda sends the record with the function's role).
 */
class QueueInvocationDestination implements IDestination {
  constructor(
    private readonly queue: IQueue,
    private readonly key: IKey,
  ) {}

  bind(_scope: Construct, fn: IFunction): DestinationConfig {
    grantQueueSend(fn, this.queue, this.key);
    return { destination: this.queue.queueArn };
  }
}

/**
 * On-failure destination of a stream event source: like CDK's `SqsDlq`, but granting only `SendMessage` and
 * the queue key's data-key actions instead of `grantSendMessages` (which adds `kms:ReEncrypt*` and friends).
 */
class QueueFailureDestination implements IEventSourceDlq {
  constructor(
    private readonly queue: IQueue,
    private readonly key: IKey,
  ) {}

  bind(_target: IEventSourceMapping, targetHandler: IFunction): DlqDestinationConfig {
    grantQueueSend(targetHandler as IGrantable, this.queue, this.key);
    return { destination: this.queue.queueArn };
  }
}
