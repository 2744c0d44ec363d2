import * as z from 'zod';

/**
 * How the report card weighs things (docs/metrics.md). Configuration: stored as one item the admins may edit,
 * validated here; absent fields take the defaults. A frozen card records the settings it was computed with.
 */

const weight = z.number().min(0).max(100);

export const reportSettingsSchema = z.object({
  /** w in 满意率 = (满意 + w × 基本满意) / answered. */
  basicallySatisfiedWeight: z.number().min(0).max(1).default(0.9),
  /** Weights of the composite score (a rate without data takes the neutral value, see `neutralRate`). */
  weights: z
    .object({
      responseRate: weight.default(20),
      resolutionRate: weight.default(25),
      satisfactionRate: weight.default(35),
      onTimeCloseRate: weight.default(20),
    })
    .default({ responseRate: 20, resolutionRate: 25, satisfactionRate: 35, onTimeCloseRate: 20 }),
  /**
   * 样本不足: a unit with fewer judged items in the month (the rates' denominators added up) is listed apart,
   * unranked: two acknowledgements are not a record to rank on.
   */
  minCasesToRank: z.number().int().min(1).max(1000).default(3),
  /**
   * The value a rate without data takes in the score, capped by the unit's own lowest rate (docs/metrics.md):
   * 0.8, the usual pass line of county assessments, so missing work never outscores work done well.
   */
  neutralRate: z.number().min(0).max(1).default(0.8),
  /**
   * How many months of registrations the monthly card reads: older cases still open count against their unit.
   * 4 covers the statutory path (15 + 60 + 30 days of extension) with room; one Query per month.
   */
  lookbackMonths: z.number().int().min(1).max(60).default(4),
  /** The cumulative view (截至目前) covers this many months of registrations. */
  cumulativeMonths: z.number().int().min(1).max(120).default(12),
});

export type ReportSettings = z.infer<typeof reportSettingsSchema>;

export const defaultReportSettings: ReportSettings = reportSettingsSchema.parse({});
