import { dynamoDocumentClient } from '../../adapters/aws-clients.ts';
import { DynamoOpen311ClientStore } from '../../adapters/dynamo/dynamo-open311-client-store.ts';
import { DynamoOpen311Store } from '../../adapters/dynamo/dynamo-open311-store.ts';
import { open311JurisdictionId, tableName } from '../../config/env.ts';
import type { Open311Client } from '../../domain/open311/clients.ts';
import { enforceRateLimit } from '../../http/rate-limit.ts';
import type { Open311ClientStore } from '../../ports/open311-client-store.ts';
import type { Open311Store } from '../../ports/open311-store.ts';
import type { Open311ReadDeps } from '../../use-cases/open311.ts';
import { once } from '../once.ts';
import { catalog } from './catalog.ts';
import { rateLimiter, rateLimits } from './rate-limiter.ts';

export const open311Store = /* @__PURE__ */ once<Open311Store>(
  () => new DynamoOpen311Store({ client: dynamoDocumentClient(), tableName: tableName('main') }),
);

export const open311ClientStore = /* @__PURE__ */ once<Open311ClientStore>(
  () => new DynamoOpen311ClientStore({ client: dynamoDocumentClient(), tableName: tableName('main') }),
);

/** A client's key counts against the client's own limit (or the `open311` class default), from any address. */
function limitClient(client: Open311Client): Promise<void> {
  return enforceRateLimit(
    { limiter: rateLimiter, limits: rateLimits },
    'open311',
    `open311:${client.clientId}`,
    client.rateLimit,
  ).then(() => undefined);
}

/** What the Open311 use cases read: catalog, GeoReport store, client keys and limits, the county-wide id. */
export const open311ReadDeps = (): Open311ReadDeps => ({
  catalog,
  requests: open311Store(),
  clients: open311ClientStore(),
  countyId: open311JurisdictionId,
  limitClient,
});
