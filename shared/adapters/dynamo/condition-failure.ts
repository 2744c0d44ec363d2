import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';

/**
 * A single-item write refused by its condition. By name as well as by class: an error that crossed a module
 * boundary (a second copy of the SDK in a bundle, a test double) is not an instance of this copy's class.
 */
export const isConditionFailure = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException ||
  (error as { name?: string } | null)?.name === 'ConditionalCheckFailedException';
