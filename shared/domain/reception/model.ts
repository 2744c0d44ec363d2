import * as z from 'zod';

/** 接待日: a day when party representatives sit in a studio to receive residents (公示 once published). */

export const representativeSchema = z.object({
  representativeId: z.string().min(1).max(40),
  name: z.string().min(1).max(30),
  /** e.g. 县党代表、镇党委书记 */
  title: z.string().max(40).default(''),
});
export type Representative = z.infer<typeof representativeSchema>;

export const receptionDaySchema = z.object({
  studioId: z.string().min(1).max(40),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** 值班表: the representatives on duty that day. */
  representatives: z.array(representativeSchema).max(10).default([]),
  published: z.boolean().default(false),
  /** Why the day differs from the 10th/20th rule (a holiday moved it), shown on the public calendar. */
  note: z.string().max(80).optional(),
});
export type ReceptionDay = z.infer<typeof receptionDaySchema>;
