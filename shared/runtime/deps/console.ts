import { dynamoDocumentClient } from '../../adapters/aws-clients.ts';
import { DynamoDeliveryStore } from '../../adapters/dynamo/dynamo-delivery-store.ts';
import { DynamoReplyTemplateStore } from '../../adapters/dynamo/dynamo-reply-template-store.ts';
import { tableName } from '../../config/env.ts';
import { once } from '../once.ts';

/** Dependencies of the staff console's own functions (reply templates, deliveries). */

const main = () => ({ client: dynamoDocumentClient(), tableName: tableName('main') });

export const replyTemplateStore = /* @__PURE__ */ once(() => new DynamoReplyTemplateStore(main()));
export const deliveryRecords = /* @__PURE__ */ once(() => new DynamoDeliveryStore(main()));
