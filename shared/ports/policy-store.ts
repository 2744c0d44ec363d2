import type { SlaPolicy } from '../domain/policy/sla-policy.ts';

/**
 * SLA policies the admins edit (docs/deadlines.md). An empty store means "the defaults": the first admin edit
 * writes the defaults together with the edited policy, so the catch-all never silently disappears.
 */
export interface PolicyStore {
  /** The stored policies, in `policyId` order; empty when no admin has edited any yet. */
  list(): Promise<SlaPolicy[]>;
  save(policies: readonly SlaPolicy[], by: string): Promise<void>;
  delete(policyId: string): Promise<void>;
}
