import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { staffPageUrls } from '../../shared/auth/site-config.ts';
import {
  asyncFailureQueuePhysicalName,
  type BucketDef,
  type BucketName,
  bucketPhysicalName,
  buckets,
  type EventSourceDef,
  eventSources,
  type FunctionArea,
  type FunctionDef,
  type FunctionName,
  functionAreas,
  functions,
  type IndexDef,
  mainTableIndexes,
  type QueueDef,
  type QueueName,
  queues,
  type RouteDef,
  routes,
  type ScheduleDef,
  type SecretName,
  schedules,
  secretNames,
  secretValueEnvName,
  type TableName,
} from '../../shared/topology.ts';
import { type ChinaRegion, type DeploymentProfile, parseChinaRegion, parseProfile } from './profile.ts';
import { stageBehindCloudFront, stageThrottle, type ThrottleSettings } from './stage-settings.ts';
import { readTransportsFile, type TransportSettings } from './transports.ts';

/**
 * Per-stage settings of the cloud app and the physical names of the resources the topology does not name
 * (stacks, functions, schedules, failure queues, keys, buckets, the user pool). Everything else comes from
 * `shared/topology.ts`.
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
  readonly mainTableIndexes: readonly IndexDef[];
  readonly buckets: Readonly<Record<BucketName, BucketDef>>;
}

export const topology: Topology = {
  functions,
  routes,
  queues,
  eventSources,
  schedules,
  mainTableIndexes,
  buckets,
};

/** Tables of the topology, in a stable order. */
export { tableNames } from '../../shared/topology.ts';

/** Roles of staff users: one Cognito group each. Mirrors `actorRoles` minus the non-human `public`/`system`. */
export const staffGroups = ['liaison', 'handler', 'supervisor', 'admin'] as const;

/** Custom attributes of staff users that scope their access; only administrators may set them. */
export const staffScopeAttributes = ['unitId', 'studioId'] as const;

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export interface AlarmThresholds {
  /** Oldest message of a main queue older than this → alarm (the consumer is stuck or failing). */
  readonly queueAge: Duration;
  /** Stream consumers behind by more than this (Lambda `IteratorAge`) → alarm. */
  readonly streamIteratorAge: Duration;
  /** Share of API requests answered 5xx, in percent, over 5 minutes, counted once there are ≥ 20 requests. */
  readonly api5xxPercent: number;
}

export interface StageConfig {
  readonly stage: CloudStage;
  /** `global` or `china` (profile.ts): which AWS services carry the topology. */
  readonly profile: DeploymentProfile;
  /** The region the stacks are synthesized for; undefined: environment-agnostic (the global profile). */
  readonly region?: ChinaRegion;
  /** The county's own OIDC provider (china profile); undefined where Cognito is the issuer. */
  readonly staffIssuer?: StaffIssuerSettings;
  /** The county's providers where AWS has none (transports.ts, `-c transports=<file>`); empty when none. */
  readonly transports: TransportSettings;
  /** Name of this deployment when one account holds several of the same stage (`-c instance=…`). */
  readonly instance?: string;
  /** Physical-name prefix handed to the topology's name helpers: `dev-` → `dev-huiyin-main`. */
  readonly prefix: string;
  /** Stateful resources (tables, user pool, keys, buckets, logs) survive a stack deletion in prod. */
  readonly retainData: boolean;
  readonly logRetention: RetentionDays;
  /** Expiry of S3 server access logs (site and mail buckets). */
  readonly accessLogRetention: Duration;
  /** Powertools log level of every function (`POWERTOOLS_LOG_LEVEL`). */
  readonly logLevel: LogLevel;
  /** HTTP API default-stage throttling, per route (the local gateway plays the same, stage-settings.ts). */
  readonly throttle: ThrottleSettings;
  /**
   * The API sits behind CloudFront (stage-settings.ts): viewer addresses with the origin-verify secret, and the
   * execute-api endpoint disabled once the API has its own domain for CloudFront to reach it by.
   */
  readonly behindCloudFront: boolean;
  /**
   * Lambda's asynchronous invocation of the scheduled jobs and the mailbox: retries after a function error (2 is
   * Lambda's default and maximum) and how long an event may wait in Lambda's queue; then the invocation record
   * goes to the async-failures queue (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html).
   */
  readonly asyncInvoke: { readonly maximumRetryAttempts: number; readonly maximumEventAge: Duration };
  /**
   * EventBridge Scheduler retries when the invoke itself fails (no permission, function missing, service error);
   * a function error is Lambda's to retry (`asyncInvoke`), not the scheduler's.
   */
  readonly scheduleRetry: { readonly maximumRetryAttempts: number; readonly maximumEventAge: Duration };
  /** Retention of every DLQ and failure queue (SQS maximum: 14 days). */
  readonly deadLetterRetention: Duration;
  /**
   * Stream records older than this go to the failure queue instead of being retried. Below the stream's 24 h
   * retention, so a poison record is parked rather than silently trimmed.
   */
  readonly streamMaxRecordAge: Duration;
  /** Cognito Plus with full threat protection (compromised credentials, adaptive authentication). */
  readonly threatProtection: boolean;
  readonly staffSignIn: StaffSignInSettings;
  readonly alarms: AlarmThresholds;
}

/**
 * How staff sign in: Cognito's managed login on `<domainPrefix>.auth.<region>.amazoncognito.com`, back to the
 * console and the dashboard of the site. The site's address must be known when the app client is written (the
 * CloudFront domain is not, without a cycle of stacks), so it comes from `-c siteDomain` or `-c publicBaseUrl`.
 * Until it is given, the client has no OAuth flow at all (nobody can sign in, and nothing points anywhere else).
 */
export interface StaffSignInSettings {
  readonly domainPrefix: string;
  /** `https://…` of the site, or null while unknown. */
  readonly siteUrl: string | null;
  /** The console's and dashboard's addresses: the client's callback URLs and its sign-out URLs alike. */
  readonly callbackUrls: readonly string[];
  readonly logoutUrls: readonly string[];
}

/**
 * An OpenID Connect provider of the county's own (a provincial unified identity platform, Keycloak, a domestic
 * IDaaS) that staff sign in with where Cognito does not exist: `-c oidcIssuer=https://… -c oidcClientId=…`.
 */
export interface StaffIssuerSettings {
  /** Exactly the `iss` of its tokens; discovery at `<issuer>/.well-known/openid-configuration`. */
  readonly issuer: string;
  /** The console's public client: the `aud` (or `client_id`) API Gateway requires in access tokens. */
  readonly clientId: string;
  /** Where its signing keys are, when not on the issuer's own origin (the pages' CSP must allow it). */
  readonly jwksUri?: string;
  /** RP-initiated logout endpoint, when the discovery document names none. */
  readonly endSessionEndpoint?: string;
}

/**
 * The issuer a china deployment trusts before `-c oidcIssuer` is given: `.invalid` never resolves (RFC 2606),
 * so API Gateway accepts no token at all and staff sign-in stays off, visibly, instead of trusting a guess.
 */
export const placeholderIssuer: StaffIssuerSettings = {
  issuer: 'https://oidc.huiyin.invalid',
  clientId: 'unconfigured',
};

/** The site whose staff pages sign in, as configured: `-c publicBaseUrl`, else `https://<siteDomain>`. */
export function staffSignInSettings(
  prefix: string,
  options: Pick<DeploymentOptions, 'publicBaseUrl' | 'siteDomain' | 'authDomainPrefix'> = {},
): StaffSignInSettings {
  const site = options.publicBaseUrl ?? (options.siteDomain ? `https://${options.siteDomain}` : undefined);
  if (site !== undefined && !/^https:\/\/[^/\s]+\/?$/.test(site))
    throw new Error(
      `The site address ${JSON.stringify(site)} must be https://host (Cognito accepts only HTTPS callback URLs)`,
    );
  const siteUrl = site ? site.replace(/\/+$/, '') : null;
  const pages = siteUrl ? staffPageUrls(siteUrl) : [];
  return {
    // Domain prefixes are global per region: the account id keeps a stage's apart from other accounts'.
    domainPrefix: options.authDomainPrefix ?? `${prefix}huiyin-${Aws.ACCOUNT_ID}`,
    siteUrl,
    callbackUrls: pages,
    logoutUrls: pages,
  };
}

/**
 * Several deployments of one stage in one account (one per county): `-c instance=qingxi` makes the prefix
 * `prod-qingxi-`, so every physical name, stack, key alias and alarm is distinct.
 */
export function parseInstance(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  // At most 10 characters: bucket names (63 characters at most) carry the prefix, account and region.
  if (typeof value === 'string' && /^[a-z][a-z0-9]{1,9}$/.test(value)) return value;
  throw new Error(
    `Invalid instance ${JSON.stringify(value)}: 2-10 lower-case letters and digits, starting with a letter`,
  );
}

export function stageConfig(
  stage: CloudStage,
  instance?: string,
  deployment: Pick<
    DeploymentOptions,
    | 'publicBaseUrl'
    | 'siteDomain'
    | 'authDomainPrefix'
    | 'behindCloudFront'
    | 'profile'
    | 'region'
    | 'staffIssuer'
    | 'siteServerCertificateId'
    | 'transports'
  > = {},
): StageConfig {
  const prod = stage === 'prod';
  const prefix = instance ? `${stage}-${parseInstance(instance)}-` : `${stage}-`;
  const profile = deployment.profile ?? 'global';
  const china = profile === 'china';
  if (china && prod && !deployment.staffIssuer)
    throw new Error(
      'The china profile signs staff in with the county OIDC provider: pass -c oidcIssuer=https://… -c oidcClientId=… (docs/deploy-china.md)',
    );
  const transports = deployment.transports ?? {};
  // Without SMS no petition passes phone verification, and without SMTP no unit hears of its cases.
  const missing = (['sms', 'smtp'] as const).filter((section) => !transports[section]);
  if (china && prod && missing.length > 0)
    throw new Error(
      `The china profile sends SMS and e-mail through the county's providers: -c transports=<file> lacks ${missing.join(' and ')} (docs/deploy-china.md)`,
    );
  // China: CloudFront only with an ICP-filed domain and its IAM server certificate; else API Gateway serves all.
  const cloudFront = china
    ? Boolean(deployment.siteDomain && deployment.siteServerCertificateId)
    : stageBehindCloudFront[stage];
  return {
    stage,
    profile,
    ...(china ? { region: deployment.region ?? parseChinaRegion(undefined) } : {}),
    ...(china ? { staffIssuer: deployment.staffIssuer ?? placeholderIssuer } : {}),
    transports,
    ...(instance ? { instance } : {}),
    prefix,
    retainData: prod,
    // 网络安全法 art. 21: network logs are kept for no less than six months; a year leaves a margin.
    logRetention: prod ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH,
    accessLogRetention: prod ? Duration.days(365) : Duration.days(30),
    logLevel: 'INFO',
    throttle: stageThrottle[stage],
    behindCloudFront: deployment.behindCloudFront ?? cloudFront,
    asyncInvoke: { maximumRetryAttempts: 2, maximumEventAge: Duration.hours(6) },
    scheduleRetry: { maximumRetryAttempts: 3, maximumEventAge: Duration.minutes(15) },
    deadLetterRetention: Duration.days(14),
    streamMaxRecordAge: Duration.hours(12),
    threatProtection: !china,
    staffSignIn: staffSignInSettings(prefix, deployment),
    alarms: {
      queueAge: Duration.minutes(15),
      streamIteratorAge: Duration.minutes(5),
      api5xxPercent: 5,
    },
  };
}

/**
 * Whether an edge in front of the API forwards viewer addresses with the origin-verify secret: CloudFront, or
 * the china profile's site gateway (site-gateway.ts). Then the data stack holds that secret.
 */
export function forwardsViewerAddress(config: Pick<StageConfig, 'behindCloudFront' | 'profile'>): boolean {
  return config.behindCloudFront || config.profile === 'china';
}

export function removalPolicy(config: StageConfig): RemovalPolicy {
  return config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
}

/** `functions-public`: the functions stack of one topology area (shared/topology.ts `functionArea`). */
export function functionsStackPart(area: FunctionArea) {
  return `functions-${area}` as const;
}

/** The stacks of one deployment, in deployment order; one functions stack per topology area. */
export const stackParts: readonly StackPart[] = [
  'auth',
  'data',
  'messaging',
  'api',
  'web',
  'storage',
  ...functionAreas.map(functionsStackPart),
  'schedules',
  'mail',
  'observability',
];

/**
 * The parts a profile deploys: the china profile has no `auth` (no Cognito; the county's provider is the
 * issuer) and no `mail` (no SES receiving; the county's mailbox is read over IMAP by a scheduled function).
 */
export function stackPartsOf(profile: DeploymentProfile): readonly StackPart[] {
  return profile === 'china' ? stackParts.filter((part) => part !== 'auth' && part !== 'mail') : stackParts;
}
export type StackPart =
  | 'auth'
  | 'data'
  | 'messaging'
  | 'api'
  | 'web'
  | 'storage'
  | ReturnType<typeof functionsStackPart>
  | 'schedules'
  | 'mail'
  | 'observability';

/** Names the topology does not define, built the same way as its helpers (`<prefix>huiyin-<name>`). */
export const names = {
  stack: (prefix: string, part: StackPart) => `${prefix}huiyin-${part}`,
  function: (prefix: string, def: Pick<FunctionDef, 'entry'>) => `${prefix}huiyin-${def.entry}`,
  schedule: (prefix: string, name: string) => `${prefix}huiyin-${name}`,
  streamFailureQueue: (prefix: string, table: TableName) => `${prefix}huiyin-stream-${table}-failures`,
  asyncFailureQueue: asyncFailureQueuePhysicalName,
  scheduleDeadLetterQueue: (prefix: string) => `${prefix}huiyin-schedules-dlq`,
  userPool: (prefix: string) => `${prefix}huiyin-staff`,
  secret: (prefix: string, secret: SecretDef['name']) => `${prefix}huiyin/${secret}`,
  apiDomainMapping: (prefix: string) => `${prefix}huiyin-api-domain`,
  httpApi: (prefix: string) => `${prefix}huiyin-api`,
  alarmTopic: (prefix: string) => `${prefix}huiyin-alarms`,
  alarm: (prefix: string, what: string) => `${prefix}huiyin-${what}`,
  keyAlias: (prefix: string, key: KeyName) => `alias/${prefix}huiyin-${key}`,
  receiptRuleSet: (prefix: string) => `${prefix}huiyin-inbound-mail`,
  dashboard: (prefix: string) => `${prefix}huiyin`,
  /**
   * S3 bucket names are global: the topology's local name plus account and region. Known without a reference,
   * so the site's CSP can name the bucket's endpoint while the bucket's CORS names the site (no cycle).
   */
  bucket: (prefix: string, bucket: BucketName) =>
    `${bucketPhysicalName(prefix, bucket)}-${Aws.ACCOUNT_ID}-${Aws.REGION}`,
} as const;

export interface SecretDef {
  readonly name: string;
  readonly description: string;
  /** What rotating it breaks, hence why it is not rotated on a schedule. */
  readonly rotation: string;
}

/**
 * The topology's secrets, one Secrets Manager secret each, generated once and kept across deployments. A function
 * receives the ARNs of those its `uses.secrets` names and reads them at cold start (shared/config/secrets.ts);
 * the local runtime generates the same values (infra/local/secrets.ts).
 */
export const secretDefs = {
  cursor: {
    name: 'cursor-secret',
    description: 'HMAC key of pagination cursors and phone-verification hashes',
    rotation: 'invalidates the page cursors staff hold open and the phone verifications under way',
  },
  survey: {
    name: 'survey-secret',
    description: 'HMAC key of the satisfaction-survey links sent to petitioners',
    rotation: 'invalidates every survey link already sent to a petitioner',
  },
  webhook: {
    name: 'webhook-secret',
    description: "HMAC key signing deliveries to units' own systems",
    rotation: 'breaks signature checks at every receiving unit until they take the new key',
  },
  originVerify: {
    name: 'origin-verify',
    description:
      'The header value CloudFront adds to API requests, so forwarded viewer addresses are believed',
    rotation:
      'makes the functions fall back to the edge address for rate limits until both the distribution and the ' +
      'functions (a cold start) have the new value',
  },
} as const satisfies Record<SecretName, SecretDef>;

/** Customer-managed KMS keys: one per trust boundary (tables, messages and alarms, S3 objects). */
export type KeyName = 'data' | 'messaging' | 'storage';

/**
 * Variables the local runtime sets that the cloud must not: Lambda provides the region and credentials, the
 * SDK talks to the real endpoints, and Node 22 does not print the SDK's Node 20 warning. Every other variable of
 * `functionEnvironment` (infra/local/runtime.ts) must be set in the cloud too; test/infra checks it.
 */
export const localOnlyVariables = [
  // Secret values: the cloud hands functions ARNs (`…_SECRET_ARN`) and they read the values at cold start.
  ...secretNames.map(secretValueEnvName),
  'AWS_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_ENDPOINT_URL_DYNAMODB',
  'AWS_ENDPOINT_URL_SQS',
  'AWS_ENDPOINT_URL_S3',
  'UPLOAD_ENDPOINT',
  'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED',
  // The outbox's table, where the local stand-in for SNS, SES, Tencent SMS and SMTP keeps what they would send.
  'LOCAL_OUTBOX_TABLE',
] as const;

/** Placeholder sender of dev deployments without `-c emailSender` (.invalid: SES refuses it, visibly). */
export const placeholderEmailSender = 'noreply@huiyin.invalid';

/**
 * Variables only the cloud sets. No `NODE_OPTIONS=--enable-source-maps`: the build writes external maps
 * without a `sourceMappingURL` comment, so Node could not find them, and they are not shipped (see deploy.md).
 */
export const cloudOnlyVariables = ['POWERTOOLS_LOG_LEVEL'] as const;

/** Tag on every Lambda function naming its topology function; describe-template maps back through it. */
export const FUNCTION_TAG = 'huiyin:function';

/** Tag on every customer-managed KMS key naming it (`data`, `messaging`, `storage`). */
export const KEY_TAG = 'huiyin:key';

/** Settings read from CDK context (`-c key=value`) or passed by tests. */
export interface DeploymentOptions {
  readonly topology?: Topology;
  /** `-c profile=global|china` (profile.ts); default global. */
  readonly profile?: DeploymentProfile;
  /** China profile: `-c region=cn-northwest-1|cn-north-1` (default Ningxia). */
  readonly region?: ChinaRegion;
  /** China profile: the county's OIDC provider (`-c oidcIssuer`, `oidcClientId`, `oidcJwksUri`, `oidcEndSessionEndpoint`). */
  readonly staffIssuer?: StaffIssuerSettings;
  /**
   * China profile: ID of the IAM server certificate covering `siteDomain` (`-c siteServerCertificateId=ASCA…`),
   * uploaded with `aws iam upload-server-certificate --path /cloudfront/…`. With `siteDomain` it puts CloudFront
   * in front; CloudFront in China takes no ACM certificate.
   */
  readonly siteServerCertificateId?: string;
  /**
   * The county's providers where AWS has none (`-c transports=config/<county>.transports.json`, transports.ts):
   * Tencent Cloud SMS and SMTP (china profile), the IMAP mailbox (either profile).
   */
  readonly transports?: TransportSettings;
  /** See `parseInstance`; context `instance`. */
  readonly instance?: string;
  /**
   * Public site base URL for links in messages (`-c publicBaseUrl=https://…`). Default: the custom site domain
   * if set, else the CloudFront distribution's own domain.
   */
  readonly publicBaseUrl?: string;
  /** Other origins allowed to call the API cross-origin (`-c siteOrigin=https://a,https://b`). */
  readonly siteOrigins?: readonly string[];
  /** Custom domain of the site (`-c siteDomain=xinfang.example.gov.cn`), with its certificate. */
  readonly siteDomain?: string;
  /**
   * ACM certificate covering `siteDomain` (`-c siteCertificateArn=arn:aws:acm:us-east-1:…`): in us-east-1 for
   * CloudFront (global profile); in the stack's region for the API Gateway custom domain that serves the site
   * without CloudFront (china profile).
   */
  readonly siteCertificateArn?: string;
  /** WAFv2 web ACL (scope CLOUDFRONT, us-east-1) for the distribution (`-c webAclArn=arn:aws:wafv2:…`). */
  readonly webAclArn?: string;
  /** E-mail address subscribed to the alarm topic (`-c alarmEmail=ops@example.gov.cn`). */
  readonly alarmEmail?: string;
  /**
   * From address of e-mail to petitioners and staff (`-c emailSender=noreply@example.gov.cn`), a verified SES
   * identity (the address or its domain). Required in prod when a function sends e-mail.
   */
  readonly emailSender?: string;
  /**
   * The API's own domain (`-c apiDomain=api.xinfang.example.gov.cn`) with a certificate for it in the stack's
   * region (`-c apiCertificateArn=arn:aws:acm:<region>:…`): CloudFront reaches the API by it, which lets the
   * execute-api endpoint be disabled. Required in prod behind CloudFront.
   */
  readonly apiDomain?: string;
  readonly apiCertificateArn?: string;
  /** `-c behindCloudFront=false`: serve the API without CloudFront (a profile without it, e.g. AWS China). */
  readonly behindCloudFront?: boolean;
  /** Addresses or domains whose inbound mail is stored (`-c mailRecipients=xinfang@example.gov.cn`). */
  readonly mailRecipients?: readonly string[];
  /**
   * Cognito managed-login domain prefix (`-c authDomainPrefix=qingxi-xinfang`); default
   * `<prefix>huiyin-<account id>`. Lower-case letters, digits and hyphens; no "aws", "amazon" or "cognito".
   */
  readonly authDomainPrefix?: string;
  /** Built site to upload; `null` skips the upload (bucket and distribution are still created). */
  readonly webAssets?: string | null;
  readonly logLevel?: LogLevel;
}

/** Reads `DeploymentOptions` from CDK context; lists are comma-separated. */
export function optionsFromContext(tryGetContext: (key: string) => unknown): DeploymentOptions {
  const text = (key: string): string | undefined => {
    const value = tryGetContext(key);
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const list = (key: string): string[] | undefined => {
    const value = text(key);
    return value
      ?.split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  };
  const logLevel = text('logLevel')?.toUpperCase();
  if (logLevel && !['DEBUG', 'INFO', 'WARN', 'ERROR'].includes(logLevel)) {
    throw new Error(`Unknown logLevel ${JSON.stringify(logLevel)}: DEBUG, INFO, WARN or ERROR`);
  }
  const profile = parseProfile(text('profile'));
  const issuer = text('oidcIssuer');
  const clientId = text('oidcClientId');
  if (Boolean(issuer) !== Boolean(clientId))
    throw new Error('oidcIssuer and oidcClientId go together: pass both or neither');
  for (const key of ['oidcIssuer', 'oidcJwksUri', 'oidcEndSessionEndpoint']) {
    const url = text(key);
    if (url && !/^https:\/\/[^/\s]+(\/\S*)?$/.test(url))
      throw new Error(`${key} ${JSON.stringify(url)} must be an https:// URL`);
  }
  if (profile !== 'china') {
    for (const key of ['oidcIssuer', 'siteServerCertificateId', 'region'])
      if (text(key)) throw new Error(`-c ${key} belongs to the china profile: add -c profile=china`);
  }
  const staffIssuer =
    issuer && clientId
      ? {
          issuer: issuer.replace(/\/+$/, ''),
          clientId,
          ...(text('oidcJwksUri') ? { jwksUri: text('oidcJwksUri') } : {}),
          ...(text('oidcEndSessionEndpoint') ? { endSessionEndpoint: text('oidcEndSessionEndpoint') } : {}),
        }
      : undefined;
  const region = profile === 'china' ? parseChinaRegion(text('region')) : undefined;
  const transportsFile = text('transports');
  const options: Record<string, unknown> = {
    profile: text('profile') ? profile : undefined,
    region,
    transports: transportsFile
      ? readTransportsFile(transportsFile, { profile, ...(region ? { region } : {}) })
      : undefined,
    staffIssuer,
    siteServerCertificateId: text('siteServerCertificateId'),
    publicBaseUrl: text('publicBaseUrl'),
    siteOrigins: list('siteOrigin'),
    siteDomain: text('siteDomain'),
    siteCertificateArn: text('siteCertificateArn'),
    webAclArn: text('webAclArn'),
    alarmEmail: text('alarmEmail'),
    emailSender: text('emailSender'),
    mailRecipients: list('mailRecipients'),
    authDomainPrefix: text('authDomainPrefix'),
    apiDomain: text('apiDomain'),
    apiCertificateArn: text('apiCertificateArn'),
    behindCloudFront:
      text('behindCloudFront') === undefined ? undefined : text('behindCloudFront') !== 'false',
    logLevel,
  };
  for (const key of Object.keys(options)) if (options[key] === undefined) delete options[key];
  const domainPrefix = options.authDomainPrefix as string | undefined;
  if (
    domainPrefix &&
    (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(domainPrefix) || /aws|amazon|cognito/.test(domainPrefix))
  )
    throw new Error(
      `Invalid authDomainPrefix ${JSON.stringify(domainPrefix)}: lower-case letters, digits and hyphens, without "aws", "amazon" or "cognito"`,
    );
  if (profile === 'china') {
    if (options.webAclArn)
      throw new Error('AWS WAF is regional only in the China regions: no -c webAclArn for CloudFront');
    if ((options.siteServerCertificateId || options.siteCertificateArn) && !options.siteDomain)
      throw new Error('A site certificate needs the ICP-filed -c siteDomain it covers');
    if (options.siteDomain && !options.siteServerCertificateId && !options.siteCertificateArn)
      throw new Error(
        'siteDomain needs its certificate: -c siteCertificateArn (ACM, this region: API Gateway serves the site) or -c siteServerCertificateId (IAM: CloudFront serves it)',
      );
  } else if (Boolean(options.siteDomain) !== Boolean(options.siteCertificateArn)) {
    throw new Error('siteDomain and siteCertificateArn go together: pass both or neither');
  }
  if (Boolean(options.apiDomain) !== Boolean(options.apiCertificateArn)) {
    throw new Error('apiDomain and apiCertificateArn go together: pass both or neither');
  }
  return options as DeploymentOptions;
}
