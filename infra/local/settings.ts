import * as z from 'zod';

/**
 * What `npm start` reads from the environment: ports and the data folder, so two copies can run side by side.
 * Tools that talk to a running `npm start` (`npm run job`) find it through `<DATA_DIR>/runtime.json`.
 */
const port = z.coerce.number().int().min(1).max(65535);

export const localSettingsSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('.data'),
  DYNAMODB_PORT: port.default(8000),
  SQS_PORT: port.default(9324),
  SMTP_PORT: port.default(2525),
  /** `off` lifts API Gateway's stage throttle (benchmarks, chaos runs); by default the dev stage's, per route. */
  API_THROTTLE: z.enum(['stage', 'off']).default('stage'),
  RESOURCE_PREFIX: z
    .string()
    .regex(/^[a-z0-9-]*$/)
    .default(''),
});
export type LocalSettings = z.infer<typeof localSettingsSchema>;
