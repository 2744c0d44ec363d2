import { dynamoDocumentClient } from '../../adapters/aws-clients.ts';
import { DynamoReceptionStore, DynamoVisitStore } from '../../adapters/dynamo/dynamo-reception-store.ts';
import { tableName } from '../../config/env.ts';
import type { ReceptionRosterStore, VisitStore } from '../../ports/reception-store.ts';
import { once } from '../once.ts';

const main = () => ({ client: dynamoDocumentClient(), tableName: tableName('main') });

/** Reception days with what generating, editing and publishing the roster needs. */
export const receptionRosterStore = /* @__PURE__ */ once<ReceptionRosterStore>(
  () => new DynamoReceptionStore(main()),
);

export const visitStore = /* @__PURE__ */ once<VisitStore>(() => new DynamoVisitStore(main()));
