import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { dynamoDocumentClient } from '../../adapters/aws-clients.ts';
import { CognitoUserDirectory } from '../../adapters/cognito/cognito-user-directory.ts';
import { RecordsOnlyUserDirectory } from '../../adapters/directory/records-only-user-directory.ts';
import { DynamoUserDirectory } from '../../adapters/dynamo/dynamo-user-directory.ts';
import { isCloudStage, tableName, userDirectoryKind, userPoolId } from '../../config/env.ts';
import { ConfigurationError } from '../../errors/index.ts';
import type { UserDirectory } from '../../ports/user-directory.ts';
import { once } from '../once.ts';
import { staffRecords } from './staff.ts';

/**
 * The identity provider's accounts: Cognito where the function was given a user pool (cloud stages, through
 * `uses.userPool` in the topology), the staff records alone where the county's provider exposes no directory
 * (`USER_DIRECTORY=records`, the AWS China profile), the local OIDC provider's accounts on one machine. A cloud stage without a
 * pool is a deployment error and says so. Its own module, so only the admin function bundles the Cognito client.
 */
export const userDirectory = /* @__PURE__ */ once<UserDirectory>(() => {
  if (userDirectoryKind() === 'records') return new RecordsOnlyUserDirectory({ records: staffRecords() });
  const pool = userPoolId();
  if (pool)
    return new CognitoUserDirectory({
      client: new CognitoIdentityProviderClient({ maxAttempts: 3 }),
      userPoolId: pool,
    });
  if (isCloudStage()) throw new ConfigurationError('USER_POOL_ID is not set: the staff user pool is unknown');
  return new DynamoUserDirectory({ client: dynamoDocumentClient(), tableName: tableName('main') });
});
