import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
  type _Record as StreamRecord,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { FunctionName } from '../../../shared/topology.ts';
import { invoke } from '../functions.ts';
import type { Poller } from './sqs-poller.ts';

/**
 * Plays Lambda's DynamoDB-stream event source mapping: shards read in order (a parent before its
 * children, so a case's changes are seen in commit order), batches of up to `batchSize`, retry of a failed
 * batch from the first failed record (`batchItemFailures`), and after `maxRetryAttempts` the record is
 * skipped and reported, as an on-failure destination would receive it. Positions are checkpointed, so a
 * restart resumes where it stopped instead of replaying or skipping. With a batching window, as Lambda does,
 * it keeps reading a shard after its first records (four reads a second, Lambda's base rate) until the batch is
 * full, the window has passed or the shard has closed.
 */

export interface CheckpointStore {
  get(shardId: string): string | undefined;
  set(shardId: string, sequenceNumber: string): void;
  markClosed(shardId: string): void;
  isClosed(shardId: string): boolean;
}

export function memoryCheckpoints(): CheckpointStore {
  const positions = new Map<string, string>();
  const closed = new Set<string>();
  return {
    get: (shardId) => positions.get(shardId),
    set: (shardId, sequenceNumber) => positions.set(shardId, sequenceNumber),
    markClosed: (shardId) => closed.add(shardId),
    isClosed: (shardId) => closed.has(shardId),
  };
}

export interface StreamPollerOptions {
  readonly dynamodb: DynamoDBClient;
  readonly streams: DynamoDBStreamsClient;
  readonly tableName: string;
  readonly fn: FunctionName;
  readonly batchSize: number;
  /** Lambda's MaximumBatchingWindowInSeconds: how long to gather a batch after its first records. */
  readonly maxBatchingWindowSeconds?: number;
  readonly maxRetryAttempts: number;
  readonly checkpoints: CheckpointStore;
  readonly idleDelayMs?: number;
  readonly onError?: (error: unknown) => void;
  /** Receives records given up on after `maxRetryAttempts` (the on-failure destination). */
  readonly onDiscard?: (records: readonly DynamoDBRecord[]) => void;
  /** Fault injection: hand every batch to the function twice, as Lambda may after a retry. */
  readonly deliverTwice?: boolean;
  /** Resolves when the poller may read again: the API's invocations go first (foreground.ts). */
  readonly backgroundTurn?: () => Promise<void>;
  /** What runs a batch; the function named by `fn` unless a test says otherwise. */
  readonly invoke?: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | undefined>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Within a batching window a shard is read again after this long: Lambda polls a stream four times a second. */
const WINDOW_POLL_MS = 250;

type WireValue = Record<string, unknown>;

/**
 * DynamoDB Local's stream writes an empty map as `{}` instead of `{"M":{}}` (checked against 2026-01-16;
 * empty lists are fine). AWS sends `{"M":{}}`, so the poller repairs images before any handler sees them.
 */
export function repairEmptyMaps(image: Record<string, WireValue>): Record<string, WireValue> {
  const repairValue = (value: WireValue): WireValue => {
    if (Object.keys(value).length === 0) return { M: {} };
    if (value.M && typeof value.M === 'object')
      return { M: repairEmptyMaps(value.M as Record<string, WireValue>) };
    if (Array.isArray(value.L)) return { L: (value.L as WireValue[]).map(repairValue) };
    return value;
  };
  const repaired: Record<string, WireValue> = {};
  for (const [name, value] of Object.entries(image)) repaired[name] = repairValue(value);
  return repaired;
}

function toLambdaRecord(record: StreamRecord, streamArn: string): DynamoDBRecord {
  const change = record.dynamodb ?? {};
  const created = change.ApproximateCreationDateTime;
  return {
    eventID: record.eventID ?? '',
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion ?? 'us-east-1',
    eventSourceARN: streamArn,
    dynamodb: {
      ...(change.Keys ? { Keys: change.Keys as never } : {}),
      ...(change.NewImage
        ? { NewImage: repairEmptyMaps(change.NewImage as unknown as Record<string, WireValue>) as never }
        : {}),
      ...(change.OldImage
        ? { OldImage: repairEmptyMaps(change.OldImage as unknown as Record<string, WireValue>) as never }
        : {}),
      ...(change.SequenceNumber ? { SequenceNumber: change.SequenceNumber } : {}),
      ...(change.SizeBytes !== undefined ? { SizeBytes: change.SizeBytes } : {}),
      ...(change.StreamViewType ? { StreamViewType: change.StreamViewType } : {}),
      ...(created ? { ApproximateCreationDateTime: Math.floor(new Date(created).getTime() / 1000) } : {}),
    },
  };
}

export interface StreamPoller extends Poller {
  /**
   * Resolves after a complete pass over every shard that began after this call and found no new record:
   * everything committed before the call has been handed to the function.
   */
  caughtUp(): Promise<void>;
}

export function startStreamPoller(options: StreamPollerOptions): StreamPoller {
  let running = true;
  const idleDelay = options.idleDelayMs ?? 100;
  const windowMs = (options.maxBatchingWindowSeconds ?? 0) * 1000;
  const run =
    options.invoke ??
    ((event: DynamoDBStreamEvent) => invoke<DynamoDBBatchResponse | undefined>(options.fn, event));
  let passesStarted = 0;
  const waiters: { readonly after: number; readonly resolve: () => void }[] = [];
  const emptyPassDone = (pass: number) => {
    for (let index = waiters.length - 1; index >= 0; index--) {
      const waiter = waiters[index]!;
      if (pass > waiter.after) {
        waiters.splice(index, 1);
        waiter.resolve();
      }
    }
  };

  const streamArn = async (): Promise<string> => {
    const { Table } = await options.dynamodb.send(new DescribeTableCommand({ TableName: options.tableName }));
    if (!Table?.LatestStreamArn) throw new Error(`table ${options.tableName} has no stream`);
    return Table.LatestStreamArn;
  };

  const listShards = async (arn: string): Promise<Shard[]> => {
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const { StreamDescription } = await options.streams.send(
        new DescribeStreamCommand({ StreamArn: arn, ExclusiveStartShardId: start }),
      );
      shards.push(...(StreamDescription?.Shards ?? []));
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return shards;
  };

  const iteratorFor = async (arn: string, shardId: string): Promise<string | undefined> => {
    const position = options.checkpoints.get(shardId);
    try {
      const { ShardIterator } = await options.streams.send(
        new GetShardIteratorCommand(
          position
            ? {
                StreamArn: arn,
                ShardId: shardId,
                ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
                SequenceNumber: position,
              }
            : { StreamArn: arn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' },
        ),
      );
      return ShardIterator;
    } catch (error) {
      if (!(error instanceof TrimmedDataAccessException)) throw error;
      const { ShardIterator } = await options.streams.send(
        new GetShardIteratorCommand({ StreamArn: arn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }),
      );
      return ShardIterator;
    }
  };

  /** Delivers one batch until it succeeds or its failing record exhausts its retries. */
  const deliver = async (shardId: string, arn: string, records: StreamRecord[]) => {
    let pending = records.map((record) => toLambdaRecord(record, arn));
    let attempts = 0;
    while (pending.length > 0 && running) {
      let failedFrom: string | null = null;
      try {
        const event: DynamoDBStreamEvent = { Records: pending };
        if (options.deliverTwice) await run(event).catch(() => undefined);
        const response = await run(event);
        const failures = (response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier);
        if (failures.length > 0) failedFrom = failures.sort()[0] ?? null;
      } catch (error) {
        options.onError?.(error);
        failedFrom = pending[0]?.dynamodb?.SequenceNumber ?? null;
      }
      if (failedFrom === null) {
        const last = pending.at(-1)?.dynamodb?.SequenceNumber;
        if (last) options.checkpoints.set(shardId, last);
        return;
      }
      const index = Math.max(
        0,
        pending.findIndex((record) => record.dynamodb?.SequenceNumber === failedFrom),
      );
      const succeeded = pending[index - 1]?.dynamodb?.SequenceNumber;
      if (succeeded) options.checkpoints.set(shardId, succeeded);
      pending = pending.slice(index);
      attempts++;
      if (attempts > options.maxRetryAttempts) {
        options.onDiscard?.(pending.slice(0, 1));
        const skipped = pending[0]?.dynamodb?.SequenceNumber;
        if (skipped) options.checkpoints.set(shardId, skipped);
        pending = pending.slice(1);
        attempts = 0;
        continue;
      }
      await sleep(Math.min(5_000, 100 * 2 ** attempts));
    }
  };

  const iterators = new Map<string, string>();

  /**
   * One GetRecords of a shard, up to `limit` records; `closed` when the shard has no more, `lost` when there
   * is no iterator to go on with (a new one starts again from the checkpoint, so a batch must not read on).
   */
  const readShard = async (arn: string, shardId: string, limit: number) => {
    const lost = { records: [], closed: false, lost: true };
    const iterator = iterators.get(shardId) ?? (await iteratorFor(arn, shardId));
    if (!iterator) return lost;
    let response: { Records?: StreamRecord[]; NextShardIterator?: string };
    try {
      response = await options.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: limit }));
    } catch (error) {
      iterators.delete(shardId);
      if (error instanceof ExpiredIteratorException) return lost;
      throw error;
    }
    if (response.NextShardIterator) iterators.set(shardId, response.NextShardIterator);
    else iterators.delete(shardId);
    return { records: response.Records ?? [], closed: !response.NextShardIterator, lost: false };
  };

  /**
   * Reads one batch from a shard (gathering over the batching window, if any) and delivers it; returns how
   * many records it delivered. Records gathered are not checkpointed until delivered: a read that fails
   * midway drops its iterator, and the next one starts again from the checkpoint.
   */
  const pollShard = async (arn: string, shardId: string): Promise<number> => {
    const records: StreamRecord[] = [];
    let closesAt = 0;
    let closed = false;
    for (;;) {
      const read = await readShard(arn, shardId, options.batchSize - records.length);
      if (records.length === 0 && read.records.length > 0) closesAt = Date.now() + windowMs;
      records.push(...read.records);
      closed = read.closed;
      const left = closesAt - Date.now();
      const full = records.length >= options.batchSize;
      if (read.lost || closed || records.length === 0 || full || left <= 0 || !running) break;
      await sleep(Math.min(WINDOW_POLL_MS, left));
    }
    if (records.length > 0) await deliver(shardId, arn, records);
    // Closed only once its last records are delivered: a child shard is read after its parent is done.
    if (closed && running) options.checkpoints.markClosed(shardId);
    return records.length;
  };

  const loop = async () => {
    let arn: string | undefined;
    let shards: Shard[] = [];
    let listedAt = 0;
    while (running) {
      const pass = ++passesStarted;
      let delivered = 0;
      let complete = false;
      try {
        arn ??= await streamArn();
        if (Date.now() - listedAt > 1_000) {
          shards = await listShards(arn);
          listedAt = Date.now();
        }
        const known = new Set(shards.map((shard) => shard.ShardId));
        const ready = shards.filter(
          (shard) =>
            shard.ShardId &&
            !options.checkpoints.isClosed(shard.ShardId) &&
            (!shard.ParentShardId ||
              !known.has(shard.ParentShardId) ||
              options.checkpoints.isClosed(shard.ParentShardId)),
        );
        for (const shard of ready) {
          await options.backgroundTurn?.();
          if (!running) break;
          delivered += await pollShard(arn, shard.ShardId!);
        }
        complete = running;
      } catch (error) {
        if (!running) return;
        options.onError?.(error);
        arn = undefined;
        await sleep(500);
      }
      if (complete && delivered === 0) emptyPassDone(pass);
      if (delivered === 0) await sleep(idleDelay);
    }
  };

  const done = loop();
  return {
    caughtUp: () =>
      running
        ? new Promise<void>((resolve) => waiters.push({ after: passesStarted, resolve }))
        : Promise.resolve(),
    stop: async () => {
      running = false;
      await done;
      for (const waiter of waiters.splice(0)) waiter.resolve();
    },
  };
}
