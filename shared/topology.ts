/**
 * The one topology of Huiyin: every function, HTTP route, queue, event source and schedule.
 *
 * The CDK app (infra/cdk) and the local runtime (infra/local) both iterate this module, so a route,
 * queue or schedule cannot exist in one runtime only. `test/infra/topology-parity.test.ts` proves it.
 * Pure data: no AWS SDK, no Node APIs, so it can be imported anywhere.
 */

import type { Case } from './domain/case/model.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** public: no login; staff: Bearer JWT (Cognito authorizer in the cloud, local identity provider locally). */
export type AuthKind = 'public' | 'staff';

export type QueueName = 'routing' | 'delivery' | 'notifications';

export type TableName = 'main' | 'idempotency';

/** What a function touches; the CDK app grants exactly this and nothing else. */
export interface FunctionUses {
  readonly tables?: Partial<Record<TableName, 'read' | 'readWrite'>>;
  readonly sendsTo?: readonly QueueName[];
  /** Queues whose attributes the function reads (health checks), without sending or receiving. */
  readonly inspects?: readonly QueueName[];
  /** Queues whose in-flight messages the function reschedules (ChangeMessageVisibility, for backoff). */
  readonly receivesFrom?: readonly QueueName[];
  /** Outbound messages to people: SMS (SNS) and e-mail (SES) in the cloud. */
  readonly sends?: readonly ('sms' | 'email')[];
}

export interface FunctionDef {
  /** File under functions/ (without extension) that exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  readonly uses: FunctionUses;
}

export interface RouteDef {
  readonly method: HttpMethod;
  /** API Gateway HTTP API path, with `{param}` placeholders. */
  readonly path: string;
  readonly fn: FunctionName;
  readonly auth: AuthKind;
}

export interface QueueDef {
  readonly visibilityTimeoutSeconds: number;
  /** Receives before a message moves to the queue's DLQ. */
  readonly maxReceiveCount: number;
  readonly retentionDays: number;
}

export type EventSourceDef =
  | {
      readonly kind: 'queue';
      readonly queue: QueueName;
      readonly fn: FunctionName;
      readonly batchSize: number;
      readonly maxBatchingWindowSeconds: number;
    }
  | {
      readonly kind: 'stream';
      readonly table: TableName;
      readonly fn: FunctionName;
      readonly batchSize: number;
      readonly maxRetryAttempts: number;
    };

export interface ScheduleDef {
  readonly name: string;
  /** Five-field cron (minute hour day-of-month month day-of-week), evaluated in `timeZone`. */
  readonly cron: string;
  readonly timeZone: 'Asia/Shanghai';
  readonly fn: FunctionName;
  readonly description: string;
}

const mainReadWrite = { tables: { main: 'readWrite' } } as const satisfies FunctionUses;
const mainRead = { tables: { main: 'read' } } as const satisfies FunctionUses;

export const functions = {
  apiHealth: {
    entry: 'api-health',
    description: 'Health of the API and its dependencies',
    timeoutSeconds: 10,
    memoryMb: 256,
    uses: { tables: { main: 'read' }, inspects: ['routing'] },
  },
  apiCatalog: {
    entry: 'api-catalog',
    description: 'Public catalog: categories, jurisdictions, studios',
    timeoutSeconds: 10,
    memoryMb: 256,
    uses: mainRead,
  },
  apiCreatePetition: {
    entry: 'api-create-petition',
    description: 'Register a petition from the public form',
    timeoutSeconds: 10,
    memoryMb: 512,
    uses: { tables: { main: 'readWrite', idempotency: 'readWrite' } },
  },
  apiTrackPetition: {
    entry: 'api-track-petition',
    description: 'Public tracking page: status, timeline and reply of one case',
    timeoutSeconds: 10,
    memoryMb: 256,
    uses: mainRead,
  },
  streamDispatcher: {
    entry: 'stream-dispatcher',
    description: 'Turns committed case events from the table stream into queue messages',
    timeoutSeconds: 60,
    memoryMb: 256,
    // Writes pending-delivery markers before it sends delivery messages (see dispatch-event.ts).
    uses: { tables: { main: 'readWrite' }, sendsTo: ['routing', 'delivery', 'notifications'] },
  },
  queueRouter: {
    entry: 'queue-router',
    description: 'Routes a registered case to its responsible unit or to triage',
    timeoutSeconds: 30,
    memoryMb: 256,
    uses: mainReadWrite,
  },
  staffListCases: {
    entry: 'staff-list-cases',
    description: "Staff inbox and supervisors' lists, scoped to the caller",
    timeoutSeconds: 10,
    memoryMb: 512,
    uses: mainRead,
  },
  staffRegisterCase: {
    entry: 'staff-register-case',
    description: 'A liaison officer registers a letter or a reception-day visit',
    timeoutSeconds: 10,
    memoryMb: 512,
    uses: { tables: { main: 'readWrite', idempotency: 'readWrite' } },
  },
  staffGetCase: {
    entry: 'staff-get-case',
    description: 'One case with its timeline, petitioner masked; the read is audited',
    timeoutSeconds: 10,
    memoryMb: 512,
    uses: mainReadWrite,
  },
  staffRevealPetitioner: {
    entry: 'staff-reveal-petitioner',
    description: 'Unmasks the petitioner of one case for a call-back; audited',
    timeoutSeconds: 10,
    memoryMb: 256,
    uses: mainReadWrite,
  },
  staffCaseAction: {
    entry: 'staff-case-action',
    description: 'One command on one case (acknowledge, reply, return, extension, close, …)',
    timeoutSeconds: 10,
    memoryMb: 512,
    uses: mainReadWrite,
  },
  queueNotifier: {
    entry: 'queue-notifier',
    description: 'Sends SMS, e-mail and console notices to petitioners and staff, each once',
    timeoutSeconds: 30,
    memoryMb: 256,
    uses: { tables: { main: 'readWrite' }, sends: ['sms', 'email'] },
  },
  queueDelivery: {
    entry: 'queue-delivery',
    description: 'Delivers new assignments to units: console, e-mail, or their own system (signed, retried)',
    timeoutSeconds: 30,
    memoryMb: 256,
    uses: { tables: { main: 'readWrite' }, receivesFrom: ['delivery'], sends: ['email'] },
  },
  jobStuckSweep: {
    entry: 'job-stuck-sweep',
    description: 'Re-drives cases left in registered and assignments left undelivered',
    timeoutSeconds: 120,
    memoryMb: 256,
    uses: { tables: { main: 'readWrite' }, sendsTo: ['routing', 'delivery'] },
  },
} as const satisfies Record<string, FunctionDef>;

export type FunctionName = keyof typeof functions;

export const routes = [
  { method: 'GET', path: '/api/health', fn: 'apiHealth', auth: 'public' },
  { method: 'GET', path: '/api/catalog', fn: 'apiCatalog', auth: 'public' },
  { method: 'POST', path: '/api/petitions', fn: 'apiCreatePetition', auth: 'public' },
  { method: 'GET', path: '/api/petitions/{trackingCode}', fn: 'apiTrackPetition', auth: 'public' },
  { method: 'GET', path: '/api/staff/cases', fn: 'staffListCases', auth: 'staff' },
  { method: 'POST', path: '/api/staff/cases', fn: 'staffRegisterCase', auth: 'staff' },
  { method: 'GET', path: '/api/staff/cases/{caseId}', fn: 'staffGetCase', auth: 'staff' },
  { method: 'GET', path: '/api/staff/cases/{caseId}/petitioner', fn: 'staffRevealPetitioner', auth: 'staff' },
  { method: 'POST', path: '/api/staff/cases/{caseId}/{action}', fn: 'staffCaseAction', auth: 'staff' },
] as const satisfies readonly RouteDef[];

export const queues = {
  // Visibility timeouts are at least six times the consumer's timeout, as AWS recommends for SQS event sources.
  routing: { visibilityTimeoutSeconds: 180, maxReceiveCount: 5, retentionDays: 14 },
  delivery: { visibilityTimeoutSeconds: 180, maxReceiveCount: 8, retentionDays: 14 },
  notifications: { visibilityTimeoutSeconds: 180, maxReceiveCount: 5, retentionDays: 14 },
} as const satisfies Record<QueueName, QueueDef>;

export const eventSources = [
  { kind: 'stream', table: 'main', fn: 'streamDispatcher', batchSize: 100, maxRetryAttempts: 10 },
  { kind: 'queue', queue: 'routing', fn: 'queueRouter', batchSize: 10, maxBatchingWindowSeconds: 0 },
  { kind: 'queue', queue: 'delivery', fn: 'queueDelivery', batchSize: 5, maxBatchingWindowSeconds: 0 },
  { kind: 'queue', queue: 'notifications', fn: 'queueNotifier', batchSize: 10, maxBatchingWindowSeconds: 0 },
] as const satisfies readonly EventSourceDef[];

export const schedules = [
  {
    name: 'stuck-sweep',
    cron: '*/5 * * * *',
    timeZone: 'Asia/Shanghai',
    fn: 'jobStuckSweep',
    description: 'Re-drive cases left in registered',
  },
] as const satisfies readonly ScheduleDef[];

/**
 * What list views show of a case: indexes project only these attributes (never the petition text or the
 * petitioner), which keeps index writes at one request unit and lists free of personal data.
 */
export const caseSummaryAttributes = [
  'caseId',
  'trackingCode',
  'version',
  'status',
  'channel',
  'categoryCode',
  'jurisdictionCode',
  'studioId',
  'unitId',
  'title',
  'confidential',
  'deadlines',
  'overdue',
  'extensionPending',
  'supervisorReview',
  'reopenCount',
  'duplicateOf',
  'due',
  'createdAt',
  'updatedAt',
] as const satisfies readonly (keyof Case)[];

export interface IndexDef {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  /** Non-key attributes copied into the index (INCLUDE projection). */
  readonly projected: readonly string[];
}

/** Global secondary indexes of the main table; key attributes are strings. See docs/data-model.md. */
export const mainTableIndexes = [
  /** Unit inbox: `INBOX#<unit>#<status>`, sorted by the next deadline. */
  { name: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK', projected: caseSummaryAttributes },
  /** Due items (sparse): `DUE#<stuck|deadline|survey>`, sorted by when they are due. Sweeps load each case. */
  {
    name: 'GSI2',
    partitionKey: 'GSI2PK',
    sortKey: 'GSI2SK',
    projected: ['caseId', 'version', 'status', 'due'],
  },
  /** County-wide by status for supervisors: `STATUS#<status>`, sorted by the next deadline. */
  { name: 'GSI3', partitionKey: 'GSI3PK', sortKey: 'GSI3SK', projected: caseSummaryAttributes },
  /** Needs a supervisor (sparse): `FLAG#<extension|review>`, sorted by since when. */
  { name: 'GSI4', partitionKey: 'GSI4PK', sortKey: 'GSI4SK', projected: caseSummaryAttributes },
  /** Cases a studio registered (sparse): `STUDIO#<studioId>`, sorted by registration time (ledger, liaison lists). */
  { name: 'GSI5', partitionKey: 'GSI5PK', sortKey: 'GSI5SK', projected: caseSummaryAttributes },
] as const satisfies readonly IndexDef[];

/** Physical names: every resource name takes the stage prefix, so parallel stacks never collide. */
export function tablePhysicalName(prefix: string, table: TableName): string {
  return `${prefix}huiyin-${table}`;
}

export function queuePhysicalName(prefix: string, queue: QueueName): string {
  return `${prefix}huiyin-${queue}`;
}

export function deadLetterQueuePhysicalName(prefix: string, queue: QueueName): string {
  return `${prefix}huiyin-${queue}-dlq`;
}

/** Environment variable that carries a queue's URL into the functions that send to it. */
export function queueUrlEnvName(queue: QueueName): string {
  return `QUEUE_URL_${queue.toUpperCase()}`;
}

export function tableEnvName(table: TableName): string {
  return `TABLE_NAME_${table.toUpperCase()}`;
}

export const queueNames = Object.keys(queues) as QueueName[];
export const functionNames = Object.keys(functions) as FunctionName[];

/** `GET /api/petitions/{trackingCode}`: the route key API Gateway puts in `event.routeKey`. */
export function routeKey(route: Pick<RouteDef, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}
