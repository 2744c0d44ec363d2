import { Aws, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IAlarm, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  deadLetterQueuePhysicalName,
  type QueueName,
  queuePhysicalName,
  type TableName,
} from '../../shared/topology.ts';
import { names, type StageConfig, type Topology } from './config.ts';
import { customerKey, notify, pascal } from './constructs.ts';
import { acknowledge } from './nag.ts';

export interface MessagingStackProps extends StackProps {
  readonly config: StageConfig;
  readonly topology: Topology;
  readonly alarmEmail?: string;
}

/**
 * Every topology queue with its DLQ, the failure queues of stream event sources, of the schedules and of
 * asynchronous invocations, the key
 * that encrypts all of them, and the alarm topic with the alarms every queue needs: DLQ depth > 0 and age of
 * the oldest message of each main queue. Alarms of the other stacks publish to the same topic.
 */
export class MessagingStack extends Stack {
  readonly key: Key;
  readonly queues: Record<QueueName, Queue>;
  readonly deadLetterQueues: Record<QueueName, Queue>;
  /** On-failure destination of each table stream's event source mapping. */
  readonly streamFailureQueues: Partial<Record<TableName, Queue>>;
  /** Dead-letter queue of every EventBridge Scheduler schedule (invokes that failed, not function errors). */
  readonly scheduleDeadLetterQueue: Queue;
  /** On-failure destination of every asynchronously invoked function: Lambda's invocation records. */
  readonly asyncFailureQueue: Queue;
  readonly alarmTopic: Topic;
  readonly alarms: IAlarm[] = [];
  private readonly config: StageConfig;

  constructor(scope: Construct, id: string, props: MessagingStackProps) {
    super(scope, id, props);
    const { config, topology } = props;
    const { prefix } = config;
    this.config = config;

    this.key = customerKey(this, 'MessagingKey', 'messaging', config, 'SQS queues and the alarm topic');

    const encryption = {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
    } as const;
    const deadLetterQueue = (queueId: string, queueName: string) =>
      new Queue(this, queueId, { ...encryption, queueName, retentionPeriod: config.deadLetterRetention });

    this.queues = {} as Record<QueueName, Queue>;
    this.deadLetterQueues = {} as Record<QueueName, Queue>;
    for (const [name, definition] of Object.entries(topology.queues) as [
      QueueName,
      Topology['queues'][QueueName],
    ][]) {
      const queueId = pascal(name);
      const dlq = deadLetterQueue(`${queueId}DeadLetterQueue`, deadLetterQueuePhysicalName(prefix, name));
      this.deadLetterQueues[name] = dlq;
      this.queues[name] = new Queue(this, `${queueId}Queue`, {
        ...encryption,
        queueName: queuePhysicalName(prefix, name),
        visibilityTimeout: Duration.seconds(definition.visibilityTimeoutSeconds),
        retentionPeriod: Duration.days(definition.retentionDays),
        deadLetterQueue: { queue: dlq, maxReceiveCount: definition.maxReceiveCount },
      });
    }

    this.streamFailureQueues = {};
    for (const source of topology.eventSources) {
      if (source.kind !== 'stream' || this.streamFailureQueues[source.table]) continue;
      const queue = deadLetterQueue(
        `${pascal(source.table)}StreamFailureQueue`,
        names.streamFailureQueue(prefix, source.table),
      );
      acknowledge(
        queue,
        'AwsSolutions-SQS3',
        'This queue is itself a dead-letter target: the on-failure destination of the table stream event source.',
      );
      this.streamFailureQueues[source.table] = queue;
    }
    this.scheduleDeadLetterQueue = deadLetterQueue(
      'ScheduleDeadLetterQueue',
      names.scheduleDeadLetterQueue(prefix),
    );
    acknowledge(
      this.scheduleDeadLetterQueue,
      'AwsSolutions-SQS3',
      'This queue is itself a dead-letter target: the DLQ of the EventBridge Scheduler schedules.',
    );

    this.asyncFailureQueue = deadLetterQueue('AsyncFailureQueue', names.asyncFailureQueue(prefix));
    acknowledge(
      this.asyncFailureQueue,
      'AwsSolutions-SQS3',
      'This queue is itself a dead-letter target: the on-failure destination of asynchronously invoked functions.',
    );

    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      topicName: names.alarmTopic(prefix),
      displayName: `Huiyin ${config.stage} alarms`,
      masterKey: this.key,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));
    // CloudWatch publishes alarm notifications as a service: it needs the topic and, the topic being encrypted,
    // the key. Both grants only hold for alarms of this account whose names carry this deployment's prefix.
    const fromOwnAlarms = {
      StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
      ArnLike: {
        'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:${names.alarm(prefix, '*')}`,
      },
    };
    const cloudWatch = new ServicePrincipal('cloudwatch.amazonaws.com');
    this.alarmTopic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarms',
        principals: [cloudWatch],
        actions: ['sns:Publish'],
        resources: [this.alarmTopic.topicArn],
        conditions: fromOwnAlarms,
      }),
    );
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToEncryptedTopic',
        principals: [cloudWatch],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: fromOwnAlarms,
      }),
    );

    for (const [name, dlq] of Object.entries(this.deadLetterQueues) as [QueueName, Queue][]) {
      this.dlqDepthAlarm(dlq, `${name}-dlq-depth`, `messages dead-lettered from the ${name} queue`);
    }
    for (const [table, queue] of Object.entries(this.streamFailureQueues) as [TableName, Queue][]) {
      this.dlqDepthAlarm(queue, `stream-${table}-failures-depth`, `stream records of ${table} given up on`);
    }
    this.dlqDepthAlarm(
      this.scheduleDeadLetterQueue,
      'schedules-dlq-depth',
      'schedule invocations that failed',
    );
    this.dlqDepthAlarm(
      this.asyncFailureQueue,
      'async-failures-depth',
      'scheduled jobs or inbound mail that failed all of Lambda’s retries',
    );
    for (const [name, queue] of Object.entries(this.queues) as [QueueName, Queue][]) {
      this.addAlarm(
        new Alarm(this, `${pascal(name)}QueueAgeAlarm`, {
          alarmName: names.alarm(prefix, `${name}-queue-age`),
          alarmDescription: `The oldest message of the ${name} queue waits longer than ${config.alarms.queueAge.toHumanString()}: its consumer is stuck, throttled or failing.`,
          metric: queue.metricApproximateAgeOfOldestMessage({
            period: Duration.minutes(5),
            statistic: 'Maximum',
          }),
          threshold: config.alarms.queueAge.toSeconds(),
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }
  }

  private addAlarm(alarm: Alarm): void {
    this.alarms.push(notify(alarm, this.alarmTopic));
  }

  private dlqDepthAlarm(queue: Queue, what: string, description: string): void {
    this.addAlarm(
      new Alarm(this, `${pascal(what)}Alarm`, {
        alarmName: names.alarm(this.config.prefix, what),
        alarmDescription: `Dead-letter queue not empty: ${description}. Inspect and redrive (docs/deploy.md).`,
        metric: queue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(1),
          statistic: 'Maximum',
        }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        // SQS stops sending metrics for a queue idle for six hours; keep the last state instead of clearing it.
        treatMissingData: TreatMissingData.IGNORE,
      }),
    );
  }
}
