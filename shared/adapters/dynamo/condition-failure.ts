import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';

/**
 * A single-item write refused by its condition. By name as well as by class: an error that crossed a module
 * boundary (a second copy of the SDK in a bundle, a test double) is not an instance of this copy's class.
 */
export const isConditionFailure = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException ||
  (error as { name?: string } | null)?.name === 'ConditionalCheckFailedException';

/**
 * A transaction's cancellation reasons, one code per item in request order (`ConditionalCheckFailed`,
 * `None`, ...), or null when the error is not a cancelled transaction. By name as well, as above.
 */
export function cancellationCodes(error: unknown): (string | undefined)[] | null {
  if (
    !(error instanceof TransactionCanceledException) &&
    (error as { name?: string } | null)?.name !== 'TransactionCanceledException'
  )
    return null;
  return ((error as TransactionCanceledException).CancellationReasons ?? []).map((reason) => reason.Code);
}

/** A transaction cancelled because an item's condition failed. */
export const isTransactionConditionFailure = (error: unknown): boolean =>
  cancellationCodes(error)?.includes('ConditionalCheckFailed') ?? false;
