import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { names, optionsFromContext, stackPartsOf, stageConfig, topology } from '../../infra/cdk/config.ts';
import { describeTemplate } from '../../infra/cdk/describe-template.ts';
import { chinaUnavailable, chinaViolations, partitionViolations } from '../../infra/cdk/profile.ts';
import { quotaViolations } from '../../infra/cdk/quotas.ts';
import { ORIGIN_VERIFY_HEADER, VIEWER_ADDRESS_HEADER, VIEWER_IP_HEADER } from '../../shared/http/edge.ts';
import { routeKey } from '../../shared/topology.ts';
import {
  expectedDescription,
  functionResource,
  resourcesOf,
  type Synthesized,
  synthesize,
} from './support/synth.ts';

/**
 * The china profile (`-c profile=china`), synthesized for cn-northwest-1: aws-cn everywhere, nothing AWS China
 * lacks, CloudFormation's quotas, and the same topology as the global profile. Two synths without bundles: the
 * default shape (no CloudFront) in dev, and prod with the ICP-filed domain and IAM server certificate that put
 * CloudFront in front.
 */

const issuer = 'https://iam.qingxi.gov.cn/realms/xinfang';
const clientId = 'huiyin-console';
const siteUrl = 'https://xinfang.qingxi.gov.cn';
const regionalCertificate =
  'arn:aws-cn:acm:cn-northwest-1:111111111111:certificate/00000000-0000-0000-0000-000000000000';
const staffIssuer = { issuer, clientId, endSessionEndpoint: `${issuer}/protocol/openid-connect/logout` };
let site: string;
let china$: Synthesized;
let chinaCdn$: Synthesized;

beforeAll(() => {
  site = mkdtempSync(join(tmpdir(), 'huiyin-site-'));
  mkdirSync(join(site, 'assets'));
  writeFileSync(join(site, 'index.html'), '<!doctype html><title>test</title>');
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

  it('keeps every template within CloudFormation quotas', () => {
    for (const synthesized of both())
      expect(quotaViolations(synthesized.templates), synthesized.stage).toEqual([]);
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
