import type { RouteKey } from '../topology.ts';
import { adminOperations } from './operations/admin.ts';
import { contractOperations } from './operations/contract.ts';
import { open311Operations } from './operations/open311.ts';
import { publicOperations } from './operations/public.ts';
import { similarOperations } from './operations/similar.ts';
import { staffOperations } from './operations/staff.ts';
import { studioOperations } from './operations/studios.ts';
import type { OperationSpec } from './spec.ts';

/**
 * Every route of the topology, documented: keyed by route key, so a route added to `shared/topology.ts` without
 * an entry here fails the typecheck (and `test/unit/openapi/document.test.ts`), and an entry for a route that no
 * longer exists fails too. Add a route's entry to the module of its area (`operations/*.ts`), next to the zod
 * schemas its handler parses with (docs/architecture.md, "HTTP contract").
 */
export const operations = {
  ...publicOperations,
  ...staffOperations,
  ...studioOperations,
  ...adminOperations,
  ...open311Operations,
  ...contractOperations,
  ...similarOperations,
} satisfies Record<RouteKey, OperationSpec>;
