import * as z from 'zod';

/**
 * The optional `Idempotency-Key` header of the creating routes: 8–128 printable ASCII characters. A replay with
 * the same key within a day returns what the first request created (docs/architecture.md).
 */
export const idempotencyKeySchema = z
  .string()
  .min(8, 'Idempotency-Key: at least 8 characters')
  .max(128, 'Idempotency-Key: at most 128 characters')
  .regex(/^[\x21-\x7e]+$/, 'Idempotency-Key: printable ASCII only')
  .optional();
