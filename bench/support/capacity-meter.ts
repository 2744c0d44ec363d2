import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * Counts what DynamoDB charges: asks every request for `ReturnConsumedCapacity: TOTAL` and sums the answer
 * per operation. DynamoDB Local reports capacity units the way AWS bills them (read/write request units
 * for on-demand tables).
 */

export interface CapacityTotals {
  readonly requests: Record<string, number>;
  readonly readUnits: number;
  readonly writeUnits: number;
}

export function meterCapacity(client: DynamoDBClient) {
  const requests: Record<string, number> = {};
  let readUnits = 0;
  let writeUnits = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      input.ReturnConsumedCapacity = 'TOTAL';
      const operation = context.commandName ?? 'unknown';
      requests[operation] = (requests[operation] ?? 0) + 1;
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
      for (const entry of (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as {
        CapacityUnits?: number;
        ReadCapacityUnits?: number;
        WriteCapacityUnits?: number;
      }[]) {
        // Reads report CapacityUnits only; writes and transactions may split them.
        const read =
          entry.ReadCapacityUnits ?? (operation.match(/Get|Query|Scan/) ? (entry.CapacityUnits ?? 0) : 0);
        const write =
          entry.WriteCapacityUnits ??
          (operation.match(/Put|Update|Delete|TransactWrite|BatchWrite/) ? (entry.CapacityUnits ?? 0) : 0);
        readUnits += read;
        writeUnits += write;
      }
      return result;
    },
    { step: 'initialize', name: 'capacityMeter' },
  );
  return {
    totals: (): CapacityTotals => ({ requests: { ...requests }, readUnits, writeUnits }),
    /** Removes the middleware, so the same client can be metered again later. */
    detach: () => {
      client.middlewareStack.remove('capacityMeter');
    },
    reset: () => {
      for (const key of Object.keys(requests)) delete requests[key];
      readUnits = 0;
      writeUnits = 0;
    },
  };
}
