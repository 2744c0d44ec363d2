import type { StaffActor } from '../../auth/claims.ts';
import { eventsFor } from '../../domain/case/confidential-access.ts';
import type { CaseEvent } from '../../domain/case/model.ts';
import type { CaseStore, ReadAudit } from '../../ports/case-store.ts';
import type { DeliveryRecord, DeliveryStore } from '../../ports/delivery-store.ts';
import { loadVisibleCase } from './scoped-cases.ts';

/**
 * What supervisors see besides the case page: the audit trail (every change with who, when and the before
 * and after of each field, plus every staff read and unmask) and how each assignment reached its unit.
 * Both go through the same scoping as the case page; reading the audit trail is itself recorded.
 */

export interface AuditView {
  readonly caseId: string;
  readonly trackingCode: string;
  readonly events: readonly Pick<CaseEvent, 'version' | 'type' | 'at' | 'actor' | 'changes' | 'data'>[];
  readonly reads: readonly Omit<ReadAudit, 'caseId'>[];
}

export async function caseAudit(
  store: CaseStore,
  actor: StaffActor,
  caseId: string,
  now: Date,
): Promise<AuditView> {
  const found = await loadVisibleCase(store, actor, caseId);
  const [events, reads] = await Promise.all([store.timeline(caseId), store.reads(caseId)]);
  await store.recordRead({ caseId, actor, at: now.toISOString(), what: 'audit' });
  return {
    caseId,
    trackingCode: found.trackingCode,
    // The audit trail shows a confidential case's content only to those cleared, like the case page.
    events: eventsFor(actor, found, events).map(({ version, type, at, actor: by, changes, data }) => ({
      version,
      type,
      at,
      actor: by,
      changes,
      data,
    })),
    reads: reads.map(({ caseId: _, ...read }: ReadAudit) => read).sort((a, b) => a.at.localeCompare(b.at)),
  };
}

export async function caseDeliveries(
  deps: { store: CaseStore; deliveries: DeliveryStore },
  actor: StaffActor,
  caseId: string,
): Promise<{ caseId: string; deliveries: DeliveryRecord[] }> {
  await loadVisibleCase(deps.store, actor, caseId);
  const deliveries = await deps.deliveries.forCase(caseId);
  return { caseId, deliveries: deliveries.sort((a, b) => a.version - b.version) };
}
