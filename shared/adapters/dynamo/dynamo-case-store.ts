import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  CaseVersionConflictError,
  IdempotencyKeyReusedError,
  SameTextRegisteredError,
  TrackingCodeTakenError,
} from '../../domain/case/errors.ts';
import type { Decision } from '../../domain/case/lifecycle.ts';
import {
  type Actor,
  type Case,
  type CaseEvent,
  type CaseStatus,
  caseStatuses,
  type DueKind,
} from '../../domain/case/model.ts';
import { EventDoesNotFollowError, replayEvent } from '../../domain/case/replay.ts';
import type {
  CaseStore,
  CaseSummary,
  CreateResult,
  DueEntry,
  IdempotencyGuard,
  OwnedCaseSummary,
  Page,
  PageRequest,
  ReadAudit,
  RoutingSubject,
} from '../../ports/case-store.ts';
import { caseSummaryOf } from '../../topology.ts';
import {
  dueAfterEvent,
  fromCaseItem,
  fromEventItem,
  referralItems,
  toCaseItem,
  toEventItem,
} from './case-items.ts';
import { cancellationCodes, isConditionFailure } from './condition-failure.ts';
import { type CursorSecret, cursorKey, decodeCursor, encodeCursor } from './cursor.ts';
import {
  caseKey,
  casePartition,
  duePartition,
  eventKey,
  flagPartition,
  idempotencyKey,
  inboxPartition,
  ownerPartition,
  readAuditKey,
  type SupervisorFlag,
  studioCasesPartition,
  trackingKey,
  UPPER_BOUND,
} from './keys.ts';
import { mergePartitionReads, type PartitionRead } from './merge-partitions.ts';
import { queryPages } from './query-pages.ts';

export interface DynamoCaseStoreOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /**
   * Only registrations write idempotency guards. A function reads the table's name only when it registers:
   * in the cloud the others are not told it (their environment names only the tables they use).
   */
  readonly idempotencyTableName: string | (() => string);
  readonly cursorSecret: CursorSecret;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

type QueryInput = Omit<
  ConstructorParameters<typeof QueryCommand>[0],
  'TableName' | 'ExclusiveStartKey' | 'Limit'
>;

/** A list's text search: keeps the page's cases whose title contains `text` (a filter on what the Query read). */
function withTitleFilter(input: QueryInput, text: string | undefined): QueryInput {
  if (!text) return input;
  return {
    ...input,
    FilterExpression: 'contains(#title, :title)',
    ExpressionAttributeNames: { ...input.ExpressionAttributeNames, '#title': 'title' },
    ExpressionAttributeValues: { ...input.ExpressionAttributeValues, ':title': text },
  };
}

export class DynamoCaseStore implements CaseStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #idempotencyTableName: string | (() => string);
  readonly #cursorSecret: CursorSecret;

  constructor(options: DynamoCaseStoreOptions) {
    this.#cursorSecret = options.cursorSecret;
    this.#client = options.client;
    this.#table = options.tableName;
    this.#idempotencyTableName = options.idempotencyTableName;
  }

  get #idempotencyTable(): string {
    const name = this.#idempotencyTableName;
    return typeof name === 'string' ? name : name();
  }

  async create(decision: Decision, guards: readonly IdempotencyGuard[]): Promise<CreateResult> {
    const created = decision.case;
    const nowSeconds = Math.floor(Date.parse(created.createdAt) / 1000);
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.#table,
          Item: toCaseItem(created),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      {
        Put: {
          TableName: this.#table,
          Item: toEventItem(decision.event, created),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      {
        Put: {
          TableName: this.#table,
          Item: { ...trackingKey(created.trackingCode), entity: 'tracking', caseId: created.caseId },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      ...guards.map(
        (guard): TransactItem => ({
          Put: {
            TableName: this.#idempotencyTable,
            Item: {
              ...idempotencyKey(guard.scope, guard.key),
              caseId: created.caseId,
              fingerprint: guard.fingerprint,
              expiresAt: Math.floor(guard.expiresAt.getTime() / 1000),
            },
            // An expired guard that TTL has not deleted yet must not block a new submission.
            ConditionExpression: 'attribute_not_exists(id) OR expiresAt < :now',
            ExpressionAttributeValues: { ':now': nowSeconds },
          },
        }),
      ),
    ];
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#client.send(new TransactWriteCommand({ TransactItems: items }));
        return { outcome: 'created', case: created };
      } catch (error) {
        const codes = cancellationCodes(error);
        if (!codes) throw error;
        const guardIndex = codes.findIndex((code, index) => index >= 3 && code === 'ConditionalCheckFailed');
        if (guardIndex >= 3) {
          const guard = guards[guardIndex - 3]!;
          if (guard.onConflict === 'report') throw new SameTextRegisteredError(await this.#guardCase(guard));
          return this.#replay(guard);
        }
        if (codes[2] === 'ConditionalCheckFailed') throw new TrackingCodeTakenError(created.trackingCode);
        // Two identical submissions racing on the same guard: DynamoDB cancels one with TransactionConflict.
        // After a short pause the winner has committed and this attempt resolves to a replay.
        if (codes.includes('TransactionConflict') && attempt < 8) {
          await sleep(15 * attempt + Math.random() * 25);
          continue;
        }
        throw error;
      }
    }
  }

  async #guardCase(guard: IdempotencyGuard): Promise<string> {
    const stored = await this.#client.send(
      new GetCommand({
        TableName: this.#idempotencyTable,
        Key: idempotencyKey(guard.scope, guard.key),
        ConsistentRead: true,
      }),
    );
    if (!stored.Item) throw new Error('idempotency guard vanished between write and read');
    return String(stored.Item.caseId);
  }

  async #replay(guard: IdempotencyGuard): Promise<CreateResult> {
    const stored = await this.#client.send(
      new GetCommand({
        TableName: this.#idempotencyTable,
        Key: idempotencyKey(guard.scope, guard.key),
        ConsistentRead: true,
      }),
    );
    if (!stored.Item) throw new Error('idempotency guard vanished between write and read');
    if (stored.Item.fingerprint !== guard.fingerprint) throw new IdempotencyKeyReusedError();
    const existing = await this.get(String(stored.Item.caseId));
    if (!existing) throw new Error('idempotency guard points to a missing case');
    return { outcome: 'replayed', case: existing };
  }

  /**
   * A change is two conditional single-item writes, the event first (docs/data-model.md, "Writing a change"):
   * a transaction would do the same atomically at twice the write units, index updates included.
   *
   * 1. The event claims the version (`attribute_not_exists`): of two writers deciding from the same version,
   *    exactly one gets past this line. The loser completes whatever change holds the version (it may be
   *    stalled) and reports the conflict, as before.
   * 2. The team's referral copies, then the case, if it is still at the version the change was decided from.
   *    The case can only have moved on if someone completed this very change from its event, so a failed
   *    condition there means done.
   *
   * A writer that stops after 1 leaves the event ahead of the case. The stream dispatcher completes it before
   * it sends anything the event set in motion (`completeChange`), and so does the next writer of the case.
   */
  async commit(decision: Decision): Promise<void> {
    const expectedVersion = decision.case.version - 1;
    const caseId = decision.case.caseId;
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: toEventItem(decision.event, decision.case),
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const current = await this.#completeUpTo(caseId, decision.event.version);
      throw await this.#conflict(caseId, expectedVersion, current);
    }
    await this.#writeChangedCase(decision);
  }

  /**
   * Makes sure the case has reached `version` if that version's event was written: a writer that stopped between
   * its two writes left the event ahead of the case, and the change is finished here from the event.
   */
  async completeChange(caseId: string, version: number): Promise<void> {
    await this.#completeUpTo(caseId, version);
  }

  /** `completeChange`, answering the case as it ends up (read after the last write). */
  async #completeUpTo(caseId: string, version: number): Promise<Case | null> {
    let current = await this.get(caseId);
    // One change at a time: a version's event exists only once the case reached the version before it.
    while (current && current.version < version) {
      const pending = await this.#client.send(
        new GetCommand({
          TableName: this.#table,
          Key: eventKey(caseId, current.version + 1),
          ConsistentRead: true,
        }),
      );
      if (!pending.Item) return current;
      const event = fromEventItem(pending.Item);
      let changed: Case;
      try {
        changed = replayEvent(current, event, dueAfterEvent(pending.Item));
      } catch (error) {
        // Not this case's next event (only a hand-made item can be): nothing a replay may complete. A writer
        // deciding from this version still gets its conflict.
        if (error instanceof EventDoesNotFollowError) return current;
        throw error;
      }
      await this.#writeChangedCase({ event, case: changed });
      current = await this.get(caseId);
    }
    return current;
  }

  async #writeChangedCase(decision: Decision): Promise<void> {
    // Idempotent copies, written before the case: a change the case shows always has its referral copies.
    await Promise.all(
      referralItems(decision).map((Item) =>
        this.#client.send(new PutCommand({ TableName: this.#table, Item })),
      ),
    );
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: toCaseItem(decision.case),
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': decision.case.version - 1 },
        }),
      );
    } catch (error) {
      // Only this change's completion, from its event, can have moved the case past the expected version.
      if (!isConditionFailure(error)) throw error;
    }
  }

  async #conflict(
    caseId: string,
    expectedVersion: number,
    current: Case | null,
  ): Promise<CaseVersionConflictError> {
    const lastEvent = current ? await this.lastEvent(current.caseId) : null;
    return new CaseVersionConflictError(
      caseId,
      expectedVersion,
      current
        ? { version: current.version, updatedBy: lastEvent?.actor?.id, updatedAt: current.updatedAt }
        : undefined,
    );
  }

  async get(caseId: string): Promise<Case | null> {
    const result = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: caseKey(caseId), ConsistentRead: true }),
    );
    return result.Item ? fromCaseItem(result.Item) : null;
  }

  async event(caseId: string, version: number): Promise<CaseEvent | null> {
    const result = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: eventKey(caseId, version) }),
    );
    return result.Item ? fromEventItem(result.Item) : null;
  }

  async lastEvent(caseId: string): Promise<CaseEvent | null> {
    const events = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': casePartition(caseId), ':prefix': 'EVENT#' },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    const item = events.Items?.[0];
    return item ? fromEventItem(item) : null;
  }

  async getByTrackingCode(trackingCode: string): Promise<Case | null> {
    const result = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: trackingKey(trackingCode) }),
    );
    return result.Item ? this.get(String(result.Item.caseId)) : null;
  }

  async routingSubjects(caseIds: readonly string[]): Promise<RoutingSubject[]> {
    const attributes = [
      'caseId',
      'categoryCode',
      'jurisdictionCode',
      'title',
      'content',
      'channel',
      'confidential',
      'studioId',
    ];
    const { items } = await this.#batchGetCases(caseIds, {
      ProjectionExpression: attributes.map((_, index) => `#a${index}`).join(', '),
      ExpressionAttributeNames: Object.fromEntries(
        attributes.map((attribute, index) => [`#a${index}`, attribute]),
      ),
    });
    return items as RoutingSubject[];
  }

  async getMany(caseIds: readonly string[]): Promise<Map<string, Case>> {
    const { items, unprocessed } = await this.#batchGetCases([...new Set(caseIds)], { ConsistentRead: true });
    // A case the table would not hand over is not a case that does not exist: the caller retries.
    if (unprocessed > 0) throw new Error(`${unprocessed} case(s) left unread by BatchGetItem after retries`);
    return new Map(items.map((item) => [String(item.caseId), fromCaseItem(item)]));
  }

  /** Case items by id, 100 keys a request; what DynamoDB leaves unprocessed (throttling) is asked for again. */
  async #batchGetCases(
    caseIds: readonly string[],
    options: {
      ConsistentRead?: boolean;
      ProjectionExpression?: string;
      ExpressionAttributeNames?: Record<string, string>;
    },
  ): Promise<{ items: Record<string, unknown>[]; unprocessed: number }> {
    const items: Record<string, unknown>[] = [];
    let unprocessed = 0;
    for (let start = 0; start < caseIds.length; start += 100) {
      let keys: Record<string, unknown>[] | undefined = caseIds.slice(start, start + 100).map(caseKey);
      for (let round = 0; keys && keys.length > 0 && round < 5; round++) {
        const result: BatchGetCommandOutput = await this.#client.send(
          new BatchGetCommand({ RequestItems: { [this.#table]: { Keys: keys, ...options } } }),
        );
        items.push(...(result.Responses?.[this.#table] ?? []));
        keys = result.UnprocessedKeys?.[this.#table]?.Keys;
        if (keys?.length) await sleep(50 * (round + 1));
      }
      unprocessed += keys?.length ?? 0;
    }
    return { items, unprocessed };
  }

  async timeline(caseId: string): Promise<CaseEvent[]> {
    const events: CaseEvent[] = [];
    for await (const page of queryPages(this.#client, {
      TableName: this.#table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': caseKey(caseId).PK, ':prefix': 'EVENT#' },
    })) {
      for (const item of page.Items ?? []) events.push(fromEventItem(item));
    }
    return events;
  }

  async #queryPage<T>(scope: string, page: PageRequest, input: QueryInput): Promise<Page<T>> {
    const result = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        ...withTitleFilter(input, page.titleContains),
        Limit: page.limit,
        ExclusiveStartKey: decodeCursor(
          page.cursor,
          cursorKey(this.#cursorSecret),
          `${scope}:${page.titleContains ?? ''}`,
        ),
      }),
    );
    return {
      items: (result.Items ?? []).map((item) => fromCaseItem(item) as T),
      nextCursor: encodeCursor(
        result.LastEvaluatedKey,
        cursorKey(this.#cursorSecret),
        `${scope}:${page.titleContains ?? ''}`,
      ),
    };
  }

  inbox(
    unitId: string,
    status: CaseStatus,
    page: PageRequest & { readonly deadlineBefore?: Date },
  ): Promise<Page<CaseSummary>> {
    return this.#byDeadline<CaseSummary>(
      'GSI1',
      inboxPartition(unitId, status),
      `inbox:${unitId}:${status}`,
      page,
    );
  }

  /** A page of an index sorted by next deadline (`<deadline>#<caseId>`), optionally only those due before. */
  #byDeadline<T>(
    index: 'GSI1' | 'GSI6',
    partition: string,
    scope: string,
    page: PageRequest & { readonly deadlineBefore?: Date },
  ): Promise<Page<T>> {
    const before = page.deadlineBefore?.toISOString();
    return this.#queryPage<T>(`${scope}:${before ?? ''}`, page, {
      IndexName: index,
      KeyConditionExpression: before ? `${index}PK = :pk AND ${index}SK < :before` : `${index}PK = :pk`,
      ExpressionAttributeValues: { ':pk': partition, ...(before ? { ':before': before } : {}) },
    });
  }

  byStudio(
    studioId: string,
    range: { readonly from: Date; readonly to: Date },
    page: PageRequest,
  ): Promise<Page<CaseSummary>> {
    const from = range.from.toISOString();
    const to = range.to.toISOString();
    return this.#queryPage<CaseSummary>(`studio:${studioId}:${from}:${to}`, page, {
      IndexName: 'GSI5',
      KeyConditionExpression: 'GSI5PK = :pk AND GSI5SK BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': studioCasesPartition(studioId),
        ':from': from,
        ':to': `${to}#${UPPER_BOUND}`,
      },
    });
  }

  async unitHoldsCases(unitId: string): Promise<boolean> {
    const found = await Promise.all(
      caseStatuses.map(async (status) => {
        const result = await this.#client.send(
          new QueryCommand({
            TableName: this.#table,
            IndexName: 'GSI1',
            KeyConditionExpression: 'GSI1PK = :pk',
            ExpressionAttributeValues: { ':pk': inboxPartition(unitId, status) },
            ProjectionExpression: 'caseId',
            Limit: 1,
          }),
        );
        return (result.Items ?? []).length > 0;
      }),
    );
    return found.includes(true);
  }

  /**
   * The county's cases in one state: every unit's inbox partition of it, read side by side and merged in
   * deadline order. The cursor is the sort key the page ended at, which is the same position in every partition
   * (`<deadline>#<caseId>` is unique), so it stays small however many units there are. Registered cases have no
   * unit: they are the due index's `stuck` partition (`#registered`).
   */
  async byStatus(
    status: CaseStatus,
    unitIds: readonly string[],
    page: PageRequest & { readonly deadlineBefore?: Date },
  ): Promise<Page<CaseSummary>> {
    if (status === 'registered') return this.#registered(page);
    const before = page.deadlineBefore?.toISOString();
    const scope = `county:${status}:${before ?? ''}:${page.titleContains ?? ''}`;
    const secret = cursorKey(this.#cursorSecret);
    const position = decodeCursor(page.cursor, secret, scope)?.after;
    const after = typeof position === 'string' ? position : undefined;
    const partitions = [...new Set(unitIds)].map((unitId) => inboxPartition(unitId, status));
    const reads = await Promise.all(
      partitions.map((partition) => this.#readInboxPartition(partition, { after, before }, page)),
    );
    const merged = mergePartitionReads(reads, (item) => String(item.GSI1SK), page.limit);
    return {
      items: merged.items.map((item) => fromCaseItem(item) as CaseSummary),
      nextCursor:
        merged.resumeAfter === null ? null : encodeCursor({ after: merged.resumeAfter }, secret, scope),
    };
  }

  /**
   * Registered cases, oldest first: a registered case is exactly one with a `stuck` due entry (due.ts), whose
   * index entry carries only keys and state, so the page's cases are read (one BatchGetItem) and shown as
   * summaries. They have no deadline, so none is overdue; a title filter applies to the cases read.
   */
  async #registered(page: PageRequest & { readonly deadlineBefore?: Date }): Promise<Page<CaseSummary>> {
    if (page.deadlineBefore) return { items: [], nextCursor: null };
    const entries = await this.#queryPage<{ caseId: string }>(
      `county:registered:${page.titleContains ?? ''}`,
      { limit: page.limit, ...(page.cursor ? { cursor: page.cursor } : {}) },
      {
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk',
        ExpressionAttributeValues: { ':pk': duePartition('stuck') },
      },
    );
    const cases = await this.getMany(entries.items.map((entry) => entry.caseId));
    const title = page.titleContains;
    return {
      items: entries.items
        .map((entry) => cases.get(entry.caseId))
        // Routed between the index read and this one: no longer registered.
        .filter(
          (item): item is Case => item?.status === 'registered' && (!title || item.title.includes(title)),
        )
        .map(caseSummaryOf),
      nextCursor: entries.nextCursor,
    };
  }

  /** One Query of an inbox partition: sort keys after `after` (exclusive) and below `before`. */
  async #readInboxPartition(
    partition: string,
    range: { readonly after: string | undefined; readonly before: string | undefined },
    page: PageRequest,
  ): Promise<PartitionRead<Record<string, unknown>>> {
    const { after, before } = range;
    // A key condition takes one range; `BETWEEN` includes its ends. No sort key equals `before` (an instant
    // without `#<caseId>`), and the item at `after` is dropped below.
    const condition =
      after && before
        ? 'GSI1PK = :pk AND GSI1SK BETWEEN :after AND :before'
        : after
          ? 'GSI1PK = :pk AND GSI1SK > :after'
          : before
            ? 'GSI1PK = :pk AND GSI1SK < :before'
            : 'GSI1PK = :pk';
    const result = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        ...withTitleFilter(
          {
            IndexName: 'GSI1',
            KeyConditionExpression: condition,
            ExpressionAttributeValues: {
              ':pk': partition,
              ...(after ? { ':after': after } : {}),
              ...(before ? { ':before': before } : {}),
            },
          },
          page.titleContains,
        ),
        Limit: page.limit,
      }),
    );
    const stop = result.LastEvaluatedKey?.GSI1SK;
    return {
      items: (result.Items ?? []).filter((item) => item.GSI1SK !== after),
      ...(typeof stop === 'string' ? { readUpTo: stop } : {}),
    };
  }

  byOwner(
    unitId: string,
    slot: string,
    page: PageRequest & { readonly deadlineBefore?: Date },
  ): Promise<Page<OwnedCaseSummary>> {
    return this.#byDeadline<OwnedCaseSummary>(
      'GSI6',
      ownerPartition(unitId, slot),
      `owner:${unitId}:${slot}`,
      page,
    );
  }

  async ownerLoad(unitId: string, slots: readonly string[]): Promise<Record<string, number>> {
    const counts = await Promise.all(
      slots.map(async (slot) => {
        let count = 0;
        for await (const page of queryPages(this.#client, {
          TableName: this.#table,
          IndexName: 'GSI6',
          Select: 'COUNT',
          KeyConditionExpression: 'GSI6PK = :pk',
          ExpressionAttributeValues: { ':pk': ownerPartition(unitId, slot) },
        }))
          count += page.Count ?? 0;
        return [slot, count] as const;
      }),
    );
    return Object.fromEntries(counts);
  }

  flagged(flag: SupervisorFlag, page: PageRequest): Promise<Page<CaseSummary>> {
    return this.#queryPage<CaseSummary>(`flag:${flag}`, page, {
      IndexName: 'GSI4',
      KeyConditionExpression: 'GSI4PK = :pk',
      ExpressionAttributeValues: { ':pk': flagPartition(flag) },
    });
  }

  due(kind: DueKind, now: Date, page: PageRequest): Promise<Page<DueEntry>> {
    return this.#queryPage<DueEntry>(`due:${kind}:${now.toISOString()}`, page, {
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK <= :until',
      ExpressionAttributeValues: {
        ':pk': duePartition(kind),
        ':until': `${now.toISOString()}#${UPPER_BOUND}`,
      },
    });
  }

  async recordRead(audit: ReadAudit): Promise<void> {
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: { ...readAuditKey(audit.caseId, audit.at, audit.actor.id), entity: 'read', ...audit },
      }),
    );
  }

  async reads(caseId: string): Promise<ReadAudit[]> {
    const reads: ReadAudit[] = [];
    for await (const page of queryPages(this.#client, {
      TableName: this.#table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': casePartition(caseId), ':prefix': 'READ#' },
    })) {
      for (const item of page.Items ?? [])
        reads.push({
          caseId: String(item.caseId),
          actor: item.actor as Actor,
          at: String(item.at),
          what: String(item.what),
          ...(typeof item.detail === 'string' ? { detail: item.detail } : {}),
        });
    }
    return reads;
  }
}
