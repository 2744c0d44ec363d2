import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IAlarm,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { Operation } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import type { FunctionName, QueueName, TableName } from '../../shared/topology.ts';
import type { ApiStack } from './api-stack.ts';
import { names, type StageConfig, type Topology, tableNames } from './config.ts';
import { notify, pascal } from './constructs.ts';
import type { DataStack } from './data-stack.ts';
import type { FunctionRegistry } from './functions-stack.ts';
import type { MessagingStack } from './messaging-stack.ts';

export interface ObservabilityStackProps extends StackProps {
  readonly config: StageConfig;
  readonly topology: Topology;
  readonly data: DataStack;
  readonly messaging: MessagingStack;
  readonly api: ApiStack;
  readonly functions: FunctionRegistry;
}

/** DynamoDB publishes SystemErrors per operation only; these are the ones the functions call. */
export const watchedOperations = [
  Operation.GET_ITEM,
  Operation.BATCH_GET_ITEM,
  Operation.QUERY,
  Operation.PUT_ITEM,
  Operation.UPDATE_ITEM,
  Operation.DELETE_ITEM,
  Operation.BATCH_WRITE_ITEM,
  Operation.TRANSACT_WRITE_ITEMS,
];

const fiveMinutes = Duration.minutes(5);

/**
 * The operator's view: one dashboard (API, every function, every queue, the tables, all alarms) and the alarms
 * that are not queue alarms (those live with the queues in the messaging stack): unhandled errors per function,
 * the API's 5xx rate, DynamoDB system errors per table, and stream consumers falling behind. All alarms notify
 * the messaging stack's alarm topic.
 */
export class ObservabilityStack extends Stack {
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: ObservabilityStackProps) {
    super(scope, id, props);
    const { config, topology, data, messaging, api, functions } = props;
    const { prefix } = config;
    const alarm = (alarmId: string, alarmProps: ConstructorParameters<typeof Alarm>[2]) => {
      const created = new Alarm(this, alarmId, alarmProps);
      this.alarms.push(notify(created, messaging.alarmTopic) as Alarm);
      return created;
    };

    const functionNames = Object.keys(topology.functions) as FunctionName[];
    for (const name of functionNames) {
      const fn = functions.functions[name];
      alarm(`${pascal(name)}ErrorsAlarm`, {
        alarmName: names.alarm(prefix, `${topology.functions[name].entry}-errors`),
        alarmDescription: `${name}: unhandled errors (invocations that failed, not HTTP 4xx/5xx answers).`,
        metric: fn.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    }
    const streamConsumers = [
      ...new Set(topology.eventSources.flatMap((source) => (source.kind === 'stream' ? [source.fn] : []))),
    ];
    for (const name of streamConsumers) {
      alarm(`${pascal(name)}IteratorAgeAlarm`, {
        alarmName: names.alarm(prefix, `${topology.functions[name].entry}-iterator-age`),
        alarmDescription: `${name} is more than ${config.alarms.streamIteratorAge.toHumanString()} behind the table stream.`,
        metric: functions.functions[name].metric('IteratorAge', {
          period: fiveMinutes,
          statistic: 'Maximum',
        }),
        threshold: config.alarms.streamIteratorAge.toMilliseconds(),
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 2,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    }

    const requests = api.httpApi.metricCount({ period: fiveMinutes, statistic: 'Sum' });
    const serverErrors = api.httpApi.metricServerError({ period: fiveMinutes, statistic: 'Sum' });
    alarm('Api5xxRateAlarm', {
      alarmName: names.alarm(prefix, 'api-5xx-rate'),
      alarmDescription: `More than ${config.alarms.api5xxPercent}% of API requests answered 5xx (at ≥ 20 requests per 5 minutes).`,
      metric: new MathExpression({
        expression: 'IF(requests >= 20, 100 * errors / requests, 0)',
        usingMetrics: { requests, errors: serverErrors },
        period: fiveMinutes,
        label: 'API 5xx %',
      }),
      threshold: config.alarms.api5xxPercent,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    for (const table of tableNames) {
      alarm(`${pascal(table)}TableSystemErrorsAlarm`, {
        alarmName: names.alarm(prefix, `${table}-table-system-errors`),
        alarmDescription: `DynamoDB answered 5xx on the ${table} table in two consecutive 5-minute periods.`,
        metric: data.tables[table].metricSystemErrorsForOperations({
          operations: watchedOperations,
          period: fiveMinutes,
        }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 2,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    }

    this.dashboard(props, [...messaging.alarms, ...this.alarms]);
  }

  private dashboard(props: ObservabilityStackProps, alarms: IAlarm[]): void {
    const { config, topology, data, messaging, api, functions } = props;
    const functionNames = Object.keys(topology.functions) as FunctionName[];
    const queueNames = Object.keys(topology.queues) as QueueName[];
    const perFunction = (metric: (name: FunctionName) => IMetric) => functionNames.map(metric);
    const wide = { width: 12, height: 6 } as const;

    const dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: names.dashboard(config.prefix),
      defaultInterval: Duration.hours(24),
    });
    dashboard.addWidgets(
      new TextWidget({
        markdown: `# Huiyin ${config.stage}\nAPI, functions, queues and tables of this deployment. Alarms notify the \`${names.alarmTopic(config.prefix)}\` topic.`,
        width: 24,
        height: 2,
      }),
    );
    dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarms', alarms, width: 24, height: 4 }));
    dashboard.addWidgets(
      new GraphWidget({
        title: 'API requests, 4xx, 5xx',
        left: [
          api.httpApi.metricCount({ period: fiveMinutes, statistic: 'Sum', label: 'requests' }),
          api.httpApi.metricClientError({ period: fiveMinutes, statistic: 'Sum', label: '4xx' }),
          api.httpApi.metricServerError({ period: fiveMinutes, statistic: 'Sum', label: '5xx' }),
        ],
        ...wide,
      }),
      new GraphWidget({
        title: 'API latency (ms)',
        left: ['p50', 'p90', 'p99'].map((statistic) =>
          api.httpApi.metricLatency({ period: fiveMinutes, statistic, label: statistic }),
        ),
        ...wide,
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Lambda errors per function',
        left: perFunction((name) =>
          functions.functions[name].metricErrors({ period: fiveMinutes, statistic: 'Sum', label: name }),
        ),
        ...wide,
      }),
      new GraphWidget({
        title: 'Lambda throttles per function',
        left: perFunction((name) =>
          functions.functions[name].metricThrottles({ period: fiveMinutes, statistic: 'Sum', label: name }),
        ),
        ...wide,
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Lambda duration p99 per function (ms)',
        left: perFunction((name) =>
          functions.functions[name].metricDuration({ period: fiveMinutes, statistic: 'p99', label: name }),
        ),
        ...wide,
      }),
      new GraphWidget({
        title: 'Lambda concurrent executions per function',
        left: perFunction((name) =>
          functions.functions[name].metric('ConcurrentExecutions', {
            period: fiveMinutes,
            statistic: 'Maximum',
            label: name,
          }),
        ),
        ...wide,
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Queue depth (visible messages), queues and DLQs',
        left: queueNames.flatMap((name) => [
          messaging.queues[name].metricApproximateNumberOfMessagesVisible({
            period: fiveMinutes,
            statistic: 'Maximum',
            label: name,
          }),
          messaging.deadLetterQueues[name].metricApproximateNumberOfMessagesVisible({
            period: fiveMinutes,
            statistic: 'Maximum',
            label: `${name} DLQ`,
          }),
        ]),
        ...wide,
      }),
      new GraphWidget({
        title: 'Age of oldest message (s)',
        left: queueNames.map((name) =>
          messaging.queues[name].metricApproximateAgeOfOldestMessage({
            period: fiveMinutes,
            statistic: 'Maximum',
            label: name,
          }),
        ),
        ...wide,
      }),
    );
    const throttleEvents = (table: TableName, metricName: string, index?: string) =>
      new Metric({
        namespace: 'AWS/DynamoDB',
        metricName,
        dimensionsMap: {
          TableName: data.tables[table].tableName,
          ...(index ? { GlobalSecondaryIndexName: index } : {}),
        },
        period: fiveMinutes,
        statistic: 'Sum',
        label: `${table}${index ? `/${index}` : ''} ${metricName === 'ReadThrottleEvents' ? 'read' : 'write'}`,
      });
    dashboard.addWidgets(
      new GraphWidget({
        title: 'DynamoDB throttle events (tables and GSIs)',
        left: tableNames.flatMap((table) => [
          throttleEvents(table, 'ReadThrottleEvents'),
          throttleEvents(table, 'WriteThrottleEvents'),
        ]),
        right:
          topology.mainTableIndexes.length > 0
            ? topology.mainTableIndexes.map((index) =>
                throttleEvents('main', 'WriteThrottleEvents', index.name),
              )
            : [],
        ...wide,
      }),
      new GraphWidget({
        title: 'DynamoDB consumed capacity units',
        left: tableNames.flatMap((table) => [
          data.tables[table].metricConsumedReadCapacityUnits({
            period: fiveMinutes,
            statistic: 'Sum',
            label: `${table} RCU`,
          }),
          data.tables[table].metricConsumedWriteCapacityUnits({
            period: fiveMinutes,
            statistic: 'Sum',
            label: `${table} WCU`,
          }),
        ]),
        ...wide,
      }),
    );
  }
}
