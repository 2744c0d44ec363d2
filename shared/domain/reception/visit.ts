import * as z from 'zod';
import { maskPhone } from '../../schemas/phone.ts';
import { unrecordedView } from '../case/confidential-access.ts';
import { maskName } from '../case/staff-view.ts';
import { representativeSchema } from './model.ts';

/**
 * 来访登记: one walk-in visit on a reception day, registered by the studio's liaison officer. A visit is
 * answered on the spot or turned into a case (then linked to it). Group visits (集体访) record up to five
 * representatives who received them.
 */

export const visitOutcomes = ['answered', 'case'] as const;
export type VisitOutcome = (typeof visitOutcomes)[number];

export const MAX_VISIT_REPRESENTATIVES = 5;

export const visitSchema = z.object({
  visitId: z.string().min(1),
  studioId: z.string().min(1),
  /** The reception day (`YYYY-MM-DD`). */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  visitor: z.object({
    name: z.string().min(1).max(30),
    /** Normalised; optional for visits answered on the spot. */
    phone: z.string().optional(),
  }),
  /** People in the visiting group (1 for a single visitor). */
  groupSize: z.number().int().min(1).max(500).default(1),
  /**
   * 意见建议: how many opinions, suggestions or requests the visit brought (0 for a visit that only asked
   * for information). The studio's "suggestions collected" figure adds these up (docs/metrics.md).
   */
  suggestions: z.number().int().min(0).max(50).default(1),
  /** 问题分类 of a visit answered on the spot (a visit that became a case is classified on the case). */
  categoryCode: z.string().optional(),
  representatives: z.array(representativeSchema).min(1).max(MAX_VISIT_REPRESENTATIVES),
  summary: z.string().min(1).max(2000),
  outcome: z.enum(visitOutcomes),
  /** What the visitor was told, for visits answered on the spot. */
  answer: z.string().max(2000).optional(),
  caseId: z.string().optional(),
  trackingCode: z.string().optional(),
  /** Turned into a confidential case: its summary is that case's content (confidential-access.ts). */
  confidential: z.boolean().optional(),
  registeredBy: z.string().min(1),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Visit = z.infer<typeof visitSchema>;

/**
 * How lists show a visit: the visitor masked (DESIGN §6), the summary of one that became a confidential case
 * masked like the case's content, everything else as registered.
 */
export interface VisitListItem extends Omit<Visit, 'visitor'> {
  readonly visitor: { readonly name: string; readonly phone: string | null; readonly masked: true };
}

export function toVisitListItem(visit: Visit): VisitListItem {
  return {
    ...unrecordedView(visit),
    visitor: {
      name: maskName(visit.visitor.name, false),
      phone: visit.visitor.phone ? maskPhone(visit.visitor.phone) : null,
      masked: true,
    },
  };
}
