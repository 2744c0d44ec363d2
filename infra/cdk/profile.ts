/**
 * Deployment profiles: `global` (AWS commercial regions: Cognito, SES, SNS SMS, CloudFront with ACM and WAF) and
 * `china` (AWS China, partition `aws-cn`: the county's own OIDC provider, mainland SMS and mail providers, no
 * CloudFront until the site has an ICP-filed domain and an IAM server certificate). One topology; the profile
 * only decides which AWS services carry it. Chosen with `-c profile=china` (docs/deploy-china.md).
 */

export const deploymentProfiles = ['global', 'china'] as const;
export type DeploymentProfile = (typeof deploymentProfiles)[number];

export function parseProfile(value: unknown): DeploymentProfile {
  if (value === undefined || value === null || value === '') return 'global';
  if (typeof value === 'string' && (deploymentProfiles as readonly string[]).includes(value)) {
    return value as DeploymentProfile;
  }
  throw new Error(
    `Unknown profile ${JSON.stringify(value)}: pass -c profile=${deploymentProfiles.join('|')}`,
  );
}

/** The AWS China regions; Ningxia is the default (every service Huiyin uses is offered there). */
export const chinaRegions = ['cn-northwest-1', 'cn-north-1'] as const;
export type ChinaRegion = (typeof chinaRegions)[number];
export const defaultChinaRegion: ChinaRegion = 'cn-northwest-1';

export function parseChinaRegion(value: unknown): ChinaRegion {
  if (value === undefined || value === null || value === '') return defaultChinaRegion;
  if (typeof value === 'string' && (chinaRegions as readonly string[]).includes(value)) {
    return value as ChinaRegion;
  }
  throw new Error(`The china profile deploys to ${chinaRegions.join(' or ')}, not ${JSON.stringify(value)}`);
}

/**
 * What AWS China lacks that a template could ask for, each entry with the page of AWS China's own documentation
 * that says so (checked 2026-12-04). The china profile creates none of these; `chinaViolations` finds them in a
 * set of templates, and test/infra/china.test.ts runs it on the synthesized china profile.
 */
export interface Unavailable {
  readonly what: string;
  readonly source: string;
  /** Resource types (exact, or a `Prefix::*`) that must not appear. */
  readonly resourceTypes?: readonly string[];
  /** A property of a resource type that must be absent (dotted path), or must not have `value`. */
  readonly absentProperty?: { readonly type: string; readonly path: string; readonly value?: string };
  /** IAM actions no policy may allow (the feature is the action). */
  readonly actions?: readonly string[];
  /** Metric names no alarm or dashboard may use. */
  readonly metrics?: readonly string[];
}

const gettingStarted = 'https://docs.amazonaws.cn/en_us/aws/latest/userguide';

export const chinaUnavailable: readonly Unavailable[] = [
  {
    what: 'Amazon Cognito user pools (not in Beijing; Cognito is not offered in Ningxia at all)',
    source: `${gettingStarted}/cognito.html`,
    resourceTypes: ['AWS::Cognito::*'],
    actions: ['cognito-idp:*'],
  },
  {
    what: 'Amazon Cognito authorizers of API Gateway',
    source: `${gettingStarted}/api-gateway.html`,
    absentProperty: { type: 'AWS::ApiGateway::Authorizer', path: 'ProviderARNs' },
  },
  {
    what: 'Amazon SES (sending and receiving): not among the services of the China regions',
    source: `${gettingStarted}/services.html`,
    resourceTypes: ['AWS::SES::*'],
    actions: ['ses:SendEmail', 'ses:SendRawEmail'],
  },
  {
    what: 'Amazon SNS SMS messaging (topics exist; SMS, mobile push and message data protection do not)',
    source: `${gettingStarted}/sns.html`,
    // Publish to a phone number has no resource ARN: only the SMS grant allows sns:Publish on "*".
    actions: ['sns:Publish@*'],
  },
  {
    what: 'CloudFront origin access control ("Unrecognized resource types: [AWS::CloudFront::OriginAccessControl]")',
    source: 'https://github.com/awslabs/aws-solutions-constructs/issues/1050',
    resourceTypes: ['AWS::CloudFront::OriginAccessControl'],
  },
  {
    what: 'ACM certificates on CloudFront (China needs an IAM server certificate and an ICP-filed alternate domain)',
    source: `${gettingStarted}/cloudfront.html`,
    absentProperty: {
      type: 'AWS::CloudFront::Distribution',
      path: 'DistributionConfig.ViewerCertificate.AcmCertificateArn',
    },
  },
  {
    what: 'AWS WAF on CloudFront (global scope): WAF is regional only in the China regions',
    source: `${gettingStarted}/waf.html`,
    absentProperty: { type: 'AWS::CloudFront::Distribution', path: 'DistributionConfig.WebACLId' },
  },
  {
    what: 'Tags on Lambda event source mappings',
    source: `${gettingStarted}/lambda.html`,
    absentProperty: { type: 'AWS::Lambda::EventSourceMapping', path: 'Tags' },
  },
  {
    what: 'Lambda function URLs',
    source: `${gettingStarted}/lambda.html`,
    resourceTypes: ['AWS::Lambda::Url'],
  },
  {
    what: 'X-Ray integration with Lambda functions',
    source: `${gettingStarted}/lambda.html`,
    absentProperty: { type: 'AWS::Lambda::Function', path: 'TracingConfig' },
  },
  {
    what: 'Lambda asynchronous invocation metrics',
    source: `${gettingStarted}/lambda.html`,
    metrics: ['AsyncEventsReceived', 'AsyncEventAge', 'AsyncEventsDropped'],
  },
  {
    what: 'Edge-optimized API Gateway endpoints and custom domains',
    source: `${gettingStarted}/api-gateway.html`,
    absentProperty: {
      type: 'AWS::ApiGatewayV2::DomainName',
      path: 'DomainNameConfigurations.0.EndpointType',
      value: 'EDGE',
    },
  },
  {
    what: 'Edge-optimized API Gateway endpoints and custom domains',
    source: `${gettingStarted}/api-gateway.html`,
    absentProperty: {
      type: 'AWS::ApiGateway::RestApi',
      path: 'EndpointConfiguration.Types.0',
      value: 'EDGE',
    },
  },
  {
    what: 'Edge-optimized API Gateway endpoints and custom domains',
    source: `${gettingStarted}/api-gateway.html`,
    absentProperty: {
      type: 'AWS::ApiGateway::DomainName',
      path: 'EndpointConfiguration.Types.0',
      value: 'EDGE',
    },
  },
];

/**
 * Tag options of the app-wide tags: AWS China refuses tags on event source mappings (see `chinaUnavailable`), so
 * there they skip that resource type; the global profile tags everything.
 */
export function untaggedTypes(config: { readonly profile: DeploymentProfile }): {
  excludeResourceTypes?: string[];
} {
  return config.profile === 'china' ? { excludeResourceTypes: ['AWS::Lambda::EventSourceMapping'] } : {};
}

type Template = { readonly Resources?: Record<string, { Type: string; Properties?: unknown }> };

function at(value: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (current, key) =>
        current && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined,
      value,
    );
}

function typeMatches(pattern: string, type: string): boolean {
  return pattern.endsWith('::*') ? type.startsWith(pattern.slice(0, -1)) : pattern === type;
}

/** Every `Action` of an IAM policy document in a resource, with the statement's resources. */
function allowedActions(resource: unknown): { action: string; resources: unknown[] }[] {
  const found: { action: string; resources: unknown[] }[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
    } else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if ('Action' in record && record.Effect === 'Allow') {
        for (const action of [record.Action].flat()) {
          if (typeof action === 'string') found.push({ action, resources: [record.Resource].flat() });
        }
      }
      Object.values(record).forEach(visit);
    }
  };
  visit(resource);
  return found;
}

function actionMatches(rule: string, granted: { action: string; resources: unknown[] }): boolean {
  const [pattern, onlyResource] = rule.split('@') as [string, string | undefined];
  const actionOk = pattern.endsWith('*')
    ? granted.action.startsWith(pattern.slice(0, -1))
    : granted.action === pattern || granted.action === `${pattern.split(':')[0]}:*`;
  return actionOk && (onlyResource === undefined || granted.resources.includes(onlyResource));
}

/**
 * One line per use of something AWS China lacks, naming the template, the resource and the entry of
 * `chinaUnavailable`; empty when the templates deploy there.
 */
export function chinaViolations(templates: Readonly<Record<string, Template>>): string[] {
  const found: string[] = [];
  for (const [name, template] of Object.entries(templates)) {
    const body = JSON.stringify(template);
    for (const entry of chinaUnavailable) {
      for (const metric of entry.metrics ?? []) {
        if (body.includes(`"${metric}"`)) found.push(`${name}: metric ${metric} — ${entry.what}`);
      }
    }
    for (const [id, resource] of Object.entries(template.Resources ?? {})) {
      for (const entry of chinaUnavailable) {
        if (entry.resourceTypes?.some((pattern) => typeMatches(pattern, resource.Type)))
          found.push(`${name}/${id}: ${resource.Type} — ${entry.what}`);
        const absent = entry.absentProperty;
        const actual =
          absent && absent.type === resource.Type ? at(resource.Properties, absent.path) : undefined;
        if (absent && actual !== undefined && (absent.value === undefined || actual === absent.value))
          found.push(`${name}/${id}: ${absent!.path} — ${entry.what}`);
        for (const granted of allowedActions(resource.Properties)) {
          if (entry.actions?.some((rule) => actionMatches(rule, granted)))
            found.push(`${name}/${id}: allows ${granted.action} — ${entry.what}`);
        }
      }
    }
  }
  return found;
}

/**
 * Strings of the templates that name the global partition or its domain instead of taking them from the stack
 * (`AWS::Partition`, `AWS::URLSuffix`): `arn:aws:…` and `amazonaws.com` not followed by `.cn`. Service principals
 * (`lambda.amazonaws.com`, in `Principal.Service` and a Lambda permission's `Principal`) are the one legitimate use of
 * the bare domain in aws-cn, so those are skipped.
 */
export function partitionViolations(templates: Readonly<Record<string, unknown>>): string[] {
  const found: string[] = [];
  const visit = (value: unknown, path: string[]): void => {
    if (typeof value === 'string') {
      if (/arn:aws:/.test(value) || /amazonaws\.com(?!\.cn)/.test(value)) {
        const principal =
          path.at(-1) === 'Service' || path.at(-2) === 'Service' || path.at(-1) === 'Principal';
        if (!principal || /arn:aws:/.test(value)) found.push(`${path.join('.')}: ${value}`);
      }
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => {
        visit(item, [...path, String(index)]);
      });
    } else if (value && typeof value === 'object')
      for (const [key, item] of Object.entries(value)) visit(item, [...path, key]);
  };
  for (const [name, template] of Object.entries(templates)) visit(template, [name]);
  return found;
}
