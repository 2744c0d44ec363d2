import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { caseStatuses, channels, surveyRatings } from '../../domain/case/model.ts';
import type { CaseFact, ReportMonth } from '../../domain/metrics/facts.ts';
import type { ReportCard } from '../../domain/metrics/report-card.ts';
import { type ReportSettings, reportSettingsSchema } from '../../domain/metrics/settings.ts';
import type { MetricsStore } from '../../ports/metrics-store.ts';
import { isConditionFailure } from './condition-failure.ts';
import { queryPages } from './query-pages.ts';

/**
 * Metrics items (docs/metrics.md):
 *   fact          PK `METRICS#<YYYY-MM>`  SK `FACT#<caseId>`   facts table: one per case, in the month it was registered
 *   frozen card   PK `REPORT#<YYYY-MM>`   SK `CARD`            main table
 *   settings      PK `CONFIG`             SK `REPORT_SETTINGS` main table
 * A month is one partition: the report reads it with one paged Query, never a full-table read. The facts are
 * in a table without a stream: two fact writes per case would otherwise be stream records both stream
 * consumers read and skip.
 */

export const metricsPartition = (month: string) => `METRICS#${month}`;
export const factKey = (month: string, caseId: string) => ({
  PK: metricsPartition(month),
  SK: `FACT#${caseId}`,
});
export const reportCardKey = (month: string) => ({ PK: `REPORT#${month}`, SK: 'CARD' });
export const reportSettingsKey = { PK: 'CONFIG', SK: 'REPORT_SETTINGS' } as const;

/** Replaced on every write (absent ones removed). */
const plainFields = [
  'month',
  'version',
  'status',
  'channel',
  'unitId',
  'studioId',
  'categoryCode',
  'registeredAt',
  'assignedAt',
  'acknowledgeBy',
  'respondedAt',
  'replyBy',
  'repliedAt',
  'closedAt',
  'archivedAt',
  'archiveReason',
  'surveyStatus',
  'rating',
  'answeredAt',
  'reopenCount',
] as const satisfies readonly (keyof CaseFact)[];

const factItemSchema = z.object({
  caseId: z.string(),
  month: z.string(),
  version: z.number().int(),
  status: z.enum(caseStatuses),
  channel: z.enum(channels),
  unitId: z.string().optional(),
  studioId: z.string().optional(),
  categoryCode: z.string().optional(),
  registeredAt: z.string(),
  assignedAt: z.string().optional(),
  acknowledgeBy: z.string().optional(),
  respondedAt: z.string().optional(),
  replyBy: z.string().optional(),
  repliedAt: z.string().optional(),
  closedAt: z.string().optional(),
  archivedAt: z.string().optional(),
  archiveReason: z.enum(['survey', 'no_response', 'callback', 'supervisor', 'concluded']).optional(),
  surveyStatus: z.enum(['pending', 'answered', 'expired', 'withdrawn']).optional(),
  rating: z.enum(surveyRatings).optional(),
  answeredAt: z.string().optional(),
  reopenCount: z.number().int(),
  carded: z.boolean().default(false),
  workingDaysToReply: z.number().int().optional(),
});

export interface DynamoMetricsStoreOptions {
  readonly client: DynamoDBDocumentClient;
  /** The main table: frozen cards and report settings. */
  readonly tableName: string;
  /** The facts table. */
  readonly factsTableName: string;
}

export class DynamoMetricsStore implements MetricsStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #factsTable: string;

  constructor(options: DynamoMetricsStoreOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
    this.#factsTable = options.factsTableName;
  }

  async putFact(fact: CaseFact): Promise<'written' | 'stale'> {
    const names: Record<string, string> = { '#entity': 'entity', '#caseId': 'caseId' };
    const values: Record<string, unknown> = { ':entity': 'metricsFact', ':caseId': fact.caseId };
    const set = ['#entity = :entity', '#caseId = :caseId'];
    const remove: string[] = [];
    for (const field of plainFields) {
      names[`#${field}`] = field;
      const value = fact[field];
      if (value === undefined) remove.push(`#${field}`);
      else {
        set.push(`#${field} = :${field}`);
        values[`:${field}`] = value;
      }
    }
    // Sticky: once carded, always counted; the first reply's duration survives a review's second reply.
    if (fact.carded) {
      names['#carded'] = 'carded';
      values[':carded'] = true;
      set.push('#carded = :carded');
    }
    if (fact.workingDaysToReply !== undefined) {
      names['#days'] = 'workingDaysToReply';
      values[':days'] = fact.workingDaysToReply;
      set.push('#days = :days');
    }
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#factsTable,
          Key: factKey(fact.month, fact.caseId),
          UpdateExpression: `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`,
          // Same version again (a replayed record) rewrites the same values; an older one changes nothing.
          ConditionExpression: 'attribute_not_exists(#version) OR #version <= :version',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return 'written';
    } catch (error) {
      if (isConditionFailure(error)) return 'stale';
      throw error;
    }
  }

  async facts(month: ReportMonth): Promise<CaseFact[]> {
    const facts: CaseFact[] = [];
    for await (const page of queryPages(this.#client, {
      TableName: this.#factsTable,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': metricsPartition(month), ':prefix': 'FACT#' },
    })) {
      for (const item of page.Items ?? []) facts.push(factItemSchema.parse(item) as CaseFact);
    }
    return facts;
  }

  async frozenCard(month: ReportMonth): Promise<ReportCard | null> {
    const result = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: reportCardKey(month), ConsistentRead: true }),
    );
    return result.Item ? (result.Item.card as ReportCard) : null;
  }

  async freezeCard(card: ReportCard): Promise<'frozen' | 'already-frozen'> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: { ...reportCardKey(card.month), entity: 'reportCard', month: card.month, card },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return 'frozen';
    } catch (error) {
      if (isConditionFailure(error)) return 'already-frozen';
      throw error;
    }
  }

  async settings(): Promise<ReportSettings> {
    const result = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: reportSettingsKey }),
    );
    return reportSettingsSchema.parse(result.Item?.settings ?? {});
  }

  async saveSettings(settings: ReportSettings): Promise<void> {
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: {
          ...reportSettingsKey,
          entity: 'reportSettings',
          settings: reportSettingsSchema.parse(settings),
        },
      }),
    );
  }
}
