import * as z from 'zod';

/**
 * How the report card weighs things (docs/metrics.md). Configuration: stored as one item the admins may edit,
 * validated here; absent fields take the defaults. A frozen card records the settings it was computed with.
 */

const weight = z.number().min(0).max(100);

export const reportSettingsSchema = z.object({
  /** w in 满意率 = (满意 + w × 基本满意) / answered. */
  basicallySatisfiedWeight: z.number().min(0).max(1).default(0.9),
  /** Weights of the composite score; rates without data (no denominator) drop out and the rest re-weigh. */
  weights: z
    .object({
      responseRate: weight.default(20),
      resolutionRate: weight.default(25),
      satisfactionRate: weight.default(35),
      onTimeCloseRate: weight.default(20),
    })
    .default({ responseRate: 20, resolutionRate: 25, satisfactionRate: 35, onTimeCloseRate: 20 }),
  /** Units with fewer cases in the month are listed but not ranked (a single case is not a trend). */
  minCasesToRank: z.number().int().min(1).max(1000).default(1),
});

export type ReportSettings = z.infer<typeof reportSettingsSchema>;

export const defaultReportSettings: ReportSettings = reportSettingsSchema.parse({});
