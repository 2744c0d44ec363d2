import { Aws } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IndexDef } from '../../shared/topology.ts';

/**
 * Least-privilege statements, written out instead of CDK's `grant*` helpers: those add actions the functions
 * never call (`Scan`, `GetRecords` on tables) and KMS wildcards (`kms:ReEncrypt*`, `kms:GenerateDataKey*`).
 * Every statement names its resources (table, each index, stream, queue, key ARN); none uses `*`. KMS use is
 * further limited with `kms:ViaService`, so a function can use a key only through the service that owns the
 * data, never call KMS on it directly.
 */

/** What `read` on a table allows. `DescribeTable` is the health check's probe. No `Scan`: nothing scans. */
export const tableReadActions = [
  'dynamodb:BatchGetItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
  'dynamodb:GetItem',
  'dynamodb:Query',
] as const;

/** What `readWrite` adds. `TransactWriteItems` is authorised per item through these. */
export const tableWriteActions = [
  'dynamodb:BatchWriteItem',
  'dynamodb:DeleteItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
] as const;

/** Indexes are only ever queried. */
export const indexActions = ['dynamodb:Query'] as const;

export const streamReadActions = [
  'dynamodb:DescribeStream',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
  'dynamodb:ListStreams',
] as const;

export const queueSendActions = ['sqs:SendMessage'] as const;
export const queueInspectActions = ['sqs:GetQueueAttributes'] as const;
/** `uses.receivesFrom`: reschedule in-flight messages (backoff) of a queue the function is fed from. */
export const queueRescheduleActions = ['sqs:ChangeMessageVisibility'] as const;
/** What the Lambda poller of an SQS event source needs. */
export const queueConsumeActions = [
  'sqs:ChangeMessageVisibility',
  'sqs:DeleteMessage',
  'sqs:GetQueueAttributes',
  'sqs:ReceiveMessage',
] as const;

/** DynamoDB decrypts with the table key on the caller's behalf; writes also need it to encrypt. */
export const tableKeyReadActions = ['kms:Decrypt', 'kms:DescribeKey'] as const;
export const tableKeyWriteActions = [
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:Encrypt',
  'kms:GenerateDataKey',
] as const;
/** SQS server-side encryption: producers need a data key, consumers decrypt. */
export const queueKeySendActions = ['kms:Decrypt', 'kms:GenerateDataKey'] as const;
export const queueKeyConsumeActions = ['kms:Decrypt'] as const;

function viaService(service: 'dynamodb' | 'sqs' | 's3' | 'secretsmanager') {
  return { StringEquals: { 'kms:ViaService': `${service}.${Aws.REGION}.${Aws.URL_SUFFIX}` } };
}

function allow(grantee: IGrantable, actions: readonly string[], resources: string[], conditions?: object) {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: [...actions],
      resources,
      ...(conditions ? { conditions: conditions as Record<string, Record<string, unknown>> } : {}),
    }),
  );
}

export function indexArns(table: ITable, indexes: readonly IndexDef[]): string[] {
  return indexes.map((index) => `${table.tableArn}/index/${index.name}`);
}

/** `uses.tables[table]`: the table, each named index (query only) and the table key through DynamoDB. */
export function grantTable(
  grantee: IGrantable,
  table: ITable,
  key: IKey,
  access: 'read' | 'readWrite',
  indexes: readonly IndexDef[],
): void {
  const write = access === 'readWrite';
  allow(grantee, write ? [...tableReadActions, ...tableWriteActions] : tableReadActions, [table.tableArn]);
  if (indexes.length > 0) allow(grantee, indexActions, indexArns(table, indexes));
  allow(grantee, write ? tableKeyWriteActions : tableKeyReadActions, [key.keyArn], viaService('dynamodb'));
}

/** A stream event source's poller: read the stream, decrypt through DynamoDB. */
export function grantStreamRead(grantee: IGrantable, table: ITable, key: IKey): void {
  if (!table.tableStreamArn) throw new Error(`table ${table.node.path} has no stream`);
  allow(grantee, streamReadActions, [table.tableStreamArn]);
  allow(grantee, tableKeyReadActions, [key.keyArn], viaService('dynamodb'));
}

/** `uses.sendsTo`, failure destinations and DLQs: `SendMessage` (batches included) and a data key. */
export function grantQueueSend(grantee: IGrantable, queue: IQueue, key: IKey): void {
  allow(grantee, queueSendActions, [queue.queueArn]);
  allow(grantee, queueKeySendActions, [key.keyArn], viaService('sqs'));
}

/** `uses.inspects`: queue attributes (depth, ARN) for health checks; no message is ever touched. */
export function grantQueueInspect(grantee: IGrantable, queue: IQueue): void {
  allow(grantee, queueInspectActions, [queue.queueArn]);
}

/** `uses.receivesFrom`: change the visibility of messages it received, to retry them later. */
export function grantQueueReschedule(grantee: IGrantable, queue: IQueue): void {
  allow(grantee, queueRescheduleActions, [queue.queueArn]);
}

/**
 * `uses.sends: ['sms']`: SNS publishes SMS to a phone number, which has no ARN, so the allow is on `*`; an
 * explicit deny on every SNS resource ARN (topics, endpoints) leaves phone numbers as the only target.
 */
export function grantSms(grantee: IGrantable): void {
  allow(grantee, ['sns:Publish'], ['*']);
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      effect: Effect.DENY,
      actions: ['sns:Publish'],
      resources: [`arn:${Aws.PARTITION}:sns:*:*:*`],
    }),
  );
}

/** SES identities a sender address is verified under: the address itself, or its domain. */
export function senderIdentities(sender: string): string[] {
  const domain = sender.slice(sender.lastIndexOf('@') + 1);
  return [sender, domain];
}

/** `uses.sends: ['email']`: SES `SendEmail` from exactly the configured sender, through its identity. */
export function grantEmail(grantee: IGrantable, sender: string): void {
  allow(
    grantee,
    ['ses:SendEmail'],
    senderIdentities(sender).map(
      (identity) => `arn:${Aws.PARTITION}:ses:${Aws.REGION}:${Aws.ACCOUNT_ID}:identity/${identity}`,
    ),
    { StringEquals: { 'ses:FromAddress': sender } },
  );
}

/** An SQS event source's poller. */
export function grantQueueConsume(grantee: IGrantable, queue: IQueue, key: IKey): void {
  allow(grantee, queueConsumeActions, [queue.queueArn]);
  allow(grantee, queueKeyConsumeActions, [key.keyArn], viaService('sqs'));
}

/**
 * `uses.buckets`: objects of one bucket (the functions only get and put; a presigned PUT acts with the
 * signer's rights, so `readWrite` covers browser uploads), and the bucket key through S3.
 */
export function grantBucket(
  grantee: IGrantable,
  bucketArn: string,
  key: IKey,
  access: 'read' | 'readWrite',
): void {
  const write = access === 'readWrite';
  allow(grantee, write ? bucketReadWriteActions : bucketReadActions, [`${bucketArn}/*`]);
  allow(grantee, write ? bucketKeyWriteActions : bucketKeyReadActions, [key.keyArn], viaService('s3'));
}

export const bucketReadActions = ['s3:GetObject'] as const;
export const bucketReadWriteActions = ['s3:GetObject', 's3:PutObject'] as const;
export const bucketKeyReadActions = ['kms:Decrypt'] as const;
export const bucketKeyWriteActions = ['kms:Decrypt', 'kms:GenerateDataKey'] as const;

/** `uses.userPool: 'admin'`: the Admin* calls of the user directory (shared/adapters/cognito), on the staff pool only. */
export const userPoolAdminActions = [
  'cognito-idp:AdminAddUserToGroup',
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminDeleteUserAttributes',
  'cognito-idp:AdminDisableUser',
  'cognito-idp:AdminEnableUser',
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminListGroupsForUser',
  'cognito-idp:AdminRemoveUserFromGroup',
  'cognito-idp:AdminSetUserPassword',
  'cognito-idp:AdminUpdateUserAttributes',
  'cognito-idp:AdminUserGlobalSignOut',
] as const;

export function grantUserPoolAdmin(grantee: IGrantable, userPoolArn: string): void {
  allow(grantee, userPoolAdminActions, [userPoolArn]);
}

/** `uses.secrets`: read one secret's value (nothing else in Secrets Manager), decrypting through the service. */
export const secretReadActions = ['secretsmanager:GetSecretValue'] as const;
export const secretKeyReadActions = ['kms:Decrypt'] as const;

export function grantSecretRead(grantee: IGrantable, secretArn: string, key: IKey): void {
  allow(grantee, secretReadActions, [secretArn]);
  allow(grantee, secretKeyReadActions, [key.keyArn], viaService('secretsmanager'));
}

/** `uses.countySecrets`: read one of the county's own secrets (its complete ARN from the transports file). */
export function grantCountySecretRead(grantee: IGrantable, secretArn: string): void {
  allow(grantee, secretReadActions, [secretArn]);
}
