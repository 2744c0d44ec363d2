import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleFunctions, type CfnTemplate } from '../../infra/cdk/app.ts';
import {
  cloudOnlyVariables,
  functionsStackPart,
  localOnlyVariables,
  names,
  placeholderEmailSender,
  stackParts,
  stageConfig,
  type Topology,
  tableNames,
  topology,
} from '../../infra/cdk/config.ts';
import { describeTemplate, resourceIdentity, TemplateSet } from '../../infra/cdk/describe-template.ts';
import {
  bucketKeyReadActions,
  bucketKeyWriteActions,
  bucketReadActions,
  bucketReadWriteActions,
  indexActions,
  queueConsumeActions,
  queueInspectActions,
  queueKeyConsumeActions,
  queueKeySendActions,
  queueRescheduleActions,
  queueSendActions,
  secretKeyReadActions,
  secretReadActions,
  senderIdentities,
  streamReadActions,
  tableKeyReadActions,
  tableKeyWriteActions,
  tableReadActions,
  tableWriteActions,
  userPoolAdminActions,
} from '../../infra/cdk/grants.ts';
import { apiPathPatterns } from '../../infra/cdk/web-stack.ts';
import { functionEnvironment } from '../../infra/local/runtime.ts';
import { localSecrets } from '../../infra/local/secrets.ts';
import {
  asyncInvokedFunctions,
  type BucketName,
  bucketEnvName,
  bucketNames,
  bucketPhysicalName,
  type FunctionName,
  type FunctionUses,
  functionArea,
  functionAreas,
  imapMailbox,
  type QueueName,
  queueUrlEnvName,
  routeKey,
  secretArnEnvName,
  type TableName,
  tableEnvName,
} from '../../shared/topology.ts';
import { offlineNativeInstaller } from './support/offline-native.ts';
import {
  expectedDescription,
  functionResource,
  functionStackName,
  functionStackResources,
  permissionsOf,
  type Resource,
  resourcesOf,
  type Synthesized,
  statementsOf,
  synthesize,
} from './support/synth.ts';

/**
 * The wiring of the synthesized app against the topology, on one bundled synth of `dev`: the real bundles of
 * scripts/build.ts (loaded once to prove they import), every route, queue, event source and schedule, and the
 * IAM of every function and schedule, exactly. Hardening (encryption, alarms, cdk-nag, prod) is in
 * hardening.test.ts.
 */

const dev = stageConfig('dev');
const functionNames = Object.keys(topology.functions) as FunctionName[];
const queueNames = Object.keys(topology.queues) as QueueName[];

let bundles: string;
let dev$: Synthesized;

beforeAll(async () => {
  bundles = mkdtempSync(join(tmpdir(), 'huiyin-bundles-'));
  await bundleFunctions(bundles, { installNative: offlineNativeInstaller });
  dev$ = synthesize('dev', { codeRoot: bundles });
}, 600_000);

// Removing every function's bundle takes more than the default 10 s on a loaded machine.
afterAll(() => {
  dev$?.dispose();
  if (bundles) rmSync(bundles, { recursive: true, force: true });
}, 120_000);

function identity(expression: unknown, stack: string): string {
  return resourceIdentity(dev$.set, stack, expression);
}

describe('the dev app', () => {
  it('synthesizes one stack per part (one functions stack per topology area), offline and environment-agnostic', () => {
    expect(Object.keys(dev$.templates)).toEqual(stackParts.map((part) => names.stack(dev.prefix, part)));
    for (const template of Object.values(dev$.templates)) {
      expect(JSON.stringify(template)).not.toMatch(/\b\d{12}\b/); // no account id baked in
      expect(JSON.stringify(template)).not.toMatch(/"(us|eu|ap|cn|sa|ca|me|af)-[a-z]+-\d"/); // nor a region
    }
  });

  it('has exactly the topology routes, queues, event sources and schedules', () => {
    expect(describeTemplate(dev$.templates)).toEqual(expectedDescription(topology));
  });

  it('creates one Lambda function per topology function, in the stack of its area, as the topology sizes it', () => {
    expect(functionStackResources(dev$, 'AWS::Lambda::Function')).toHaveLength(functionNames.length);
    for (const area of functionAreas) {
      const inArea = functionNames.filter((name) => functionArea(name) === area);
      expect(inArea.length, area).toBeGreaterThan(0);
      Template.fromJSON(dev$.template(functionsStackPart(area))).resourceCountIs(
        'AWS::Lambda::Function',
        inArea.length,
      );
    }
    for (const name of functionNames) {
      const definition = topology.functions[name];
      const [, fn] = functionResource(dev$, name);
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
      { dynamodbEndpoint: 'http://localhost:1', sqsEndpoint: 'http://localhost:2', outboxTable: 'outbox' },
      localSecrets(),
      { main: 'main', idempotency: 'idempotency', similar: 'similar', pending: 'pending', facts: 'facts' },
      Object.fromEntries(queueNames.map((queue) => [queue, fakeQueue])) as Parameters<
        typeof functionEnvironment
      >[3],
      'http://localhost:3000',
    );
    // Table, queue and bucket names go to the functions whose `uses` grants them (the local runtime sets them all).
    const resourceKeys = (uses: FunctionUses) => [
      ...tableNames.filter((table) => uses.tables?.[table]).map(tableEnvName),
      ...queueNames
        .filter((queue) =>
          [uses.sendsTo, uses.inspects, uses.receivesFrom].some((list) => list?.includes(queue)),
        )
        .map(queueUrlEnvName),
      ...bucketNames.filter((bucket) => uses.buckets?.[bucket]).map(bucketEnvName),
    ];
    const everyResource = new Set([
      ...tableNames.map(tableEnvName),
      ...queueNames.map(queueUrlEnvName),
      ...bucketNames.map(bucketEnvName),
    ]);
    const sharedKeys = [
      ...Object.keys(local).filter(
        (key) => !(localOnlyVariables as readonly string[]).includes(key) && !everyResource.has(key),
      ),
      ...cloudOnlyVariables,
    ];
    for (const name of functionNames) {
      const functionsStack = functionStackName(dev$, name);
      const [, fn] = functionResource(dev$, name);
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      const secrets = topology.functions[name].uses.secrets ?? [];
      // The user pool goes only to the functions that manage it (locally they use the local provider's accounts).
      const own = 'userPool' in topology.functions[name].uses ? ['USER_POOL_ID'] : [];
      // The shared variables plus the ARN of each secret it reads, and nothing else: no other function's secret.
      expect(Object.keys(variables).sort(), name).toEqual(
        [
          ...sharedKeys,
          ...resourceKeys(topology.functions[name].uses),
          ...secrets.map(secretArnEnvName),
          ...own,
        ].sort(),
      );
      expect(variables).toMatchObject({
        STAGE: 'dev',
        POWERTOOLS_SERVICE_NAME: 'huiyin',
        POWERTOOLS_LOG_LEVEL: dev.logLevel,
        NOTIFY_TRANSPORT: 'aws',
        EMAIL_SENDER: placeholderEmailSender,
      });
      expect(variables).not.toHaveProperty('NODE_OPTIONS');
      // The site's own address: links in messages go to CloudFront, not to the raw API endpoint.
      const [scheme, domain] = (variables.PUBLIC_BASE_URL as { 'Fn::Join': [string, unknown[]] })[
        'Fn::Join'
      ][1];
      expect(scheme).toBe('https://');
      const distribution = dev$.set.resolve(functionsStack, domain);
      expect([distribution?.resource.Type, distribution?.attribute]).toEqual([
        'AWS::CloudFront::Distribution',
        'DomainName',
      ]);
      const has = (key: string) => key in variables;
      for (const table of tableNames.filter((table) => has(tableEnvName(table))))
        expect(identity(variables[tableEnvName(table)], functionsStack)).toBe(`table:${table}`);
      for (const queue of queueNames.filter((queue) => has(queueUrlEnvName(queue))))
        expect(identity(variables[queueUrlEnvName(queue)], functionsStack)).toBe(`queue:${queue}`);
      for (const bucket of bucketNames.filter((bucket) => has(bucketEnvName(bucket)))) {
        // Deterministic names (account and region appended: S3 names are global), no cross-stack reference.
        expect(identity(variables[bucketEnvName(bucket)], functionsStack)).toBe(
          `literal:${bucketPhysicalName(dev.prefix, bucket)}-<AWS::AccountId>-<AWS::Region>`,
        );
      }
      for (const secret of secrets) {
        // The secret's ARN (read at cold start), never a value and never a dynamic reference.
        expect(identity(variables[secretArnEnvName(secret)], functionsStack), name).toBe(`secret:${secret}`);
      }
      expect(JSON.stringify(variables), name).not.toContain('{{resolve:');
    }
  });

  it('gives every function its own log group with a retention', () => {
    for (const name of functionNames) {
      const [, fn] = functionResource(dev$, name);
      const logGroup = dev$.set.resolve(
        functionStackName(dev$, name),
        (fn.Properties.LoggingConfig as { LogGroup: unknown }).LogGroup,
      );
      expect(logGroup?.resource.Type).toBe('AWS::Logs::LogGroup');
      expect(logGroup?.resource.Properties).toMatchObject({
        LogGroupName: `/aws/lambda/${names.function(dev.prefix, topology.functions[name])}`,
        RetentionInDays: 30,
      });
    }
  });

  it('deploys the code-split bundles of scripts/build.ts, without source maps, and each loads', () => {
    const assets = functionNames.map((name) => {
      const [, fn] = functionResource(dev$, name);
      const key = String((fn.Properties.Code as { S3Key: unknown }).S3Key);
      return join(dev$.outdir, `asset.${key.replace(/\.zip$/, '')}`);
    });
    for (const [index, asset] of assets.entries()) {
      const files = readdirSync(asset, { recursive: true }).map(String);
      expect(files, functionNames[index]).toContain('index.mjs');
      expect(
        files.some((file) => file.endsWith('.map')),
        functionNames[index],
      ).toBe(false);
    }
    expect(
      assets.some((asset) => readdirSync(asset).includes('chunks')),
      'code splitting: at least one bundle has chunks',
    ).toBe(true);
    // Native sharp ships beside the bundles that decode images, and only there, whichever area stack holds
    // them (public, staff and pipeline functions below).
    const withSharp = functionNames.filter((_, index) =>
      readdirSync(assets[index]!, { recursive: true })
        .map(String)
        .includes('node_modules/sharp/package.json'),
    );
    expect(withSharp).toEqual(
      expect.arrayContaining([
        'apiCreatePetition',
        'staffRegisterCase',
        'mailReceiver',
        'jobImapPoll',
        'open311Create',
      ]),
    );
    expect(withSharp).not.toContain('apiHealth');
    // Each package is staged on its own: the segmenting functions get jieba, not sharp.
    expect(withSharp).not.toContain('queueSimilar');
    expect(withSharp).not.toContain('apiSimilarPetitions');
    // Plain Node, as Lambda loads them (vitest would transform each megabyte-sized bundle first).
    const urls = assets.map((asset) => pathToFileURL(join(asset, 'index.mjs')).href);
    const script = `for (const url of ${JSON.stringify(urls)}) {
      const module = await import(url);
      console.log(typeof module.handler);
    }`;
    const output = execFileSync(process.execPath, ['--input-type=module', '--eval', script], {
      encoding: 'utf8',
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    expect(output.trim().split('\n')).toEqual(functionNames.map(() => 'function'));
  });

  it('ships jieba (kept outside the bundles) beside exactly the functions that segment Chinese', () => {
    const withJieba = functionNames.filter((name) => {
      const [, fn] = functionResource(dev$, name);
      const key = String((fn.Properties.Code as { S3Key: unknown }).S3Key);
      const asset = join(dev$.outdir, `asset.${key.replace(/\.zip$/, '')}`);
      return existsSync(join(asset, 'node_modules', '@node-rs', 'jieba', 'dict.txt'));
    });
    expect(withJieba.sort()).toEqual(['apiSimilarPetitions', 'queueSimilar']);
  });

  it('wires queue event sources with batching and partial batch failures', () => {
    for (const source of topology.eventSources) {
      if (source.kind !== 'queue') continue;
      const mapping = functionStackResources(dev$, 'AWS::Lambda::EventSourceMapping').find(
        ({ stack, resource }) =>
          identity(resource.Properties?.EventSourceArn, stack) === `queue:${source.queue}`,
      );
      expect(mapping, source.queue).toBeDefined();
      expect(mapping!.stack).toBe(functionStackName(dev$, source.fn));
      expect(mapping!.resource.Properties).toMatchObject({
        BatchSize: source.batchSize,
        MaximumBatchingWindowInSeconds: source.maxBatchingWindowSeconds,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      expect(identity(mapping!.resource.Properties.FunctionName, mapping!.stack)).toBe(
        `function:${source.fn}`,
      );
      // AWS: a queue's visibility timeout should be at least six times its consumer's timeout.
      expect(topology.queues[source.queue].visibilityTimeoutSeconds).toBeGreaterThanOrEqual(
        6 * topology.functions[source.fn].timeoutSeconds,
      );
    }
  });

  it('wires stream event sources from the horizon, with their batching windows, retries, bisection, a record age and a failure queue', () => {
    for (const source of topology.eventSources) {
      if (source.kind !== 'stream') continue;
      const mapping = functionStackResources(dev$, 'AWS::Lambda::EventSourceMapping').find(
        ({ stack, resource }) =>
          identity(resource.Properties?.EventSourceArn, stack) === `stream:${source.table}` &&
          identity(resource.Properties?.FunctionName, stack) === `function:${source.fn}`,
      );
      expect(mapping, source.table).toBeDefined();
      const properties = mapping!.resource.Properties;
      expect(properties).toMatchObject({
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: source.batchSize,
        MaximumBatchingWindowInSeconds: source.maxBatchingWindowSeconds,
        MaximumRetryAttempts: source.maxRetryAttempts,
        BisectBatchOnFunctionError: true,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        MaximumRecordAgeInSeconds: dev.streamMaxRecordAge.toSeconds(),
      });
      // Parked before the stream's 24 h retention trims the record.
      expect(dev.streamMaxRecordAge.toHours()).toBeLessThan(24);
      const destination = (properties.DestinationConfig as { OnFailure: { Destination: unknown } }).OnFailure
        .Destination;
      expect(identity(destination, mapping!.stack)).toBe(
        `queue:${names.streamFailureQueue(dev.prefix, source.table)}`,
      );
    }
  });

  it('runs every schedule in Shanghai time with retries, a DLQ and a role that can invoke only its function', () => {
    const stack = dev$.stackName('schedules');
    const states = new Map<string, unknown>();
    for (const schedule of topology.schedules) {
      const found = resourcesOf(dev$.template('schedules'), 'AWS::Scheduler::Schedule').find(
        ([, resource]) => resource.Properties?.Name === names.schedule(dev.prefix, schedule.name),
      );
      expect(found, schedule.name).toBeDefined();
      const [, resource] = found!;
      expect(resource.Properties).toMatchObject({
        ScheduleExpressionTimezone: 'Asia/Shanghai',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: {
          RetryPolicy: {
            MaximumRetryAttempts: dev.scheduleRetry.maximumRetryAttempts,
            MaximumEventAgeInSeconds: dev.scheduleRetry.maximumEventAge.toSeconds(),
          },
        },
      });
      states.set(schedule.name, resource.Properties.State);
      const target = resource.Properties.Target as {
        Arn: unknown;
        RoleArn: unknown;
        DeadLetterConfig: { Arn: unknown };
      };
      expect(identity(target.Arn, stack)).toBe(`function:${schedule.fn}`);
      expect(identity(target.DeadLetterConfig.Arn, stack)).toBe(
        `queue:${names.scheduleDeadLetterQueue(dev.prefix)}`,
      );

      const role = dev$.set.resolve(stack, target.RoleArn);
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
      expect(resource.DependsOn?.some((id) => id.startsWith(role!.logicalId))).toBe(true);
      expect(permissionsOf(dev$, stack, role!.logicalId)).toEqual(
        new Map([
          [`function:${schedule.fn}`, new Set(['lambda:InvokeFunction'])],
          [`queue:${names.scheduleDeadLetterQueue(dev.prefix)}`, new Set(queueSendActions)],
          ['key:messaging', new Set(queueKeySendActions)],
        ]),
      );
    }
    // SES receives the mail here: the mailbox poller's schedule exists, switched off, until a mailbox is configured.
    expect(Object.fromEntries(states)).toEqual(
      Object.fromEntries(
        topology.schedules.map((schedule) => [
          schedule.name,
          schedule.name === imapMailbox.schedule ? 'DISABLED' : 'ENABLED',
        ]),
      ),
    );
  });

  it('routes each topology route to its function through a scoped invoke permission', () => {
    const routes = functionStackResources(dev$, 'AWS::ApiGatewayV2::Route');
    expect(routes).toHaveLength(topology.routes.length);
    for (const { stack, logicalId, resource: route } of routes) {
      const key = String(route.Properties.RouteKey);
      const expected = topology.routes.find((candidate) => routeKey(candidate) === key);
      expect(expected, key).toBeDefined();
      // Next to its function, in the stack of the function's area.
      expect(stack, key).toBe(functionStackName(dev$, expected!.fn));
      expect(dev$.set.resolve(stack, route.Properties.ApiId)?.resource.Type).toBe('AWS::ApiGatewayV2::Api');
      const target = route.Properties.Target as { 'Fn::Join': [string, [string, unknown]] };
      const integration = dev$.set.resolve(stack, target['Fn::Join'][1][1]);
      expect(integration?.resource.Properties).toMatchObject({
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
      });
      expect(identity(integration?.resource.Properties?.IntegrationUri, stack), logicalId).toBe(
        `function:${expected!.fn}`,
      );
    }
    const apiPermissions = functionStackResources(dev$, 'AWS::Lambda::Permission').filter(
      ({ resource }) => resource.Properties.Principal === 'apigateway.amazonaws.com',
    );
    expect(apiPermissions).toHaveLength(topology.routes.length);
    // Each permission lets the API invoke the function for its own route's path only (any stage, any method).
    const scopes = apiPermissions.map(({ stack, resource: permission }) => {
      const parts = (permission.Properties.SourceArn as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
      return `${identity(permission.Properties.FunctionName, stack)} ${String(parts.at(-1))}`;
    });
    expect(scopes.sort()).toEqual(
      topology.routes.map((route) => `function:${route.fn} /*/*${route.path}`).sort(),
    );
  });

  it('reaches every route through the site: its path falls under a CloudFront API behaviour', () => {
    const under = (path: string) =>
      apiPathPatterns.some((pattern) => path.startsWith(pattern.replace(/\*$/, '')));
    for (const route of topology.routes) expect(under(route.path), routeKey(route)).toBe(true);
  });

  it('throttles the default stage of the HTTP API and logs route keys, not paths', () => {
    const api = Template.fromJSON(dev$.template('api'));
    api.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    api.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: dev.throttle.rateLimit,
        ThrottlingBurstLimit: dev.throttle.burstLimit,
      },
      AccessLogSettings: { Format: Match.stringLikeRegexp('\\$context.routeKey') },
    });
    const [, stage] = resourcesOf(dev$.template('api'), 'AWS::ApiGatewayV2::Stage')[0]!;
    const format = String((stage.Properties.AccessLogSettings as { Format: string }).Format);
    expect(format).not.toMatch(/\$context\.(path|resourcePath)|requestOverride|querystring/);
    // Nothing that could link an anonymous help-mailbox letter to a connection.
    expect(format).not.toMatch(/sourceIp|userAgent|identity\./);
  });

  it('puts the JWT authorizer on staff routes only', () => {
    expectStaffOnlyAuthorizer(dev$.templates, topology);
  });

  describe('IAM', () => {
    it('grants each function exactly what its uses and its event sources need, nothing managed', () => {
      for (const name of functionNames) {
        const functionsStack = functionStackName(dev$, name);
        const [, fn] = functionResource(dev$, name);
        const role = dev$.set.resolve(functionsStack, fn.Properties.Role);
        expect(role?.resource.Type).toBe('AWS::IAM::Role');
        expect(role?.resource.Properties?.Policies, `${name}: no inline role policies`).toBeUndefined();
        expect(role?.resource.Properties?.ManagedPolicyArns, `${name}: no managed policies`).toBeUndefined();
        const logGroup = dev$.set.resolve(
          functionsStack,
          (fn.Properties.LoggingConfig as { LogGroup: unknown }).LogGroup,
        );
        const granted = permissionsOf(dev$, functionsStack, role!.logicalId);
        const expected = allowedFor(name);
        expected.set(
          `AWS::Logs::LogGroup:${logGroup!.logicalId}`,
          new Set(['logs:CreateLogStream', 'logs:PutLogEvents']),
        );
        expect(sorted(granted), name).toEqual(sorted(expected));
      }
    });

    it('sends e-mail only from the configured sender, and SMS only to phone numbers', () => {
      for (const { policy } of allPolicies()) {
        for (const statement of statementsOf(policy)) {
          const actions = [statement.Action].flat();
          if (actions.includes('ses:SendEmail')) {
            expect(statement.Condition).toEqual({
              StringEquals: { 'ses:FromAddress': placeholderEmailSender },
            });
          }
        }
      }
      for (const name of functionNames) {
        if (!topology.functions[name].uses.sends?.includes('sms')) continue;
        const functionsStack = functionStackName(dev$, name);
        const [, fn] = functionResource(dev$, name);
        const role = dev$.set.resolve(functionsStack, fn.Properties.Role)!;
        // The deny on every SNS ARN sits in the same policy as the allow on *.
        expect(
          permissionsOf(dev$, functionsStack, role.logicalId).get(
            'deny:literal:arn:<AWS::Partition>:sns:*:*:*',
          ),
        ).toEqual(new Set(['sns:Publish']));
      }
    });

    it('uses keys only through the service that owns the data', () => {
      for (const { stack, policy } of allPolicies()) {
        for (const statement of statementsOf(policy)) {
          const actions = [statement.Action].flat();
          if (!actions.some((action) => action.startsWith('kms:'))) continue;
          const resources = [statement.Resource].flat().map((resource) => identity(resource, stack));
          expect(resources.every((resource) => /^key:(data|messaging|storage)$/.test(resource))).toBe(true);
          const via = statement.Condition?.StringEquals?.['kms:ViaService'];
          expect(JSON.stringify(via), `${stack}: ${actions}`).toMatch(/"(dynamodb|sqs|s3|secretsmanager)\."/);
        }
      }
    });

    it('never grants a wildcard action or resource on DynamoDB, SQS or KMS', () => {
      for (const { stack, logicalId, policy } of allPolicies()) {
        for (const statement of statementsOf(policy)) {
          const actions = [statement.Action].flat();
          if (!actions.some((action) => /^(dynamodb|sqs|kms|secretsmanager):|^\*$/.test(action))) continue;
          expect(statement.Effect, logicalId).toBe('Allow');
          for (const action of actions) expect(action, logicalId).not.toContain('*');
          for (const resource of [statement.Resource].flat()) {
            expect(resource, logicalId).not.toBe('*');
            expect(identity(resource, stack), logicalId).not.toMatch(/^(\*|unresolved:|literal:)|\*/);
          }
        }
      }
    });
  });
});

function allPolicies(): { stack: string; logicalId: string; policy: Resource }[] {
  return Object.entries(dev$.templates).flatMap(([stack, template]) =>
    resourcesOf(template, 'AWS::IAM::Policy').map(([logicalId, policy]) => ({ stack, logicalId, policy })),
  );
}

function sorted(map: Map<string, Set<string>>): [string, string[]][] {
  return [...map.entries()].map(([key, values]) => [key, [...values].sort()] as [string, string[]]).sort();
}

/** What a function may touch: its `uses`, plus what its event sources need (consume, stream read, failures). */
function allowedFor(name: FunctionName): Map<string, Set<string>> {
  const allowed = new Map<string, Set<string>>();
  const add = (resource: string, actions: readonly string[]) => {
    const current = allowed.get(resource) ?? new Set<string>();
    for (const action of actions) current.add(action);
    allowed.set(resource, current);
  };
  const { uses } = topology.functions[name];
  for (const [table, access] of Object.entries(uses.tables ?? {}) as [TableName, string][]) {
    const write = access === 'readWrite';
    add(`table:${table}`, write ? [...tableReadActions, ...tableWriteActions] : tableReadActions);
    if (table === 'main') {
      for (const index of topology.mainTableIndexes) add(`table:${table}/index/${index.name}`, indexActions);
    }
    add('key:data', write ? tableKeyWriteActions : tableKeyReadActions);
  }
  for (const queue of uses.sendsTo ?? []) {
    add(`queue:${queue}`, queueSendActions);
    add('key:messaging', queueKeySendActions);
  }
  for (const queue of uses.inspects ?? []) add(`queue:${queue}`, queueInspectActions);
  for (const queue of uses.receivesFrom ?? []) add(`queue:${queue}`, queueRescheduleActions);
  for (const [bucket, access] of Object.entries(uses.buckets ?? {}) as [BucketName, string][]) {
    const write = access === 'readWrite';
    add(
      `literal:arn:<AWS::Partition>:s3:::${bucketPhysicalName(dev.prefix, bucket)}-<AWS::AccountId>-<AWS::Region>/*`,
      write ? bucketReadWriteActions : bucketReadActions,
    );
    add('key:storage', write ? bucketKeyWriteActions : bucketKeyReadActions);
  }
  if (uses.sends?.includes('email')) {
    for (const identity of senderIdentities(placeholderEmailSender)) {
      add(`literal:arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/${identity}`, [
        'ses:SendEmail',
      ]);
    }
  }
  if (uses.userPool) {
    const [pool] = resourcesOf(dev$.template('auth'), 'AWS::Cognito::UserPool')[0]!;
    add(`AWS::Cognito::UserPool:${pool}`, userPoolAdminActions);
  }
  if (uses.sends?.includes('sms')) {
    add('*', ['sns:Publish']);
    add('deny:literal:arn:<AWS::Partition>:sns:*:*:*', ['sns:Publish']);
  }
  for (const secret of uses.secrets ?? []) {
    // Only in stages that create the secret (the origin-verify secret exists behind CloudFront, as in dev).
    if (secret === 'originVerify' && !dev.behindCloudFront) continue;
    add(`secret:${secret}`, secretReadActions);
    add('key:data', secretKeyReadActions);
  }
  if (asyncInvokedFunctions().includes(name)) {
    // The on-failure destination of its asynchronous invocations: Lambda sends the record with this role.
    add(`queue:${names.asyncFailureQueue(dev.prefix)}`, queueSendActions);
    add('key:messaging', queueKeySendActions);
  }
  for (const source of topology.eventSources) {
    if (source.fn !== name) continue;
    if (source.kind === 'queue') {
      add(`queue:${source.queue}`, queueConsumeActions);
      add('key:messaging', queueKeyConsumeActions);
    } else {
      add(`stream:${source.table}`, streamReadActions);
      add('key:data', tableKeyReadActions);
      add(`queue:${names.streamFailureQueue(dev.prefix, source.table)}`, queueSendActions);
      add('key:messaging', queueKeySendActions);
    }
  }
  return allowed;
}

function expectStaffOnlyAuthorizer(stacks: Record<string, CfnTemplate>, from: Topology): void {
  const templateSet = new TemplateSet(stacks);
  const routeResources = [...templateSet.resources('AWS::ApiGatewayV2::Route')];
  expect(routeResources).toHaveLength(from.routes.length);
  const authorizers = [...templateSet.resources('AWS::ApiGatewayV2::Authorizer')];
  const staffRoutes = from.routes.filter((route) => route.auth === 'staff');
  expect(authorizers).toHaveLength(staffRoutes.length > 0 ? 1 : 0);
  for (const { stack, resource } of authorizers) {
    expect(resource.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
    });
    const jwt = resource.Properties?.JwtConfiguration as { Audience: unknown[]; Issuer: unknown };
    expect(jwt.Audience.map((audience) => templateSet.resolve(stack, audience)?.resource.Type)).toEqual([
      'AWS::Cognito::UserPoolClient',
    ]);
    expect(JSON.stringify(jwt.Issuer)).toContain('cognito-idp');
  }
  for (const { stack, resource } of routeResources) {
    const key = String(resource.Properties?.RouteKey);
    const route = from.routes.find((candidate) => routeKey(candidate) === key);
    expect(route, key).toBeDefined();
    if (route!.auth === 'staff') {
      expect(resource.Properties?.AuthorizationType, key).toBe('JWT');
      expect(templateSet.resolve(stack, resource.Properties?.AuthorizerId)?.resource.Type, key).toBe(
        'AWS::ApiGatewayV2::Authorizer',
      );
    } else {
      expect(resource.Properties?.AuthorizationType, key).toBe('NONE');
      expect(resource.Properties?.AuthorizerId, key).toBeUndefined();
    }
  }
}

describe('with a different topology', () => {
  const publicOnly: Topology = {
    ...topology,
    routes: topology.routes.filter((route) => route.auth === 'public'),
  };

  it('follows it: no staff route, no authorizer', () => {
    const variant = synthesize('dev', { topology: publicOnly, bundle: false, nag: false, webAssets: null });
    try {
      expect(describeTemplate(variant.templates, publicOnly)).toEqual(expectedDescription(publicOnly));
      expectStaffOnlyAuthorizer(variant.templates, publicOnly);
    } finally {
      variant.dispose();
    }
  });
});

describe('describeTemplate', () => {
  it('reports what the topology does not know instead of dropping it', () => {
    const copy = structuredClone(dev$.templates) as Record<string, { Resources: Record<string, unknown> }>;
    copy[dev$.stackName('messaging')]!.Resources.Stray = {
      Type: 'AWS::SQS::Queue',
      Properties: { QueueName: 'dev-huiyin-stray', VisibilityTimeout: 60 },
    };
    copy[dev$.stackName('functions-public')]!.Resources.StrayRoute = {
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
    const description = describeTemplate(dev$.template('messaging'));
    expect(description.queues.map((queue) => queue.name)).toEqual([
      ...queueNames,
      names.asyncFailureQueue(dev.prefix),
      names.scheduleDeadLetterQueue(dev.prefix),
      names.streamFailureQueue(dev.prefix, 'main'),
    ]);
    expect(description.routes).toEqual([]);
  });
});
