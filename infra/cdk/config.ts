import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  type EventSourceDef,
  eventSources,
  type FunctionDef,
  type FunctionName,
  functions,
  mainTableIndexes,
  type QueueDef,
  type QueueName,
  queues,
  type RouteDef,
  routes,
  type ScheduleDef,
  schedules,
  type TableName,
} from '../../shared/topology.ts';

/**
 * Per-stage settings of the cloud app and the physical names of the resources the topology does not name
 * (functions, schedules, the failure queues of streams and schedules, the user pool). Everything else comes
 * from `shared/topology.ts`.
 */

export const cloudStages = ['dev', 'prod'] as const;
export type CloudStage = (typeof cloudStages)[number];

export function parseStage(value: unknown): CloudStage {
  if (typeof value === 'string' && (cloudStages as readonly string[]).includes(value)) {
    return value as CloudStage;
  }
  throw new Error(
    `Unknown stage ${JSON.stringify(value)}: pass -c stage=${cloudStages.join('|')} (default dev, from cdk.json)`,
  );
}

/** The topology as the stacks consume it; tests pass a variant (e.g. with a staff route) to prove the wiring. */
export interface Topology {
  readonly functions: Readonly<Record<FunctionName, FunctionDef>>;
  readonly routes: readonly RouteDef[];
  readonly queues: Readonly<Record<QueueName, QueueDef>>;
  readonly eventSources: readonly EventSourceDef[];
  readonly schedules: readonly ScheduleDef[];
  readonly mainTableIndexes: readonly { name: string; partitionKey: string; sortKey: string }[];
}

export const topology: Topology = { functions, routes, queues, eventSources, schedules, mainTableIndexes };

/** Roles of staff users: one Cognito group each. Mirrors `actorRoles` minus the non-human `public`/`system`. */
export const staffGroups = ['liaison', 'handler', 'supervisor', 'admin'] as const;

export interface StageConfig {
  readonly stage: CloudStage;
  /** Physical-name prefix handed to the topology's name helpers: `dev-` → `dev-huiyin-main`. */
  readonly prefix: string;
  /** Stateful resources (tables, user pool, logs) survive a stack deletion in prod. */
  readonly retainData: boolean;
  readonly logRetention: RetentionDays;
  /** HTTP API default-stage throttling, requests per second across all routes. */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /** EventBridge Scheduler retries when the Lambda invoke itself fails (throttled, service error). */
  readonly scheduleRetry: { readonly maximumRetryAttempts: number; readonly maximumEventAge: Duration };
  /** Retention of the failure queues (stream on-failure destination, scheduler DLQ) and of every DLQ. */
  readonly deadLetterRetention: Duration;
}

export function stageConfig(stage: CloudStage): StageConfig {
  const prod = stage === 'prod';
  return {
    stage,
    prefix: `${stage}-`,
    retainData: prod,
    // 网络安全法 art. 21: network logs are kept for no less than six months; a year leaves a margin.
    logRetention: prod ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH,
    throttle: prod ? { rateLimit: 200, burstLimit: 400 } : { rateLimit: 50, burstLimit: 100 },
    scheduleRetry: { maximumRetryAttempts: 3, maximumEventAge: Duration.minutes(15) },
    deadLetterRetention: Duration.days(14),
  };
}

export function removalPolicy(config: StageConfig): RemovalPolicy {
  return config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
}

/** Names the topology does not define, built the same way as its helpers (`<prefix>huiyin-<name>`). */
export const names = {
  dataStack: (prefix: string) => `${prefix}huiyin-data`,
  serviceStack: (prefix: string) => `${prefix}huiyin-service`,
  function: (prefix: string, def: Pick<FunctionDef, 'entry'>) => `${prefix}huiyin-${def.entry}`,
  schedule: (prefix: string, name: string) => `${prefix}huiyin-${name}`,
  streamFailureQueue: (prefix: string, table: TableName) => `${prefix}huiyin-stream-${table}-failures`,
  scheduleDeadLetterQueue: (prefix: string) => `${prefix}huiyin-schedules-dlq`,
  userPool: (prefix: string) => `${prefix}huiyin-staff`,
  cursorSecret: (prefix: string) => `${prefix}huiyin/cursor-secret`,
  httpApi: (prefix: string) => `${prefix}huiyin-api`,
} as const;

/**
 * Variables the local runtime sets that the cloud must not: Lambda provides the region and credentials, the
 * SDK talks to the real endpoints, and Node 22 does not print the SDK's Node 20 warning. Every other variable of
 * `functionEnvironment` (infra/local/runtime.ts) must be set in the cloud too; test/infra checks it.
 */
export const localOnlyVariables = [
  'AWS_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_ENDPOINT_URL_DYNAMODB',
  'AWS_ENDPOINT_URL_SQS',
  'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED',
] as const;

/** Variables only the cloud sets. */
export const cloudOnlyVariables = ['NODE_OPTIONS'] as const;

/** Tag on every Lambda function naming its topology function; describe-template maps back through it. */
export const FUNCTION_TAG = 'huiyin:function';
