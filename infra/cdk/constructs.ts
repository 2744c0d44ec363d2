import { AspectPriority, Aspects, Aws, Duration, Stack, Tags, Token } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { CfnKey, Key } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct, IConstruct } from 'constructs';
import { KEY_TAG, type KeyName, names, removalPolicy, type StageConfig } from './config.ts';

/** `stream-dispatcher` / `apiHealth` → `StreamDispatcher` / `ApiHealth`: construct ids from topology names. */
export function pascal(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

/** A customer-managed symmetric key with yearly rotation, an alias and the `huiyin:key` tag. */
export function customerKey(
  scope: Construct,
  id: string,
  key: KeyName,
  config: StageConfig,
  description: string,
): Key {
  const created = new Key(scope, id, {
    alias: names.keyAlias(config.prefix, key),
    description: `Huiyin ${config.stage}: ${description}`,
    enableKeyRotation: true,
    // A deleted key makes everything it encrypted unreadable: prod gets the longest waiting period.
    pendingWindow: Duration.days(config.retainData ? 30 : 7),
    removalPolicy: removalPolicy(config),
  });
  Tags.of(created).add(KEY_TAG, key);
  return created;
}

/**
 * Bucket for S3 server access logs of the stack's other buckets: SSE-S3 (the only encryption S3 log delivery
 * supports), TLS only, no public access, expiring after the stage's access-log retention. (cdk-nag accepts a
 * bucket that is the log destination of another without logging of its own.)
 */
export function accessLogBucket(scope: Construct, id: string, config: StageConfig): Bucket {
  const bucket = new Bucket(scope, id, {
    encryption: BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    lifecycleRules: [
      { id: 'expire-access-logs', expiration: config.accessLogRetention },
      { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
    ],
    removalPolicy: removalPolicy(config),
    autoDeleteObjects: !config.retainData,
  });
  return bucket;
}

/** Sends an alarm's ALARM and OK transitions to the alarm topic. */
export function notify(alarm: Alarm, topic: ITopic): Alarm {
  const action = new SnsAction(topic);
  alarm.addAlarmAction(action);
  alarm.addOkAction(action);
  return alarm;
}

/**
 * CDK's `Secret` writes `kms:ViaService` into the key policy as `secretsmanager.<region>.amazonaws.com`, a literal
 * domain. In aws-cn the service's endpoint is `…amazonaws.com.cn`, so a stack synthesized for a China region
 * gets the domain from the stack instead (`AWS::URLSuffix`); env-agnostic stacks keep CDK's own token form.
 */
export function viaServiceFromStack(scope: Construct): void {
  Aspects.of(scope).add(
    {
      visit(node: IConstruct) {
        if (!(node instanceof CfnKey)) return;
        const stack = Stack.of(node);
        if (Token.isUnresolved(stack.region)) return;
        const literal = new RegExp(`^([a-z0-9-]+)\\.${stack.region.replace(/-/g, '\\-')}\\.amazonaws\\.com$`);
        const fix = (value: unknown): unknown => {
          if (typeof value === 'string') {
            const match = literal.exec(value);
            return match ? stack.resolve(`${match[1]}.${Aws.REGION}.${Aws.URL_SUFFIX}`) : value;
          }
          if (Array.isArray(value)) return value.map(fix);
          if (value && typeof value === 'object')
            return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fix(item)]));
          return value;
        };
        node.keyPolicy = fix(stack.resolve(node.keyPolicy));
      },
    },
    { priority: AspectPriority.MUTATING },
  );
}
