import * as z from 'zod';
import { rejectionGrounds, surveyRatings } from '../domain/case/model.ts';
import { petitionTypes } from '../domain/case/petition-types.ts';
import { lineText, paragraphText } from './text.ts';

/**
 * Bodies of `POST /api/staff/cases/{caseId}/{action}` (DESIGN §5). Every action carries the version the
 * actor saw (`expectedVersion`): a different stored version is a 409 naming who changed the case.
 */

const base = { expectedVersion: z.number().int().positive() };
const reason = lineText(2, 200);
const unitId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/);

export const staffActionSchemas = {
  accept: z.strictObject(base),
  // `grounds`: not ours at all (default), or ours but nothing more will be done; Open311 clients show the two.
  reject: z.strictObject({ ...base, reason, grounds: z.enum(rejectionGrounds).optional() }),
  assign: z.strictObject({ ...base, unitId, reason: reason.optional() }),
  reassign: z.strictObject({ ...base, unitId, reason }),
  acknowledge: z.strictObject(base),
  return: z.strictObject({ ...base, reason }),
  reply: z.strictObject({ ...base, text: paragraphText(5, 4000) }),
  'request-extension': z.strictObject({ ...base, days: z.number().int().min(1).max(90), reason }),
  'decide-extension': z.strictObject({ ...base, approve: z.boolean(), note: lineText(1, 200).optional() }),
  close: z.strictObject({ ...base, summary: paragraphText(1, 1000).optional() }),
  reopen: z.strictObject({ ...base, reason }),
  archive: z.strictObject({ ...base, note: lineText(1, 200).optional() }),
  note: z.strictObject({ ...base, text: paragraphText(1, 2000) }),
  'link-duplicate': z.strictObject({ ...base, duplicateOf: z.string().regex(/^[0-9A-Z]{26}$/, 'a case id') }),
  /** 服务团队: ask one of the representatives' service teams for help; the case stays with its unit. */
  'refer-team': z.strictObject({ ...base, teamId: unitId, question: paragraphText(2, 1000) }),
  /** The team's answer, by a handler of the team that was asked. */
  'team-answer': z.strictObject({ ...base, answer: paragraphText(2, 2000) }),
  callback: z.strictObject({
    ...base,
    rating: z.enum(surveyRatings),
    comment: paragraphText(1, 500).optional(),
    /** 不满意 and the petitioner asked, on the call, for 复查 by the level above. */
    requestReview: z.boolean().optional(),
  }),
  /** 信访事项类型 and, for 检举控告, the accused unit (`null` clears it). */
  classify: z.strictObject({
    ...base,
    petitionType: z.enum(petitionTypes).optional(),
    accusedUnitId: unitId.nullable().optional(),
  }),
  /** Inside the unit: who works the case (a handler's login), or `null` for nobody yet. */
  'assign-owner': z.strictObject({
    ...base,
    ownerId: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{2,59}$/, 'a login')
      .nullable(),
  }),
  /** A 复查 request that came in writing (letter, visit). */
  'request-review': z.strictObject({ ...base, reason }),
  'decide-review': z.strictObject({
    ...base,
    outcome: z.enum(['upheld', 'revised']),
    opinion: paragraphText(5, 4000),
  }),
  'request-recheck': z.strictObject({ ...base, reason }),
  'decide-recheck': z.strictObject({
    ...base,
    outcome: z.enum(['upheld', 'revised']),
    opinion: paragraphText(5, 4000),
  }),
} as const;

export type StaffActionName = keyof typeof staffActionSchemas;
export const staffActionNames = Object.keys(staffActionSchemas) as StaffActionName[];

export const staffActionNameSchema = z.enum(staffActionNames as [StaffActionName, ...StaffActionName[]]);

/** `POST /api/staff/cases/{caseId}/{action}`. */
export const staffActionPathSchema = z.object({
  caseId: z.string().regex(/^[0-9A-Z]{26}$/, 'a case id'),
  action: staffActionNameSchema,
});
