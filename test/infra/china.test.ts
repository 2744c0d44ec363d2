import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { names, optionsFromContext, stackPartsOf, stageConfig, topology } from '../../infra/cdk/config.ts';
import { describeTemplate } from '../../infra/cdk/describe-template.ts';
import { chinaUnavailable, chinaViolations, partitionViolations } from '../../infra/cdk/profile.ts';
import { scheduleEnabled } from '../../infra/cdk/schedules-stack.ts';
import {
  checkCountySecrets,
  parseTransports,
  readTransportsFile,
  type TransportSettings,
} from '../../infra/cdk/transports.ts';
import { parseImapSettings, parseSmtpSettings } from '../../shared/config/mail-env.ts';
import { parseSmsTemplateSettings, parseTencentSmsSettings } from '../../shared/config/mainland-env.ts';
import { ORIGIN_VERIFY_HEADER, VIEWER_ADDRESS_HEADER, VIEWER_IP_HEADER } from '../../shared/http/edge.ts';
import {
  countySecretEnvNames,
  type FunctionName,
  functionNames,
  imapMailbox,
  routeKey,
} from '../../shared/topology.ts';
import {
  expectedDescription,
  expectWithinQuotas,
  functionResource,
  functionStackName,
  permissionsOf,
  resourcesOf,
  type Synthesized,
  synthesize,
} from './support/synth.ts';

/**
 * The china profile (`-c profile=china`), synthesized for cn-northwest-1: aws-cn everywhere, nothing AWS China
 * lacks, CloudFormation's quotas, and the same topology as the global profile. Two synths without bundles: the
 * default shape (no CloudFront) in dev without the county's providers, and prod with the ICP-filed domain and IAM
 * server certificate that put CloudFront in front, and the providers of config/transports.example.json.
 */

const issuer = 'https://iam.qingxi.gov.cn/realms/xinfang';
const clientId = 'huiyin-console';
const siteUrl = 'https://xinfang.qingxi.gov.cn';
const regionalCertificate =
  'arn:aws-cn:acm:cn-northwest-1:111111111111:certificate/00000000-0000-0000-0000-000000000000';
const staffIssuer = { issuer, clientId, endSessionEndpoint: `${issuer}/protocol/openid-connect/logout` };
const exampleTransports = new URL('../../config/transports.example.json', import.meta.url).pathname;
const emailSender = 'xinfang@qingxi.gov.cn';
let transports: TransportSettings;
let site: string;
let china$: Synthesized;
let chinaCdn$: Synthesized;

beforeAll(() => {
  site = mkdtempSync(join(tmpdir(), 'huiyin-site-'));
  mkdirSync(join(site, 'assets'));
  writeFileSync(join(site, 'index.html'), '<!doctype html><title>test</title>');
  transports = readTransportsFile(exampleTransports, { profile: 'china', region: 'cn-northwest-1' });
  china$ = synthesize('dev', {
    bundle: false,
    webAssets: site,
    profile: 'china',
    region: 'cn-northwest-1',
    staffIssuer,
    siteDomain: 'xinfang.qingxi.gov.cn',
    siteCertificateArn: regionalCertificate,
  });
  chinaCdn$ = synthesize('prod', {
    bundle: false,
    webAssets: null,
    profile: 'china',
    region: 'cn-northwest-1',
    staffIssuer,
    siteDomain: 'xinfang.qingxi.gov.cn',
    siteServerCertificateId: 'ASCAEXAMPLEIAMCERT001',
    apiDomain: 'api.xinfang.qingxi.gov.cn',
    apiCertificateArn: regionalCertificate,
    transports,
    emailSender,
  });
}, 300_000);

afterAll(() => {
  china$?.dispose();
  chinaCdn$?.dispose();
  if (site) rmSync(site, { recursive: true, force: true });
});

const both = () => [china$, chinaCdn$];

describe('the china profile', () => {
  it('synthesizes every stack but Cognito and SES receiving, for cn-northwest-1 in aws-cn', () => {
    for (const synthesized of both()) {
      const { prefix } = stageConfig(synthesized.stage);
      expect(Object.keys(synthesized.templates)).toEqual(
        stackPartsOf('china').map((part) => names.stack(prefix, part)),
      );
      expect(synthesized.stacks.auth).toBeUndefined();
      expect(synthesized.stacks.mail).toBeUndefined();
      for (const stack of Object.values(synthesized.stacks.functionStacks))
        expect([stack.region, stack.partition]).toEqual(['cn-northwest-1', 'aws-cn']);
      expect([synthesized.stacks.data.region, synthesized.stacks.data.partition]).toEqual([
        'cn-northwest-1',
        'aws-cn',
      ]);
    }
  });

  it('names no global partition or domain: ARNs and endpoints come from the stack', () => {
    for (const synthesized of both()) {
      expect(partitionViolations(synthesized.templates), synthesized.stage).toEqual([]);
      const body = JSON.stringify(synthesized.templates);
      expect(body).toMatch(/arn:aws-cn:|"AWS::Partition"/);
    }
  });

  it('uses nothing AWS China lacks (the list in profile.ts, each entry with its source)', () => {
    for (const entry of chinaUnavailable) expect(entry.source).toMatch(/^https:\/\//);
    for (const synthesized of both())
      expect(chinaViolations(synthesized.templates), synthesized.stage).toEqual([]);
  });

  it('finds each kind of unavailable resource or feature when a template has it', () => {
    const template = {
      Resources: {
        Pool: { Type: 'AWS::Cognito::UserPool', Properties: {} },
        Rules: { Type: 'AWS::SES::ReceiptRuleSet', Properties: {} },
        Oac: { Type: 'AWS::CloudFront::OriginAccessControl', Properties: {} },
        Mapping: {
          Type: 'AWS::Lambda::EventSourceMapping',
          Properties: { Tags: [{ Key: 'a', Value: 'b' }] },
        },
        Cdn: {
          Type: 'AWS::CloudFront::Distribution',
          Properties: {
            DistributionConfig: { ViewerCertificate: { AcmCertificateArn: 'x' }, WebACLId: 'y' },
          },
        },
        Sms: {
          Type: 'AWS::IAM::Policy',
          Properties: {
            PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'sns:Publish', Resource: '*' }] },
          },
        },
        Alarm: { Type: 'AWS::CloudWatch::Alarm', Properties: { MetricName: 'AsyncEventsDropped' } },
      },
    };
    const found = chinaViolations({ t: template }).join('\n');
    for (const expected of [
      't/Pool',
      't/Rules',
      't/Oac',
      't/Mapping: Tags',
      't/Cdn: DistributionConfig.ViewerCertificate.AcmCertificateArn',
      't/Cdn: DistributionConfig.WebACLId',
      't/Sms: allows sns:Publish',
      't: metric AsyncEventsDropped',
    ])
      expect(found).toContain(expected);
    expect(
      partitionViolations({ t: { a: 'arn:aws:s3:::x', b: 'sqs.amazonaws.com', c: 'x.amazonaws.com.cn' } }),
    ).toEqual(['t.a: arn:aws:s3:::x', 't.b: sqs.amazonaws.com']);
  });

  it('keeps every template within CloudFormation quotas, as the global profile does', () => {
    // The origin-verify header: the site gateway adds it on /api and /open311, CloudFront on its API origin.
    expectWithinQuotas(china$, 2);
    expectWithinQuotas(chinaCdn$, 1);
  });

  it('has exactly the topology routes, queues, event sources and schedules, as the global profile does', () => {
    for (const synthesized of both())
      expect(describeTemplate(synthesized.templates)).toEqual(expectedDescription(topology));
  });
});

describe('staff identity in the china profile', () => {
  it('trusts the county issuer in the HTTP API JWT authorizer, with the console client as audience', () => {
    const [[, authorizer]] = resourcesOf(
      china$.template('api'),
      'AWS::ApiGatewayV2::Authorizer',
    ) as unknown as [[string, { Properties: Record<string, unknown> }]];
    expect(authorizer.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: issuer, Audience: [clientId] },
    });
    const staffRoutes = topology.routes.filter((route) => route.auth === 'staff').map(routeKey);
    const routes = Object.values(china$.templates).flatMap((template) =>
      resourcesOf(template, 'AWS::ApiGatewayV2::Route'),
    );
    const authorized = routes.filter(([, route]) => route.Properties.AuthorizationType === 'JWT');
    expect(authorized.map(([, route]) => route.Properties.RouteKey).sort()).toEqual([...staffRoutes].sort());
  });

  it('manages staff as records keyed by the issuer subject: no user pool, no Cognito permission', () => {
    const [, admin] = functionResource(china$, 'adminUsers');
    const variables = (admin.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables.USER_DIRECTORY).toBe('records');
    expect(variables.USER_POOL_ID).toBeUndefined();
  });

  it('points /config.json at the county issuer and its end-session endpoint', () => {
    const staged = readdirSync(china$.outdir, { recursive: true, encoding: 'utf8' }).filter((path) =>
      path.endsWith('config.json'),
    );
    expect(staged).toHaveLength(1);
    const config = JSON.parse(readFileSync(join(china$.outdir, staged[0]!), 'utf8')) as {
      staffSignIn: Record<string, unknown>;
    };
    expect(config.staffSignIn).toEqual({
      issuer,
      clientId,
      scope: 'openid profile email',
      endSessionEndpoint: staffIssuer.endSessionEndpoint,
      redirectUris: [`${siteUrl}/console.html`, `${siteUrl}/dashboard.html`, `${siteUrl}/ledger-print.html`],
      postLogoutRedirectUris: [
        `${siteUrl}/console.html`,
        `${siteUrl}/dashboard.html`,
        `${siteUrl}/ledger-print.html`,
      ],
    });
  });

  it('reads the issuer from the stage config, and refuses china-only settings without the profile', () => {
    const options = optionsFromContext(
      (key) =>
        ({ profile: 'china', oidcIssuer: `${issuer}/`, oidcClientId: clientId, region: 'cn-north-1' })[key],
    );
    expect(options).toMatchObject({
      profile: 'china',
      region: 'cn-north-1',
      staffIssuer: { issuer, clientId },
    });
    expect(() => optionsFromContext((key) => ({ oidcIssuer: issuer, oidcClientId: clientId })[key])).toThrow(
      /profile=china/,
    );
    expect(() => optionsFromContext((key) => ({ profile: 'china', oidcIssuer: issuer })[key])).toThrow(
      /go together/,
    );
    expect(() => stageConfig('prod', undefined, { profile: 'china' })).toThrow(/oidcIssuer/);
  });
});

describe("the county's providers in the china profile", () => {
  const variablesOf = (synthesized: Synthesized, name: FunctionName) => {
    const [, fn] = functionResource(synthesized, name);
    return (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
  };
  /** The literal variables, as the function's process sees them (references are the stack's own values). */
  const literalsOf = (synthesized: Synthesized, name: FunctionName) =>
    Object.fromEntries(
      Object.entries(variablesOf(synthesized, name)).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    );
  const sectionsOf = (name: FunctionName) => {
    const sends: readonly string[] = topology.functions[name].uses.sends ?? [];
    return (['sms', 'smtp', 'imap'] as const).filter((section) =>
      section === 'sms'
        ? sends.includes('sms')
        : section === 'smtp'
          ? sends.includes('email')
          : name === imapMailbox.fn,
    );
  };
  /** Resources the function's role may act on, with the actions, for the county's secrets (literal ARNs). */
  const countyGrants = (synthesized: Synthesized, name: FunctionName) => {
    const stack = functionStackName(synthesized, name);
    const [, fn] = functionResource(synthesized, name);
    const role = synthesized.set.resolve(stack, fn.Properties.Role)!;
    const granted = permissionsOf(synthesized, stack, role.logicalId);
    return Object.fromEntries(
      [...granted]
        .filter(([resource]) => resource.startsWith('literal:arn:aws-cn:secretsmanager:'))
        .map(([resource, actions]) => [resource.slice('literal:'.length), [...actions]]),
    );
  };

  it('passes each provider’s settings to the functions that use it, and grants each its secret exactly', () => {
    const example = JSON.parse(
      readFileSync(new URL('../../config/sms-templates.example.json', import.meta.url), 'utf8'),
    ) as Record<string, { templateId: string; variables: unknown[]; text?: string }>;
    for (const name of functionNames) {
      const variables = variablesOf(chinaCdn$, name);
      const sections = sectionsOf(name);
      for (const section of ['sms', 'smtp', 'imap'] as const) {
        const settings = transports[section]!;
        if (!sections.includes(section)) {
          for (const key of Object.keys(settings))
            expect(variables, `${name}: ${key}`).not.toHaveProperty(key);
          continue;
        }
        for (const [key, value] of Object.entries(settings))
          expect(variables[key], `${name}: ${key}`).toBe(value);
      }
      expect(variables.SMS_TRANSPORT, name).toBe(sections.includes('sms') ? 'tencent' : undefined);
      expect(variables.EMAIL_TRANSPORT, name).toBe(sections.includes('smtp') ? 'smtp' : undefined);
      // GetSecretValue on the county's own secrets that this function declares, each by its ARN, and no more.
      const arnOf = (variable: string) =>
        Object.values(transports).find((settings) => settings?.[variable])?.[variable];
      const expected = Object.fromEntries(
        (topology.functions[name].uses.countySecrets ?? []).map((secret) => [
          arnOf(countySecretEnvNames[secret]),
          ['secretsmanager:GetSecretValue'],
        ]),
      );
      expect(countyGrants(chinaCdn$, name), name).toEqual(expected);
    }
    // Every function that sends or reads mail declares the secrets it needs (real topology: nothing left out).
    expect(Object.keys(countyGrants(chinaCdn$, 'queueNotifier'))).toHaveLength(2);
    expect(Object.keys(countyGrants(chinaCdn$, 'jobImapPoll'))).toHaveLength(1);
    // The registered texts stay out of the environment (4 KB): ids and variables only, every notice kind.
    const templates = JSON.parse(String(variablesOf(chinaCdn$, 'queueNotifier').SMS_TEMPLATES)) as Record<
      string,
      unknown
    >;
    expect(templates).toEqual(
      Object.fromEntries(
        Object.entries(example).map(([kind, { templateId, variables }]) => [kind, { templateId, variables }]),
      ),
    );
  });

  it('writes what the functions read: each environment passes their own parsers as a cloud stage reads them', () => {
    const notifier = literalsOf(chinaCdn$, 'queueNotifier');
    expect(parseTencentSmsSettings(notifier, true)).toEqual({
      appId: '1400006666',
      region: 'ap-guangzhou',
      endpoint: 'https://sms.tencentcloudapi.com',
      credentialsSecret: transports.sms!.SMS_CREDENTIALS_SECRET,
    });
    const { signName, templates } = parseSmsTemplateSettings(notifier);
    expect(signName).toBe('青溪县信访');
    expect(templates.registered).toEqual({ templateId: '2100001', variables: ['trackingCode'] });
    expect(parseSmtpSettings(literalsOf(chinaCdn$, 'queueDelivery'), true)).toEqual({
      host: 'smtp.exmail.qq.com',
      port: 465,
      security: 'tls',
      user: emailSender,
      passwordSecret: transports.smtp!.MAIL_SMTP_PASSWORD_SECRET,
    });
    expect(parseImapSettings(literalsOf(chinaCdn$, 'jobImapPoll'), true)).toMatchObject({
      host: 'imap.exmail.qq.com',
      port: 993,
      security: 'tls',
      address: emailSender,
      passwordSecret: transports.imap!.MAIL_IMAP_PASSWORD_SECRET,
    });
    expect(parseImapSettings(literalsOf(china$, 'jobImapPoll'), true)).toBeNull();
    expect(variablesOf(chinaCdn$, 'queueNotifier').EMAIL_SENDER).toBe(emailSender);
  });

  it('polls the mailbox only where one is configured; every other schedule runs', () => {
    for (const [synthesized, mailbox] of [
      [china$, false],
      [chinaCdn$, true],
    ] as const) {
      const states = Object.fromEntries(
        resourcesOf(synthesized.template('schedules'), 'AWS::Scheduler::Schedule').map(([, schedule]) => [
          schedule.Properties.Name,
          schedule.Properties.State,
        ]),
      );
      const { prefix } = stageConfig(synthesized.stage);
      expect(states).toEqual(
        Object.fromEntries(
          topology.schedules.map((schedule) => [
            names.schedule(prefix, schedule.name),
            schedule.name !== imapMailbox.schedule || mailbox ? 'ENABLED' : 'DISABLED',
          ]),
        ),
      );
    }
    expect(scheduleEnabled({ transports: {} }, imapMailbox.schedule)).toBe(false);
  });

  it('without the providers, senders still use them (and fail visibly), and the synth warns', () => {
    for (const name of functionNames) {
      const variables = variablesOf(china$, name);
      const sections = sectionsOf(name);
      expect(variables.SMS_TRANSPORT, name).toBe(sections.includes('sms') ? 'tencent' : undefined);
      expect(variables.EMAIL_TRANSPORT, name).toBe(sections.includes('smtp') ? 'smtp' : undefined);
      expect(
        Object.keys(variables).filter((key) => /^(SMS|MAIL)_/.test(key) && key !== 'SMS_TRANSPORT'),
      ).toEqual([]);
      expect(countyGrants(china$, name), name).toEqual({});
    }
    const assembly = china$.app.synth();
    const warnings = (part: 'functions-public' | 'functions-pipeline') =>
      assembly
        .getStackByName(china$.stackName(part))
        .messages.filter((message) => message.level === 'warning')
        .map((message) => String(message.entry.data));
    expect(warnings('functions-public').join('\n')).toMatch(
      /no sms section, so every SMS sent by apiTrackPetition, apiCreatePhoneVerification fails/,
    );
    expect(warnings('functions-pipeline').join('\n')).toMatch(
      /no smtp section, so every e-mail sent by queueNotifier, queueDelivery fails/,
    );
  });

  it('checks the providers file as the functions read it, and refuses what the profile cannot use', () => {
    const baseDir = new URL('../../config/', import.meta.url).pathname;
    const china = { profile: 'china', region: 'cn-northwest-1', baseDir } as const;
    const arn = (region: string, partition = 'aws-cn') =>
      `arn:${partition}:secretsmanager:${region}:111111111111:secret:huiyin/mail-imap-AbCdEf`;
    const imap = (secret: string) => ({
      imap: {
        MAIL_IMAP_HOST: 'imap.exmail.qq.com',
        MAIL_IMAP_USER: emailSender,
        MAIL_IMAP_PASSWORD_SECRET: secret,
      },
    });
    const refusal = (document: unknown, options: Parameters<typeof parseTransports>[1] = china) => {
      try {
        parseTransports(document, options);
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('expected the file to be refused');
    };
    expect(parseTransports(imap(arn('cn-northwest-1')), china).imap?.MAIL_IMAP_HOST).toBe(
      'imap.exmail.qq.com',
    );
    // The global profile may read a mailbox over IMAP, but sends through SNS and SES.
    expect(parseTransports(imap(arn('eu-west-1', 'aws')), { profile: 'global', baseDir }).imap).toBeDefined();
    expect(refusal({ sms: {} }, { profile: 'global', baseDir })).toMatch(/sms belongs to the china profile/);
    expect(refusal(imap(arn('cn-northwest-1')), { profile: 'global', baseDir })).toMatch(/aws-cn partition/);
    expect(refusal(imap(arn('cn-north-1')))).toMatch(/functions run in cn-northwest-1/);
    expect(refusal(imap('huiyin/mail-imap'))).toMatch(/complete ARN/);
    expect(refusal({ smtp: { MAIL_SMTP_HOST: 'smtp.exmail.qq.com', MAIL_SMTP_PASS: 'x' } })).toMatch(
      /MAIL_SMTP_PASS is not among its variables/,
    );
    expect(refusal({ smtp: { MAIL_SMTP_HOST: 'smtp.exmail.qq.com', MAIL_SMTP_SECURITY: 'none' } })).toMatch(
      /refused in a cloud stage/,
    );
    expect(refusal({ pop3: {} })).toMatch(/pop3/);
    const sms = {
      ...transports.sms,
      SMS_TEMPLATES: { registered: { templateId: '2100001', variables: ['trackingCode'] } },
    };
    expect(refusal({ sms })).toMatch(/no SMS template for notice/);
    expect(refusal({ sms: { ...sms, SMS_TEMPLATES: 'missing.json' } })).toMatch(/cannot read/);
    // prod cannot go without SMS (phone verification) and e-mail (units hear of their cases).
    expect(() =>
      stageConfig('prod', undefined, {
        profile: 'china',
        staffIssuer,
        transports: { imap: transports.imap! },
      }),
    ).toThrow(/lacks sms and smtp/);
  });

  it('wants each function to declare exactly the county secrets of what it sends and reads', () => {
    for (const name of functionNames)
      expect(() => checkCountySecrets(name, topology.functions[name].uses)).not.toThrow();
    expect(() =>
      checkCountySecrets('queueNotifier', { sends: ['sms', 'email'], countySecrets: ['smsCredentials'] }),
    ).toThrow(/missing smtpPassword/);
    expect(() => checkCountySecrets('apiCatalog', { countySecrets: ['imapPassword'] })).toThrow(
      /unused imapPassword/,
    );
  });
});

describe('the site in the china profile', () => {
  it('serves site and API through API Gateway on the ICP-filed domain by default, forwarding the viewer address', () => {
    const web = china$.template('web');
    expect(resourcesOf(web, 'AWS::CloudFront::Distribution')).toEqual([]);
    const [[, restApi]] = resourcesOf(web, 'AWS::ApiGateway::RestApi') as unknown as [
      [string, { Properties: Record<string, unknown> }],
    ];
    expect(restApi.Properties).toMatchObject({
      EndpointConfiguration: { Types: ['REGIONAL'] },
      DisableExecuteApiEndpoint: true,
      BinaryMediaTypes: ['*/*'],
    });
    const [[, domain]] = resourcesOf(web, 'AWS::ApiGateway::DomainName') as unknown as [
      [string, { Properties: Record<string, unknown> }],
    ];
    expect(domain.Properties).toMatchObject({
      DomainName: 'xinfang.qingxi.gov.cn',
      RegionalCertificateArn: regionalCertificate,
      SecurityPolicy: 'TLS_1_2',
    });
    const methods = resourcesOf(web, 'AWS::ApiGateway::Method').map(
      ([, method]) => method.Properties as { HttpMethod: string; Integration: Record<string, unknown> },
    );
    const proxies = methods.filter((method) => method.Integration.Type === 'HTTP_PROXY');
    expect(proxies).toHaveLength(2);
    for (const proxy of proxies) {
      const parameters = proxy.Integration.RequestParameters as Record<string, unknown>;
      expect(proxy.HttpMethod).toBe('ANY');
      expect(parameters[`integration.request.header.${VIEWER_IP_HEADER}`]).toBe('context.identity.sourceIp');
      expect(JSON.stringify(parameters[`integration.request.header.${ORIGIN_VERIFY_HEADER}`])).toContain(
        '{{resolve:secretsmanager:',
      );
    }
    const pages = methods.filter((method) => method.Integration.Type === 'AWS');
    expect(pages.map((method) => method.HttpMethod)).toEqual(['GET', 'GET']);
    // The gateway's role reads objects of the site bucket and does nothing else.
    const statements = resourcesOf(web, 'AWS::IAM::Policy')
      .filter(([id]) => id.startsWith('SiteGatewayReadRole'))
      .flatMap(
        ([, policy]) => (policy.Properties.PolicyDocument as { Statement: { Action: unknown }[] }).Statement,
      );
    expect(statements.map((statement) => statement.Action)).toEqual(['s3:GetObject']);
    expect(china$.stacks.data.secrets.originVerify).toBeDefined();
  });

  it('puts CloudFront in front with the ICP-filed domain, its IAM server certificate and an origin access identity', () => {
    const web = chinaCdn$.template('web');
    const [[, distribution]] = resourcesOf(web, 'AWS::CloudFront::Distribution') as unknown as [
      [string, { Properties: { DistributionConfig: Record<string, unknown> } }],
    ];
    const config = distribution.Properties.DistributionConfig;
    expect(config.Aliases).toEqual(['xinfang.qingxi.gov.cn']);
    expect(config.ViewerCertificate).toEqual({
      IamCertificateId: 'ASCAEXAMPLEIAMCERT001',
      SslSupportMethod: 'sni-only',
      MinimumProtocolVersion: 'TLSv1.2_2021',
    });
    expect(resourcesOf(web, 'AWS::CloudFront::CloudFrontOriginAccessIdentity')).toHaveLength(1);
    // The viewer-address rule as in the global profile: CloudFront's header, believed with the origin secret.
    const [[, originRequest]] = resourcesOf(web, 'AWS::CloudFront::OriginRequestPolicy') as unknown as [
      [string, { Properties: { OriginRequestPolicyConfig: { HeadersConfig: { Headers: string[] } } } }],
    ];
    expect(originRequest.Properties.OriginRequestPolicyConfig.HeadersConfig.Headers).toContain(
      VIEWER_ADDRESS_HEADER,
    );
    expect(JSON.stringify(config.Origins)).toContain(ORIGIN_VERIFY_HEADER);
    expect(chinaCdn$.stacks.data.secrets.originVerify).toBeDefined();
  });
});
