import * as z from 'zod';

/**
 * Lambda's invocation record, what an asynchronously invoked function's on-failure destination receives after
 * the last retry (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html, "Invocation
 * record"): the event as `requestPayload`, the error as `responsePayload`. The local runtime writes the same
 * shape, and `npm run redrive -- async-failures` reads it back from either.
 */
export const invocationRecordSchema = z.object({
  version: z.literal('1.0'),
  timestamp: z.string(),
  requestContext: z.object({
    requestId: z.string(),
    functionArn: z.string(),
    condition: z.enum(['RetriesExhausted', 'EventAgeExceeded']),
    approximateInvokeCount: z.number().int(),
  }),
  requestPayload: z.unknown(),
  responseContext: z
    .object({
      statusCode: z.number().int(),
      executedVersion: z.string(),
      functionError: z.string().optional(),
    })
    .optional(),
  responsePayload: z.unknown().optional(),
});
export type InvocationRecord = z.infer<typeof invocationRecordSchema>;

/** The Node.js runtime's error document (what Lambda puts in `responsePayload` for an unhandled error). */
export function errorPayload(error: unknown): { errorType: string; errorMessage: string; trace: string[] } {
  const failure = error instanceof Error ? error : new Error(String(error));
  return {
    errorType: failure.name,
    errorMessage: failure.message,
    trace: (failure.stack ?? '').split('\n').filter(Boolean),
  };
}

/** `arn:aws:lambda:…:function:name[:qualifier]` → `name` (the qualifier, e.g. `$LATEST`, dropped). */
export function functionNameOfArn(functionArn: string): string {
  const match = /:function:([^:]+)/.exec(functionArn);
  if (!match) throw new Error(`not a Lambda function ARN: ${functionArn}`);
  return match[1]!;
}
