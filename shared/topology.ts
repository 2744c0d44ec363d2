/**
 * The one topology of Huiyin: every function, HTTP route, queue, event source and schedule.
 *
 * The CDK app (infra/cdk) and the local runtime (infra/local) both iterate this module, so a route,
 * queue or schedule cannot exist in one runtime only. `test/infra/topology-parity.test.ts` proves it.
 * Pure data: no AWS SDK, no Node APIs, so it can be imported anywhere.
 */

import type { Case } from './domain/case/model.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * public: no login; staff: Bearer JWT of the staff OIDC provider (Cognito's JWT authorizer in the cloud, the
 * local gateway with the local provider's JWKS on one machine). A staff function reads its caller's staff
 * record, so it must read the main table (test/unit/auth/staff-routes.test.ts checks it).
 */
export type AuthKind = 'public' | 'staff';

export type QueueName = 'routing' | 'delivery' | 'notifications' | 'similar';

/**
 * `main`: cases, their events and everything the pipeline reads from its stream. `idempotency`: request keys
 * and the notification ledger (each notice claimed before it is sent), which read and write single items and
 * have no business on the stream.
 * `similar`: the similar-case index and hot topics (band items, match items, decisions, month terms, the word
 * list), in a table without a stream: about 37 items a new case writes there would otherwise be stream records
 * that both stream consumers read and skip (docs/data-model.md, "Similar cases"). `pending`: markers of what the
 * pipeline still owes (a delivery, a notice), written before each message and removed after it, swept when
 * overdue; no stream either, for the same reason (docs/data-model.md, "Pending markers"). `facts`: the per-case
 * report facts that the monthly report card, hot topics and the routing dry run read, kept up to date from the
 * main table's stream; no stream of their own, for the same reason (docs/data-model.md, "Report facts").
 */
export const tableNames = ['main', 'idempotency', 'similar', 'pending', 'facts'] as const;
export type TableName = (typeof tableNames)[number];

/** S3 buckets (see `buckets` below). */
export type BucketName = 'attachments' | 'mail';

/**
 * Secrets a function reads (one Secrets Manager secret each in the cloud, read by ARN once per cold start;
 * locally the runtime's own values). `cursor`: HMAC key of page cursors and of phone-verification hashes;
 * `survey`: survey links; `webhook`: deliveries to units' systems; `originVerify`: the header CloudFront adds to
 * prove a request came through it (only in stages behind CloudFront, see shared/http/viewer-address.ts).
 */
export type SecretName = 'cursor' | 'survey' | 'webhook' | 'originVerify';

/**
 * Secrets of the county's own providers, where AWS has no service for the job (the china profile,
 * docs/deploy-china.md): `smsCredentials`, the mainland SMS provider's API key pair; `smtpPassword` and
 * `imapPassword`, the county mailbox's passwords. The county creates and rotates them; the stack never does. A
 * deployment names each by ARN, and a function that declares one gets that ARN and a read grant on it, and reads
 * it on first use (a missing one fails the message that needed it, not the cold start).
 */
export type CountySecretName = 'smsCredentials' | 'smtpPassword' | 'imapPassword';

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
  /** S3 buckets; `readWrite` also covers presigning uploads (a presigned PUT acts with the signer's rights). */
  readonly buckets?: Partial<Record<BucketName, 'read' | 'readWrite'>>;
  /** `admin`: manages the staff user pool's accounts (Cognito's Admin* calls; the local provider's accounts locally). */
  readonly userPool?: 'admin';
  /** Secrets its code reads; the function receives these and no others (GetSecretValue on each, nothing else). */
  readonly secrets?: readonly SecretName[];
  /** The county's provider secrets it may read where the deployment configures that provider (china profile). */
  readonly countySecrets?: readonly CountySecretName[];
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
      /** Up to 10, or up to 10,000 with a batching window (Lambda's limits). */
      readonly batchSize: number;
      /** 0 to 300 s: how long Lambda gathers a batch after its first message. */
      readonly maxBatchingWindowSeconds: number;
    }
  | {
      readonly kind: 'stream';
      readonly table: TableName;
      readonly fn: FunctionName;
      readonly batchSize: number;
      /** How long Lambda gathers records after the first before invoking (0: at once). */
      readonly maxBatchingWindowSeconds: number;
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
    // Every public function counts requests per IP in the idempotency table (shared/http/rate-limit.ts).
    uses: {
      tables: { main: 'read', idempotency: 'readWrite' },
      inspects: ['routing'],
      secrets: ['originVerify'],
    },
  },
  apiCatalog: {
    entry: 'api-catalog',
    description: 'Public catalog: categories, jurisdictions, studios',
    timeoutSeconds: 10,
    memoryMb: 256,
    uses: { tables: { main: 'read', idempotency: 'readWrite' }, secrets: ['originVerify'] },
  },
  apiCreatePetition: {
    entry: 'api-create-petition',
    description: 'Register a petition from the public form',
    timeoutSeconds: 29,
    // Images are decoded and re-encoded here (clean-image.ts): memory is CPU on Lambda.
    memoryMb: 1024,
    uses: {
      tables: { main: 'readWrite', idempotency: 'readWrite' },
      buckets: { attachments: 'readWrite' },
      secrets: ['cursor', 'originVerify'],
    },
  },
  apiTrackPetition: {
    entry: 'api-track-petition',
    description: 'Public tracking page: status, timeline and reply of one case',
    timeoutSeconds: 10,
    memoryMb: 256,
    // Failure counters per code in the idempotency table; the "tracking locked" notice with its unlock link.
    uses: {
      tables: { main: 'read', idempotency: 'readWrite' },
      sends: ['sms', 'email'],
      secrets: ['survey', 'originVerify'],
      countySecrets: ['smsCredentials', 'smtpPassword'],
    },
  },
  apiCreateUpload: {
    entry: 'api-create-upload',
    description: 'Presigned upload of one photo for a petition (straight to S3, key under incoming/)',
    timeoutSeconds: 10,
    memoryMb: 256,
    uses: {
      tables: { idempotency: 'readWrite' },
      buckets: { attachments: 'readWrite' },
      secrets: ['originVerify'],
    },
  },
  apiCreatePhoneVerification: {
    entry: 'api-create-phone-verification',
    description: 'Sends a one-time SMS code that proves the petitioner holds the phone',
    timeoutSeconds: 10,
    memoryMb: 256,
    uses: {
      tables: { idempotency: 'readWrite' },
      sends: ['sms'],
      secrets: ['cursor', 'originVerify'],
      countySecrets: ['smsCredentials'],
    },
  },
  apiReceptionDays: {
    entry: 'api-reception-days',
    description: 'Public reception calendar: published reception days with the representatives on duty',
    timeoutSeconds: 10,
    memoryMb: 256,
    uses: { tables: { main: 'read', idempotency: 'readWrite' }, secrets: ['originVerify'] },
  },
  streamDispatcher: {
    entry: 'stream-dispatcher',
    description: 'Turns committed case events from the table stream into queue messages',
    timeoutSeconds: 60,
    memoryMb: 256,
    // Writes a pending marker before each delivery and notice message (the pending table).
    uses: {
      tables: { main: 'readWrite', pending: 'readWrite' },
      sendsTo: ['routing', 'delivery', 'notifications', 'similar'],
    },
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
    uses: { tables: { main: 'read' }, secrets: ['cursor'] },
  },
  staffRegisterCase: {
    entry: 'staff-register-case',
    description: 'A liaison officer registers a letter or a reception-day visit',
    timeoutSeconds: 29,
    // Images are decoded and re-encoded here (clean-image.ts): memory is CPU on Lambda.
    memoryMb: 1024,
    // Reads a letter's scanned pages from incoming/ and keeps them under attachments/ (letters.ts).
    uses: { tables: { main: 'readWrite', idempotency: 'readWrite' }, buckets: { attachments: 'readWrite' } },
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
  staffCaseAttachments: {
    entry: 'staff-case-attachments',
    description:
      'A case’s files for the console: short-lived presigned GETs (thumbnails, viewer, download); audited',
    timeoutSeconds: 10,
    memoryMb: 256,
    // Presigning a GET acts with the signer's rights: read on the bucket is enough.
    uses: { tables: { main: 'readWrite' }, buckets: { attachments: 'read' } },
  },
  staffCaseAction: {
    entry: 'staff-case-action',
    description: 'One command on one case (acknowledge, reply, return, extension, close, …)',
    timeoutSeconds: 10,
    memoryMb: 512,
    uses: { tables: { main: 'readWrite' }, secrets: ['survey'] },
  },
  queueNotifier: {
    entry: 'queue-notifier',
    description: 'Sends SMS, e-mail and console notices to petitioners and staff, each once',
    timeoutSeconds: 30,
    memoryMb: 256,
    uses: {
      // The notification ledger is in the idempotency table; the notice's pending marker in the pending table.
      tables: { main: 'readWrite', idempotency: 'readWrite', pending: 'readWrite' },
      sends: ['sms', 'email'],
      secrets: ['survey'],
      countySecrets: ['smsCredentials', 'smtpPassword'],
    },
  },
  queueDelivery: {
    entry: 'queue-delivery',
    description: 'Delivers new assignments to units: console, e-mail, or their own system (signed, retried)',
    timeoutSeconds: 30,
    memoryMb: 256,
    uses: {
      // The notification ledger (the unit's notice) is in the idempotency table; markers in the pending table.
      tables: { main: 'readWrite', idempotency: 'readWrite', pending: 'readWrite' },
      receivesFrom: ['delivery'],
      sends: ['email'],
      secrets: ['webhook'],
      countySecrets: ['smtpPassword'],
    },
  },
  jobStuckSweep: {
    entry: 'job-stuck-sweep',
    description: 'Re-drives cases left in registered and assignments left undelivered',
    timeoutSeconds: 120,
    memoryMb: 256,
    uses: {
      tables: { main: 'readWrite', pending: 'readWrite' },
      sendsTo: ['routing', 'delivery'],
      secrets: ['cursor'],
    },
  },
  jobDeadlineSweep: {
    entry: 'job-deadline-sweep',
    description: 'Reminders, yellow and red cards on due deadlines, and the system close of replied cases',
    timeoutSeconds: 300,
    memoryMb: 512,
    uses: { tables: { main: 'readWrite' }, secrets: ['cursor', 'survey'] },
  },
  jobSurveyExpiry: {
    entry: 'job-survey-expiry',
    description: 'Archives cases whose survey expired unanswered as no response',
    timeoutSeconds: 300,
    memoryMb: 256,
    uses: { tables: { main: 'readWrite' }, secrets: ['cursor', 'survey'] },
  },
  jobMonthlyReport: {
    entry: 'job-monthly-report',
    description: "Freezes last month's report card on the 1st",
    timeoutSeconds: 120,
    memoryMb: 512,
    // The frozen card is in the main table, the facts it is built from in the facts table.
    uses: { tables: { main: 'readWrite', facts: 'read' } },
  },
  streamMetrics: {
    entry: 'stream-metrics',
    description: 'Keeps per-case monthly report facts up to date from the table stream',
    timeoutSeconds: 60,
    memoryMb: 256,
    // Reads the work calendar (working days to reply) from the main table; writes the facts table.
    uses: { tables: { main: 'read', facts: 'readWrite' } },
  },
  apiGetSurvey: {
    entry: 'api-get-survey',
    description: 'Public survey page data: tracking code, state, expiry',
    timeoutSeconds: 10,
    memoryMb: 256,
    uses: { tables: { main: 'read', idempotency: 'readWrite' }, secrets: ['survey', 'originVerify'] },
  },
  apiAnswerSurvey: {
    entry: 'api-answer-survey',
    description: "Records the petitioner's satisfaction rating once",
    timeoutSeconds: 10,
    memoryMb: 512,
    uses: { tables: { main: 'readWrite', idempotency: 'readWrite' }, secrets: ['survey', 'originVerify'] },
  },
  staffMonthlyReport: {
    entry: 'staff-monthly-report',
    description: 'Monthly report card per unit (JSON, CSV, XLSX), scoped to the caller',
    timeoutSeconds: 30,
    memoryMb: 512,
    uses: { tables: { main: 'read', facts: 'read' } },
  },
  // The staff console (issue #5): case records, notices, exports, reply templates, administration.
  staffCaseAudit: {
    entry: 'staff-case-audit',
    description: 'Audit view of one case for supervisors: every change and every staff read',
    timeoutSeconds: 10,
    memoryMb: 256,
    uses: mainReadWrite,
  },
  staffCaseDeliveries: {
    entry: 'staff-case-deliveries',
    description: 'How each assignment of a case reached its unit, failures included',
    timeoutSeconds: 10,
    memoryMb: 256,
    uses: mainRead,
  },
  staffNotices: {
    entry: 'staff-notices',
    description: "The console's bell: notices of the caller's unit or of the supervisors",
    timeoutSeconds: 10,
    memoryMb: 256,
    uses: mainRead,
  },
  staffExportCases: {
    entry: 'staff-export-cases',
    description: 'Case lists as CSV or XLSX, scoped like the inbox',
    timeoutSeconds: 29,
    memoryMb: 1024,
    uses: { tables: { main: 'read' }, secrets: ['cursor'] },
  },
  staffReference: {
    entry: 'staff-reference',
    description: 'Unit, category, town and studio names for the console',
    timeoutSeconds: 10,
    memoryMb: 256,
    uses: mainRead,
  },
  staffReplyTemplates: {
    entry: 'staff-reply-templates',
    description: 'Reusable reply texts per unit and county-wide',
    timeoutSeconds: 10,
    memoryMb: 256,
    uses: mainReadWrite,
  },
  adminReference: {
    entry: 'admin-reference',
    description: 'Admins edit units, categories, towns, studios and routing rules',
    timeoutSeconds: 10,
    memoryMb: 256,
    uses: mainReadWrite,
  },
  adminRoutingDryRun: {
    entry: 'admin-routing-dry-run',
    description: 'Which unit the routing rules would pick for a petition, and why',
    timeoutSeconds: 10,
    memoryMb: 256,
    // A month's registrations (the facts table) show how many recent petitions a rule change would move.
    uses: { tables: { main: 'read', facts: 'read' } },
  },
  adminPolicies: {
    entry: 'admin-policies',
    description: 'Admins edit the SLA policies',
    timeoutSeconds: 10,
    memoryMb: 256,
    uses: mainReadWrite,
  },
  adminUsers: {
    entry: 'admin-users',
    description:
      'Admins create, change, disable staff accounts and reset passwords (user pool and staff records)',
    timeoutSeconds: 10,
    memoryMb: 256,
    uses: { tables: { main: 'readWrite' }, userPool: 'admin' },
  },
  adminAccountRequests: {
    entry: 'admin-account-requests',
    description:
      'Account changes that need a second person: listed, approved (applied to the user pool) or refused',
    timeoutSeconds: 10,
    memoryMb: 256,
    uses: { tables: { main: 'readWrite' }, userPool: 'admin' },
  },
  staffMe: {
    entry: 'staff-me',
    description: 'The signed-in caller as Huiyin knows them: name, role and scope from their staff record',
    timeoutSeconds: 10,
    memoryMb: 256,
    uses: mainRead,
  },
  adminCalendar: {
    entry: 'admin-calendar',
    description: 'Calendar overrides and official holiday schedules; recomputes provisional deadlines',
    timeoutSeconds: 29,
    memoryMb: 512,
    uses: { tables: { main: 'readWrite' }, secrets: ['cursor'] },
  },
  mailReceiver: {
    entry: 'mail-receiver',
    description:
      'The mailbox: a message SES stored becomes a case, a quarantine entry, or nothing (machine mail)',
    timeoutSeconds: 60,
    // Images are decoded and re-encoded here (clean-image.ts): memory is CPU on Lambda.
    memoryMb: 1024,
    uses: {
      tables: { main: 'readWrite', idempotency: 'readWrite' },
      buckets: { mail: 'read', attachments: 'readWrite' },
    },
  },
  staffMailQuarantine: {
    entry: 'staff-mail-quarantine',
    description: 'Supervisors review mail the mailbox quarantined (never dropped)',
    timeoutSeconds: 10,
    memoryMb: 256,
    uses: { tables: { main: 'read' }, secrets: ['cursor'] },
  },
  staffCreateUpload: {
    entry: 'staff-create-upload',
    description:
      'Presigned upload of one scanned page of a letter (straight to S3, key under incoming/scans/)',
    timeoutSeconds: 10,
    memoryMb: 256,
    // The main table for the caller's staff record (every staff function reads it).
    uses: { tables: { main: 'read' }, buckets: { attachments: 'readWrite' } },
  },
  staffReceptionDays: {
    entry: 'staff-reception-days',
    description: 'Duty roster for staff: reception days of a studio, generation, roster edits, publication',
    timeoutSeconds: 10,
    memoryMb: 256,
    uses: mainReadWrite,
  },
  staffVisits: {
    entry: 'staff-visits',
    description: 'Walk-in visits on a reception day: answered on the spot or turned into a linked case',
    timeoutSeconds: 10,
    memoryMb: 512,
    uses: { tables: { main: 'readWrite', idempotency: 'readWrite' } },
  },
  staffLedger: {
    entry: 'staff-ledger',
    description: "A studio's service record book (服务群众记录簿) of one month as CSV",
    timeoutSeconds: 30,
    memoryMb: 256,
    uses: { tables: { main: 'read' }, secrets: ['cursor'] },
  },
  open311Read: {
    entry: 'open311-read',
    description:
      'Open311 GeoReport v2: services and their questions, requests, updates, JSON or XML, no personal data',
    timeoutSeconds: 10,
    memoryMb: 256,
    uses: { tables: { main: 'read', idempotency: 'readWrite' }, secrets: ['originVerify'] },
  },
  open311Create: {
    entry: 'open311-create',
    description:
      "Open311 GeoReport v2 with a client's key: a service request becomes a case, a follow-up a case event",
    timeoutSeconds: 29,
    memoryMb: 1024,
    // Fetches the photo behind media_url and keeps it, rebuilt from its pixels (open311-media.ts).
    uses: {
      tables: { main: 'readWrite', idempotency: 'readWrite' },
      buckets: { attachments: 'readWrite' },
      secrets: ['originVerify'],
    },
  },
  apiOpenapi: {
    entry: 'api-openapi',
    description:
      'The OpenAPI 3.1 document of this API, generated from the zod schemas the handlers parse with',
    timeoutSeconds: 10,
    memoryMb: 512,
    uses: { tables: { idempotency: 'readWrite' }, secrets: ['originVerify'] },
  },
  apiDocs: {
    entry: 'api-docs',
    description: 'The API reference page: Redoc (served with the site) rendering /api/openapi.json',
    timeoutSeconds: 10,
    memoryMb: 128,
    uses: { tables: { idempotency: 'readWrite' }, secrets: ['originVerify'] },
  },
  adminOpen311Clients: {
    entry: 'admin-open311-clients',
    description: 'Admins register Open311 client systems and issue, replace and revoke their keys',
    timeoutSeconds: 10,
    memoryMb: 256,
    uses: mainReadWrite,
  },
  jobReceptionRoster: {
    entry: 'job-reception-roster',
    description: "Generates and publishes this and next month's reception days; reminds tomorrow's duty",
    timeoutSeconds: 120,
    memoryMb: 256,
    uses: { tables: { main: 'readWrite' }, sendsTo: ['notifications'] },
  },
  // Studios: figures, service teams and the confidential help mailbox.
  staffStudioReport: {
    entry: 'staff-studio-report',
    description: "A studio's figures: people received, suggestions collected, items closed, by month",
    timeoutSeconds: 30,
    memoryMb: 256,
    uses: { tables: { main: 'read' }, secrets: ['cursor'] },
  },
  apiHelpMailbox: {
    entry: 'api-help-mailbox',
    description:
      'The confidential help mailbox: write a letter anonymously, read the reply with code + passphrase',
    timeoutSeconds: 10,
    memoryMb: 512,
    uses: { tables: { main: 'readWrite', idempotency: 'readWrite' }, secrets: ['originVerify'] },
  },
  staffHelpMailbox: {
    entry: 'staff-help-mailbox',
    description: "Help-mailbox letters for the organisation department's designated officers; counts",
    timeoutSeconds: 10,
    memoryMb: 256,
    uses: mainReadWrite,
  },
  staffTeamWork: {
    entry: 'staff-team-work',
    description: "A service team's referred cases and its figures (referred, answered)",
    timeoutSeconds: 10,
    memoryMb: 256,
    uses: mainRead,
  },
  // Where SES receiving does not exist (AWS China): the county's mailbox over IMAP into the same mailbox.
  jobImapPoll: {
    entry: 'job-imap-poll',
    description: "Reads new mail from the county's IMAP mailbox into the mailbox (cases, quarantine)",
    // Under the schedule's two minutes, so runs do not overlap; each stops taking messages 20 s before it.
    timeoutSeconds: 90,
    // Images are decoded and re-encoded here as in mailReceiver (clean-image.ts): memory is CPU on Lambda.
    memoryMb: 1024,
    uses: {
      tables: { main: 'readWrite', idempotency: 'readWrite' },
      buckets: { mail: 'readWrite', attachments: 'readWrite' },
      countySecrets: ['imapPassword'],
    },
  },
  // Similar cases and hot topics (docs/metrics.md): terms with jieba, MinHash band items in the similar table.
  queueSimilar: {
    entry: 'queue-similar',
    description: 'Indexes each new case for similar cases (MinHash bands) and records its matches on both',
    timeoutSeconds: 30,
    // jieba's dictionary lives in memory once loaded (about 100 MB).
    memoryMb: 512,
    uses: { tables: { main: 'read', similar: 'readWrite' } },
  },
  apiSimilarPetitions: {
    entry: 'api-similar-petitions',
    description: 'Before submitting: similar petitions already in the town (titles and status only)',
    timeoutSeconds: 10,
    memoryMb: 512,
    uses: { tables: { main: 'read', idempotency: 'readWrite', similar: 'read' }, secrets: ['originVerify'] },
  },
  staffSimilarCases: {
    entry: 'staff-similar-cases',
    description: 'Similar cases of a case (可能重复 / 相关诉求); mark related or dismiss, audited',
    timeoutSeconds: 10,
    memoryMb: 256,
    uses: { tables: { main: 'readWrite', similar: 'readWrite' } },
  },
  adminWordList: {
    entry: 'admin-word-list',
    description: 'Admins extend the county word list (places, local names, complaint terms)',
    timeoutSeconds: 10,
    memoryMb: 256,
    uses: { tables: { main: 'readWrite', similar: 'readWrite' } },
  },
  staffHotTopics: {
    entry: 'staff-hot-topics',
    description:
      'Hot topics of a month (on demand too); supervisors make one 每月一题 with owner and deadline',
    timeoutSeconds: 29,
    memoryMb: 1024,
    uses: { tables: { main: 'readWrite', similar: 'readWrite', facts: 'read' } },
  },
  jobHotTopics: {
    entry: 'job-hot-topics',
    description: "Clusters last month's cases into hot topics on the 1st",
    timeoutSeconds: 300,
    memoryMb: 1024,
    uses: { tables: { main: 'readWrite', similar: 'readWrite', facts: 'read' } },
  },
} as const satisfies Record<string, FunctionDef>;

export type FunctionName = keyof typeof functions;

export const routes = [
  { method: 'GET', path: '/api/health', fn: 'apiHealth', auth: 'public' },
  { method: 'GET', path: '/api/catalog', fn: 'apiCatalog', auth: 'public' },
  { method: 'POST', path: '/api/petitions', fn: 'apiCreatePetition', auth: 'public' },
  { method: 'GET', path: '/api/petitions/{trackingCode}', fn: 'apiTrackPetition', auth: 'public' },
  { method: 'POST', path: '/api/uploads', fn: 'apiCreateUpload', auth: 'public' },
  { method: 'POST', path: '/api/phone-verifications', fn: 'apiCreatePhoneVerification', auth: 'public' },
  { method: 'GET', path: '/api/reception-days', fn: 'apiReceptionDays', auth: 'public' },
  { method: 'GET', path: '/api/staff/cases', fn: 'staffListCases', auth: 'staff' },
  { method: 'POST', path: '/api/staff/cases', fn: 'staffRegisterCase', auth: 'staff' },
  { method: 'GET', path: '/api/staff/cases/{caseId}', fn: 'staffGetCase', auth: 'staff' },
  { method: 'GET', path: '/api/staff/cases/{caseId}/petitioner', fn: 'staffRevealPetitioner', auth: 'staff' },
  { method: 'POST', path: '/api/staff/cases/{caseId}/{action}', fn: 'staffCaseAction', auth: 'staff' },
  { method: 'GET', path: '/api/surveys/{token}', fn: 'apiGetSurvey', auth: 'public' },
  { method: 'POST', path: '/api/surveys/{token}', fn: 'apiAnswerSurvey', auth: 'public' },
  { method: 'GET', path: '/api/staff/reports/monthly', fn: 'staffMonthlyReport', auth: 'staff' },
  { method: 'GET', path: '/api/staff/cases/export', fn: 'staffExportCases', auth: 'staff' },
  { method: 'GET', path: '/api/staff/cases/{caseId}/audit', fn: 'staffCaseAudit', auth: 'staff' },
  {
    method: 'GET',
    path: '/api/staff/cases/{caseId}/attachments',
    fn: 'staffCaseAttachments',
    auth: 'staff',
  },
  {
    method: 'GET',
    path: '/api/staff/cases/{caseId}/attachments/{index}',
    fn: 'staffCaseAttachments',
    auth: 'staff',
  },
  { method: 'GET', path: '/api/staff/cases/{caseId}/deliveries', fn: 'staffCaseDeliveries', auth: 'staff' },
  { method: 'GET', path: '/api/staff/unit-load', fn: 'staffListCases', auth: 'staff' },
  { method: 'GET', path: '/api/staff/notices', fn: 'staffNotices', auth: 'staff' },
  { method: 'GET', path: '/api/staff/reference', fn: 'staffReference', auth: 'staff' },
  { method: 'GET', path: '/api/staff/me', fn: 'staffMe', auth: 'staff' },
  { method: 'GET', path: '/api/staff/reply-templates', fn: 'staffReplyTemplates', auth: 'staff' },
  {
    method: 'PUT',
    path: '/api/staff/reply-templates/{templateId}',
    fn: 'staffReplyTemplates',
    auth: 'staff',
  },
  {
    method: 'DELETE',
    path: '/api/staff/reply-templates/{templateId}',
    fn: 'staffReplyTemplates',
    auth: 'staff',
  },
  { method: 'GET', path: '/api/admin/reference', fn: 'adminReference', auth: 'staff' },
  { method: 'PUT', path: '/api/admin/reference/{kind}/{id}', fn: 'adminReference', auth: 'staff' },
  { method: 'DELETE', path: '/api/admin/reference/{kind}/{id}', fn: 'adminReference', auth: 'staff' },
  { method: 'POST', path: '/api/admin/routing-rules/dry-run', fn: 'adminRoutingDryRun', auth: 'staff' },
  { method: 'GET', path: '/api/admin/policies', fn: 'adminPolicies', auth: 'staff' },
  { method: 'PUT', path: '/api/admin/policies/{policyId}', fn: 'adminPolicies', auth: 'staff' },
  { method: 'DELETE', path: '/api/admin/policies/{policyId}', fn: 'adminPolicies', auth: 'staff' },
  { method: 'GET', path: '/api/admin/users', fn: 'adminUsers', auth: 'staff' },
  { method: 'POST', path: '/api/admin/users', fn: 'adminUsers', auth: 'staff' },
  { method: 'PATCH', path: '/api/admin/users/{username}', fn: 'adminUsers', auth: 'staff' },
  { method: 'POST', path: '/api/admin/users/{username}/reset-password', fn: 'adminUsers', auth: 'staff' },
  { method: 'GET', path: '/api/admin/account-requests', fn: 'adminAccountRequests', auth: 'staff' },
  {
    method: 'POST',
    path: '/api/admin/account-requests/{requestId}/approve',
    fn: 'adminAccountRequests',
    auth: 'staff',
  },
  {
    method: 'POST',
    path: '/api/admin/account-requests/{requestId}/refuse',
    fn: 'adminAccountRequests',
    auth: 'staff',
  },
  { method: 'GET', path: '/api/admin/calendar', fn: 'adminCalendar', auth: 'staff' },
  { method: 'PUT', path: '/api/admin/calendar/overrides/{date}', fn: 'adminCalendar', auth: 'staff' },
  { method: 'DELETE', path: '/api/admin/calendar/overrides/{date}', fn: 'adminCalendar', auth: 'staff' },
  { method: 'POST', path: '/api/admin/calendar/official-years', fn: 'adminCalendar', auth: 'staff' },
  { method: 'GET', path: '/api/staff/mail/quarantine', fn: 'staffMailQuarantine', auth: 'staff' },
  { method: 'POST', path: '/api/staff/uploads', fn: 'staffCreateUpload', auth: 'staff' },
  { method: 'GET', path: '/api/staff/reception-days', fn: 'staffReceptionDays', auth: 'staff' },
  { method: 'POST', path: '/api/staff/reception-days/generate', fn: 'staffReceptionDays', auth: 'staff' },
  {
    method: 'PUT',
    path: '/api/staff/reception-days/{studioId}/{date}',
    fn: 'staffReceptionDays',
    auth: 'staff',
  },
  {
    method: 'GET',
    path: '/api/staff/reception-days/{studioId}/{date}/visits',
    fn: 'staffVisits',
    auth: 'staff',
  },
  {
    method: 'POST',
    path: '/api/staff/reception-days/{studioId}/{date}/visits',
    fn: 'staffVisits',
    auth: 'staff',
  },
  { method: 'GET', path: '/api/staff/ledger', fn: 'staffLedger', auth: 'staff' },
  // Open311 GeoReport v2: one route per resource and format (API Gateway matches whole segments, so
  // `services.json` is a literal segment), `{…File}` for `<id>.json|xml`, and `{resource}` catching every other
  // name so that it gets a 404 in the spec's format rather than API Gateway's.
  { method: 'GET', path: '/open311/v2/discovery.json', fn: 'open311Read', auth: 'public' },
  { method: 'GET', path: '/open311/v2/discovery.xml', fn: 'open311Read', auth: 'public' },
  { method: 'GET', path: '/open311/v2/services.json', fn: 'open311Read', auth: 'public' },
  { method: 'GET', path: '/open311/v2/services.xml', fn: 'open311Read', auth: 'public' },
  { method: 'GET', path: '/open311/v2/services/{serviceFile}', fn: 'open311Read', auth: 'public' },
  { method: 'GET', path: '/open311/v2/requests.json', fn: 'open311Read', auth: 'public' },
  { method: 'GET', path: '/open311/v2/requests.xml', fn: 'open311Read', auth: 'public' },
  { method: 'GET', path: '/open311/v2/requests/{requestFile}', fn: 'open311Read', auth: 'public' },
  { method: 'GET', path: '/open311/v2/servicerequestupdates.json', fn: 'open311Read', auth: 'public' },
  { method: 'GET', path: '/open311/v2/servicerequestupdates.xml', fn: 'open311Read', auth: 'public' },
  { method: 'GET', path: '/open311/v2/{resource}', fn: 'open311Read', auth: 'public' },
  { method: 'POST', path: '/open311/v2/requests.json', fn: 'open311Create', auth: 'public' },
  { method: 'POST', path: '/open311/v2/requests.xml', fn: 'open311Create', auth: 'public' },
  { method: 'POST', path: '/open311/v2/servicerequestupdates.json', fn: 'open311Create', auth: 'public' },
  { method: 'POST', path: '/open311/v2/servicerequestupdates.xml', fn: 'open311Create', auth: 'public' },
  { method: 'POST', path: '/open311/v2/{resource}', fn: 'open311Create', auth: 'public' },
  // Studios: figures, service teams and the confidential help mailbox.
  { method: 'GET', path: '/api/staff/studio-report', fn: 'staffStudioReport', auth: 'staff' },
  { method: 'POST', path: '/api/help-mailbox/letters', fn: 'apiHelpMailbox', auth: 'public' },
  { method: 'POST', path: '/api/help-mailbox/read', fn: 'apiHelpMailbox', auth: 'public' },
  { method: 'GET', path: '/api/staff/help-mailbox/letters', fn: 'staffHelpMailbox', auth: 'staff' },
  { method: 'GET', path: '/api/staff/help-mailbox/counts', fn: 'staffHelpMailbox', auth: 'staff' },
  {
    method: 'GET',
    path: '/api/staff/help-mailbox/letters/{letterId}',
    fn: 'staffHelpMailbox',
    auth: 'staff',
  },
  {
    method: 'POST',
    path: '/api/staff/help-mailbox/letters/{letterId}/reply',
    fn: 'staffHelpMailbox',
    auth: 'staff',
  },
  { method: 'GET', path: '/api/staff/teams/{teamId}/referrals', fn: 'staffTeamWork', auth: 'staff' },
  // The HTTP contract: the OpenAPI document and its rendering.
  { method: 'GET', path: '/api/openapi.json', fn: 'apiOpenapi', auth: 'public' },
  { method: 'GET', path: '/api/docs', fn: 'apiDocs', auth: 'public' },
  // Open311 client systems and their keys (admins).
  { method: 'GET', path: '/api/admin/open311-clients', fn: 'adminOpen311Clients', auth: 'staff' },
  { method: 'POST', path: '/api/admin/open311-clients', fn: 'adminOpen311Clients', auth: 'staff' },
  {
    method: 'PATCH',
    path: '/api/admin/open311-clients/{clientId}',
    fn: 'adminOpen311Clients',
    auth: 'staff',
  },
  {
    method: 'POST',
    path: '/api/admin/open311-clients/{clientId}/key',
    fn: 'adminOpen311Clients',
    auth: 'staff',
  },
  {
    method: 'POST',
    path: '/api/admin/open311-clients/{clientId}/revoke',
    fn: 'adminOpen311Clients',
    auth: 'staff',
  },
  // Similar cases and hot topics.
  { method: 'POST', path: '/api/petitions/similar', fn: 'apiSimilarPetitions', auth: 'public' },
  { method: 'GET', path: '/api/staff/cases/{caseId}/similar', fn: 'staffSimilarCases', auth: 'staff' },
  {
    method: 'POST',
    path: '/api/staff/cases/{caseId}/similar/{otherCaseId}',
    fn: 'staffSimilarCases',
    auth: 'staff',
  },
  { method: 'GET', path: '/api/staff/topics', fn: 'staffHotTopics', auth: 'staff' },
  { method: 'POST', path: '/api/staff/topics/run', fn: 'staffHotTopics', auth: 'staff' },
  { method: 'PUT', path: '/api/staff/topics/{topicId}/focus', fn: 'staffHotTopics', auth: 'staff' },
  { method: 'GET', path: '/api/admin/word-list', fn: 'adminWordList', auth: 'staff' },
  { method: 'PUT', path: '/api/admin/word-list', fn: 'adminWordList', auth: 'staff' },
] as const satisfies readonly RouteDef[];

export const queues = {
  // Visibility timeouts are at least six times the consumer's timeout, as AWS recommends for SQS event sources.
  routing: { visibilityTimeoutSeconds: 180, maxReceiveCount: 5, retentionDays: 14 },
  delivery: { visibilityTimeoutSeconds: 180, maxReceiveCount: 8, retentionDays: 14 },
  notifications: { visibilityTimeoutSeconds: 180, maxReceiveCount: 5, retentionDays: 14 },
  similar: { visibilityTimeoutSeconds: 180, maxReceiveCount: 5, retentionDays: 14 },
} as const satisfies Record<QueueName, QueueDef>;

export interface BucketDef {
  readonly description: string;
  /** Browsers upload straight into the bucket with presigned PUTs: it must allow the site's origin (CORS PUT). */
  readonly browserUploads: boolean;
  /** Objects under each prefix expire this many days after they were written (S3 lifecycle rules). */
  readonly expireAfterDays: Readonly<Record<string, number>>;
}

export const buckets = {
  // incoming/: what browsers uploaded, unchecked; attachments/: checked, location removed, referenced by a case.
  attachments: {
    description: 'Photos attached to petitions',
    browserUploads: true,
    expireAfterDays: { 'incoming/': 1 },
  },
  // raw/: every inbound message as SES (or the local SMTP listener) stored it; the mailbox reads it from here.
  mail: {
    description: 'Raw inbound e-mail (the mailbox)',
    browserUploads: false,
    expireAfterDays: { 'raw/': 180 },
  },
} as const satisfies Record<BucketName, BucketDef>;

/**
 * Inbound e-mail: SES (locally the SMTP listener) stores each message under `prefix` of `bucket`, then invokes
 * `fn` asynchronously with the receipt. One place names the mailbox for the cloud and the local runtime.
 */
export const inboundMail = { bucket: 'mail', prefix: 'raw/', fn: 'mailReceiver' } as const satisfies {
  readonly bucket: BucketName;
  readonly prefix: string;
  readonly fn: FunctionName;
};

/**
 * Inbound e-mail where SES receiving does not exist (AWS China): the schedule whose function reads the county's
 * mailbox over IMAP into the same mailbox. The cloud runs that schedule only where a mailbox is configured.
 */
export const imapMailbox = { schedule: 'imap-poll', fn: 'jobImapPoll' } as const satisfies {
  readonly schedule: string;
  readonly fn: FunctionName;
};

export const eventSources = [
  // At once: routing waits on it.
  {
    kind: 'stream',
    table: 'main',
    fn: 'streamDispatcher',
    batchSize: 100,
    maxBatchingWindowSeconds: 0,
    maxRetryAttempts: 10,
  },
  { kind: 'queue', queue: 'routing', fn: 'queueRouter', batchSize: 10, maxBatchingWindowSeconds: 0 },
  { kind: 'queue', queue: 'delivery', fn: 'queueDelivery', batchSize: 5, maxBatchingWindowSeconds: 0 },
  { kind: 'queue', queue: 'notifications', fn: 'queueNotifier', batchSize: 10, maxBatchingWindowSeconds: 0 },
  // Gathered over two seconds: a case's registration and its assignment mostly fall in one batch, whose newest
  // image is the only one written (one facts write instead of two), and a report card that is two seconds
  // behind costs nobody anything.
  {
    kind: 'stream',
    table: 'main',
    fn: 'streamMetrics',
    batchSize: 300,
    maxBatchingWindowSeconds: 2,
    maxRetryAttempts: 10,
  },
  // Fed by the dispatcher, not the stream: DynamoDB Streams advises at most two readers per shard. Batched over
  // two seconds: a burst of similar petitions (an outage) shares band reads and writes (indexNewCases), and
  // a flag on a case page two seconds later costs nobody anything.
  { kind: 'queue', queue: 'similar', fn: 'queueSimilar', batchSize: 50, maxBatchingWindowSeconds: 2 },
] as const satisfies readonly EventSourceDef[];

export const schedules = [
  {
    name: 'stuck-sweep',
    cron: '*/5 * * * *',
    timeZone: 'Asia/Shanghai',
    fn: 'jobStuckSweep',
    description: 'Re-drive cases left in registered',
  },
  {
    name: 'deadline-sweep',
    cron: '*/10 * * * *',
    timeZone: 'Asia/Shanghai',
    fn: 'jobDeadlineSweep',
    description: 'Reminders, escalation cards and overdue marking; system close of replied cases',
  },
  {
    name: 'survey-expiry',
    cron: '30 0 * * *',
    timeZone: 'Asia/Shanghai',
    fn: 'jobSurveyExpiry',
    description: 'Archive cases whose survey expired unanswered (no response)',
  },
  {
    name: 'monthly-report',
    cron: '0 8 1 * *',
    timeZone: 'Asia/Shanghai',
    fn: 'jobMonthlyReport',
    description: "Freeze last month's report card",
  },
  {
    name: 'reception-roster',
    cron: '0 9 * * *',
    timeZone: 'Asia/Shanghai',
    fn: 'jobReceptionRoster',
    description: "Reception days: keep this and next month's generated and published; remind tomorrow's duty",
  },
  {
    name: 'imap-poll',
    cron: '*/2 * * * *',
    timeZone: 'Asia/Shanghai',
    fn: 'jobImapPoll',
    description: "New mail from the county's IMAP mailbox (does nothing where SES receives the mail)",
  },
  {
    name: 'hot-topics',
    cron: '30 7 1 * *',
    timeZone: 'Asia/Shanghai',
    fn: 'jobHotTopics',
    description: "Cluster last month's cases into hot topics",
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
  'petitionType',
  'reopenCount',
  'duplicateOf',
  'due',
  'createdAt',
  'updatedAt',
] as const satisfies readonly (keyof Case)[];

/** What a list shows of a case: the summary attributes and nothing else (never the petition or petitioner). */
export function caseSummaryOf(item: Pick<Case, (typeof caseSummaryAttributes)[number]>) {
  const entries = caseSummaryAttributes
    .filter((attribute) => item[attribute] !== undefined)
    .map((attribute) => [attribute, item[attribute]]);
  return Object.fromEntries(entries) as Pick<Case, (typeof caseSummaryAttributes)[number]>;
}

/**
 * What the owner index (GSI6) projects: the columns of a list row and nothing more. DynamoDB allows 100
 * projected attributes over all of a table's indexes, and the older indexes used 84 of them when it was added
 * (64 since GSI3 went); the owner itself is in the index's key, so it need not be projected.
 */
export const ownerViewAttributes = [
  'caseId',
  'trackingCode',
  'version',
  'status',
  'channel',
  'jurisdictionCode',
  'categoryCode',
  'unitId',
  'title',
  'confidential',
  'deadlines',
  'overdue',
  'extensionPending',
  'reopenCount',
] as const satisfies readonly (typeof caseSummaryAttributes)[number][];

export interface IndexDef {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  /** Non-key attributes copied into the index (INCLUDE projection). */
  readonly projected: readonly string[];
}

/** Global secondary indexes of the main table; key attributes are strings. See docs/data-model.md. */
export const mainTableIndexes = [
  /** Unit inbox: `INBOX#<unit>#<status>`, sorted by the next deadline; every case a unit holds. */
  { name: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK', projected: caseSummaryAttributes },
  /** Due items (sparse): `DUE#<stuck|deadline|survey>`, sorted by when they are due. Sweeps load each case. */
  {
    name: 'GSI2',
    partitionKey: 'GSI2PK',
    sortKey: 'GSI2SK',
    projected: ['caseId', 'version', 'status', 'due'],
  },
  // GSI3 (county-wide by status) is gone: those lists read every unit's GSI1 partition of the status
  // (docs/data-model.md, "County-wide lists"), which saved two write units on nearly every change.
  /** Needs a supervisor (sparse): `FLAG#<extension|review>`, sorted by since when. */
  { name: 'GSI4', partitionKey: 'GSI4PK', sortKey: 'GSI4SK', projected: caseSummaryAttributes },
  /** Cases a studio registered (sparse): `STUDIO#<studioId>`, sorted by registration time (ledger, liaison lists). */
  { name: 'GSI5', partitionKey: 'GSI5PK', sortKey: 'GSI5SK', projected: caseSummaryAttributes },
  /**
   * Who works the case inside its unit (sparse, only while the unit holds it open): `OWNER#<unit>#<login or ->`,
   * sorted by the next deadline ("my cases", "unassigned", and each person's load as a count).
   */
  { name: 'GSI6', partitionKey: 'GSI6PK', sortKey: 'GSI6SK', projected: ownerViewAttributes },
] as const satisfies readonly IndexDef[];

/** Physical names: every resource name takes the stage prefix, so parallel stacks never collide. */
export function tablePhysicalName(prefix: string, table: TableName): string {
  return `${prefix}huiyin-${table}`;
}

/** Every table's physical name under a prefix. */
export function physicalTableNames(prefix: string): Record<TableName, string> {
  return Object.fromEntries(tableNames.map((table) => [table, tablePhysicalName(prefix, table)])) as Record<
    TableName,
    string
  >;
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

/** Local bucket names; in the cloud S3 names are global, so the CDK app may let CloudFormation name them. */
export function bucketPhysicalName(prefix: string, bucket: BucketName): string {
  return `${prefix}huiyin-${bucket}`;
}

/** Environment variable that carries a bucket's name into the functions that use it. */
export function bucketEnvName(bucket: BucketName): string {
  return `BUCKET_NAME_${bucket.toUpperCase()}`;
}

export const bucketNames = /* @__PURE__ */ Object.keys(buckets) as BucketName[];

export const queueNames = /* @__PURE__ */ Object.keys(queues) as QueueName[];
export const functionNames = /* @__PURE__ */ Object.keys(functions) as FunctionName[];

/** The key of every route of the topology (`GET /api/petitions/{trackingCode}`), as a type. */
export type RouteKey = (typeof routes)[number] extends infer R
  ? R extends { readonly method: infer M extends string; readonly path: infer P extends string }
    ? `${M} ${P}`
    : never
  : never;

/** `GET /api/petitions/{trackingCode}`: the route key API Gateway puts in `event.routeKey`. */
export function routeKey(route: Pick<RouteDef, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

/**
 * Where a function sits, derived from its routes (one place): `public` (public routes), `staff` and `admin`
 * (staff routes, `admin` for those under /api/admin/), `pipeline` (no routes: queue and stream consumers,
 * jobs, the mailbox). The CDK app puts each area in its own functions stack, so none grows toward
 * CloudFormation's 500 resources per stack.
 */
export const functionAreas = ['public', 'staff', 'admin', 'pipeline'] as const;
export type FunctionArea = (typeof functionAreas)[number];

export function functionArea(
  name: FunctionName,
  from: readonly Pick<RouteDef, 'fn' | 'auth' | 'path'>[] = routes,
): FunctionArea {
  const own = from.filter((route) => route.fn === name);
  if (own.length === 0) return 'pipeline';
  const areas = new Set(
    own.map(
      (route): FunctionArea =>
        route.auth === 'public' ? 'public' : route.path.startsWith('/api/admin/') ? 'admin' : 'staff',
    ),
  );
  if (areas.size > 1) throw new Error(`${name} serves routes of several areas (${[...areas].join(', ')})`);
  return [...areas][0]!;
}

/**
 * Functions invoked asynchronously (EventBridge Scheduler, the SES receipt rule): Lambda retries a failed event
 * twice, then hands it to the on-failure destination, the queue below.
 */
export function asyncInvokedFunctions(
  from: { readonly schedules: readonly Pick<ScheduleDef, 'fn'>[] } = { schedules },
  mailbox: FunctionName | undefined = inboundMail.fn,
): FunctionName[] {
  return [...new Set([...from.schedules.map((schedule) => schedule.fn), ...(mailbox ? [mailbox] : [])])];
}

/** On-failure destination of every asynchronously invoked function (Lambda's invocation records). */
export function asyncFailureQueuePhysicalName(prefix: string): string {
  return `${prefix}huiyin-async-failures`;
}

export const secretNames: readonly SecretName[] = ['cursor', 'survey', 'webhook', 'originVerify'];

/** The variable naming a county secret (its ARN) in the functions that declare it, in both runtimes. */
export const countySecretEnvNames = {
  smsCredentials: 'SMS_CREDENTIALS_SECRET',
  smtpPassword: 'MAIL_SMTP_PASSWORD_SECRET',
  imapPassword: 'MAIL_IMAP_PASSWORD_SECRET',
} as const satisfies Record<CountySecretName, string>;

/** `originVerify` → `ORIGIN_VERIFY`. */
function constantCase(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
}

/** Local runtime only: the variable that carries a secret's value (`CURSOR_SECRET`). */
export function secretValueEnvName(secret: SecretName): string {
  return `${constantCase(secret)}_SECRET`;
}

/** Cloud: the variable that carries a secret's ARN (`CURSOR_SECRET_ARN`); the value is read at cold start. */
export function secretArnEnvName(secret: SecretName): string {
  return `${secretValueEnvName(secret)}_ARN`;
}
