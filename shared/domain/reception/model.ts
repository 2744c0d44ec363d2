import * as z from 'zod';
import { lineText } from '../../schemas/text.ts';

/** 接待日: a day when party representatives sit in a studio to receive residents (公示 once published). */

export const representativeSchema = z.object({
  representativeId: z.string().min(1).max(40),
  name: lineText(1, 30),
  /** e.g. 县党代表、镇党委书记 */
  title: lineText(0, 40).default(''),
});
export type Representative = z.infer<typeof representativeSchema>;

/**
 * A representative as the studio's reference data holds them: the public part (name, title) plus how the
 * duty reminder reaches them. Contact details never leave staff-only paths (the public catalog strips them).
 */
export const studioRepresentativeSchema = representativeSchema.extend({
  /** Normalised like petitioners' phones: 11-digit mobile or `0AAA-NNNNNNN`. */
  phone: z
    .string()
    .regex(/^(1[3-9]\d{9}|0\d{2,3}-\d{7,8})$/)
    .optional(),
  email: z.email().optional(),
  /** Inactive representatives stay on record (old rosters name them) but are no longer rostered. */
  active: z.boolean().default(true),
});
export type StudioRepresentative = z.infer<typeof studioRepresentativeSchema>;

/**
 * What happens to a reception day that falls on a weekend or holiday: moved to the next or the previous
 * working day, kept (reception takes place on the holiday), or skipped (no reception that time).
 */
export const receptionMoveRules = ['nextWorkday', 'previousWorkday', 'keep', 'skip'] as const;
export type ReceptionMoveRule = (typeof receptionMoveRules)[number];

/**
 * How a studio's reception days are generated. The defaults are the studios' custom: the 10th and 20th of
 * every month, moved to the next working day when they fall on a weekend or holiday.
 */
export const receptionRuleSchema = z.object({
  /** Days of the month; a day past the month's end (e.g. 31 in April) means the month's last day. */
  daysOfMonth: z.array(z.number().int().min(1).max(31)).min(1).max(8).default([10, 20]),
  onNonWorkday: z.enum(receptionMoveRules).default('nextWorkday'),
  /** Representatives rostered per generated day (rotating through the studio's active representatives). */
  representativesPerDay: z.number().int().min(1).max(5).default(2),
  /** Shown on the public calendar, e.g. `09:00-11:30`. */
  hours: z
    .string()
    .regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/)
    .default('09:00-11:30'),
});
export type ReceptionRule = z.infer<typeof receptionRuleSchema>;

export const defaultReceptionRule: ReceptionRule = receptionRuleSchema.parse({});

export const receptionDaySchema = z.object({
  studioId: z.string().min(1).max(40),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** 值班表: the representatives on duty that day. */
  representatives: z.array(representativeSchema).max(10).default([]),
  published: z.boolean().default(false),
  /** Why the day differs from the 10th/20th rule (a holiday moved it), shown on the public calendar. */
  note: lineText(0, 80).optional(),
  /** The day of the rule this reception day stands for (the 10th or 20th), when it was moved. */
  nominalDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  /** Opening hours, e.g. `09:00-11:30`. */
  hours: z
    .string()
    .regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/)
    .optional(),
  /** The move relied on a year without an official holiday schedule (docs/deadlines.md). */
  provisional: z.boolean().optional(),
  publishedAt: z.string().optional(),
  updatedAt: z.string().optional(),
  /** Staff id of the last editor, or `system` for generated days. */
  updatedBy: z.string().optional(),
});
export type ReceptionDay = z.infer<typeof receptionDaySchema>;
