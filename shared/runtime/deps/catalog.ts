import { dynamoDocumentClient } from '../../adapters/aws-clients.ts';
import { cachedLoader, DynamoCatalogStore } from '../../adapters/dynamo/dynamo-catalog-store.ts';
import { tableName } from '../../config/env.ts';
import type { Catalog } from '../../domain/reference/model.ts';
import { once } from '../once.ts';

export const catalogStore = /* @__PURE__ */ once(
  () => new DynamoCatalogStore({ client: dynamoDocumentClient(), tableName: tableName('main') }),
);

const loader = /* @__PURE__ */ once(() => cachedLoader(() => catalogStore().load()));

/** The county's reference data, reloaded every 30 s in a warm function. */
export const catalog = (): Promise<Catalog> => loader()();
