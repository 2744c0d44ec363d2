import { Aws, Stack, type StackProps } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnSchedule } from 'aws-cdk-lib/aws-scheduler';
import type { Construct } from 'constructs';
import { imapMailbox } from '../../shared/topology.ts';
import { names, type StageConfig, type Topology } from './config.ts';
import { pascal } from './constructs.ts';
import { toEventBridgeCron } from './cron.ts';
import type { FunctionRegistry } from './functions-stack.ts';
import { grantQueueSend } from './grants.ts';
import type { MessagingStack } from './messaging-stack.ts';

export interface SchedulesStackProps extends StackProps {
  readonly config: StageConfig;
  readonly topology: Topology;
  readonly functions: FunctionRegistry;
  readonly messaging: MessagingStack;
}

/**
 * The mailbox poller's schedule exists in every deployment (the topology is the same) but runs only where a
 * mailbox is configured (`-c transports` with an `imap` section): elsewhere SES receives the mail, and a poll
 * every two minutes would do nothing.
 */
export function scheduleEnabled(config: Pick<StageConfig, 'transports'>, name: string): boolean {
  return name !== imapMailbox.schedule || Boolean(config.transports.imap);
}

/**
 * One EventBridge Scheduler schedule per topology schedule, in its time zone (Asia/Shanghai), with a retry
 * policy, the schedules' DLQ, and a role per schedule that may invoke only its function and write only to the DLQ.
 */
export class SchedulesStack extends Stack {
  constructor(scope: Construct, id: string, props: SchedulesStackProps) {
    super(scope, id, props);
    const { config, topology, functions, messaging } = props;
    const { prefix } = config;

    for (const schedule of topology.schedules) {
      const fn = functions.functions[schedule.fn];
      const scheduleId = pascal(schedule.name);
      const role = new Role(this, `${scheduleId}ScheduleRole`, {
        description: `EventBridge Scheduler: invoke ${schedule.fn} for ${schedule.name}`,
        assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
          conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
        }),
      });
      role.addToPrincipalPolicy(
        new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }),
      );
      grantQueueSend(role, messaging.scheduleDeadLetterQueue, messaging.key);
      const created = new CfnSchedule(this, `${scheduleId}Schedule`, {
        name: names.schedule(prefix, schedule.name),
        description: schedule.description,
        scheduleExpression: toEventBridgeCron(schedule.cron),
        scheduleExpressionTimezone: schedule.timeZone,
        flexibleTimeWindow: { mode: 'OFF' },
        state: scheduleEnabled(config, schedule.name) ? 'ENABLED' : 'DISABLED',
        target: {
          arn: fn.functionArn,
          roleArn: role.roleArn,
          retryPolicy: {
            maximumRetryAttempts: config.scheduleRetry.maximumRetryAttempts,
            maximumEventAgeInSeconds: config.scheduleRetry.maximumEventAge.toSeconds(),
          },
          deadLetterConfig: { arn: messaging.scheduleDeadLetterQueue.queueArn },
        },
      });
      // The role's policy (not just the role) must exist before the first invocation.
      created.node.addDependency(role);
    }
  }
}
