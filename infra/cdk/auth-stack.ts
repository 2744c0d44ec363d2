import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import { names, removalPolicy, type StageConfig, staffGroups, staffScopeAttributes } from './config.ts';
import { pascal } from './constructs.ts';
import { acknowledge } from './nag.ts';

export interface AuthStackProps extends StackProps {
  readonly config: StageConfig;
}

/**
 * Staff identities: a Cognito user pool (no self sign-up; accounts are created by an administrator), one group
 * per role (`cognito:groups` in the token), the read-only scope attributes `custom:unitId`/`custom:studioId`,
 * and the public client of the staff console. Residents never sign in: public routes have no authorizer.
 */
export class AuthStack extends Stack {
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;

  constructor(scope: Construct, id: string, props: AuthStackProps) {
    super(scope, id, props);
    const { config } = props;
    const { prefix } = config;

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
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      deletionProtection: config.retainData,
      removalPolicy: removalPolicy(config),
    });
    acknowledge(
      this.userPool,
      'AwsSolutions-COG2',
      'MFA is optional (TOTP only, no SMS) as issue #7 specifies; threat protection (Plus plan) adds adaptive ' +
        'authentication for risky sign-ins. Requiring MFA is a policy decision still open (see docs/deploy.md).',
    );
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

    // The staff console is a browser app: public client (no secret), SRP sign-in. Users may edit only their
    // display name; everything that scopes access (groups, unit, studio) is set by administrators alone.
    const standardRead = { fullname: true, email: true, emailVerified: true };
    this.userPoolClient = this.userPool.addClient('StaffConsoleClient', {
      userPoolClientName: `${prefix}huiyin-staff-console`,
      generateSecret: false,
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
      readAttributes: new ClientAttributes()
        .withStandardAttributes(standardRead)
        .withCustomAttributes(...staffScopeAttributes),
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });

    new CfnOutput(this, 'StaffUserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'StaffConsoleClientId', { value: this.userPoolClient.userPoolClientId });
  }
}
