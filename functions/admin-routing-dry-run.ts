import { parseJsonBody } from '../shared/http/body.ts';
import { json } from '../shared/http/responses.ts';
import { staffHandler } from '../shared/http/staff-handler.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { catalogStore } from '../shared/runtime/deps/catalog.ts';
import { metricsStore } from '../shared/runtime/deps/metrics.ts';
import { dryRun, dryRunSchema } from '../shared/use-cases/admin/routing-dry-run.ts';

/** Which unit the router would pick for a petition, and what share of recent cases a draft rule takes. */
export const handler = staffHandler(['admin'], async (event) => {
  const request = parseJsonBody(event, dryRunSchema);
  return json(
    200,
    await dryRun(
      {
        catalog: () => catalogStore().load(),
        registeredIn: async (month) => metricsStore().facts(month as never),
        routingSubjects: (caseIds) => caseStore().routingSubjects(caseIds),
      },
      request,
      new Date(),
    ),
  );
});
