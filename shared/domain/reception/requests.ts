import * as z from 'zod';
import { CONTENT_MAX, TITLE_MAX } from '../../schemas/petition.ts';
import { phoneSchema } from '../../schemas/phone.ts';
import { lineText, paragraphText } from '../../schemas/text.ts';
import { isLocalDate, type LocalDate } from '../calendar/shanghai-time.ts';
import { MAX_VISIT_REPRESENTATIVES } from './visit.ts';

/** Request bodies and query strings of the reception-day staff routes. */

const code = z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, '代码格式不正确 / invalid code');
export const monthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式为 YYYY-MM / a month as YYYY-MM');
export const studioIdSchema = code;

/** `?studioId&month`: a studio's roster of a month (staff). */
export const studioMonthQuerySchema = z.object({ studioId: studioIdSchema, month: monthSchema });

/** `{studioId}/{date}`: one reception day, a date the work calendar supports. */
export const receptionDayPathSchema = z.object({
  studioId: studioIdSchema,
  date: z
    .string()
    .refine(
      (value) => isLocalDate(value) && value >= '2000-01-01' && value <= '2098-12-31',
      '日期格式为 YYYY-MM-DD / a date',
    )
    .transform((value) => value as LocalDate),
});

const representativeIds = z
  .array(z.string().min(1).max(40))
  .refine((ids) => new Set(ids).size === ids.length, '同一位代表只能出现一次 / each representative once');

/** `GET /api/staff/ledger`: the service record book of a studio and month. */
export const ledgerQuerySchema = z.object({
  studioId: code,
  month: monthSchema,
  /** `csv` (default), `xlsx`, or `json` (the print view). */
  format: z.enum(['csv', 'xlsx', 'json']).default('csv'),
});

/** `GET /api/staff/studio-report`: a studio's figures by month and since the start. */
export const studioReportQuerySchema = z.object({ studioId: code });

/** `POST /api/staff/reception-days/generate` */
export const generateDaysSchema = z.strictObject({
  studioId: code,
  month: monthSchema,
  /** Publish (公示) the month's days right away. */
  publish: z.boolean().default(false),
});

/** `PUT /api/staff/reception-days/{studioId}/{date}`: the duty roster, note, hours, publication. */
export const updateDaySchema = z.strictObject({
  expectedUpdatedAt: z.string().max(40).optional(),
  representativeIds: representativeIds.max(10).optional(),
  published: z.boolean().optional(),
  note: lineText(1, 80).nullable().optional(),
  hours: z
    .string()
    .regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, '时间格式为 09:00-11:30 / hours as 09:00-11:30')
    .nullable()
    .optional(),
});
export type UpdateDayRequest = z.infer<typeof updateDaySchema>;

/** `POST /api/staff/reception-days/{studioId}/{date}/visits`: one walk-in visit (来访登记). */
export const registerVisitSchema = z
  .strictObject({
    visitor: z.strictObject({
      name: lineText(1, 30),
      phone: phoneSchema.optional(),
    }),
    /** 集体访: people in the group. */
    groupSize: z.number().int().min(1).max(500).default(1),
    /** 意见建议条数: opinions or requests the visit brought; 0 for a question answered with information only. */
    suggestions: z.number().int().min(0).max(50).default(1),
    /** 问题分类 of a visit answered on the spot. */
    categoryCode: code.optional(),
    /** The representatives who received the visitor (up to five for a group). */
    representativeIds: representativeIds.min(1).max(MAX_VISIT_REPRESENTATIVES),
    summary: paragraphText(5, CONTENT_MAX),
    outcome: z.enum(['answered', 'case']),
    /** What the visitor was told (answered on the spot). */
    answer: paragraphText(2, 2000).optional(),
    /** Turned into a case: the petition's title and classification; the summary becomes its content. */
    case: z
      .strictObject({
        title: lineText(2, TITLE_MAX),
        categoryCode: code.optional(),
        /** Default: the studio's town. */
        jurisdictionCode: code.optional(),
        confidential: z.boolean().default(false),
      })
      .optional(),
  })
  .superRefine((value, context) => {
    if (value.outcome === 'answered' && !value.answer)
      context.addIssue({
        code: 'custom',
        path: ['answer'],
        message: '请填写当场答复的内容 / what was answered',
      });
    if (value.outcome === 'case') {
      if (!value.case)
        context.addIssue({
          code: 'custom',
          path: ['case'],
          message: '转为诉求时请填写标题 / a title for the case',
        });
      if (!value.visitor.phone)
        context.addIssue({
          code: 'custom',
          path: ['visitor', 'phone'],
          message: '转为诉求时需要来访人电话（用于查询和回复） / a phone for tracking and the reply',
        });
    }
    if (value.outcome === 'case' && value.suggestions === 0)
      context.addIssue({
        code: 'custom',
        path: ['suggestions'],
        message: '转为诉求的来访至少有一条意见建议 / a visit that becomes a case brings at least one',
      });
    if (value.outcome === 'answered' && value.case)
      context.addIssue({ code: 'custom', path: ['case'], message: '当场答复无需诉求信息 / only for cases' });
  });
export type RegisterVisitRequest = z.infer<typeof registerVisitSchema>;
