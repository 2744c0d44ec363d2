import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { APIGatewayProxyEventV2, DynamoDBStreamEvent, SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { compileRoute, matchRoute } from '../../../infra/local/gateway-events.ts';
import { scheduledEvent } from '../../../infra/local/scheduler.ts';
import { fromEventItem } from '../../../shared/adapters/dynamo/case-items.ts';
import { dispatchesFor } from '../../../shared/domain/dispatch.ts';
import {
  deliverAssignmentMessageSchema,
  indexSimilarMessageSchema,
  notifyMessageSchema,
  routeCaseMessageSchema,
} from '../../../shared/schemas/messages.ts';
import { submitPetitionSchema } from '../../../shared/schemas/petition.ts';
import {
  eventSources,
  type FunctionName,
  functionNames,
  functions,
  type QueueName,
  queuePhysicalName,
  routeKey,
  routes,
  schedules,
} from '../../../shared/topology.ts';

/**
 * The sample events in events/ (used by `npm run invoke`) stay in step with the topology: every function
 * has one, and each is shaped like what its trigger really sends.
 */

const eventsDirectory = resolve(import.meta.dirname, '../../../events');
const files = readdirSync(eventsDirectory)
  .filter((file) => file.endsWith('.json'))
  .sort();

/** `api-create-petition.invalid.json` → `api-create-petition`. */
const entryOf = (file: string) => file.split('.')[0]!;
const samplesOf = (name: FunctionName) => files.filter((file) => entryOf(file) === functions[name].entry);
const read = (file: string): unknown => JSON.parse(readFileSync(resolve(eventsDirectory, file), 'utf8'));
/** Message schema per queue, where one exists; add the delivery and notification schemas as they land. */
const messageSchemas: Partial<Record<QueueName, z.ZodType>> = {
  routing: routeCaseMessageSchema,
  delivery: deliverAssignmentMessageSchema,
  notifications: notifyMessageSchema,
  similar: indexSimilarMessageSchema,
};

const isInvalidVariant = (file: string) => file.split('.').includes('invalid');

const httpFunctions = new Set<FunctionName>(routes.map((route) => route.fn));
const queueFunctions = new Set<FunctionName>(
  eventSources.filter((source) => source.kind === 'queue').map((source) => source.fn),
);
const streamFunctions = new Set<FunctionName>(
  eventSources.filter((source) => source.kind === 'stream').map((source) => source.fn),
);
const scheduledFunctions = new Set<FunctionName>(schedules.map((schedule) => schedule.fn));

const samples = (kind: Set<FunctionName>) =>
  functionNames
    .filter((name) => kind.has(name))
    .flatMap((name) => samplesOf(name).map((file) => ({ name, file })));

describe('sample events', () => {
  it.each(functionNames)('%s has at least one sample event', (name) => {
    expect(samplesOf(name), `add events/${functions[name].entry}.json`).not.toHaveLength(0);
  });

  it('every sample belongs to a topology function', () => {
    const entries = new Set<string>(functionNames.map((name) => functions[name].entry));
    expect(files.filter((file) => !entries.has(entryOf(file)))).toEqual([]);
  });

  it.each(files)('%s is valid JSON', (file) => {
    expect(() => read(file)).not.toThrow();
  });
});

describe.each(samples(httpFunctions))('HTTP sample $file', ({ name, file }) => {
  const event = read(file) as APIGatewayProxyEventV2;
  const own = routes.filter((route) => route.fn === name);

  it('is an API Gateway HTTP API payload v2 event for one of its routes', () => {
    expect(event.version).toBe('2.0');
    expect(own.map(routeKey)).toContain(event.routeKey);
    expect(event.requestContext.routeKey).toBe(event.routeKey);
    expect(event.requestContext.stage).toBe('$default');
    expect(typeof event.isBase64Encoded).toBe('boolean');
  });

  it('has a method, path and path parameters that API Gateway would route to that route key', () => {
    const { http } = event.requestContext;
    expect(http.path).toBe(event.rawPath);
    const match = matchRoute(own.map(compileRoute), http.method, event.rawPath);
    expect(match.kind).toBe('found');
    if (match.kind !== 'found') return;
    expect(match.compiled.routeKey).toBe(event.routeKey);
    const expected = Object.keys(match.pathParameters).length > 0 ? match.pathParameters : undefined;
    expect(event.pathParameters).toEqual(expected);
  });

  it('carries a request id, source ip, lower-case headers and a consistent query string', () => {
    expect(event.requestContext.requestId).toMatch(/\S/);
    expect(event.requestContext.http.sourceIp).toMatch(/^[\d.:a-f]+$/);
    for (const header of Object.keys(event.headers)) expect(header).toBe(header.toLowerCase());
    expect(new URLSearchParams(event.rawQueryString).toString()).toBe(
      new URLSearchParams((event.queryStringParameters ?? {}) as Record<string, string>).toString(),
    );
    if (event.body !== undefined && !event.isBase64Encoded)
      expect(event.headers['content-length']).toBe(String(Buffer.byteLength(event.body)));
  });
});

describe.each(samples(new Set(['apiCreatePetition'])))('create-petition sample $file', ({ file }) => {
  const event = read(file) as APIGatewayProxyEventV2;

  it(`has a JSON body that ${isInvalidVariant(file) ? 'fails' : 'passes'} submitPetitionSchema`, () => {
    expect(event.headers['content-type']).toMatch(/^application\/json/);
    const body = JSON.parse(event.body ?? '');
    expect(submitPetitionSchema.safeParse(body).success).toBe(!isInvalidVariant(file));
  });
});

describe.each(samples(queueFunctions))('SQS sample $file', ({ name, file }) => {
  const event = read(file) as SQSEvent;
  const queues = eventSources.flatMap((source) =>
    source.kind === 'queue' && source.fn === name ? [source.queue] : [],
  );

  it('is an SQS batch from the function’s queue whose messages match the queue’s schema', () => {
    expect(event.Records.length).toBeGreaterThan(0);
    for (const record of event.Records) {
      expect(record.eventSource).toBe('aws:sqs');
      const queue = queues.find((candidate) =>
        record.eventSourceARN.endsWith(`:${queuePhysicalName('', candidate)}`),
      );
      expect(queue, record.eventSourceARN).toBeDefined();
      expect(record.md5OfBody).toBe(createHash('md5').update(record.body).digest('hex'));
      const body: unknown = JSON.parse(record.body);
      const schema = queue ? messageSchemas[queue] : undefined;
      if (schema) expect(schema.safeParse(body).success).toBe(!isInvalidVariant(file));
    }
  });
});

describe.each(samples(streamFunctions))('DynamoDB stream sample $file', ({ file }) => {
  const event = read(file) as DynamoDBStreamEvent;

  it('contains an INSERT of an EVENT# item that the dispatcher turns into routing and notification messages', () => {
    const inserts = event.Records.filter(
      (record) => record.eventName === 'INSERT' && record.dynamodb?.NewImage?.SK?.S?.startsWith('EVENT#'),
    );
    expect(inserts.length).toBeGreaterThan(0);
    for (const record of event.Records) {
      expect(record.eventSource).toBe('aws:dynamodb');
      expect(record.dynamodb?.SequenceNumber).toMatch(/^\d+$/);
      const image = record.dynamodb?.NewImage;
      if (image) expect(record.dynamodb?.Keys).toEqual({ PK: image.PK, SK: image.SK });
    }
    const caseEvent = fromEventItem(
      unmarshall(inserts[0]!.dynamodb!.NewImage as Record<string, AttributeValue>),
    );
    expect(caseEvent.type).toBe('registered');
    expect(dispatchesFor(caseEvent).map((dispatch) => dispatch.queue)).toEqual([
      'routing',
      'notifications',
      'similar',
    ]);
  });

  it('leads to the message in the routing sample, so the samples tell one story', () => {
    const inserted = event.Records.find((record) => record.dynamodb?.NewImage?.SK?.S?.startsWith('EVENT#'));
    const caseEvent = fromEventItem(
      unmarshall(inserted!.dynamodb!.NewImage as Record<string, AttributeValue>),
    );
    const routed = read('queue-router.json') as SQSEvent;
    expect(JSON.parse(routed.Records[0]!.body)).toEqual(dispatchesFor(caseEvent)[0]!.body);
  });
});

describe.each(samples(scheduledFunctions))('scheduled sample $file', ({ name, file }) => {
  const event = read(file) as ReturnType<typeof scheduledEvent>;
  const own = schedules.filter((schedule) => schedule.fn === name);

  it('has the shape the local scheduler sends, for one of the function’s schedules', () => {
    const local = scheduledEvent(own[0]!);
    expect(Object.keys(event).sort()).toEqual(Object.keys(local).sort());
    expect(event['detail-type']).toBe(local['detail-type']);
    expect(event.source).toBe(local.source);
    expect(own.map((schedule) => schedule.name)).toContain(event.detail.schedule);
    expect(Number.isNaN(Date.parse(event.time))).toBe(false);
  });
});
