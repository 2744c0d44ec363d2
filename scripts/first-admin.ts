/**
 * The first administrator of a cloud deployment, who then creates everyone else in the console:
 *
 *   npx tsx scripts/first-admin.ts --prefix prod- --user-pool-id <StaffUserPoolId> --username admin \
 *     --name 系统管理员 [--email it@county.gov.cn]
 *
 * Runs the admin use case itself (shared/use-cases/admin/users.ts) with AWS credentials of the deployment: a
 * Cognito account with a temporary password and the `admin` group, and the staff record keyed by its subject
 * in `<prefix>huiyin-main`. Run again after a failure, it finishes the same account. The temporary password is
 * printed once; at the first sign-in Cognito's managed login asks for a new password and sets up TOTP.
 *
 * The china profile has no user pool: the administrator already exists at the county's identity provider, and
 * `--subject <their subject there>` (instead of `--user-pool-id`) writes only the staff record, through the
 * records-only directory (docs/deploy-china.md). No password is involved.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CognitoUserDirectory } from '../shared/adapters/cognito/cognito-user-directory.ts';
import { RecordsOnlyUserDirectory } from '../shared/adapters/directory/records-only-user-directory.ts';
import { DynamoCatalogStore } from '../shared/adapters/dynamo/dynamo-catalog-store.ts';
import { DynamoStaffRecords } from '../shared/adapters/dynamo/dynamo-staff-records.ts';
import { tablePhysicalName } from '../shared/topology.ts';
import { createUser, createUserSchema } from '../shared/use-cases/admin/users.ts';
import { STAGE_PREFIX } from './stage-prefix.ts';

export interface FirstAdminArguments {
  readonly prefix: string;
  /** Cognito (global profile); absent with `--subject` (the china profile's records-only directory). */
  readonly userPoolId?: string;
  readonly request: ReturnType<typeof createUserSchema.parse>;
}

const usage =
  'usage: npx tsx scripts/first-admin.ts --prefix <stage prefix, e.g. prod-> ' +
  '(--user-pool-id <StaffUserPoolId> | --subject <subject at the identity provider>) ' +
  '--username <name> --name <display name> [--email <address>]';

export function parseFirstAdminArguments(argv: readonly string[]): FirstAdminArguments {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      prefix: { type: 'string' },
      'user-pool-id': { type: 'string' },
      subject: { type: 'string' },
      username: { type: 'string' },
      name: { type: 'string' },
      email: { type: 'string' },
    },
    strict: true,
  });
  if (
    !values.prefix ||
    !STAGE_PREFIX.test(values.prefix) ||
    Boolean(values['user-pool-id']) === Boolean(values.subject)
  )
    throw new Error(usage);
  const parsed = createUserSchema.safeParse({
    username: values.username,
    displayName: values.name,
    role: 'admin',
    ...(values.email ? { email: values.email } : {}),
    ...(values.subject ? { subject: values.subject } : {}),
  });
  if (!parsed.success)
    throw new Error(
      `${usage}\n${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n')}`,
    );
  return {
    prefix: values.prefix,
    ...(values['user-pool-id'] ? { userPoolId: values['user-pool-id'] } : {}),
    request: parsed.data,
  };
}

async function main(): Promise<number> {
  let args: FirstAdminArguments;
  try {
    args = parseFirstAdminArguments(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const dynamodb = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const table = { client: dynamodb, tableName: tablePhysicalName(args.prefix, 'main') };
  const cognito = new CognitoIdentityProviderClient({});
  const records = new DynamoStaffRecords(table);
  try {
    const created = await createUser(
      {
        directory: args.userPoolId
          ? new CognitoUserDirectory({ client: cognito, userPoolId: args.userPoolId })
          : new RecordsOnlyUserDirectory({ records }),
        records,
        loadCatalog: () => new DynamoCatalogStore(table).load(),
      },
      args.request,
    );
    console.log(
      created.temporaryPassword
        ? `created ${created.user.username} (admin); temporary password, shown once: ${created.temporaryPassword}`
        : `created the staff record of ${created.user.username} (admin); they sign in at the identity provider`,
    );
    return 0;
  } catch (error) {
    console.error(`first-admin failed: ${(error as Error).message}`);
    return 1;
  } finally {
    cognito.destroy();
    dynamodb.destroy();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  main().then((code) => {
    process.exitCode = code;
  });
}
