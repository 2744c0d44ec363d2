import { Annotations, Aws, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnManagedLoginBranding,
  ClientAttributes,
  FeaturePlan,
  ManagedLoginVersion,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import { type SiteConfig, siteConfig } from '../../shared/auth/site-config.ts';
import { passwordPolicy } from '../../shared/domain/users/password-policy.ts';
import { names, removalPolicy, type StageConfig, staffGroups, staffScopeAttributes } from './config.ts';
import { pascal } from './constructs.ts';
import { acknowledge } from './nag.ts';

export interface AuthStackProps extends StackProps {
  readonly config: StageConfig;
}

/** What the staff pages ask Cognito for; the same scopes the local provider grants. */
export const staffOAuthScopes = ['openid', 'profile', 'email'] as const;

/**
 * Staff identities: a Cognito user pool (no self sign-up; administrators create accounts), one group per role,
 * the scope attributes `custom:unitId`/`custom:studioId` (mirrors of Huiyin's staff records, which are what
 * authorises a request), TOTP required for every account, and the console's public app client that signs in
 * through managed login with the authorization code flow and PKCE only. Residents never sign in: public routes
 * have no authorizer.
 */
export class AuthStack extends Stack {
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  readonly domain: UserPoolDomain;
  /** `https://cognito-idp.<region>.<suffix>/<pool id>`: the `iss` of the pool's tokens. */
  readonly issuer: string;
  /** `https://<prefix>.auth.<region>.amazoncognito.com`. */
  readonly signInBaseUrl: string;

  constructor(scope: Construct, id: string, props: AuthStackProps) {
    super(scope, id, props);
    const { config } = props;
    const { prefix, staffSignIn } = config;

    this.userPool = new UserPool(this, 'StaffUserPool', {
      userPoolName: names.userPool(prefix),
      // Plus: threat protection (compromised-credential checks, adaptive authentication), $0.02 per MAU.
      featurePlan: config.threatProtection ? FeaturePlan.PLUS : FeaturePlan.ESSENTIALS,
      ...(config.threatProtection
        ? { standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION }
        : {}),
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      standardAttributes: { email: { required: false, mutable: true } },
      // Admin-set scope of a staff member; mutable so administrators can move people between units.
      customAttributes: Object.fromEntries(
        staffScopeAttributes.map((name) => [
          name,
          new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
        ]),
      ),
      passwordPolicy: {
        minLength: passwordPolicy.minLength,
        requireLowercase: passwordPolicy.requireLowercase,
        requireUppercase: passwordPolicy.requireUppercase,
        requireDigits: passwordPolicy.requireDigits,
        requireSymbols: passwordPolicy.requireSymbols,
        tempPasswordValidity: Duration.days(3),
      },
      // Handlers, supervisors and admins can unmask petitioners' personal data and need a second factor. Cognito
      // cannot require MFA per group, so every staff account needs it: TOTP (an authenticator app), enrolled at
      // the first sign-in through managed login. No SMS: it costs per message, is weaker, and SNS sends no SMS in
      // the AWS China regions.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      deletionProtection: config.retainData,
      removalPolicy: removalPolicy(config),
    });
    if (!config.threatProtection) {
      acknowledge(
        this.userPool,
        'AwsSolutions-COG8',
        'Threat protection switched off for this stage (Cognito Plus not offered in the target region).',
      );
    }

    staffGroups.forEach((group, precedence) => {
      this.userPool.addGroup(`${pascal(group)}Group`, {
        groupName: group,
        description: `Huiyin staff role: ${group}`,
        precedence: staffGroups.length - precedence,
      });
    });

    // The console and the dashboard are browser apps: a public client (no secret) that signs in through managed
    // login with the authorization code flow (PKCE from the pages; no implicit flow, no client credentials).
    // Users may edit only their display name; whatever scopes access is set by administrators alone.
    const standardRead = { fullname: true, email: true, emailVerified: true };
    const oAuthReady = staffSignIn.siteUrl !== null;
    this.userPoolClient = this.userPool.addClient('StaffConsoleClient', {
      userPoolClientName: `${prefix}huiyin-staff-console`,
      generateSecret: false,
      authFlows: { userSrp: true },
      ...(oAuthReady
        ? {
            oAuth: {
              flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
              scopes: [OAuthScope.OPENID, OAuthScope.PROFILE, OAuthScope.EMAIL],
              callbackUrls: [...staffSignIn.callbackUrls],
              logoutUrls: [...staffSignIn.logoutUrls],
            },
          }
        : { disableOAuth: true }),
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      // A working day; the pages renew access tokens with it and sign in again after it.
      refreshTokenValidity: Duration.hours(12),
      readAttributes: new ClientAttributes()
        .withStandardAttributes(standardRead)
        .withCustomAttributes(...staffScopeAttributes),
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });
    if (!oAuthReady) {
      Annotations.of(this.userPoolClient).addWarningV2(
        'huiyin:staff-sign-in-off',
        'Staff sign-in is off until the site address is known: deploy with -c siteDomain=… or -c publicBaseUrl=https://… (docs/deploy.md, "Staff sign-in and the first admin").',
      );
    }

    // Managed login (the newer pages, localised with `lang=zh-CN`) with Cognito's own style for the client.
    this.domain = this.userPool.addDomain('ManagedLoginDomain', {
      cognitoDomain: { domainPrefix: staffSignIn.domainPrefix },
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    new CfnManagedLoginBranding(this, 'ManagedLoginStyle', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.userPoolClient.userPoolClientId,
      useCognitoProvidedValues: true,
    });

    this.issuer = `https://cognito-idp.${Aws.REGION}.${Aws.URL_SUFFIX}/${this.userPool.userPoolId}`;
    this.signInBaseUrl = this.domain.baseUrl();

    new CfnOutput(this, 'StaffUserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'StaffConsoleClientId', { value: this.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'StaffSignInUrl', {
      value: this.signInBaseUrl,
      description: 'Managed login of the staff user pool (the console and dashboard send staff here)',
    });
  }

  /**
   * The site's `/config.json` for this pool (the web stack writes it into the site bucket): Cognito as the
   * issuer, its `/logout` as the end-session endpoint (it takes `logout_uri` and `client_id`), `lang` for the
   * page language. null while the site address is unknown: the console then says sign-in is not configured.
   */
  siteConfig(config: StageConfig): SiteConfig {
    const { siteUrl } = config.staffSignIn;
    if (!siteUrl) return { staffSignIn: null };
    return siteConfig({
      siteUrl,
      issuer: this.issuer,
      clientId: this.userPoolClient.userPoolClientId,
      scope: staffOAuthScopes.join(' '),
      endSessionEndpoint: `${this.signInBaseUrl}/logout`,
      logoutUriParameter: 'logout_uri',
      languageParameter: 'lang',
    });
  }
}
