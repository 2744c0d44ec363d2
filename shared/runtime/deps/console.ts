import { dynamoDocumentClient } from '../../adapters/aws-clients.ts';
import { DynamoDeliveryStore } from '../../adapters/dynamo/dynamo-delivery-store.ts';
import { DynamoReplyTemplateStore } from '../../adapters/dynamo/dynamo-reply-template-store.ts';
import { DynamoUserDirectory } from '../../adapters/dynamo/dynamo-user-directory.ts';
import { isCloudStage, tableName } from '../../config/env.ts';
import type { UserDirectory } from '../../ports/user-directory.ts';
import { UserAdministrationUnavailableError } from '../../use-cases/admin/users.ts';
import { once } from '../once.ts';

/** Dependencies of the staff console's own functions (reply templates, deliveries, user administration). */

const main = () => ({ client: dynamoDocumentClient(), tableName: tableName('main') });

export const replyTemplateStore = /* @__PURE__ */ once(() => new DynamoReplyTemplateStore(main()));
export const deliveryRecords = /* @__PURE__ */ once(() => new DynamoDeliveryStore(main()));

/**
 * Locally: the local identity provider's accounts. In a cloud stage staff live in Cognito; the Cognito
 * adapter (AdminCreateUser, AdminUpdateUserAttributes, AdminAddUserToGroup, AdminDisableUser,
 * AdminSetUserPassword) is described in docs/console.md and not built yet, so the API answers 501 there.
 */
export const userDirectory = /* @__PURE__ */ once<UserDirectory>(() => {
  if (isCloudStage()) throw new UserAdministrationUnavailableError();
  return new DynamoUserDirectory(main());
});
