import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type * as z from 'zod';
import { logger } from '../logging/logger.ts';

/**
 * SQS consumers: each record is parsed with its zod schema and handled on its own; failures are reported
 * as partial batch failures so one poison message never holds back the rest of its batch, and after
 * `maxReceiveCount` receives it lands in the DLQ.
 */
export function sqsHandler<T extends z.ZodType>(
  schema: T,
  handleMessage: (message: z.infer<T>, record: SQSRecord) => Promise<void>,
) {
  return sqsHandlerWithBatchEnd(schema, () => ({ handleMessage, end: async () => undefined }));
}

/**
 * `sqsHandler` for consumers that gather something over one invocation and finish it once every message has
 * been handled, whatever their outcomes: `begin` gives the invocation its message handler and its end.
 */
export function sqsHandlerWithBatchEnd<T extends z.ZodType>(
  schema: T,
  begin: () => {
    readonly handleMessage: (message: z.infer<T>, record: SQSRecord) => Promise<void>;
    readonly end: () => Promise<void>;
  },
) {
  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    const { handleMessage, end } = begin();
    const recordHandler = async (record: SQSRecord) => {
      const parsed = schema.safeParse(JSON.parse(record.body));
      if (!parsed.success) {
        logger.error('message does not match its schema', {
          messageId: record.messageId,
          issues: parsed.error.issues.length,
        });
        throw new Error(`invalid message ${record.messageId}`);
      }
      await handleMessage(parsed.data, record);
    };
    try {
      // A processor per invocation: it keeps the batch's outcomes in fields, and the local runtime runs two
      // batches of one consumer at once in one module (Lambda never does), which would mix their failures.
      return await processPartialResponse(event, recordHandler, new BatchProcessor(EventType.SQS), {
        context,
      });
    } finally {
      await end();
    }
  };
}

/**
 * SQS consumers whose work is cheaper a batch at a time: a batch whose messages all parse is handled at once.
 * If that fails, each message is handled on its own, as `sqsHandler` does, so a poison message still fails
 * alone and the rest of its batch succeeds. The handler must be idempotent per message (it may run twice).
 */
export function sqsBatchHandler<T extends z.ZodType>(
  schema: T,
  handleBatch: (messages: z.infer<T>[]) => Promise<void>,
) {
  const oneByOne = sqsHandler(schema, (message) => handleBatch([message]));
  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    const messages = event.Records.map((record) => parseBody(schema, record.body));
    if (messages.every((message) => message.success)) {
      try {
        await handleBatch(messages.map((message) => message.data));
        return { batchItemFailures: [] };
      } catch (error) {
        logger.warn('batch failed; handling its messages one at a time', {
          records: event.Records.length,
          error,
        });
      }
    }
    return oneByOne(event, context);
  };
}

function parseBody<T extends z.ZodType>(schema: T, body: string) {
  try {
    return schema.safeParse(JSON.parse(body));
  } catch {
    return { success: false as const };
  }
}
