import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { optionsFromContext } from '../../infra/cdk/config.ts';
import { resourcesOf, type Synthesized, synthesize } from './support/synth.ts';

/**
 * Staff sign-in in the cloud: TOTP required for every staff account, the console's client with the
 * authorization code flow only and callback/sign-out URLs from the stage config (never a placeholder), managed
 * login on its own domain, and the site's `/config.json` pointing the pages at the pool.
 */

const siteUrl = 'https://xinfang.qingxi.gov.cn';
let site: string;
let configured: Synthesized;
let unconfigured: Synthesized;

beforeAll(() => {
  site = mkdtempSync(join(tmpdir(), 'huiyin-site-'));
  mkdirSync(join(site, 'assets'));
  writeFileSync(join(site, 'index.html'), '<!doctype html><title>test</title>');
  configured = synthesize('dev', { bundle: false, nag: false, webAssets: site, publicBaseUrl: siteUrl });
  unconfigured = synthesize('dev', { bundle: false, nag: false, webAssets: null });
}, 300_000);

afterAll(() => {
  configured?.dispose();
  unconfigured?.dispose();
  if (site) rmSync(site, { recursive: true, force: true });
});

const clientOf = (synthesized: Synthesized) =>
  resourcesOf(synthesized.template('auth'), 'AWS::Cognito::UserPoolClient')[0]![1].Properties;

describe('the staff user pool', () => {
  it('requires TOTP of every account and offers no SMS', () => {
    const [, pool] = resourcesOf(configured.template('auth'), 'AWS::Cognito::UserPool')[0]!;

    expect(pool.Properties.MfaConfiguration).toBe('ON');
    expect(pool.Properties.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(pool.Properties).not.toHaveProperty('SmsConfiguration');
  });

  it('lets the console sign in with the authorization code flow only, back to the configured site', () => {
    const client = clientOf(configured);
    const pages = [`${siteUrl}/console.html`, `${siteUrl}/dashboard.html`, `${siteUrl}/ledger-print.html`];

    expect(client).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: expect.arrayContaining(['openid', 'profile', 'email']),
      SupportedIdentityProviders: ['COGNITO'],
      CallbackURLs: pages,
      LogoutURLs: pages,
      EnableTokenRevocation: true,
    });
    expect(client.AllowedOAuthScopes).toHaveLength(3);
  });

  it('serves managed login (the newer pages) on a domain of its own, styled for the console’s client', () => {
    const auth = configured.template('auth');
    const [, domain] = resourcesOf(auth, 'AWS::Cognito::UserPoolDomain')[0]!;
    const [, branding] = resourcesOf(auth, 'AWS::Cognito::ManagedLoginBranding')[0]!;
    const [clientId] = resourcesOf(auth, 'AWS::Cognito::UserPoolClient')[0]!;

    expect(domain.Properties.ManagedLoginVersion).toBe(2);
    expect(JSON.stringify(domain.Properties.Domain)).toContain('dev-huiyin-');
    expect(branding.Properties).toMatchObject({
      UseCognitoProvidedValues: true,
      ClientId: { Ref: clientId },
    });
  });

  it('enables no OAuth flow and points nowhere until the site address is configured', () => {
    const client = clientOf(unconfigured);

    expect(client.AllowedOAuthFlowsUserPoolClient).toBe(false);
    expect(client).not.toHaveProperty('AllowedOAuthFlows');
    expect(client).not.toHaveProperty('CallbackURLs');
  });

  it('never names example.com (CDK’s default callback) in any template', () => {
    for (const synthesized of [configured, unconfigured])
      expect(JSON.stringify(synthesized.templates)).not.toContain('example.com');
  });

  it('refuses a site address that is not https, and a domain prefix Cognito reserves', () => {
    expect(() =>
      synthesize('dev', { bundle: false, nag: false, webAssets: null, publicBaseUrl: 'http://x.cn' }),
    ).toThrow(/must be https/);
    expect(() =>
      optionsFromContext((key) => (key === 'authDomainPrefix' ? 'my-cognito-login' : undefined)),
    ).toThrow(/authDomainPrefix/);
  });
});

describe('the site', () => {
  it('carries /config.json that points the staff pages at the pool, its managed login and its /logout', () => {
    // Source.jsonData stages the file (with markers for deploy-time values) as an asset of the web stack.
    const staged = readdirSync(configured.outdir, { recursive: true, encoding: 'utf8' }).filter((path) =>
      path.endsWith('config.json'),
    );
    expect(staged).toHaveLength(1);
    const config = JSON.parse(readFileSync(join(configured.outdir, staged[0]!), 'utf8')) as {
      staffSignIn: Record<string, unknown>;
    };
    const [, deployment] = resourcesOf(configured.template('web'), 'Custom::CDKBucketDeployment').find(
      ([logicalId]) => logicalId.startsWith('DeployPages'),
    )!;

    expect(config.staffSignIn).toMatchObject({
      scope: 'openid profile email',
      redirectUris: [`${siteUrl}/console.html`, `${siteUrl}/dashboard.html`, `${siteUrl}/ledger-print.html`],
      logoutUriParameter: 'logout_uri',
      languageParameter: 'lang',
    });
    expect(String(config.staffSignIn.issuer)).toMatch(/^https:\/\/cognito-idp\./);
    expect(String(config.staffSignIn.endSessionEndpoint)).toMatch(/\/logout$/);
    expect(deployment.Properties.SourceObjectKeys).toHaveLength(2);
    expect(JSON.stringify(deployment.Properties.SourceMarkers)).toContain('UserPool');
  });

  it('lets the staff pages reach Cognito (the issuer’s keys, the token endpoint) under the CSP', () => {
    const [, policy] = resourcesOf(configured.template('web'), 'AWS::CloudFront::ResponseHeadersPolicy')[0]!;
    const csp = JSON.stringify(policy.Properties);

    expect(csp).toContain('https://cognito-idp.');
    expect(csp).toContain('.auth.');
  });
});
