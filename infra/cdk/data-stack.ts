import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { AttributeType, Billing, ProjectionType, StreamViewType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  deadLetterQueuePhysicalName,
  type QueueName,
  queuePhysicalName,
  type TableName,
  tablePhysicalName,
} from '../../shared/topology.ts';
import { names, removalPolicy, type StageConfig, staffGroups, type Topology } from './config.ts';

export interface DataStackProps extends StackProps {
  readonly config: StageConfig;
  readonly topology: Topology;
}

/**
 * The stateful half: tables, queues (each with its DLQ), the failure queues of the stream and the schedules,
 * and the staff user pool. It changes rarely, is retained and termination-protected in prod, and the service
 * stack can be redeployed, or torn down and rebuilt, without touching data.
 */
export class DataStack extends Stack {
  readonly tables: Record<TableName, TableV2>;
  readonly queues: Record<QueueName, Queue>;
  readonly deadLetterQueues: Record<QueueName, Queue>;
  /** On-failure destination of each table stream's event source mapping. */
  readonly streamFailureQueues: Record<TableName, Queue>;
  /** Dead-letter queue of every EventBridge Scheduler schedule. */
  readonly scheduleDeadLetterQueue: Queue;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  /** Signs pagination cursors (`CURSOR_SECRET`); generated once, kept across deployments. */
  readonly cursorSecret: Secret;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config, topology } = props;
    const { prefix } = config;
    const removal = removalPolicy(config);

    const main = new TableV2(this, 'MainTable', {
      tableName: tablePhysicalName(prefix, 'main'),
      partitionKey: { name: 'PK', type: AttributeType.STRING },
      sortKey: { name: 'SK', type: AttributeType.STRING },
      billing: Billing.onDemand(),
      dynamoStream: StreamViewType.NEW_AND_OLD_IMAGES,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: 'expiresAt',
      deletionProtection: config.retainData,
      removalPolicy: removal,
      globalSecondaryIndexes: topology.mainTableIndexes.map((index) => ({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      })),
    });
    const idempotency = new TableV2(this, 'IdempotencyTable', {
      tableName: tablePhysicalName(prefix, 'idempotency'),
      partitionKey: { name: 'id', type: AttributeType.STRING },
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: 'expiresAt',
      deletionProtection: config.retainData,
      removalPolicy: removal,
    });
    this.tables = { main, idempotency };

    const queueDefaults = { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true } as const;
    const deadLetterQueue = (id: string, queueName: string) =>
      new Queue(this, id, { ...queueDefaults, queueName, retentionPeriod: config.deadLetterRetention });

    this.queues = {} as Record<QueueName, Queue>;
    this.deadLetterQueues = {} as Record<QueueName, Queue>;
    for (const [name, definition] of Object.entries(topology.queues) as [
      QueueName,
      Topology['queues'][QueueName],
    ][]) {
      const id = pascal(name);
      const dlq = deadLetterQueue(`${id}DeadLetterQueue`, deadLetterQueuePhysicalName(prefix, name));
      this.deadLetterQueues[name] = dlq;
      this.queues[name] = new Queue(this, `${id}Queue`, {
        ...queueDefaults,
        queueName: queuePhysicalName(prefix, name),
        visibilityTimeout: Duration.seconds(definition.visibilityTimeoutSeconds),
        retentionPeriod: Duration.days(definition.retentionDays),
        deadLetterQueue: { queue: dlq, maxReceiveCount: definition.maxReceiveCount },
      });
    }

    this.streamFailureQueues = {} as Record<TableName, Queue>;
    for (const source of topology.eventSources) {
      if (source.kind !== 'stream' || this.streamFailureQueues[source.table]) continue;
      this.streamFailureQueues[source.table] = deadLetterQueue(
        `${pascal(source.table)}StreamFailureQueue`,
        names.streamFailureQueue(prefix, source.table),
      );
    }
    this.scheduleDeadLetterQueue = deadLetterQueue(
      'ScheduleDeadLetterQueue',
      names.scheduleDeadLetterQueue(prefix),
    );

    this.cursorSecret = new Secret(this, 'CursorSecret', {
      secretName: names.cursorSecret(prefix),
      description: 'Huiyin: HMAC key of pagination cursors (CURSOR_SECRET)',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: removal,
    });

    // Staff only: no self sign-up, accounts are created by an admin. Roles are groups (`cognito:groups`).
    this.userPool = new UserPool(this, 'StaffUserPool', {
      userPoolName: names.userPool(prefix),
      featurePlan: FeaturePlan.ESSENTIALS,
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      standardAttributes: { email: { required: false, mutable: true } },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: false,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      deletionProtection: config.retainData,
      removalPolicy: removal,
    });
    staffGroups.forEach((group, precedence) => {
      this.userPool.addGroup(`${pascal(group)}Group`, {
        groupName: group,
        description: `Huiyin staff role: ${group}`,
        precedence: staffGroups.length - precedence,
      });
    });
    // The staff console is a browser app: public client (no secret), SRP sign-in, no refresh-token reuse.
    // Users may edit only their display name; anything that scopes access is set by admins alone.
    this.userPoolClient = this.userPool.addClient('StaffConsoleClient', {
      userPoolClientName: `${prefix}huiyin-staff-console`,
      generateSecret: false,
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });

    new CfnOutput(this, 'StaffUserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'StaffConsoleClientId', { value: this.userPoolClient.userPoolClientId });
  }
}

export function pascal(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}
