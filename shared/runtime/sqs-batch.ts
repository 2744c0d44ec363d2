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
  const processor = new BatchProcessor(EventType.SQS);
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
  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    processPartialResponse(event, recordHandler, processor, { context });
}
