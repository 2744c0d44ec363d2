import * as z from 'zod';
import { caseStatuses } from '../../domain/case/model.ts';
import { reportSettingsSchema } from '../../domain/metrics/settings.ts';
import { LEDGER_COLUMNS } from '../../domain/reception/ledger.ts';
import { receptionDaySchema, representativeSchema } from '../../domain/reception/model.ts';
import { visitOutcomes } from '../../domain/reception/visit.ts';
import { caseIdSchema, instant } from '../shapes.ts';

/** Shapes of the staff answers that are their own documents: the report card, a generated month, visits. */

const ratio = z.object({
  numerator: z.number().int(),
  denominator: z.number().int(),
  rate: z.number().nullable().meta({ description: 'numerator / denominator, null without a denominator' }),
});

const metrics = {
  received: z.number().int(),
  rejected: z.number().int(),
  due: z.number().int().meta({ description: 'Reply deadlines that fell in the month' }),
  replied: z.number().int(),
  closed: z.number().int(),
  openOverdue: z.number().int(),
  responseRate: ratio,
  resolutionRate: ratio,
  satisfactionRate: ratio.extend({
    satisfied: z.number().int(),
    basicallySatisfied: z.number().int(),
    dissatisfied: z.number().int(),
    noResponse: z.number().int(),
  }),
  onTimeCloseRate: ratio,
  overdue: z.number().int(),
  reviews: z.number().int(),
  medianWorkingDaysToReply: z.number().nullable(),
  sample: z.number().int().meta({ description: 'Items judged: the sample the score rests on' }),
  score: z.number().nullable(),
};

const unitCard = z.object({
  ...metrics,
  unitId: z.string(),
  unitName: z.string(),
  rank: z.number().int().nullable(),
  sampleTooSmall: z.boolean().meta({ description: '样本不足: listed apart, never ranked' }),
});

export const reportCardSchema = z
  .object({
    month: z.string().regex(/^\d{4}-\d{2}$/),
    asOf: instant,
    frozen: z.boolean(),
    frozenAt: instant.optional(),
    settings: reportSettingsSchema,
    county: z.object(metrics),
    units: z.array(unitCard),
    studios: z.array(
      z.object({
        studioId: z.string(),
        studioName: z.string(),
        visitors: z.number().int(),
        suggestions: z.number().int(),
        closed: z.number().int(),
      }),
    ),
    unassigned: z.number().int(),
    cumulative: z
      .object({
        since: z.string().regex(/^\d{4}-\d{2}$/),
        asOf: instant,
        county: z.object(metrics),
        units: z.array(unitCard),
      })
      .optional()
      .meta({
        description: '截至目前: the same card over everything up to asOf (downloads always carry it)',
      }),
  })
  .meta({ id: 'ReportCard' });

export const generatedMonthSchema = z
  .object({
    studioId: z.string(),
    month: z.string(),
    created: z.number().int(),
    published: z.number().int(),
    days: z.array(receptionDaySchema),
  })
  .meta({ id: 'GeneratedMonth' });

export const visitListItemSchema = z
  .object({
    visitId: z.string(),
    studioId: z.string(),
    date: z.string(),
    visitor: z.object({ name: z.string(), phone: z.string().nullable(), masked: z.literal(true) }),
    groupSize: z.number().int(),
    suggestions: z.number().int().meta({ description: 'Opinions or requests the visit brought (意见建议)' }),
    categoryCode: z.string().optional(),
    representatives: z.array(representativeSchema),
    summary: z.string(),
    outcome: z.enum(visitOutcomes),
    answer: z.string().optional(),
    caseId: caseIdSchema.optional(),
    trackingCode: z.string().optional(),
    registeredBy: z.string(),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: 'Visit' });

export const registeredVisitSchema = z
  .object({
    visit: visitListItemSchema,
    case: z
      .object({ caseId: caseIdSchema, trackingCode: z.string(), status: z.enum(caseStatuses) })
      .optional(),
    replayed: z.boolean(),
  })
  .meta({ id: 'RegisteredVisit' });

export const serviceLedgerSchema = z
  .object({
    studio: z.object({ studioId: z.string(), name: z.string() }),
    month: z.string().regex(/^\d{4}-\d{2}$/),
    columns: z.array(
      z.object({ key: z.enum(LEDGER_COLUMNS.map((column) => column.key)), header: z.string() }),
    ),
    rows: z.array(
      z.object(Object.fromEntries(LEDGER_COLUMNS.map((column) => [column.key, z.string()]))).meta({
        description: 'One line of the book, by column key; people masked, confidential cases without text',
      }),
    ),
  })
  .meta({ id: 'ServiceLedger' });
