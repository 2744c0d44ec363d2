import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { CachePolicy } from 'aws-cdk-lib/aws-cloudfront';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/cdk/app.ts';
import {
  names,
  optionsFromContext,
  parseInstance,
  secretDefs,
  stackParts,
  staffGroups,
  stageConfig,
  tableNames,
  topology,
} from '../../infra/cdk/config.ts';
import { MAX_PROJECTED_ATTRIBUTES } from '../../infra/cdk/data-stack.ts';
import { describeTemplate, resourceIdentity } from '../../infra/cdk/describe-template.ts';
import { MAIL_BUCKET, MAILBOX_FUNCTION, RAW_MAIL_PREFIX } from '../../infra/cdk/mail-stack.ts';
import { acknowledgements, MIN_REASON_LENGTH } from '../../infra/cdk/nag.ts';
import { LAMBDA_ENVIRONMENT_BYTES, quotaViolations, templateQuotas } from '../../infra/cdk/quotas.ts';
import { apiPathPatterns, withUploadOrigins } from '../../infra/cdk/web-stack.ts';
import { siteSecurityHeaders } from '../../infra/local/static-files.ts';
import {
  cacheKeyHeaders,
  forwardedViewerHeaders,
  ORIGIN_VERIFY_HEADER,
  VIEWER_ADDRESS_HEADER,
} from '../../shared/http/edge.ts';
import { ASYNC_FAILURES, redriveTargets } from '../../shared/ops/redrive.ts';
import {
  asyncFailureQueuePhysicalName,
  asyncInvokedFunctions,
  type BucketName,
  bucketPhysicalName,
  deadLetterQueuePhysicalName,
  type FunctionName,
  type QueueName,
  queuePhysicalName,
  tablePhysicalName,
} from '../../shared/topology.ts';
import {
  expectedDescription,
  expectWithinQuotas,
  functionResource,
  type Resource,
  resourcesOf,
  type Synthesized,
  statementsOf,
  synthesize,
} from './support/synth.ts';

/**
 * What every resource of a deployment must have, iterated over the topology: encryption, PITR, DLQs, alarms,
 * TLS-only access, no open cdk-nag finding; and what prod adds (retention, protection). Synthesized without
 * bundles (placeholder code): none of this depends on the code.
 */

const dev = stageConfig('dev');
const functionNames = Object.keys(topology.functions) as FunctionName[];
const queueNames = Object.keys(topology.queues) as QueueName[];
const streamTables = [
  ...new Set(topology.eventSources.flatMap((source) => (source.kind === 'stream' ? [source.table] : []))),
];

const prodApiDomain = 'api.xinfang.example.gov.cn';
let site: string;
let dev$: Synthesized;
let prod$: Synthesized;

beforeAll(() => {
  // A tiny stand-in for web/dist, so the upload is wired whether or not the site was built.
  site = mkdtempSync(join(tmpdir(), 'huiyin-site-'));
  mkdirSync(join(site, 'assets'));
  writeFileSync(join(site, 'index.html'), '<!doctype html><title>test</title>');
  writeFileSync(join(site, 'assets', 'app-1234.js'), 'console.log(1)');
  dev$ = synthesize('dev', { bundle: false, webAssets: site });
  prod$ = synthesize('prod', {
    bundle: false,
    webAssets: null,
    emailSender: 'noreply@example.gov.cn',
    apiDomain: prodApiDomain,
    apiCertificateArn: 'arn:aws:acm:cn-north-1:111111111111:certificate/00000000-0000-0000-0000-000000000000',
  });
}, 300_000);

afterAll(() => {
  dev$?.dispose();
  prod$?.dispose();
  if (site) rmSync(site, { recursive: true, force: true });
});

/** Every resource of a type across all stacks of a synth, with its stack. */
function everywhere(
  synthesized: Synthesized,
  type: string,
): { stack: string; id: string; resource: Resource }[] {
  return Object.entries(synthesized.templates).flatMap(([stack, template]) =>
    resourcesOf(template, type).map(([id, resource]) => ({ stack, id, resource })),
  );
}

/** A Fn::Join of literals and pseudo parameters as text, pseudo parameters as `<AWS::Region>`. */
function render(value: unknown): string {
  if (typeof value === 'string') return value;
  const parts = (value as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
  return parts
    .map((part) =>
      typeof part === 'string'
        ? part
        : 'Fn::GetStackOutput' in (part as object)
          ? '<stack output>'
          : `<${(part as { Ref: string }).Ref}>`,
    )
    .join('');
}

function identityIn(synthesized: Synthesized, stack: string, expression: unknown): string {
  return resourceIdentity(synthesized.set, stack, expression);
}

function queueByName(synthesized: Synthesized, physical: string): [string, Resource] {
  const found = resourcesOf(synthesized.template('messaging'), 'AWS::SQS::Queue').find(
    ([, resource]) => resource.Properties.QueueName === physical,
  );
  expect(found, physical).toBeDefined();
  return found!;
}

describe('cdk-nag (AwsSolutions)', () => {
  const both = () => [dev$, prod$];

  it('reports no open finding, error or warning, in dev or prod', () => {
    // app.synth() already ran the pack as a validation plugin (it throws on open findings); this repeats the
    // check directly so a failure names the rule and the construct.
    for (const synthesized of both()) {
      const report = new AwsSolutionsChecks().validateScope(synthesized.app);
      const open = report.violations.map(
        (violation) =>
          `${violation.severity} ${violation.ruleName}: ${violation.violatingResources.map((r) => r.constructPath).join(', ')}`,
      );
      expect(open, synthesized.stage).toEqual([]);
    }
  });

  it('acknowledges each finding on the construct it concerns, one finding at a time, with a reason', () => {
    for (const synthesized of both()) {
      const found = acknowledgements(synthesized.app);
      expect(found.length).toBeGreaterThan(0);
      for (const { path, id, reason } of found) {
        expect(reason.trim().length, `${id} on ${path}`).toBeGreaterThanOrEqual(MIN_REASON_LENGTH);
        expect(path.split('/').length, `${id} is on a resource, not on an app or stack`).toBeGreaterThan(1);
        if (/-IAM[45]/.test(id)) expect(id, 'IAM findings are acknowledged one by one').toMatch(/\[.+\]$/);
      }
    }
  });

  it('acknowledges only findings that exist (no stale acknowledgement)', () => {
    for (const synthesized of both()) {
      const raw = new AwsSolutionsChecks();
      // The pack without acknowledgements: every finding the app would have.
      Object.defineProperty(raw, 'isAcknowledged', { value: () => false });
      const findings = raw.validateScope(synthesized.app).violations;
      for (const { path, id } of acknowledgements(synthesized.app)) {
        const matching = findings.find(
          (finding) =>
            finding.ruleName === id &&
            finding.violatingResources.some((resource) => resource.constructPath?.startsWith(path)),
        );
        expect(matching, `${synthesized.stage}: ${id} on ${path}`).toBeDefined();
      }
    }
  });

  it('lists every acknowledged rule in docs/deploy.md', () => {
    const docs = readFileSync(new URL('../../docs/deploy.md', import.meta.url), 'utf8');
    const rules = new Set(
      [...acknowledgements(dev$.app), ...acknowledgements(prod$.app)].map(({ id }) =>
        id.replace(/\[.*$/, ''),
      ),
    );
    for (const rule of rules) expect(docs, rule).toContain(rule);
  });
});

describe('CloudFormation quotas', () => {
  it('keeps every template of both stages within CloudFormation quotas', () => {
    // The one dynamic reference left is CloudFront's origin-verify header (dev and prod sit behind CloudFront).
    for (const synthesized of [dev$, prod$]) expectWithinQuotas(synthesized, 1);
  });

  it('names the quota and the template it finds exceeded', () => {
    const name = dev$.stackName('functions-staff');
    const template = structuredClone(dev$.template('functions-staff'));
    const references = Array.from({ length: 61 }, (_, index) => `{{resolve:ssm:/huiyin/${index}}}`);
    (template.Resources as Record<string, unknown>).TooManyReferences = {
      Type: 'AWS::SSM::Parameter',
      Properties: { Type: 'String', Value: references.join(',') },
    };
    for (let index = 0; index < templateQuotas.resources; index++) {
      (template.Resources as Record<string, unknown>)[`Extra${index}`] = { Type: 'AWS::SNS::Topic' };
    }
    expect(quotaViolations({ [name]: template })).toEqual([
      `${name}: dynamicReferences 61 exceeds CloudFormation's quota of 60`,
      `${name}: resources ${Object.keys(template.Resources).length} exceeds CloudFormation's quota of 500`,
    ]);
  });

  it("names a function whose environment could exceed Lambda's 4 KB, counting references at their longest", () => {
    const variables = {
      // A literal counts its bytes (and its name's): one byte over with the two below.
      LONG_VALUE: 'x'.repeat(LAMBDA_ENVIRONMENT_BYTES + 1 - (10 + 9 + 16 + 11 + 128)),
      // 9 + 16: a region.
      REGION_IS: { Ref: 'AWS::Region' },
      // 11 + 128: another resource's attribute, at the bound of any name, URL or ARN here.
      QUEUE_URL_X: { 'Fn::ImportValue': 'dev-huiyin-messaging:ExportsOutputRefQueue' },
    };
    const fn = (values: Record<string, unknown>) => ({
      Resources: {
        Fn: { Type: 'AWS::Lambda::Function', Properties: { Environment: { Variables: values } } },
      },
    });
    expect(quotaViolations({ t: fn(variables) })).toEqual([
      `t/Fn: environment of up to ${LAMBDA_ENVIRONMENT_BYTES + 1} bytes exceeds Lambda's quota of ${LAMBDA_ENVIRONMENT_BYTES}`,
    ]);
    expect(quotaViolations({ t: fn({ ...variables, LONG_VALUE: 'x' }) })).toEqual([]);
  });
});

describe('encryption and transport', () => {
  it('encrypts both tables with the data key', () => {
    const tables = everywhere(dev$, 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(tableNames.length);
    for (const { stack, resource } of tables) {
      const sse = resource.Properties.SSESpecification as Record<string, unknown>;
      expect(sse).toMatchObject({ SSEEnabled: true, SSEType: 'KMS' });
      expect(identityIn(dev$, stack, sse.KMSMasterKeyId)).toBe('key:data');
    }
  });

  it('encrypts every queue with the messaging key and refuses non-TLS access to it', () => {
    const queues = everywhere(dev$, 'AWS::SQS::Queue');
    // Each topology queue and its DLQ, the stream failure queues, the schedules' DLQ and the async failures.
    expect(queues).toHaveLength(queueNames.length * 2 + streamTables.length + 2);
    for (const { stack, id, resource } of queues) {
      expect(identityIn(dev$, stack, resource.Properties.KmsMasterKeyId), id).toBe('key:messaging');
      const policies = resourcesOf(dev$.templates[stack]!, 'AWS::SQS::QueuePolicy').filter(([, policy]) =>
        (policy.Properties.Queues as unknown[]).some((ref) => dev$.set.resolve(stack, ref)?.logicalId === id),
      );
      expect(policies, id).toHaveLength(1);
      // Grants go to roles, never into queue policies: the only statement is the TLS deny.
      expect(statementsOf(policies[0]![1])).toEqual([
        expect.objectContaining({
          Effect: 'Deny',
          Action: 'sqs:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      ]);
    }
  });

  it('encrypts the alarm topic with the messaging key, TLS only', () => {
    const [topic] = everywhere(dev$, 'AWS::SNS::Topic');
    expect(identityIn(dev$, topic!.stack, topic!.resource.Properties.KmsMasterKeyId)).toBe('key:messaging');
    const [policy] = everywhere(dev$, 'AWS::SNS::TopicPolicy');
    expect(JSON.stringify(policy!.resource.Properties.PolicyDocument)).toContain(
      '"aws:SecureTransport":"false"',
    );
  });

  it('rotates every customer-managed key and names it', () => {
    const keys = everywhere(dev$, 'AWS::KMS::Key');
    expect(keys.map(({ stack, id }) => identityIn(dev$, stack, { Ref: id })).sort()).toEqual([
      'key:data',
      'key:messaging',
      'key:storage',
    ]);
    for (const { resource } of keys) expect(resource.Properties.EnableKeyRotation).toBe(true);
  });

  it('keeps every bucket private, encrypted and TLS only', () => {
    const buckets = everywhere(dev$, 'AWS::S3::Bucket');
    expect(buckets.length).toBeGreaterThanOrEqual(4);
    for (const { stack, id, resource } of buckets) {
      expect(resource.Properties.PublicAccessBlockConfiguration, id).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      const encryption = (
        resource.Properties.BucketEncryption as {
          ServerSideEncryptionConfiguration: { ServerSideEncryptionByDefault: Record<string, unknown> }[];
        }
      ).ServerSideEncryptionConfiguration[0]!.ServerSideEncryptionByDefault;
      expect(['AES256', 'aws:kms'], id).toContain(encryption.SSEAlgorithm);
      const policy = resourcesOf(dev$.templates[stack]!, 'AWS::S3::BucketPolicy').find(
        ([, candidate]) => dev$.set.resolve(stack, candidate.Properties.Bucket)?.logicalId === id,
      );
      expect(JSON.stringify(policy?.[1].Properties.PolicyDocument), id).toContain(
        '"aws:SecureTransport":"false"',
      );
      // Every bucket is either an access-log bucket or logs into one.
      const logging = resource.Properties.LoggingConfiguration as
        | { DestinationBucketName?: unknown }
        | undefined;
      if (logging)
        expect(dev$.set.resolve(stack, logging.DestinationBucketName)?.resource.Type).toBe('AWS::S3::Bucket');
    }
  });

  it('keeps one generated secret per topology secret, encrypted with the data key', () => {
    const secrets = everywhere(dev$, 'AWS::SecretsManager::Secret');
    expect(secrets.map(({ resource }) => resource.Properties.Name).sort()).toEqual(
      Object.values(secretDefs)
        .map((secret) => names.secret(dev.prefix, secret.name))
        .sort(),
    );
    for (const { stack, resource } of secrets) {
      expect(stack).toBe(dev$.stackName('data'));
      expect(identityIn(dev$, stack, resource.Properties.KmsKeyId)).toBe('key:data');
    }
  });
});

describe('data', () => {
  it('creates the main table on demand with the topology GSIs (INCLUDE projections), a stream, PITR and TTL', () => {
    const data = Template.fromJSON(dev$.template('data'));
    data.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: tablePhysicalName(dev.prefix, 'main'),
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      GlobalSecondaryIndexes: topology.mainTableIndexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projected] },
      })),
    });
    const [, main] = resourcesOf(dev$.template('data'), 'AWS::DynamoDB::Table').find(
      ([, table]) => table.Properties.TableName === tablePhysicalName(dev.prefix, 'main'),
    )!;
    const definitions = main.Properties.AttributeDefinitions as {
      AttributeName: string;
      AttributeType: string;
    }[];
    expect(definitions.every((definition) => definition.AttributeType === 'S')).toBe(true);
    expect(definitions.map((definition) => definition.AttributeName).sort()).toEqual(
      [
        ...new Set([
          'PK',
          'SK',
          ...topology.mainTableIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
        ]),
      ].sort(),
    );
    const projected = topology.mainTableIndexes.reduce((sum, index) => sum + index.projected.length, 0);
    expect(projected).toBeLessThanOrEqual(MAX_PROJECTED_ATTRIBUTES);
  });

  it('creates the idempotency table keyed by id, with TTL and PITR', () => {
    Template.fromJSON(dev$.template('data')).hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: tablePhysicalName(dev.prefix, 'idempotency'),
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it('lets dev data go with the stack', () => {
    for (const { resource } of everywhere(dev$, 'AWS::DynamoDB::Table')) {
      expect(resource.DeletionPolicy).toBe('Delete');
      expect(resource.Properties.DeletionProtectionEnabled).toBe(false);
    }
    for (const stack of [dev$.stacks.data, dev$.stacks.auth!, dev$.stacks.storage]) {
      expect(stack.terminationProtection).toBeFalsy();
    }
  });
});

describe('queues and alarms', () => {
  const alarms = (): ({ stack: string } & Record<string, unknown>)[] =>
    everywhere(dev$, 'AWS::CloudWatch::Alarm').map(({ stack, resource }) => ({
      ...resource.Properties,
      stack,
    }));
  const alarmOn = (metric: string, dimension: string, identity: string) =>
    alarms().filter(
      (alarm) =>
        alarm.MetricName === metric &&
        (alarm.Dimensions as { Name: string; Value: unknown }[] | undefined)?.some(
          (entry) => entry.Name === dimension && identityIn(dev$, alarm.stack, entry.Value) === identity,
        ),
    );
  const queueIdentity = (physical: string) => {
    const [id] = queueByName(dev$, physical);
    return identityIn(dev$, dev$.stackName('messaging'), { Ref: id });
  };

  it('gives every topology queue its DLQ with the topology maxReceiveCount, retention and visibility', () => {
    for (const queue of queueNames) {
      const definition = topology.queues[queue];
      const [, resource] = queueByName(dev$, queuePhysicalName(dev.prefix, queue));
      expect(resource.Properties.VisibilityTimeout).toBe(definition.visibilityTimeoutSeconds);
      expect(resource.Properties.MessageRetentionPeriod).toBe(definition.retentionDays * 24 * 3600);
      const redrive = resource.Properties.RedrivePolicy as {
        deadLetterTargetArn: unknown;
        maxReceiveCount: number;
      };
      expect(redrive.maxReceiveCount).toBe(definition.maxReceiveCount);
      const dlq = dev$.set.resolve(dev$.stackName('messaging'), redrive.deadLetterTargetArn);
      expect(dlq?.resource.Properties?.QueueName).toBe(deadLetterQueuePhysicalName(dev.prefix, queue));
      expect(dlq?.resource.Properties?.MessageRetentionPeriod).toBe(dev.deadLetterRetention.toSeconds());
    }
  });

  it('alarms on the depth of every DLQ and failure queue, and on the age of every main queue', () => {
    const deadLetters = [
      ...queueNames.map((queue) => deadLetterQueuePhysicalName(dev.prefix, queue)),
      ...streamTables.map((table) => names.streamFailureQueue(dev.prefix, table)),
      names.scheduleDeadLetterQueue(dev.prefix),
      names.asyncFailureQueue(dev.prefix),
    ];
    for (const physical of deadLetters) {
      const found = alarmOn('ApproximateNumberOfMessagesVisible', 'QueueName', queueIdentity(physical));
      expect(found, physical).toHaveLength(1);
      expect(found[0]).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    }
    for (const queue of queueNames) {
      const physical = queuePhysicalName(dev.prefix, queue);
      const found = alarmOn('ApproximateAgeOfOldestMessage', 'QueueName', queueIdentity(physical));
      expect(found, physical).toHaveLength(1);
      expect(found[0]!.Threshold).toBe(dev.alarms.queueAge.toSeconds());
    }
  });

  it('alarms on errors of every function, stream lag, the API 5xx rate and DynamoDB system errors', () => {
    for (const name of functionNames) {
      expect(alarmOn('Errors', 'FunctionName', `function:${name}`), name).toHaveLength(1);
    }
    for (const source of topology.eventSources) {
      if (source.kind === 'stream')
        expect(alarmOn('IteratorAge', 'FunctionName', `function:${source.fn}`)).toHaveLength(1);
    }
    const metricsOf = (alarm: Record<string, unknown>) =>
      (
        (alarm.Metrics as {
          MetricStat?: { Metric: { MetricName: string; Dimensions: { Name: string; Value: unknown }[] } };
        }[]) ?? []
      ).flatMap((entry) => (entry.MetricStat ? [entry.MetricStat.Metric] : []));
    const api5xx = alarms().filter((alarm) => metricsOf(alarm).some((metric) => metric.MetricName === '5xx'));
    expect(api5xx).toHaveLength(1);
    expect(
      metricsOf(api5xx[0]!)
        .map((metric) => metric.MetricName)
        .sort(),
    ).toEqual(['5xx', 'Count']);
    for (const table of tableNames) {
      const systemErrors = alarms().filter((alarm) =>
        metricsOf(alarm).some(
          (metric) =>
            metric.MetricName === 'SystemErrors' &&
            metric.Dimensions.some(
              (dimension) =>
                dimension.Name === 'TableName' &&
                identityIn(dev$, alarm.stack, dimension.Value) === `table:${table}`,
            ),
        ),
      );
      expect(systemErrors, table).toHaveLength(1);
      // CloudWatch allows at most 10 metrics in an alarm's math expression.
      expect(metricsOf(systemErrors[0]!).length).toBeLessThanOrEqual(10);
    }
  });

  it('hands every asynchronously invoked function to Lambda retries and then the async-failures queue', () => {
    const configs = everywhere(dev$, 'AWS::Lambda::EventInvokeConfig');
    expect(
      configs.map(({ stack, resource }) => identityIn(dev$, stack, resource.Properties.FunctionName)).sort(),
    ).toEqual(
      asyncInvokedFunctions()
        .map((fn) => `function:${fn}`)
        .sort(),
    );
    // Schedules and the mailbox: every function SES or EventBridge Scheduler invokes.
    expect(asyncInvokedFunctions()).toEqual(
      expect.arrayContaining([...topology.schedules.map((schedule) => schedule.fn), MAILBOX_FUNCTION]),
    );
    for (const { stack, resource } of configs) {
      expect(resource.Properties).toMatchObject({
        Qualifier: '$LATEST',
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: dev.asyncInvoke.maximumEventAge.toSeconds(),
      });
      const destination = (resource.Properties.DestinationConfig as { OnFailure: { Destination: unknown } })
        .OnFailure.Destination;
      expect(identityIn(dev$, stack, destination)).toBe(`queue:${names.asyncFailureQueue(dev.prefix)}`);
    }
    // `npm run redrive` knows the queue, by the same physical name.
    expect(redriveTargets).toContain(ASYNC_FAILURES);
    expect(asyncFailureQueuePhysicalName(dev.prefix)).toBe(names.asyncFailureQueue(dev.prefix));
  });

  it('sends every alarm, ALARM and OK, to the alarm topic, which CloudWatch may use only for these alarms', () => {
    const topic = everywhere(dev$, 'AWS::SNS::Topic')[0]!;
    for (const alarm of alarms()) {
      expect(String(alarm.AlarmName)).toMatch(new RegExp(`^${dev.prefix}huiyin-`));
      for (const actions of [alarm.AlarmActions, alarm.OKActions] as unknown[][]) {
        expect(actions).toHaveLength(1);
        expect(dev$.set.resolve(alarm.stack, actions[0])?.logicalId).toBe(topic.id);
      }
    }
    const [policy] = everywhere(dev$, 'AWS::SNS::TopicPolicy');
    const publish = statementsOf(policy!.resource).find((statement) => statement.Effect === 'Allow');
    expect(publish).toMatchObject({
      Action: 'sns:Publish',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
    });
    expect(publish?.Condition?.StringEquals).toHaveProperty('aws:SourceAccount');
    expect(JSON.stringify(publish?.Condition?.ArnLike)).toContain(`:alarm:${dev.prefix}huiyin-*`);
  });

  it('shows every function, queue and table on the dashboard', () => {
    const [dashboard] = everywhere(dev$, 'AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(dashboard!.resource.Properties.DashboardBody);
    const count = (pattern: string) => body.split(pattern).length - 1;
    expect(count('\\"AWS/Lambda\\",\\"Errors\\"')).toBe(functionNames.length);
    expect(count('\\"AWS/Lambda\\",\\"Throttles\\"')).toBe(functionNames.length);
    expect(count('\\"AWS/Lambda\\",\\"Duration\\"')).toBe(functionNames.length);
    expect(count('\\"AWS/SQS\\",\\"ApproximateAgeOfOldestMessage\\"')).toBe(queueNames.length);
    expect(count('\\"AWS/SQS\\",\\"ApproximateNumberOfMessagesVisible\\"')).toBe(queueNames.length * 2);
    expect(count('\\"AWS/DynamoDB\\",\\"ReadThrottleEvents\\"')).toBe(tableNames.length);
    expect(count('\\"AWS/ApiGateway\\",\\"5xx\\"')).toBe(1);
    expect(body).toContain('alarms');
  });
});

describe('web', () => {
  const distribution = (synthesized: Synthesized) =>
    resourcesOf(synthesized.template('web'), 'AWS::CloudFront::Distribution')[0]![1].Properties
      .DistributionConfig as Record<string, unknown> & {
      DefaultCacheBehavior: Record<string, unknown>;
      CacheBehaviors: Record<string, unknown>[];
      Origins: Record<string, unknown>[];
    };

  it('serves the site from a private bucket through origin access control, HTTPS only', () => {
    const config = distribution(dev$);
    expect(config.DefaultCacheBehavior).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      CachePolicyId: CachePolicy.CACHING_OPTIMIZED.cachePolicyId,
    });
    const s3 = config.Origins.find((origin) => 'S3OriginConfig' in origin)!;
    expect(s3.OriginAccessControlId).toBeDefined();
    const [, policy] = resourcesOf(dev$.template('web'), 'AWS::S3::BucketPolicy').find(([, candidate]) =>
      JSON.stringify(candidate.Properties.PolicyDocument).includes('cloudfront.amazonaws.com'),
    )!;
    expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('AWS:SourceArn');
  });

  it('forwards /api/* and /open311/* to the API with the viewer address and the origin-verify header', () => {
    const web = dev$.stackName('web');
    const config = distribution(dev$);
    expect(config.CacheBehaviors.map((behavior) => behavior.PathPattern)).toEqual([...apiPathPatterns]);
    for (const behavior of config.CacheBehaviors) {
      expect(behavior).toMatchObject({
        ViewerProtocolPolicy: 'https-only',
        AllowedMethods: expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']),
      });
      // The origin request policy: the viewer headers the API reads and CloudFront-Viewer-Address, never Host.
      const originRequest = dev$.set.resolve(web, behavior.OriginRequestPolicyId)!;
      const requestConfig = originRequest.resource.Properties!.OriginRequestPolicyConfig as {
        HeadersConfig: { HeaderBehavior: string; Headers: string[] };
        CookiesConfig: { CookieBehavior: string };
        QueryStringsConfig: { QueryStringBehavior: string };
      };
      expect(requestConfig.HeadersConfig.HeaderBehavior).toBe('whitelist');
      expect([...requestConfig.HeadersConfig.Headers].sort()).toEqual(
        [...forwardedViewerHeaders, VIEWER_ADDRESS_HEADER].sort(),
      );
      expect(requestConfig.HeadersConfig.Headers.map((header) => header.toLowerCase())).not.toContain('host');
      expect(requestConfig.CookiesConfig.CookieBehavior).toBe('all');
      expect(requestConfig.QueryStringsConfig.QueryStringBehavior).toBe('all');
      // Authorization travels in the cache key; nothing is cached longer than a second.
      const cache = dev$.set.resolve(web, behavior.CachePolicyId)!;
      const cacheConfig = cache.resource.Properties!.CachePolicyConfig as {
        DefaultTTL: number;
        MaxTTL: number;
        MinTTL: number;
        ParametersInCacheKeyAndForwardedToOrigin: { HeadersConfig: { Headers: string[] } };
      };
      expect(cacheConfig).toMatchObject({ DefaultTTL: 0, MinTTL: 0, MaxTTL: 1 });
      expect(cacheConfig.ParametersInCacheKeyAndForwardedToOrigin.HeadersConfig.Headers).toEqual([
        ...cacheKeyHeaders,
      ]);
      const origin = config.Origins.find((candidate) => candidate.Id === behavior.TargetOriginId)!;
      expect(origin.CustomOriginConfig).toMatchObject({
        OriginProtocolPolicy: 'https-only',
        OriginSSLProtocols: ['TLSv1.2'],
      });
      // Without an API domain (dev default), CloudFront reaches the execute-api endpoint.
      const [apiId, suffix] = (origin.DomainName as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
      expect(dev$.set.resolve(web, apiId)?.resource.Type).toBe('AWS::ApiGatewayV2::Api');
      expect(suffix).toBe('.execute-api.');
      // The origin-verify header: one dynamic reference to the origin-verify secret, never its value.
      const headers = origin.OriginCustomHeaders as { HeaderName: string; HeaderValue: unknown }[];
      expect(headers.map((header) => header.HeaderName)).toEqual([ORIGIN_VERIFY_HEADER]);
      const parts = (headers[0]!.HeaderValue as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
      expect(parts[0]).toBe('{{resolve:secretsmanager:');
      expect(identityIn(dev$, web, parts[1])).toBe('secret:originVerify');
    }
  });

  it('disables the execute-api endpoint in prod, where CloudFront reaches the API by its own domain', () => {
    const [, api] = resourcesOf(prod$.template('api'), 'AWS::ApiGatewayV2::Api')[0]!;
    expect(api.Properties.DisableExecuteApiEndpoint).toBe(true);
    const apiTemplate = Template.fromJSON(prod$.template('api'));
    apiTemplate.hasResourceProperties('AWS::ApiGatewayV2::DomainName', { DomainName: prodApiDomain });
    apiTemplate.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 1);
    const config = distribution(prod$);
    for (const behavior of config.CacheBehaviors) {
      const origin = config.Origins.find((candidate) => candidate.Id === behavior.TargetOriginId)!;
      expect(origin.DomainName).toBe(prodApiDomain);
    }
    // Dev without an API domain keeps the endpoint, for CloudFront to reach (docs/deploy.md says why).
    const [, devApi] = resourcesOf(dev$.template('api'), 'AWS::ApiGatewayV2::Api')[0]!;
    expect(devApi.Properties.DisableExecuteApiEndpoint).toBe(false);
    expect(() =>
      buildApp('prod', { bundle: false, nag: false, webAssets: null, emailSender: 'noreply@example.gov.cn' }),
    ).toThrow(/apiDomain/);
  });

  it('adds the local static server security headers, and HSTS', () => {
    const [, policy] = resourcesOf(dev$.template('web'), 'AWS::CloudFront::ResponseHeadersPolicy')[0]!;
    const config = policy.Properties.ResponseHeadersPolicyConfig as {
      SecurityHeadersConfig: Record<string, Record<string, unknown>>;
      CustomHeadersConfig?: { Items: { Header: string; Value: string }[] };
    };
    const security = config.SecurityHeadersConfig;
    // The local CSP, with the endpoints of buckets browsers upload to added to connect-src.
    const uploads = (Object.keys(topology.buckets) as BucketName[])
      .filter((bucket) => topology.buckets[bucket].browserUploads)
      .map(
        (bucket) =>
          `https://${bucketPhysicalName(dev.prefix, bucket)}-<AWS::AccountId>-<AWS::Region>.s3.<AWS::Region>.<AWS::URLSuffix>`,
      );
    // …and the staff sign-in's: Cognito's managed-login domain (token endpoint) and the issuer (discovery, keys).
    const signIn = [
      'https://<stack output>.auth.<AWS::Region>.amazoncognito.com',
      'https://cognito-idp.<AWS::Region>.<AWS::URLSuffix>',
    ];
    const csp = render(security.ContentSecurityPolicy?.ContentSecurityPolicy);
    expect(csp).toBe(
      withUploadOrigins(siteSecurityHeaders, [...uploads, ...signIn], uploads)['content-security-policy'],
    );
    // The console shows attachments through presigned GETs of the same bucket: img-src too.
    for (const upload of uploads)
      for (const directive of ['connect-src', 'img-src'])
        expect(csp).toMatch(
          new RegExp(`${directive} [^;]*${upload.replace(/[.*+?^${}()|[\]\\<>]/g, '\\$&')}`),
        );
    expect(security.FrameOptions?.FrameOption).toBe(siteSecurityHeaders['x-frame-options']);
    expect(security.ReferrerPolicy?.ReferrerPolicy).toBe(siteSecurityHeaders['referrer-policy']);
    expect(security.ContentTypeOptions).toBeDefined();
    expect(security.StrictTransportSecurity).toMatchObject({
      AccessControlMaxAgeSec: 63072000,
      Override: true,
    });
    const mapped = new Set([
      'content-security-policy',
      'x-frame-options',
      'referrer-policy',
      'x-content-type-options',
    ]);
    for (const [header, value] of Object.entries(siteSecurityHeaders)) {
      if (!mapped.has(header))
        expect(config.CustomHeadersConfig?.Items).toContainEqual(
          expect.objectContaining({ Header: header, Value: value }),
        );
    }
  });

  it('uploads the built site when there is one, and creates bucket and distribution either way', () => {
    expect(resourcesOf(dev$.template('web'), 'Custom::CDKBucketDeployment')).toHaveLength(2);
    expect(resourcesOf(prod$.template('web'), 'Custom::CDKBucketDeployment')).toHaveLength(0);
    expect(resourcesOf(prod$.template('web'), 'AWS::CloudFront::Distribution')).toHaveLength(1);
  });

  it('configures no CORS by default: the site shares the API origin', () => {
    const [, api] = resourcesOf(dev$.template('api'), 'AWS::ApiGatewayV2::Api')[0]!;
    expect(api.Properties.CorsConfiguration).toBeUndefined();
  });
});

describe('storage', () => {
  it('creates every topology bucket: storage key, private, logged, expiring what the topology says', () => {
    const stack = dev$.stackName('storage');
    const created = resourcesOf(dev$.template('storage'), 'AWS::S3::Bucket').filter(
      ([, bucket]) => bucket.Properties.BucketName !== undefined,
    );
    expect(created).toHaveLength(Object.keys(topology.buckets).length);
    for (const bucket of Object.keys(topology.buckets) as BucketName[]) {
      const definition = topology.buckets[bucket];
      const found = created.find(([, resource]) =>
        JSON.stringify(resource.Properties.BucketName).includes(
          `"${bucketPhysicalName(dev.prefix, bucket)}-"`,
        ),
      );
      expect(found, bucket).toBeDefined();
      const properties = found![1].Properties;
      const byDefault = (
        properties.BucketEncryption as {
          ServerSideEncryptionConfiguration: { ServerSideEncryptionByDefault: Record<string, unknown> }[];
        }
      ).ServerSideEncryptionConfiguration[0]!.ServerSideEncryptionByDefault;
      expect(byDefault.SSEAlgorithm).toBe('aws:kms');
      expect(identityIn(dev$, stack, byDefault.KMSMasterKeyID)).toBe('key:storage');
      const rules = (properties.LifecycleConfiguration as { Rules: Record<string, unknown>[] }).Rules;
      for (const [prefix, days] of Object.entries(definition.expireAfterDays)) {
        expect(rules).toContainEqual(expect.objectContaining({ Prefix: prefix, ExpirationInDays: days }));
      }
      const cors = properties.CorsConfiguration as { CorsRules: Record<string, unknown>[] } | undefined;
      if (definition.browserUploads) {
        expect(cors?.CorsRules).toEqual([
          expect.objectContaining({ AllowedMethods: ['PUT'], AllowedHeaders: ['content-type'] }),
        ]);
        const [origin] = cors!.CorsRules[0]!.AllowedOrigins as unknown[];
        const distribution = dev$.set.resolve(
          stack,
          (origin as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1][1],
        );
        expect(distribution?.resource.Type).toBe('AWS::CloudFront::Distribution');
      } else {
        expect(cors).toBeUndefined();
      }
    }
  });
});

describe('auth', () => {
  it('creates the staff pool: roles as groups, strong passwords, TOTP required, threat protection', () => {
    const auth = Template.fromJSON(dev$.template('auth'));
    auth.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: {
        PasswordPolicy: {
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
    for (const group of staffGroups)
      auth.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: group });
    auth.resourceCountIs('AWS::Cognito::UserPoolGroup', staffGroups.length);
  });

  it('lets users read but never write their unit and studio', () => {
    const [, pool] = resourcesOf(dev$.template('auth'), 'AWS::Cognito::UserPool')[0]!;
    const schema = pool.Properties.Schema as { Name: string; Mutable: boolean }[];
    for (const attribute of ['unitId', 'studioId']) {
      expect(schema).toContainEqual(expect.objectContaining({ Name: attribute, Mutable: true }));
    }
    const [, client] = resourcesOf(dev$.template('auth'), 'AWS::Cognito::UserPoolClient')[0]!;
    expect(client.Properties).toMatchObject({ GenerateSecret: false, WriteAttributes: ['name'] });
    expect(client.Properties.ReadAttributes).toEqual(
      expect.arrayContaining(['custom:unitId', 'custom:studioId']),
    );
  });
});

describe('mail', () => {
  it('stores inbound mail under raw/ of the topology mail bucket, and hands it to the mailbox function', () => {
    const storage = dev$.stackName('storage');
    const [, rule] = resourcesOf(dev$.template('mail'), 'AWS::SES::ReceiptRule')[0]!;
    const properties = rule.Properties.Rule as {
      Actions: Record<string, Record<string, unknown>>[];
    } & Record<string, unknown>;
    // Off until recipients are configured: a rule without recipients takes mail for every verified identity.
    expect(properties).toMatchObject({ Enabled: false, ScanEnabled: true, TlsPolicy: 'Optional' });
    expect(properties.Actions.map(Object.keys)).toEqual([['S3Action'], ['LambdaAction']]);
    const [{ S3Action: s3 }, { LambdaAction: lambda }] = properties.Actions as [
      { S3Action: Record<string, unknown> },
      { LambdaAction: Record<string, unknown> },
    ];
    expect(s3.ObjectKeyPrefix).toBe(RAW_MAIL_PREFIX);
    const bucket = dev$.set.resolve(dev$.stackName('mail'), s3.BucketName);
    expect(JSON.stringify(bucket?.resource.Properties?.BucketName)).toContain(
      `"${bucketPhysicalName(dev.prefix, MAIL_BUCKET)}-"`,
    );
    expect(lambda.InvocationType).toBe('Event');
    expect(identityIn(dev$, dev$.stackName('mail'), lambda.FunctionArn)).toBe(`function:${MAILBOX_FUNCTION}`);
    // The topology expires raw mail; SES may write there only, and the storage key lets it encrypt.
    expect(Object.keys(topology.buckets[MAIL_BUCKET].expireAfterDays)).toContain(RAW_MAIL_PREFIX);
    const policy = resourcesOf(dev$.template('storage'), 'AWS::S3::BucketPolicy').find(
      ([, candidate]) =>
        dev$.set.resolve(storage, candidate.Properties.Bucket)?.logicalId === bucket?.logicalId,
    )!;
    expect(statementsOf(policy[1])).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'ses.amazonaws.com' },
        Action: 's3:PutObject',
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      }),
    );
    const [, key] = resourcesOf(dev$.template('storage'), 'AWS::KMS::Key')[0]!;
    expect(JSON.stringify(key.Properties.KeyPolicy)).toContain('ses.amazonaws.com');
    Template.fromJSON(dev$.template('functions-pipeline')).hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'ses.amazonaws.com',
      SourceAccount: { Ref: 'AWS::AccountId' },
    });
    Template.fromJSON(dev$.template('mail')).hasResourceProperties('AWS::SES::ReceiptRuleSet', {
      RuleSetName: names.receiptRuleSet(dev.prefix),
    });
  });
});

describe('the prod app', () => {
  it('retains and protects stateful resources, and keeps logs a year', () => {
    const { stacks } = prod$;
    for (const stack of [stacks.auth!, stacks.data, stacks.storage])
      expect(stack.terminationProtection).toBe(true);
    const prodData = Template.fromJSON(prod$.template('data'));
    prodData.allResourcesProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: true });
    prodData.allResources('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    prodData.hasResourceProperties('AWS::DynamoDB::Table', { TableName: 'prod-huiyin-main' });
    prodData.allResources('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain' });
    Template.fromJSON(prod$.template('auth')).hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: { DeletionProtection: 'ACTIVE' },
    });
    for (const { resource } of everywhere(prod$, 'AWS::KMS::Key')) {
      expect(resource.DeletionPolicy).toBe('Retain');
      expect(resource.Properties.PendingWindowInDays).toBe(30);
    }
    for (const { resource } of everywhere(prod$, 'AWS::S3::Bucket'))
      expect(resource.DeletionPolicy).toBe('Retain');
    expect(everywhere(prod$, 'Custom::S3AutoDeleteObjects')).toHaveLength(0);
    for (const { resource } of everywhere(prod$, 'AWS::Logs::LogGroup')) {
      expect(resource.Properties.RetentionInDays).toBe(365);
      expect(resource.DeletionPolicy).toBe('Retain');
    }
    for (const name of functionNames) {
      const [, fn] = functionResource(prod$, name);
      expect((fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables.STAGE).toBe(
        'prod',
      );
    }
    expect(describeTemplate(prod$.templates)).toEqual(expectedDescription(topology));
  });

  it('refuses to synthesize without a verified e-mail sender when a function sends e-mail', () => {
    expect(topology.functions).toSatisfy((fns: typeof topology.functions) =>
      Object.values(fns).some((fn) => fn.uses.sends?.includes('email')),
    );
    expect(() =>
      buildApp('prod', {
        bundle: false,
        nag: false,
        webAssets: null,
        apiDomain: prodApiDomain,
        apiCertificateArn:
          'arn:aws:acm:cn-north-1:111111111111:certificate/00000000-0000-0000-0000-000000000000',
      }),
    ).toThrow(/emailSender/);
  });
});

describe('context options', () => {
  it('parses comma-separated lists and refuses half a custom domain', () => {
    const context: Record<string, string> = {
      siteOrigin: 'https://a.example, https://b.example',
      mailRecipients: 'xinfang@example.gov.cn',
      logLevel: 'debug',
    };
    expect(optionsFromContext((key) => context[key])).toEqual({
      siteOrigins: ['https://a.example', 'https://b.example'],
      mailRecipients: ['xinfang@example.gov.cn'],
      logLevel: 'DEBUG',
    });
    expect(() => optionsFromContext((key) => ({ siteDomain: 'x.example' })[key])).toThrow(
      /siteCertificateArn/,
    );
    expect(() => optionsFromContext((key) => ({ logLevel: 'loud' })[key])).toThrow(/logLevel/);
    expect(parseInstance('qingxi')).toBe('qingxi');
    expect(parseInstance(undefined)).toBeUndefined();
    expect(() => parseInstance('Qing-Xi')).toThrow(/Invalid instance/);
  });

  it('wires an instance prefix, CORS, the alarm subscription, mail recipients, a custom domain, a web ACL and the log level', () => {
    const certificate = 'arn:aws:acm:us-east-1:111111111111:certificate/00000000-0000-0000-0000-000000000000';
    const webAcl =
      'arn:aws:wafv2:us-east-1:111111111111:global/webacl/huiyin/00000000-0000-0000-0000-000000000000';
    const variant = synthesize('dev', {
      bundle: false,
      webAssets: null,
      instance: 'qingxi',
      siteOrigins: ['https://staff.example.gov.cn'],
      alarmEmail: 'ops@example.gov.cn',
      mailRecipients: ['xinfang@example.gov.cn'],
      siteDomain: 'xinfang.example.gov.cn',
      siteCertificateArn: certificate,
      webAclArn: webAcl,
      logLevel: 'DEBUG',
    });
    try {
      const [, api] = resourcesOf(variant.template('api'), 'AWS::ApiGatewayV2::Api')[0]!;
      expect(api.Properties.CorsConfiguration).toMatchObject({
        AllowOrigins: ['https://staff.example.gov.cn'],
        AllowHeaders: expect.arrayContaining(['authorization', 'content-type', 'idempotency-key']),
        AllowCredentials: false,
      });
      Template.fromJSON(variant.template('messaging')).hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: 'ops@example.gov.cn',
      });
      const [, rule] = resourcesOf(variant.template('mail'), 'AWS::SES::ReceiptRule')[0]!;
      expect(rule.Properties.Rule).toMatchObject({ Enabled: true, Recipients: ['xinfang@example.gov.cn'] });
      const [, distribution] = resourcesOf(variant.template('web'), 'AWS::CloudFront::Distribution')[0]!;
      expect(distribution.Properties.DistributionConfig).toMatchObject({
        Aliases: ['xinfang.example.gov.cn'],
        ViewerCertificate: {
          AcmCertificateArn: certificate,
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        },
        WebACLId: webAcl,
      });
      const [, fn] = functionResource(variant, functionNames[0]!);
      expect((fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
        POWERTOOLS_LOG_LEVEL: 'DEBUG',
        PUBLIC_BASE_URL: 'https://xinfang.example.gov.cn',
      });
      // What the options fix needs no acknowledgement any more.
      const acknowledged = acknowledgements(variant.app).map(({ id }) => id);
      expect(acknowledged).not.toContain('AwsSolutions-CFR2');
      expect(acknowledged).not.toContain('AwsSolutions-CFR4');
      // A second deployment of the stage in the same account: every name carries the instance.
      expect(Object.keys(variant.templates)).toEqual(stackParts.map((part) => `dev-qingxi-huiyin-${part}`));
      Template.fromJSON(variant.template('data')).hasResourceProperties('AWS::DynamoDB::Table', {
        TableName: tablePhysicalName('dev-qingxi-', 'main'),
      });
      expect(describeTemplate(variant.templates)).toEqual(expectedDescription(topology));
    } finally {
      variant.dispose();
    }
  });
});
