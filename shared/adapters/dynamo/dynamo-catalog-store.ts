import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type * as z from 'zod';
import {
  type Catalog,
  categorySchema,
  jurisdictionSchema,
  routingRuleSchema,
  studioSchema,
  unitSchema,
} from '../../domain/reference/model.ts';
import { logger } from '../../logging/logger.ts';
import type { CatalogStore } from '../../ports/catalog-store.ts';
import { batchPut } from './batch-put.ts';
import { isConditionFailure } from './condition-failure.ts';
import { REFERENCE_PK, referenceKey } from './keys.ts';
import { queryPages } from './query-pages.ts';

/** Reference data lives in one partition (`PK = REF`): one Query loads the whole catalog of a county. */

const kinds = {
  CATEGORY: {
    schema: categorySchema,
    id: (value: z.infer<typeof categorySchema>) => value.code,
    list: 'categories',
  },
  JURISDICTION: {
    schema: jurisdictionSchema,
    id: (value: z.infer<typeof jurisdictionSchema>) => value.code,
    list: 'jurisdictions',
  },
  STUDIO: {
    schema: studioSchema,
    id: (value: z.infer<typeof studioSchema>) => value.studioId,
    list: 'studios',
  },
  UNIT: { schema: unitSchema, id: (value: z.infer<typeof unitSchema>) => value.unitId, list: 'units' },
  RULE: {
    schema: routingRuleSchema,
    id: (value: z.infer<typeof routingRuleSchema>) => value.ruleId,
    list: 'routingRules',
  },
} as const;

type Kind = keyof typeof kinds;

/** The catalog list each kind of reference entry belongs to (admin edits name entries by list). */
export type CatalogList = (typeof kinds)[Kind]['list'];
const kindOfList = Object.fromEntries(
  (Object.entries(kinds) as [Kind, (typeof kinds)[Kind]][]).map(([kind, definition]) => [
    definition.list,
    kind,
  ]),
) as Record<CatalogList, Kind>;

export class DynamoCatalogStore implements CatalogStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async load(): Promise<Catalog> {
    const lists: Record<string, unknown[]> = {
      categories: [],
      jurisdictions: [],
      studios: [],
      units: [],
      routingRules: [],
    };
    for await (const page of queryPages(this.#client, {
      TableName: this.#table,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': REFERENCE_PK },
    })) {
      for (const item of page.Items ?? []) {
        const kind = String(item.SK).split('#')[0] as Kind;
        const definition = kinds[kind];
        if (!definition) continue;
        // Stored reference data is validated on the way out too: a bad admin edit must not break routing silently.
        // A routing rule stored before today's rules existed (say, a keyword of one space, which would match
        // every petition) is left out and reported: without it cases go to triage, which is safe; with it
        // every function would fail on the catalog.
        if (definition.list === 'routingRules') {
          const rule = definition.schema.safeParse(item.data);
          if (rule.success) lists.routingRules!.push(rule.data);
          else logger.error('routing rule ignored: it no longer passes validation', { sk: String(item.SK) });
          continue;
        }
        lists[definition.list]!.push(definition.schema.parse(item.data));
      }
    }
    return lists as unknown as Catalog;
  }

  /** Writes one entry (admin edit): validated by its kind's schema first, stored under its id. */
  async put<L extends CatalogList>(
    list: L,
    value: Catalog[L][number],
    options: { readonly createOnly?: boolean } = {},
  ): Promise<'written' | 'exists'> {
    const kind = kindOfList[list];
    const definition = kinds[kind];
    const data = definition.schema.parse(value);
    const id = (definition.id as (value: unknown) => string)(data);
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: { ...referenceKey(kind, id), entity: 'reference', data },
          ...(options.createOnly ? { ConditionExpression: 'attribute_not_exists(PK)' } : {}),
        }),
      );
      return 'written';
    } catch (error) {
      if (options.createOnly && isConditionFailure(error)) return 'exists';
      throw error;
    }
  }

  /** Removes one entry (admin edit); removing an entry that does not exist is not an error. */
  async delete(list: CatalogList, id: string): Promise<void> {
    await this.#client.send(
      new DeleteCommand({ TableName: this.#table, Key: referenceKey(kindOfList[list], id) }),
    );
  }

  async save(catalog: Catalog): Promise<void> {
    const puts: Record<string, unknown>[] = [];
    for (const [kind, definition] of Object.entries(kinds) as [Kind, (typeof kinds)[Kind]][]) {
      for (const value of catalog[definition.list] as unknown[]) {
        const id = (definition.id as (value: unknown) => string)(value);
        puts.push({ ...referenceKey(kind, id), entity: 'reference', data: value });
      }
    }
    await batchPut(this.#client, this.#table, puts);
  }
}

/** Warm functions reuse reference data for a short while instead of reading it on every request. */
export function cachedLoader<T>(
  load: () => Promise<T>,
  ttlMs = 30_000,
  clock: () => number = Date.now,
): () => Promise<T> {
  let cached: { at: number; value: Promise<T> } | undefined;
  return () => {
    const now = clock();
    if (!cached || now - cached.at > ttlMs) {
      const value = load();
      cached = { at: now, value };
      // A failed load is not cached: the next call tries again.
      value.catch(() => {
        cached = undefined;
      });
    }
    return cached.value;
  };
}

export function cachedCatalog(store: CatalogStore, ttlMs = 30_000): () => Promise<Catalog> {
  return cachedLoader(() => store.load(), ttlMs);
}
