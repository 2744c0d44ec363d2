import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { Key } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  type LifecycleRule,
  ObjectOwnership,
  StorageClass,
} from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { type BucketName, bucketPhysicalName } from '../../shared/topology.ts';
import { names, removalPolicy, type StageConfig, type Topology } from './config.ts';
import { accessLogBucket, customerKey, pascal } from './constructs.ts';

export interface StorageStackProps extends StackProps {
  readonly config: StageConfig;
  readonly topology: Topology;
  /** Origins allowed to PUT into buckets with browser uploads: the site, plus configured ones. */
  readonly uploadOrigins: readonly string[];
}

/** S3 bucket names are at most 63 characters; the account id and region add up to 28 (`-<12>-<14>`). */
const BUCKET_NAME_LIMIT = 63 - 28;

/** Prefixes kept at least this long move to cheaper storage classes as they age. */
const TRANSITION_FROM_DAYS = 120;

/**
 * The topology's buckets (attachments, raw mail): encrypted with the storage key, private, TLS only, logged,
 * expiring what the topology says, and open to presigned PUTs from the site's origin where browsers upload.
 */
export class StorageStack extends Stack {
  readonly key: Key;
  readonly buckets: Record<BucketName, Bucket>;

  constructor(scope: Construct, id: string, props: StorageStackProps) {
    super(scope, id, props);
    const { config, topology } = props;

    this.key = customerKey(this, 'StorageKey', 'storage', config, 'S3 buckets of the topology');
    const logs = accessLogBucket(this, 'AccessLogBucket', config);
    this.buckets = {} as Record<BucketName, Bucket>;
    for (const [name, definition] of Object.entries(topology.buckets) as [
      BucketName,
      Topology['buckets'][BucketName],
    ][]) {
      if (bucketPhysicalName(config.prefix, name).length > BUCKET_NAME_LIMIT) {
        throw new Error(`bucket ${name}: ${bucketPhysicalName(config.prefix, name)} is too long for S3`);
      }
      const lifecycleRules: LifecycleRule[] = [
        ...Object.entries(definition.expireAfterDays).map(([prefix, days]) => ({
          id: `expire-${prefix.replace(/[^a-z0-9]+/gi, '-').replace(/-$/, '')}`,
          prefix,
          expiration: Duration.days(days),
          // S3 moves only objects ≥ 128 KB: plain-text mail stays in Standard, attachments move down.
          ...(days >= TRANSITION_FROM_DAYS
            ? {
                transitions: [
                  { storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) },
                  {
                    storageClass: StorageClass.GLACIER_INSTANT_RETRIEVAL,
                    transitionAfter: Duration.days(90),
                  },
                ],
              }
            : {}),
        })),
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ];
      this.buckets[name] = new Bucket(this, `${pascal(name)}Bucket`, {
        bucketName: names.bucket(config.prefix, name),
        encryption: BucketEncryption.KMS,
        encryptionKey: this.key,
        bucketKeyEnabled: true,
        enforceSSL: true,
        blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
        objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
        serverAccessLogsBucket: logs,
        serverAccessLogsPrefix: `${name}/`,
        lifecycleRules,
        ...(definition.browserUploads
          ? {
              cors: [
                {
                  allowedOrigins: [...props.uploadOrigins],
                  allowedMethods: [HttpMethods.PUT],
                  // What a presigned PUT from the site carries (content-length is set by the browser).
                  allowedHeaders: ['content-type'],
                  exposedHeaders: ['ETag'],
                  maxAge: 3600,
                },
              ],
            }
          : {}),
        removalPolicy: removalPolicy(config),
        autoDeleteObjects: !config.retainData,
      });
    }
  }
}
