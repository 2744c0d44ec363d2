import * as z from 'zod';
import { caseStatuses } from '../../domain/case/model.ts';
import { wordListEntrySchema, wordListSchema } from '../../domain/similarity/lexicon.ts';
import { caseIdPathSchema } from '../../schemas/case-path.ts';
import {
  focusBodySchema,
  runTopicsBodySchema,
  topicPathSchema,
  topicsQuerySchema,
} from '../../use-cases/hot-topics.ts';
import { similarDraftSchema } from '../../use-cases/public-similar.ts';
import { similarDecisionBodySchema, similarPairPathSchema } from '../../use-cases/staff/similar.ts';
import { caseIdSchema, instant } from '../shapes.ts';
import type { OperationMap } from '../spec.ts';

/** Similar cases (可能重复 / 相关诉求), hot topics and 每月一题, the county word list (docs/metrics.md). */

const json = (schema: z.ZodType) => ({ 'application/json': schema });

const similarCaseSchema = z
  .object({
    caseId: caseIdSchema,
    trackingCode: z.string(),
    title: z.string().meta({ description: 'Phone and ID numbers masked' }),
    status: z.enum(caseStatuses),
    unitId: z.string().optional(),
    createdAt: instant,
    kind: z.enum(['duplicate', 'related']).meta({ description: 'duplicate: 可能重复; related: 相关诉求' }),
    score: z.number().meta({ description: 'Jaccard similarity of the two cases’ terms (docs/metrics.md)' }),
    matched: z.array(z.string()).meta({ description: 'The terms both cases share' }),
    decision: z.enum(['duplicate', 'related', 'dismissed']).optional(),
  })
  .meta({ id: 'SimilarCase' });

const similarCasesSchema = z
  .object({
    flag: z.enum(['duplicate', 'related']).nullable(),
    items: z.array(similarCaseSchema),
    decisions: z.array(
      z.object({
        caseId: caseIdSchema,
        otherCaseId: caseIdSchema,
        decision: z.enum(['related', 'dismissed']),
        by: z.string(),
        at: instant,
      }),
    ),
  })
  .meta({ id: 'SimilarCases' });

const hotTopicSchema = z
  .object({
    topicId: z.string(),
    month: z.string(),
    label: z.array(z.string()),
    categoryCode: z.string().optional(),
    size: z.number().int(),
    towns: z.array(z.object({ code: z.string(), cases: z.number().int() })),
    units: z.array(z.object({ unitId: z.string(), cases: z.number().int() })),
    current: z
      .number()
      .int()
      .meta({ description: "Cases of the topic's month carrying the label (the trend's yardstick)" }),
    previous: z
      .array(z.number().int())
      .meta({ description: 'Cases carrying the label in each of the three months before' }),
    trend: z.enum(['new', 'rising', 'steady', 'falling']),
    resolvedShare: z.number(),
    caseIds: z.array(caseIdSchema),
  })
  .meta({ id: 'HotTopic' });

const focusSchema = z
  .object({
    topicId: z.string(),
    month: z.string(),
    label: z.array(z.string()),
    categoryCode: z.string().optional(),
    caseIds: z.array(caseIdSchema),
    ownerUnitId: z.string(),
    deadline: z.string(),
    markedBy: z.string(),
    markedAt: instant,
    progress: z.object({ resolved: z.number().int(), total: z.number().int(), newSince: z.number().int() }),
  })
  .meta({ id: 'TopicFocus', description: '每月一题' });

const topicsSchema = z
  .object({
    month: z.string(),
    computedAt: instant.nullable(),
    topics: z.array(hotTopicSchema),
    focus: z.array(focusSchema),
  })
  .meta({ id: 'HotTopics' });

/** Built-in entries follow the admins' rules except one: an alias may be one character (桥 → 桥梁). */
const builtInEntrySchema = wordListEntrySchema.extend({
  aliases: z.array(z.string().min(1)),
});

const wordListViewSchema = z
  .object({ entries: z.array(wordListEntrySchema), builtIn: z.array(builtInEntrySchema) })
  .meta({ id: 'WordList' });

export const similarOperations = {
  'POST /api/petitions/similar': {
    summary: '附近已有类似诉求: similar petitions in the town, before submitting',
    description:
      'Titles (phone and ID numbers masked) and a coarse status only; never anyone’s text, unit or reply, and never a confidential petition. Nothing is stored.',
    tag: 'Public',
    body: { schema: similarDraftSchema },
    responses: {
      200: {
        description: 'At most five similar petitions',
        content: json(
          z
            .object({ items: z.array(z.object({ title: z.string(), status: z.string() })) })
            .meta({ id: 'SimilarDrafts' }),
        ),
      },
    },
  },
  'GET /api/staff/cases/{caseId}/similar': {
    summary: 'Similar cases of a case and its flag (可能重复 / 相关诉求)',
    tag: 'Cases',
    roles: ['liaison', 'handler', 'supervisor'],
    path: caseIdPathSchema,
    responses: { 200: { description: 'Similar cases, strongest first', content: json(similarCasesSchema) } },
    problems: [404],
  },
  'POST /api/staff/cases/{caseId}/similar/{otherCaseId}': {
    summary: 'Mark a similar case related, or dismiss it',
    description:
      'Remembered on both cases and audited. Linking as a duplicate is the case action `link-duplicate`.',
    tag: 'Cases',
    roles: ['liaison', 'handler', 'supervisor'],
    path: similarPairPathSchema,
    body: { schema: similarDecisionBodySchema },
    responses: {
      200: { description: 'Similar cases after the decision', content: json(similarCasesSchema) },
    },
    problems: [404],
  },
  'GET /api/staff/topics': {
    summary: 'Hot topics of a month, and 每月一题 with progress',
    tag: 'Reports',
    roles: ['supervisor'],
    query: topicsQuerySchema,
    responses: {
      200: { description: 'The month’s topics (empty until computed)', content: json(topicsSchema) },
    },
  },
  'POST /api/staff/topics/run': {
    summary: 'Compute the hot topics of a month now',
    tag: 'Reports',
    roles: ['supervisor'],
    body: { schema: runTopicsBodySchema },
    responses: { 200: { description: 'The month’s topics', content: json(topicsSchema) } },
  },
  'PUT /api/staff/topics/{topicId}/focus': {
    summary: 'Make a topic 每月一题 (owner and deadline)',
    tag: 'Reports',
    roles: ['supervisor'],
    path: topicPathSchema,
    body: { schema: focusBodySchema },
    responses: { 200: { description: 'The month’s topics', content: json(topicsSchema) } },
    problems: [404],
  },
  'GET /api/admin/word-list': {
    summary: 'The county word list (places, local names, complaint terms)',
    tag: 'Admin',
    roles: ['admin'],
    responses: {
      200: { description: 'The admins’ entries and the built-in ones', content: json(wordListViewSchema) },
    },
  },
  'PUT /api/admin/word-list': {
    summary: 'Replace the county word list',
    tag: 'Admin',
    roles: ['admin'],
    body: { schema: wordListSchema },
    responses: { 200: { description: 'The word list', content: json(wordListViewSchema) } },
  },
} satisfies OperationMap;
