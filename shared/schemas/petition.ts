import * as z from 'zod';
import { phoneSchema } from './phone.ts';
import { lineText, paragraphText } from './text.ts';

export const TITLE_MAX = 60;
export const CONTENT_MAX = 2000;

const code = z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, '代码格式不正确 / invalid code');

/** `POST /api/petitions` (DESIGN §5). Unknown fields are refused so typos do not pass silently. */
export const submitPetitionSchema = z.strictObject({
  categoryCode: code.optional(),
  jurisdictionCode: code,
  title: lineText(2, TITLE_MAX),
  content: paragraphText(5, CONTENT_MAX),
  petitioner: z.strictObject({
    name: lineText(1, 30).optional(),
    phone: phoneSchema,
    anonymous: z.boolean().default(false),
  }),
  confidential: z.boolean().default(false),
  /** Public-form honeypot: invisible to people, filled in by naive bots. */
  website: z.string().max(200).optional(),
});
export type SubmitPetitionRequest = z.infer<typeof submitPetitionSchema>;

export const submitPetitionResponseSchema = z.object({
  caseId: z.string(),
  trackingCode: z.string(),
  status: z.string(),
});

export const trackPetitionQuerySchema = z.object({
  phone: z.string().regex(/^\d{4}$/, '请输入电话号码后四位 / last four digits of the phone number'),
});

/** `POST /api/staff/cases`: a liaison officer registers a letter (来信) or a reception-day visit (来访). */
export const staffRegistrationSchema = submitPetitionSchema.omit({ website: true }).extend({
  channel: z.enum(['letter', 'visit', 'email']),
});
export type StaffRegistrationRequest = z.infer<typeof staffRegistrationSchema>;
