import * as z from 'zod';
import { lineText } from '../../schemas/text.ts';
import { receptionRuleSchema, studioRepresentativeSchema } from '../reception/model.ts';
import { MIN_KEYWORD_LENGTH, normalizeText } from '../routing/normalize.ts';

/** Reference data the county's admins maintain. Names are shown to residents, so they are Chinese first. */

const code = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{1,39}$/,
    '只能用小写字母、数字和连字符，2–40 个字符 / lower-case letters, digits and dashes',
  );

/**
 * An extra question a category asks (Open311 calls them a service's attributes): e.g. the number on a street
 * light. Answers travel as `attribute[<code>]` and are added to the petition for the unit.
 */
export const categoryAttributeSchema = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lower-case letters, digits and underscores'),
  datatype: z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
  required: z.boolean().default(false),
  /** The question as residents read it. */
  descriptionZh: z.string().min(1).max(80),
  order: z.number().int().min(1).max(100),
  /** The choices of a list question. */
  values: z
    .array(z.object({ key: z.string().regex(/^[a-z0-9_-]{1,40}$/), nameZh: z.string().min(1).max(40) }))
    .max(50)
    .optional(),
});
export type CategoryAttribute = z.infer<typeof categoryAttributeSchema>;

/** `[longitude, latitude]`, as GeoJSON orders them. */
const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
/** A closed ring: at least four positions, the last equal to the first. */
const ring = z
  .array(position)
  .min(4)
  .max(2000)
  .refine(
    (points) => points[0]![0] === points.at(-1)![0] && points[0]![1] === points.at(-1)![1],
    'a ring ends where it starts',
  );

/** Where a town or street lies (GeoJSON Polygon or MultiPolygon, WGS 84), to place reports by coordinates. */
export const boundarySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1).max(50) }),
  z.object({
    type: z.literal('MultiPolygon'),
    coordinates: z.array(z.array(ring).min(1).max(50)).min(1).max(50),
  }),
]);
export type Boundary = z.infer<typeof boundarySchema>;

export const categorySchema = z.object({
  code,
  nameZh: lineText(1, 30),
  nameEn: lineText(1, 60),
  /** One line shown under the category on the public form. */
  descriptionZh: lineText(0, 80),
  /** Confidential categories (e.g. the studio's mental-health mailbox) are never shown outside the unit. */
  confidential: z.boolean().default(false),
  /** Extra questions for this category (Open311 service attributes); codes are unique. */
  attributes: z
    .array(categoryAttributeSchema)
    .max(20)
    .refine(
      (attributes) => new Set(attributes.map((attribute) => attribute.code)).size === attributes.length,
      'attribute codes are unique',
    )
    .optional(),
});
export type Category = z.infer<typeof categorySchema>;

export const jurisdictionSchema = z.object({
  code,
  nameZh: lineText(1, 30),
  kind: z.enum(['town', 'street', 'township']),
  /** The county seat (城关镇 in the demo): where a petition goes when nothing else names its place. */
  countySeat: z.boolean().optional(),
  boundary: boundarySchema.optional(),
});
export type Jurisdiction = z.infer<typeof jurisdictionSchema>;

/** A town as lists show it: without its boundary, which is large and only placing a point needs. */
export const listedJurisdictionSchema = jurisdictionSchema.omit({ boundary: true });
export type ListedJurisdiction = z.infer<typeof listedJurisdictionSchema>;
export function listedJurisdiction({ boundary: _boundary, ...listed }: Jurisdiction): ListedJurisdiction {
  return listed;
}

export const studioSchema = z.object({
  studioId: code,
  nameZh: lineText(1, 40),
  jurisdictionCode: code,
  address: lineText(0, 80),
  /** The unit whose triage inbox receives this studio's unmatched cases (首接负责制). */
  triageUnitId: code,
  /** 党代表: who sits in the studio on reception days (contact details stay staff-only). */
  representatives: z.array(studioRepresentativeSchema).max(50).optional(),
  /** How reception days are generated; absent: 10th and 20th, moved to the next working day. */
  receptionRule: receptionRuleSchema.optional(),
});
export type Studio = z.infer<typeof studioSchema>;

export const unitSchema = z.object({
  unitId: code,
  nameZh: lineText(1, 40),
  nameEn: lineText(1, 80),
  kind: z.enum(['department', 'serviceTeam', 'petitionOffice', 'studio']),
  /** How new assignments reach the unit: the console (always), plus an e-mail or the unit's own system. */
  delivery: z.enum(['console', 'email', 'webhook']).default('console'),
  contactEmail: z.email().optional(),
  /** The unit's own endpoint for `webhook` delivery: signed JSON (HMAC-SHA256), retried with backoff. */
  webhookUrl: z.url({ protocol: /^https?$/ }).optional(),
  /**
   * The confidential help mailbox (心理帮助信箱) is kept by the unit that lists its designated staff here
   * (usernames of the unit's handlers); only they can open its letters (docs/intake-channels.md).
   */
  helpMailboxStaff: z.array(z.string().min(1).max(60)).max(20).optional(),
  /** Cleared for confidential work (absent: not cleared): only such units hold cases of a confidential category. */
  clearedForConfidential: z.boolean().optional(),
});
export type Unit = z.infer<typeof unitSchema>;

export const routingRuleSchema = z.object({
  ruleId: z.string().regex(/^R\d{1,5}$/, '规则编号为 R 加数字，如 R12 / a rule number such as R12'),
  unitId: code,
  /** Higher wins; ties go to the rule with more matched conditions, then the lower rule number. */
  priority: z.number().int().min(0).max(1000),
  categoryCodes: z.array(code).default([]),
  jurisdictionCodes: z.array(code).default([]),
  /** Matched after folding (routing/normalize.ts); each must keep at least two characters when folded. */
  keywords: z
    .array(
      lineText(1, 20).refine(
        (keyword) => [...normalizeText(keyword)].length >= MIN_KEYWORD_LENGTH,
        `关键词至少 ${MIN_KEYWORD_LENGTH} 个字（不计空格） / a keyword needs at least ${MIN_KEYWORD_LENGTH} characters besides spaces`,
      ),
    )
    .default([]),
  channels: z.array(z.enum(['web', 'email', 'letter', 'visit', 'open311'])).default([]),
  /** When set, the rule only applies to confidential (true) or non-confidential (false) cases. */
  confidential: z.boolean().optional(),
  enabled: z.boolean().default(true),
});
export type RoutingRule = z.infer<typeof routingRuleSchema>;

export interface Catalog {
  readonly categories: readonly Category[];
  readonly jurisdictions: readonly Jurisdiction[];
  readonly studios: readonly Studio[];
  readonly units: readonly Unit[];
  readonly routingRules: readonly RoutingRule[];
}

/**
 * Every unit that may hold a case: county-wide case lists read each one's inbox. A unit that holds cases
 * cannot be deleted (`referrersOf`), so none of them is missing here.
 */
export function unitIdsOf(catalog: Pick<Catalog, 'units'>): string[] {
  return catalog.units.map((unit) => unit.unitId);
}

/** The county petition office: owner of unmatched cases that did not come through a studio. */
export const PETITION_OFFICE_UNIT_ID = 'petition-office';
