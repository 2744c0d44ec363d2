import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpStage,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { CfnSchedule } from 'aws-cdk-lib/aws-scheduler';
import type { Construct } from 'constructs';
import {
  type FunctionName,
  type QueueName,
  queueUrlEnvName,
  type TableName,
  tableEnvName,
} from '../../shared/topology.ts';
import { FUNCTION_TAG, names, removalPolicy, type StageConfig, type Topology } from './config.ts';
import { toEventBridgeCron } from './cron.ts';
import { type DataStack, pascal } from './data-stack.ts';

export interface ServiceStackProps extends StackProps {
  readonly config: StageConfig;
  readonly topology: Topology;
  readonly data: DataStack;
  /** Links in messages to petitioners (tracking, survey); defaults to the HTTP API's own URL. */
  readonly publicBaseUrl?: string;
}

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

const esmRequireBanner =
  "import { createRequire as __huiyinCreateRequire } from 'node:module'; const require = __huiyinCreateRequire(import.meta.url);";

/**
 * The stateless half, all of it iterated from the topology: one Lambda function per topology function with
 * exactly the grants its `uses` names, the HTTP API with exactly the topology's routes, the event source
 * mappings, and one EventBridge Scheduler schedule per topology schedule.
 */
export class ServiceStack extends Stack {
  readonly functions: Record<FunctionName, NodejsFunction>;
  readonly httpApi: HttpApi;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    const { config, topology, data } = props;
    const { prefix } = config;

    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: names.httpApi(prefix),
      description: `Huiyin HTTP API (${config.stage})`,
      createDefaultStage: false,
    });
    const accessLogs = new LogGroup(this, 'HttpApiAccessLogs', {
      retention: config.logRetention,
      removalPolicy: removalPolicy(config),
    });
    // Route keys, not paths: paths carry tracking codes and survey tokens, which do not belong in logs.
    new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: config.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTimeEpoch',
            sourceIp: '$context.identity.sourceIp',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });

    const environment: Record<string, string> = {
      STAGE: config.stage,
      POWERTOOLS_SERVICE_NAME: 'huiyin',
      PUBLIC_BASE_URL: props.publicBaseUrl ?? this.httpApi.apiEndpoint,
      // A dynamic reference: CloudFormation resolves it at deploy time, the template never holds the value.
      CURSOR_SECRET: data.cursorSecret.secretValue.unsafeUnwrap(),
      // The bundles ship source maps; this makes stack traces in the logs point at the TypeScript sources.
      NODE_OPTIONS: '--enable-source-maps',
    };
    for (const [table, construct] of Object.entries(data.tables) as [
      TableName,
      DataStack['tables'][TableName],
    ][]) {
      environment[tableEnvName(table)] = construct.tableName;
    }
    for (const [queue, construct] of Object.entries(data.queues) as [
      QueueName,
      DataStack['queues'][QueueName],
    ][]) {
      environment[queueUrlEnvName(queue)] = construct.queueUrl;
    }

    this.functions = {} as Record<FunctionName, NodejsFunction>;
    for (const [name, definition] of Object.entries(topology.functions) as [
      FunctionName,
      Topology['functions'][FunctionName],
    ][]) {
      const id = pascal(name);
      const functionName = names.function(prefix, definition);
      const logGroup = new LogGroup(this, `${id}Logs`, {
        logGroupName: `/aws/lambda/${functionName}`,
        retention: config.logRetention,
        removalPolicy: removalPolicy(config),
      });
      const fn = new NodejsFunction(this, `${id}Function`, {
        functionName,
        description: definition.description,
        entry: `${repositoryRoot}functions/${definition.entry}.ts`,
        handler: 'handler',
        runtime: Runtime.NODEJS_22_X,
        architecture: Architecture.ARM_64,
        memorySize: definition.memoryMb,
        timeout: Duration.seconds(definition.timeoutSeconds),
        environment,
        logGroup,
        projectRoot: repositoryRoot,
        depsLockFilePath: `${repositoryRoot}package-lock.json`,
        bundling: {
          format: OutputFormat.ESM,
          target: 'node22',
          minify: true,
          sourceMap: true,
          sourcesContent: false,
          mainFields: ['module', 'main'],
          // Bundle the SDK at the lockfile's versions (the ones the tests ran) instead of the runtime's copy.
          bundleAwsSDK: true,
          // CommonJS dependencies inside an ESM bundle still call require() for Node built-ins; aliased so it
          // cannot collide with bundled code (the same banner as scripts/build.ts).
          banner: esmRequireBanner,
          forceDockerBundling: false,
          logLevel: LogLevel.WARNING,
        },
      });
      Tags.of(fn).add(FUNCTION_TAG, name);
      this.functions[name] = fn;

      for (const [table, access] of Object.entries(definition.uses.tables ?? {}) as [TableName, string][]) {
        if (access === 'readWrite') data.tables[table].grantReadWriteData(fn);
        else data.tables[table].grantReadData(fn);
      }
      for (const queue of definition.uses.sendsTo ?? []) data.queues[queue].grantSendMessages(fn);
    }

    const staffAuthorizer = topology.routes.some((route) => route.auth === 'staff')
      ? new HttpUserPoolAuthorizer('StaffAuthorizer', data.userPool, {
          userPoolClients: [data.userPoolClient],
          identitySource: ['$request.header.Authorization'],
        })
      : undefined;
    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    for (const route of topology.routes) {
      let integration = integrations.get(route.fn);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${pascal(route.fn)}Integration`, this.functions[route.fn]);
        integrations.set(route.fn, integration);
      }
      const authorizer: IHttpRouteAuthorizer | undefined =
        route.auth === 'staff' ? staffAuthorizer : undefined;
      this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        ...(authorizer ? { authorizer } : {}),
      });
    }

    for (const source of topology.eventSources) {
      const fn = this.functions[source.fn];
      if (source.kind === 'queue') {
        fn.addEventSource(
          new SqsEventSource(data.queues[source.queue], {
            batchSize: source.batchSize,
            maxBatchingWindow: Duration.seconds(source.maxBatchingWindowSeconds),
            reportBatchItemFailures: true,
          }),
        );
      } else {
        fn.addEventSource(
          new DynamoEventSource(data.tables[source.table], {
            startingPosition: StartingPosition.TRIM_HORIZON,
            batchSize: source.batchSize,
            retryAttempts: source.maxRetryAttempts,
            bisectBatchOnError: true,
            reportBatchItemFailures: true,
            onFailure: new SqsDlq(data.streamFailureQueues[source.table]),
          }),
        );
      }
    }

    for (const schedule of topology.schedules) {
      const fn = this.functions[schedule.fn];
      const id = pascal(schedule.name);
      const role = new Role(this, `${id}ScheduleRole`, {
        description: `EventBridge Scheduler: invoke ${schedule.fn} for ${schedule.name}`,
        assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
          conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
        }),
      });
      role.addToPolicy(
        new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }),
      );
      data.scheduleDeadLetterQueue.grantSendMessages(role);
      new CfnSchedule(this, `${id}Schedule`, {
        name: names.schedule(prefix, schedule.name),
        description: schedule.description,
        scheduleExpression: toEventBridgeCron(schedule.cron),
        scheduleExpressionTimezone: schedule.timeZone,
        flexibleTimeWindow: { mode: 'OFF' },
        state: 'ENABLED',
        target: {
          arn: fn.functionArn,
          roleArn: role.roleArn,
          retryPolicy: {
            maximumRetryAttempts: config.scheduleRetry.maximumRetryAttempts,
            maximumEventAgeInSeconds: config.scheduleRetry.maximumEventAge.toSeconds(),
          },
          deadLetterConfig: { arn: data.scheduleDeadLetterQueue.queueArn },
        },
      });
    }

    new CfnOutput(this, 'HttpApiUrl', {
      value: this.httpApi.apiEndpoint,
      description: 'Base URL of the HTTP API',
    });
  }
}
