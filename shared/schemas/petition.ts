import * as z from 'zod';
import { type UploadRef, uploadKey } from '../domain/attachments/file-names.ts';
import { incomingKeyPattern, MAX_ATTACHMENTS } from '../domain/attachments/limits.ts';
import { petitionTypes } from '../domain/case/petition-types.ts';
import { MAX_SCANNED_PAGES, scanKeyPattern } from '../domain/letters/scans.ts';
import { phoneSchema } from './phone.ts';
import { lineText, paragraphText } from './text.ts';

export const TITLE_MAX = 60;
export const CONTENT_MAX = 2000;

const code = z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, '代码格式不正确 / invalid code');

/**
 * An upload named by its key, or by its key and the file's name on the sender's device (kept, made safe, so
 * staff see "水渠.jpg"; `domain/attachments/file-names.ts`). The bare key stays valid for existing clients.
 */
function uploadRefSchema(pattern: RegExp, message: string) {
  const key = z.string().regex(pattern, message);
  return z.union([key, z.strictObject({ key, name: z.string().trim().min(1).max(200).optional() })]);
}
const eachOnce = (refs: readonly UploadRef[]) => new Set(refs.map(uploadKey)).size === refs.length;

/** `POST /api/petitions` (DESIGN §5). Unknown fields are refused so typos do not pass silently. */
export const submitPetitionSchema = z.strictObject({
  categoryCode: code.optional(),
  /** 信访事项类型, optional: staff set it at triage when the petitioner did not (docs/intake-channels.md). */
  petitionType: z.enum(petitionTypes).optional(),
  /** 检举控告 / 举报 only: the unit the petition accuses; the case never goes to it. */
  accusedUnitId: code.optional(),
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
  /** Photos uploaded with `POST /api/uploads` (keys under `incoming/`), at most three, each once. */
  attachments: z
    .array(uploadRefSchema(incomingKeyPattern, '照片标识不正确 / not an upload key'))
    .max(MAX_ATTACHMENTS, `最多 ${MAX_ATTACHMENTS} 张照片 / at most ${MAX_ATTACHMENTS} photos`)
    .refine(eachOnce, '同一张照片只能添加一次 / each photo once')
    .optional(),
  /** Keep where the photos were taken (GPS); without it the location is removed from every photo. */
  shareLocation: z.boolean().optional(),
  /** `POST /api/phone-verifications` id and the code from the SMS; required when the deployment says so. */
  phoneVerification: z
    .strictObject({
      id: z.uuid(),
      code: z.string().regex(/^\d{6}$/, '请输入 6 位数字验证码 / the 6-digit code'),
    })
    .optional(),
});
export type SubmitPetitionRequest = z.infer<typeof submitPetitionSchema>;

/**
 * What `submitPetition` registers: the form's request, or one an intake channel built (e-mail, Open311)
 * where the phone may be unknown and an e-mail address known (docs/intake-channels.md).
 */
export type PetitionSubmission = Omit<SubmitPetitionRequest, 'petitioner' | 'shareLocation'> & {
  readonly petitioner: Omit<SubmitPetitionRequest['petitioner'], 'phone'> & {
    readonly phone?: string;
    readonly email?: string;
    /** A letter's postal address (staff registration). */
    readonly address?: string;
  };
  readonly shareLocation?: boolean;
};

export const submitPetitionResponseSchema = z.object({
  caseId: z.string(),
  trackingCode: z.string(),
  status: z.string(),
});

/** `GET /api/petitions/{trackingCode}`: the code as typed (normalised by the use case; a wrong one is a 404). */
export const trackingCodePathSchema = z.object({ trackingCode: z.string().min(1).max(20) });

export const trackPetitionQuerySchema = z.object({
  phone: z.string().regex(/^\d{4}$/, '请输入电话号码后四位 / last four digits of the phone number'),
  /** The token of an unlock link (tracking-unlock.ts), after too many wrong digits. */
  unlock: z
    .string()
    .regex(/^\d{1,12}\.[\w-]{32}$/, '解锁链接无效 / invalid unlock link')
    .optional(),
  /** The six-digit unlock code sent by SMS (or e-mail) when the code was locked (tracking-unlock.ts). */
  unlockCode: z
    .string()
    .regex(/^\d{6}$/, '解锁码是短信或邮件中的 6 位数字 / the unlock code is the 6 digits sent to you')
    .optional(),
});

/** A postal address as a letter gives it (where a reply by post goes). */
export const ADDRESS_MAX = 200;

/**
 * `POST /api/staff/cases`: a liaison officer registers a letter (来信) or a walk-in visit (来访; a visit on a
 * reception day goes through the visits route). A letter may give only a postal address instead of a phone:
 * it is answered by post (docs/intake-channels.md).
 */
export const staffRegistrationSchema = submitPetitionSchema
  .omit({ website: true, phoneVerification: true })
  .extend({
    channel: z.enum(['letter', 'visit', 'email']),
    petitioner: z.strictObject({
      name: lineText(1, 30).optional(),
      phone: phoneSchema.optional(),
      /** The sender's postal address; required for a letter without a phone. */
      address: lineText(5, ADDRESS_MAX).optional(),
      anonymous: z.boolean().default(false),
    }),
    /** A letter's scanned pages, uploaded with `POST /api/staff/uploads` (keys under `incoming/scans/`), in order. */
    pages: z
      .array(uploadRefSchema(scanKeyPattern, '扫描页标识不正确 / not a scan upload key'))
      .min(1)
      .max(MAX_SCANNED_PAGES, `最多 ${MAX_SCANNED_PAGES} 页 / at most ${MAX_SCANNED_PAGES} pages`)
      .refine(eachOnce, '同一页只能添加一次 / each page once')
      .optional(),
  })
  .superRefine((value, context) => {
    if (value.petitioner.phone) return;
    if (value.channel !== 'letter')
      context.addIssue({
        code: 'custom',
        path: ['petitioner', 'phone'],
        message: '请填写联系电话 / a phone',
      });
    else if (!value.petitioner.address)
      context.addIssue({
        code: 'custom',
        path: ['petitioner', 'phone'],
        message: '请填写联系电话，或来信上的通信地址 / a phone, or the letter’s postal address',
      });
  });
export type StaffRegistrationRequest = z.infer<typeof staffRegistrationSchema>;
