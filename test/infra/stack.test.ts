import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type CfnTemplate, synthesizeTemplates } from '../../infra/cdk/app.ts';
import {
  cloudOnlyVariables,
  FUNCTION_TAG,
  localOnlyVariables,
  names,
  stageConfig,
  type Topology,
  topology,
} from '../../infra/cdk/config.ts';
import {
  describeTemplate,
  functionNameOf,
  resourceIdentity,
  TemplateSet,
} from '../../infra/cdk/describe-template.ts';
import { functionEnvironment, type RuntimeDescription } from '../../infra/local/runtime.ts';
import {
  deadLetterQueuePhysicalName,
  type FunctionName,
  type QueueName,
  queuePhysicalName,
  queueUrlEnvName,
  routeKey,
  type TableName,
  tableEnvName,
  tablePhysicalName,
} from '../../shared/topology.ts';

/**
 * The synthesized cloud app against the topology. One bundled synth of `dev` (the real esbuild bundles, which
 * are also loaded once to prove they import), and unbundled synths of `prod` and of a topology with a staff
 * route, which only look at wiring.
 */

const dev = stageConfig('dev');
const functionNames = Object.keys(topology.functions) as FunctionName[];
const queueNames = Object.keys(topology.queues) as QueueName[];
const tableNames: TableName[] = ['main', 'idempotency'];

/** What the local runtime's describe() returns for the same topology. */
function expectedDescription(from: Topology): RuntimeDescription {
  return {
    routes: from.routes.map(routeKey),
    queues: (Object.keys(from.queues) as QueueName[]).map((name) => ({
      name,
      maxReceiveCount: from.queues[name].maxReceiveCount,
      visibilityTimeoutSeconds: from.queues[name].visibilityTimeoutSeconds,
    })),
    eventSources: from.eventSources.map((source) =>
      source.kind === 'queue'
        ? `queue:${source.queue}->${source.fn}`
        : `stream:${source.table}->${source.fn}`,
    ),
    schedules: from.schedules.map((schedule) => `${schedule.name}:${schedule.cron}:${schedule.fn}`),
  };
}

/** Resources as synthesized here: every one of them has Properties. */
type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };

let outdir: string;
let templates: Record<string, CfnTemplate>;
let set: TemplateSet;
let data: Template;
let service: Template;
let dataStackName: string;
let serviceStackName: string;
let dataTerminationProtection: boolean | undefined;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'huiyin-infra-test-'));
  const { app, stacks } = buildApp('dev', { outdir });
  const assembly = app.synth();
  dataStackName = stacks.data.stackName;
  serviceStackName = stacks.service.stackName;
  dataTerminationProtection = stacks.data.terminationProtection;
  templates = {
    [dataStackName]: assembly.getStackByName(dataStackName).template as CfnTemplate,
    [serviceStackName]: assembly.getStackByName(serviceStackName).template as CfnTemplate,
  };
  set = new TemplateSet(templates);
  data = Template.fromJSON(templates[dataStackName]!);
  service = Template.fromJSON(templates[serviceStackName]!);
}, 120_000);

afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

function resourcesOf(stack: string, type: string): [string, Resource][] {
  return Object.entries(templates[stack]!.Resources).filter(([, resource]) => resource.Type === type) as [
    string,
    Resource,
  ][];
}

function functionResource(name: FunctionName): [string, Resource] {
  const found = resourcesOf(serviceStackName, 'AWS::Lambda::Function').filter(
    ([logicalId, resource]) =>
      functionNameOf({ stack: serviceStackName, logicalId, resource, attribute: 'Ref', suffix: '' }) === name,
  );
  expect(found, `exactly one Lambda function tagged ${FUNCTION_TAG}=${name}`).toHaveLength(1);
  return found[0]!;
}

function identity(expression: unknown, stack = serviceStackName): string {
  return resourceIdentity(set, stack, expression);
}

describe('the dev app', () => {
  it('synthesizes the data and service stacks, offline and environment-agnostic', () => {
    expect(Object.keys(templates)).toEqual([names.dataStack(dev.prefix), names.serviceStack(dev.prefix)]);
    for (const template of Object.values(templates)) {
      expect(JSON.stringify(template)).not.toMatch(/\b\d{12}\b/); // no account id baked in
    }
  });

  it('has exactly the topology routes, queues, event sources and schedules', () => {
    expect(describeTemplate(templates)).toEqual(expectedDescription(topology));
  });

  it('creates one Lambda function per topology function, as the topology sizes it', () => {
    service.resourceCountIs('AWS::Lambda::Function', functionNames.length);
    for (const name of functionNames) {
      const definition = topology.functions[name];
      const [, fn] = functionResource(name);
      expect(fn.Properties).toMatchObject({
        FunctionName: names.function(dev.prefix, definition),
        Handler: 'index.handler',
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        MemorySize: definition.memoryMb,
        Timeout: definition.timeoutSeconds,
      });
    }
  });

  it('gives every function the variables the local runtime sets, pointed at this stage', () => {
    // The local runtime's own list, so a variable added there and forgotten here fails this test.
    const fakeQueue = { url: 'http://q', arn: 'arn:q', deadLetterUrl: 'http://d', deadLetterArn: 'arn:d' };
    const local = functionEnvironment(
      { dynamodbEndpoint: 'http://localhost:1', sqsEndpoint: 'http://localhost:2' },
      { main: 'main', idempotency: 'idempotency' },
      Object.fromEntries(queueNames.map((queue) => [queue, fakeQueue])) as Parameters<
        typeof functionEnvironment
      >[2],
      'http://localhost:3000',
    );
    const expectedKeys = [
      ...Object.keys(local).filter((key) => !(localOnlyVariables as readonly string[]).includes(key)),
      ...cloudOnlyVariables,
    ].sort();
    for (const name of functionNames) {
      const [, fn] = functionResource(name);
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(Object.keys(variables).sort(), name).toEqual(expectedKeys);
      expect(variables.STAGE).toBe('dev');
      expect(variables.POWERTOOLS_SERVICE_NAME).toBe('huiyin');
      const publicBaseUrl = set.resolve(serviceStackName, variables.PUBLIC_BASE_URL);
      expect([publicBaseUrl?.resource.Type, publicBaseUrl?.attribute]).toEqual([
        'AWS::ApiGatewayV2::Api',
        'ApiEndpoint',
      ]);
      for (const table of tableNames) expect(identity(variables[tableEnvName(table)])).toBe(`table:${table}`);
      for (const queue of queueNames)
        expect(identity(variables[queueUrlEnvName(queue)])).toBe(`queue:${queue}`);
      if ('CURSOR_SECRET' in variables) {
        // A Secrets Manager dynamic reference, never the value itself.
        const parts = (variables.CURSOR_SECRET as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
        expect(parts[0]).toBe('{{resolve:secretsmanager:');
        expect(set.resolve(serviceStackName, parts[1])?.resource.Type).toBe('AWS::SecretsManager::Secret');
      }
    }
  });

  it('gives every function its own log group with a retention', () => {
    for (const name of functionNames) {
      const [, fn] = functionResource(name);
      const logGroup = set.resolve(
        serviceStackName,
        (fn.Properties.LoggingConfig as { LogGroup: unknown }).LogGroup,
      );
      expect(logGroup?.resource.Type).toBe('AWS::Logs::LogGroup');
      expect(logGroup?.resource.Properties).toMatchObject({
        LogGroupName: `/aws/lambda/${names.function(dev.prefix, topology.functions[name])}`,
        RetentionInDays: 30,
      });
    }
  });

  it('bundles each handler as an ES module that loads and exports handler', () => {
    const bundles = functionNames.map((name) => {
      const [, fn] = functionResource(name);
      const key = String((fn.Properties.Code as { S3Key: unknown }).S3Key);
      return pathToFileURL(join(outdir, `asset.${key.replace(/\.zip$/, '')}`, 'index.mjs')).href;
    });
    // Plain Node, as Lambda loads them (vitest would transform each megabyte-sized bundle first).
    const script = `for (const url of ${JSON.stringify(bundles)}) {
      const module = await import(url);
      console.log(typeof module.handler);
    }`;
    const output = execFileSync(process.execPath, ['--input-type=module', '--eval', script], {
      encoding: 'utf8',
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    expect(output.trim().split('\n')).toEqual(functionNames.map(() => 'function'));
  });

  it('creates the main table with the topology GSIs, a stream, PITR and TTL', () => {
    data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: tablePhysicalName(dev.prefix, 'main'),
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      Replicas: [
        Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
      ],
      GlobalSecondaryIndexes: topology.mainTableIndexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    });
    const [, main] = resourcesOf(dataStackName, 'AWS::DynamoDB::GlobalTable').find(
      ([, table]) => table.Properties.TableName === tablePhysicalName(dev.prefix, 'main'),
    )!;
    const definitions = main.Properties.AttributeDefinitions as {
      AttributeName: string;
      AttributeType: string;
    }[];
    expect(definitions.every((definition) => definition.AttributeType === 'S')).toBe(true);
    expect(definitions.map((definition) => definition.AttributeName).sort()).toEqual(
      [
        'PK',
        'SK',
        ...topology.mainTableIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
      ].sort(),
    );
  });

  it('creates the idempotency table keyed by id with TTL', () => {
    data.resourceCountIs('AWS::DynamoDB::GlobalTable', 2);
    data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: tablePhysicalName(dev.prefix, 'idempotency'),
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('lets dev data go with the stack', () => {
    for (const [, table] of resourcesOf(dataStackName, 'AWS::DynamoDB::GlobalTable')) {
      expect(table.DeletionPolicy).toBe('Delete');
    }
    expect(dataTerminationProtection).toBeFalsy();
  });

  it('gives every topology queue its DLQ with the topology maxReceiveCount, retention and visibility', () => {
    for (const queue of queueNames) {
      const definition = topology.queues[queue];
      const found = resourcesOf(dataStackName, 'AWS::SQS::Queue').find(
        ([, resource]) => resource.Properties?.QueueName === queuePhysicalName(dev.prefix, queue),
      );
      expect(found, queue).toBeDefined();
      const properties = found![1].Properties!;
      expect(properties.VisibilityTimeout).toBe(definition.visibilityTimeoutSeconds);
      expect(properties.MessageRetentionPeriod).toBe(definition.retentionDays * 24 * 3600);
      const redrive = properties.RedrivePolicy as { deadLetterTargetArn: unknown; maxReceiveCount: number };
      expect(redrive.maxReceiveCount).toBe(definition.maxReceiveCount);
      const dlq = set.resolve(dataStackName, redrive.deadLetterTargetArn);
      expect(dlq?.resource.Properties?.QueueName).toBe(deadLetterQueuePhysicalName(dev.prefix, queue));
      expect(dlq?.resource.Properties?.MessageRetentionPeriod).toBe(14 * 24 * 3600);
    }
    // Topology queues, their DLQs, the stream failure queue(s), the schedules' DLQ: nothing else.
    const streamTables = new Set(
      topology.eventSources.flatMap((s) => (s.kind === 'stream' ? [s.table] : [])),
    );
    data.resourceCountIs('AWS::SQS::Queue', queueNames.length * 2 + streamTables.size + 1);
  });

  it('encrypts every queue and refuses non-TLS access to it', () => {
    const queuesInStack = resourcesOf(dataStackName, 'AWS::SQS::Queue');
    for (const [logicalId, queue] of queuesInStack) {
      expect(queue.Properties?.SqsManagedSseEnabled, logicalId).toBe(true);
      const policies = resourcesOf(dataStackName, 'AWS::SQS::QueuePolicy').filter(([, policy]) =>
        (policy.Properties.Queues as unknown[]).some(
          (ref) => set.resolve(dataStackName, ref)?.logicalId === logicalId,
        ),
      );
      expect(policies, logicalId).toHaveLength(1);
      const statements = (
        policies[0]![1].Properties.PolicyDocument as { Statement: Record<string, unknown>[] }
      ).Statement;
      // Grants go to the functions' roles, never into queue policies: the only statement is the TLS deny.
      expect(statements).toEqual([
        expect.objectContaining({
          Effect: 'Deny',
          Action: 'sqs:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      ]);
    }
  });

  it('wires queue event sources with batching and partial batch failures', () => {
    for (const source of topology.eventSources) {
      if (source.kind !== 'queue') continue;
      const mapping = resourcesOf(serviceStackName, 'AWS::Lambda::EventSourceMapping').find(
        ([, resource]) => identity(resource.Properties?.EventSourceArn) === `queue:${source.queue}`,
      );
      expect(mapping, source.queue).toBeDefined();
      expect(mapping![1].Properties).toMatchObject({
        BatchSize: source.batchSize,
        MaximumBatchingWindowInSeconds: source.maxBatchingWindowSeconds,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      // AWS: a queue's visibility timeout should be at least six times its consumer's timeout.
      expect(topology.queues[source.queue].visibilityTimeoutSeconds).toBeGreaterThanOrEqual(
        6 * topology.functions[source.fn].timeoutSeconds,
      );
    }
  });

  it('wires stream event sources from the horizon, with retries, bisection and a failure queue', () => {
    for (const source of topology.eventSources) {
      if (source.kind !== 'stream') continue;
      const mapping = resourcesOf(serviceStackName, 'AWS::Lambda::EventSourceMapping').find(
        ([, resource]) => identity(resource.Properties?.EventSourceArn) === `stream:${source.table}`,
      );
      expect(mapping, source.table).toBeDefined();
      const properties = mapping![1].Properties!;
      expect(properties).toMatchObject({
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: source.batchSize,
        MaximumRetryAttempts: source.maxRetryAttempts,
        BisectBatchOnFunctionError: true,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      const destination = (properties.DestinationConfig as { OnFailure: { Destination: unknown } }).OnFailure
        .Destination;
      expect(identity(destination)).toBe(`queue:${names.streamFailureQueue(dev.prefix, source.table)}`);
    }
  });

  it('runs every schedule in Shanghai time with retries, a DLQ and a role that can invoke only its function', () => {
    for (const schedule of topology.schedules) {
      const found = resourcesOf(serviceStackName, 'AWS::Scheduler::Schedule').find(
        ([, resource]) => resource.Properties?.Name === names.schedule(dev.prefix, schedule.name),
      );
      expect(found, schedule.name).toBeDefined();
      const properties = found![1].Properties!;
      expect(properties).toMatchObject({
        ScheduleExpressionTimezone: 'Asia/Shanghai',
        FlexibleTimeWindow: { Mode: 'OFF' },
        State: 'ENABLED',
        Target: {
          RetryPolicy: {
            MaximumRetryAttempts: dev.scheduleRetry.maximumRetryAttempts,
            MaximumEventAgeInSeconds: dev.scheduleRetry.maximumEventAge.toSeconds(),
          },
        },
      });
      const target = properties.Target as {
        Arn: unknown;
        RoleArn: unknown;
        DeadLetterConfig: { Arn: unknown };
      };
      expect(identity(target.Arn)).toBe(`function:${schedule.fn}`);
      expect(identity(target.DeadLetterConfig.Arn)).toBe(
        `queue:${names.scheduleDeadLetterQueue(dev.prefix)}`,
      );

      const role = set.resolve(serviceStackName, target.RoleArn);
      expect(role?.resource.Type).toBe('AWS::IAM::Role');
      expect(role?.resource.Properties?.AssumeRolePolicyDocument).toMatchObject({
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          },
        ],
      });
      const grants = permissionsOf(role!.logicalId);
      expect(grants).toEqual(
        new Map([
          [`function:${schedule.fn}`, new Set(['lambda:InvokeFunction'])],
          [
            `queue:${names.scheduleDeadLetterQueue(dev.prefix)}`,
            new Set(['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl']),
          ],
        ]),
      );
    }
  });

  it('routes each topology route to its function through a scoped invoke permission', () => {
    for (const [logicalId, route] of resourcesOf(serviceStackName, 'AWS::ApiGatewayV2::Route')) {
      const key = String(route.Properties.RouteKey);
      const expected = topology.routes.find((candidate) => routeKey(candidate) === key);
      expect(expected, key).toBeDefined();
      const target = route.Properties.Target as { 'Fn::Join': [string, [string, unknown]] };
      const integration = set.resolve(serviceStackName, target['Fn::Join'][1][1]);
      expect(integration?.resource.Properties).toMatchObject({
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
      });
      expect(identity(integration?.resource.Properties?.IntegrationUri), logicalId).toBe(
        `function:${expected!.fn}`,
      );
    }
    for (const [, permission] of resourcesOf(serviceStackName, 'AWS::Lambda::Permission')) {
      expect(permission.Properties.Principal).toBe('apigateway.amazonaws.com');
      expect(JSON.stringify(permission.Properties.SourceArn)).toMatch(/\/\*\/\*\/api\//);
    }
  });

  it('throttles the default stage of the HTTP API and logs route keys, not paths', () => {
    service.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    service.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    service.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: dev.throttle.rateLimit,
        ThrottlingBurstLimit: dev.throttle.burstLimit,
      },
      AccessLogSettings: { Format: Match.stringLikeRegexp('\\$context.routeKey') },
    });
    const format = String(
      (
        resourcesOf(serviceStackName, 'AWS::ApiGatewayV2::Stage')[0]![1].Properties.AccessLogSettings as {
          Format: string;
        }
      ).Format,
    );
    expect(format).not.toContain('$context.path');
  });

  it('puts the JWT authorizer on staff routes only', () => {
    expectStaffOnlyAuthorizer(templates, topology);
  });

  it('creates the staff user pool with one group per role and a public console client', () => {
    data.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
    for (const group of ['liaison', 'handler', 'supervisor', 'admin']) {
      data.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: group });
    }
    data.resourceCountIs('AWS::Cognito::UserPoolGroup', 4);
    data.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      WriteAttributes: ['name'],
    });
  });

  describe('IAM', () => {
    it('grants each function exactly what its uses and its event sources need', () => {
      for (const name of functionNames) {
        const [, fn] = functionResource(name);
        const role = set.resolve(serviceStackName, fn.Properties.Role);
        expect(role?.resource.Type).toBe('AWS::IAM::Role');
        expect(role?.resource.Properties?.Policies, `${name}: no inline role policies`).toBeUndefined();
        expect(JSON.stringify(role?.resource.Properties?.ManagedPolicyArns)).toMatch(
          /^\[\{"Fn::Join":\["",\["arn:",\{"Ref":"AWS::Partition"\},":iam::aws:policy\/service-role\/AWSLambdaBasicExecutionRole"\]\]\}\]$/,
        );
        const granted = permissionsOf(role!.logicalId);
        const allowed = allowedFor(name);
        expect([...granted.keys()].sort(), `${name}: resources touched`).toEqual([...allowed.keys()].sort());
        for (const [resource, actions] of granted) {
          const permitted = allowed.get(resource)!;
          const extra = [...actions].filter((action) => !permitted.allowed.has(action));
          expect(extra, `${name} on ${resource}`).toEqual([]);
          for (const action of permitted.required)
            expect(actions.has(action), `${name}: ${action} on ${resource}`).toBe(true);
        }
      }
    });

    it('never grants a wildcard action or resource on DynamoDB or SQS', () => {
      for (const [logicalId, policy] of resourcesOf(serviceStackName, 'AWS::IAM::Policy')) {
        for (const statement of statementsOf(policy)) {
          const actions = [statement.Action].flat() as string[];
          if (!actions.some((action) => /^(dynamodb|sqs):|^\*$/.test(action))) continue;
          expect(statement.Effect, logicalId).toBe('Allow');
          for (const action of actions) expect(action, logicalId).not.toMatch(/^\*$|^(dynamodb|sqs):\*$|\*/);
          for (const resource of [statement.Resource].flat()) {
            expect(resource, logicalId).not.toBe('*');
            expect(identity(resource), logicalId).not.toMatch(/^(\*|unresolved:|literal:)/);
          }
        }
      }
    });
  });
});

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

function statementsOf(policy: Resource): Statement[] {
  return (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
}

/** resource identity → actions, over every AWS::IAM::Policy attached to the role. */
function permissionsOf(roleLogicalId: string): Map<string, Set<string>> {
  const granted = new Map<string, Set<string>>();
  for (const [, policy] of resourcesOf(serviceStackName, 'AWS::IAM::Policy')) {
    const roles = (policy.Properties.Roles as unknown[]) ?? [];
    if (!roles.some((ref) => set.resolve(serviceStackName, ref)?.logicalId === roleLogicalId)) continue;
    for (const statement of statementsOf(policy)) {
      expect(statement.Effect).toBe('Allow');
      for (const resource of [statement.Resource].flat()) {
        const key = identity(resource);
        const actions = granted.get(key) ?? new Set<string>();
        for (const action of [statement.Action].flat()) actions.add(action);
        granted.set(key, actions);
      }
    }
  }
  return granted;
}

const tableRead = [
  'dynamodb:BatchGetItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
  'dynamodb:GetItem',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
  'dynamodb:Query',
  'dynamodb:Scan',
];
const tableWrite = [
  'dynamodb:BatchWriteItem',
  'dynamodb:DeleteItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
];
const queueSend = ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'];
const queueConsume = [
  'sqs:ReceiveMessage',
  'sqs:DeleteMessage',
  'sqs:ChangeMessageVisibility',
  'sqs:GetQueueAttributes',
  'sqs:GetQueueUrl',
];
const streamRead = [
  'dynamodb:DescribeStream',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
  'dynamodb:ListStreams',
];

interface Allowance {
  allowed: Set<string>;
  required: string[];
}

/** What a function may touch: its `uses`, plus what its event sources need (consume, stream read, failures). */
function allowedFor(name: FunctionName): Map<string, Allowance> {
  const allowed = new Map<string, Allowance>();
  const add = (resource: string, actions: string[], required: string[]) => {
    const current = allowed.get(resource) ?? { allowed: new Set<string>(), required: [] };
    for (const action of actions) current.allowed.add(action);
    current.required.push(...required);
    allowed.set(resource, current);
  };
  const { uses } = topology.functions[name];
  for (const [table, access] of Object.entries(uses.tables ?? {}) as [TableName, string][]) {
    const actions = access === 'readWrite' ? [...tableRead, ...tableWrite] : tableRead;
    const required = access === 'readWrite' ? ['dynamodb:GetItem', 'dynamodb:PutItem'] : ['dynamodb:GetItem'];
    add(`table:${table}`, actions, required);
    if (table === 'main' && topology.mainTableIndexes.length > 0)
      add(`table:${table}/index/*`, actions, ['dynamodb:Query']);
  }
  for (const queue of uses.sendsTo ?? []) add(`queue:${queue}`, queueSend, ['sqs:SendMessage']);
  for (const source of topology.eventSources) {
    if (source.fn !== name) continue;
    if (source.kind === 'queue') {
      add(`queue:${source.queue}`, queueConsume, ['sqs:ReceiveMessage', 'sqs:DeleteMessage']);
    } else {
      add(`stream:${source.table}`, streamRead, ['dynamodb:GetRecords']);
      add(`queue:${names.streamFailureQueue(dev.prefix, source.table)}`, queueSend, ['sqs:SendMessage']);
    }
  }
  return allowed;
}

function expectStaffOnlyAuthorizer(stacks: Record<string, CfnTemplate>, from: Topology): void {
  const templateSet = new TemplateSet(stacks);
  const serviceName = Object.keys(stacks).find((name) => name.endsWith('huiyin-service'))!;
  const routeResources = [...templateSet.resources('AWS::ApiGatewayV2::Route')];
  expect(routeResources).toHaveLength(from.routes.length);
  const authorizers = [...templateSet.resources('AWS::ApiGatewayV2::Authorizer')];
  const staffRoutes = from.routes.filter((route) => route.auth === 'staff');
  expect(authorizers).toHaveLength(staffRoutes.length > 0 ? 1 : 0);
  for (const { resource } of authorizers) {
    expect(resource.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
    });
    const jwt = resource.Properties?.JwtConfiguration as { Audience: unknown[]; Issuer: unknown };
    expect(jwt.Audience.map((audience) => templateSet.resolve(serviceName, audience)?.resource.Type)).toEqual(
      ['AWS::Cognito::UserPoolClient'],
    );
    expect(JSON.stringify(jwt.Issuer)).toContain('cognito-idp');
  }
  for (const { resource } of routeResources) {
    const key = String(resource.Properties?.RouteKey);
    const route = from.routes.find((candidate) => routeKey(candidate) === key);
    expect(route, key).toBeDefined();
    if (route!.auth === 'staff') {
      expect(resource.Properties?.AuthorizationType, key).toBe('JWT');
      expect(templateSet.resolve(serviceName, resource.Properties?.AuthorizerId)?.resource.Type, key).toBe(
        'AWS::ApiGatewayV2::Authorizer',
      );
    } else {
      expect(resource.Properties?.AuthorizationType, key).toBe('NONE');
      expect(resource.Properties?.AuthorizerId, key).toBeUndefined();
    }
  }
}

describe('with a staff route in the topology', () => {
  const withStaffRoute: Topology = {
    ...topology,
    routes: [
      ...topology.routes,
      { method: 'GET', path: '/api/staff/cases', fn: 'apiCatalog', auth: 'staff' },
    ],
  };

  it('puts a Cognito JWT authorizer on it and on nothing else', () => {
    const stacks = synthesizeTemplates('dev', { topology: withStaffRoute, bundle: false });
    expect(describeTemplate(stacks, withStaffRoute)).toEqual(expectedDescription(withStaffRoute));
    expectStaffOnlyAuthorizer(stacks, withStaffRoute);
  });
});

describe('the prod app', () => {
  it('retains and protects stateful resources, and keeps logs a year', () => {
    const { app, stacks } = buildApp('prod', {
      bundle: false,
      outdir: mkdtempSync(join(tmpdir(), 'huiyin-prod-')),
    });
    try {
      const assembly = app.synth();
      expect(stacks.data.terminationProtection).toBe(true);
      const prodData = Template.fromJSON(assembly.getStackByName(stacks.data.stackName).template);
      const prodService = Template.fromJSON(assembly.getStackByName(stacks.service.stackName).template);
      prodData.allResourcesProperties('AWS::DynamoDB::GlobalTable', {
        Replicas: [Match.objectLike({ DeletionProtectionEnabled: true })],
      });
      prodData.allResources('AWS::DynamoDB::GlobalTable', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      });
      prodData.hasResource('AWS::Cognito::UserPool', {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }),
      });
      prodData.hasResourceProperties('AWS::DynamoDB::GlobalTable', { TableName: 'prod-huiyin-main' });
      prodData.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain' });
      prodService.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
      prodService.allResources('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain' });
      prodService.hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ STAGE: 'prod' }) },
      });
      expect(
        describeTemplate({
          [stacks.data.stackName]: assembly.getStackByName(stacks.data.stackName).template,
          [stacks.service.stackName]: assembly.getStackByName(stacks.service.stackName).template,
        }),
      ).toEqual(expectedDescription(topology));
    } finally {
      rmSync(app.outdir, { recursive: true, force: true });
    }
  });
});

describe('describeTemplate', () => {
  it('reports what the topology does not know instead of dropping it', () => {
    const copy = structuredClone(templates) as Record<string, { Resources: Record<string, unknown> }>;
    copy[dataStackName]!.Resources.Stray = {
      Type: 'AWS::SQS::Queue',
      Properties: { QueueName: 'dev-huiyin-stray', VisibilityTimeout: 60 },
    };
    copy[serviceStackName]!.Resources.StrayRoute = {
      Type: 'AWS::ApiGatewayV2::Route',
      Properties: { RouteKey: 'GET /api/stray' },
    };
    const description = describeTemplate(copy as unknown as Record<string, CfnTemplate>);
    expect(description.routes.at(-1)).toBe('GET /api/stray');
    expect(description.queues.at(-1)).toEqual({
      name: 'dev-huiyin-stray',
      maxReceiveCount: 0,
      visibilityTimeoutSeconds: 60,
    });
  });

  it('accepts a single template, where failure queues used from another stack show as plain queues', () => {
    const description = describeTemplate(templates[dataStackName]!);
    expect(description.queues.map((queue) => queue.name)).toEqual([
      ...queueNames,
      names.scheduleDeadLetterQueue(dev.prefix),
      names.streamFailureQueue(dev.prefix, 'main'),
    ]);
    expect(description.routes).toEqual([]);
  });
});
